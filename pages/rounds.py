"""Priorisierung: the rounds of the working groups — vote, see the result, and (for
coordinators) open, close and settle rounds."""

import streamlit as st

from quartier.auth import Action, can
from quartier.ideas import list_groups
from quartier.measures import MeasureStatus, list_measures
from quartier.prioritisation import round_result
from quartier.ui import rounds_admin as admin
from quartier.ui import rounds_ballot as ballot
from quartier.ui import rounds_open
from quartier.ui import rounds_ui as ui
from quartier.ui.components import require, show_flash
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
require(ctx.user, Action.MANAGE_OWN_ACCOUNT, t)
st.title(t("rounds.title"))
st.caption(t("rounds.caption"))
show_flash()
quartier = ui.choose_quartier(ctx, key="rounds_quartier")
require(ctx.user, Action.VIEW_QUARTIER_INTERNAL, t, quartier.id)
is_staff = can(ctx.user, Action.MANAGE_QUARTIER_CONTENT, quartier.id)

entries = ui.visible_rounds(ctx, quartier)
if is_staff:
    groups = list_groups(ctx.db, quartier.id)
    rounds_open.open_round_section(ctx, groups, expanded=not entries)
if not entries:
    st.info(t("rounds.none_staff" if is_staff else "rounds.none"), icon=":material/info:")
    st.stop()

st.divider()
entry = ui.choose_round(ctx, entries, key=ui.ROUND_KEY)
rnd = entry.round
ui.round_overview(ctx, entry)
ideas = ui.round_ideas(ctx, rnd)

if rnd.accepts_ballots():
    if can(ctx.user, Action.VOTE_IN_ROUND, rnd):
        ballot.ballot_section(ctx, rnd, ideas)
    elif not is_staff:
        st.info(t("rounds.not_on_list"), icon=":material/info:")
elif rnd.is_open and not is_staff:
    st.info(t("rounds.time_over"), icon=":material/schedule:")

if rnd.is_open and not is_staff:
    if rnd.accepts_ballots():
        st.caption(t("rounds.result_later"))
    st.stop()

result = round_result(ctx.db, rnd.id)
ui.result_section(ctx, result, ideas)
if is_staff and rnd.is_open:
    admin.close_section(ctx, rnd, result.voted)
if is_staff:
    admin.settle_section(ctx, result, ideas)
    live = [m for m in list_measures(ctx.db, quartier.id) if m.status != MeasureStatus.CANCELLED]
    admin.measure_links(ctx, result, ideas, {m.idea_id: m for m in live if m.idea_id})
