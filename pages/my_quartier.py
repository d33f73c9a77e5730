"""Mein Quartier: the team and the actors of the Quartiere I work in."""

import streamlit as st

from quartier.auth import Action
from quartier.overview import internal_overview
from quartier.quartiers import quartiers_of
from quartier.ui.components import require
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
require(ctx.user, Action.MANAGE_OWN_ACCOUNT, t)
st.title(t("my_quartier.title"))

mine = quartiers_of(ctx.db, ctx.user)
if not mine:
    st.info(t("my_quartier.none"), icon=":material/info:")
    st.stop()

by_slug = {q.slug: q for q in mine}
slug = st.selectbox(
    t("start.choose_quartier"), list(by_slug), format_func=lambda s: by_slug[s].name, key="mq"
)
overview = internal_overview(ctx.db, ctx.user, by_slug[slug])

st.subheader(t("my_quartier.team"))
if overview.team:
    st.dataframe(
        [
            {
                t("field.display_name"): m.display_name,
                t("field.username"): m.username,
                t("field.role"): t(f"role.{m.role}"),
            }
            for m in overview.team
        ],
        hide_index=True,
    )
else:
    st.caption(t("my_quartier.no_team"))

st.subheader(t("my_quartier.actors", count=len(overview.actors)))
st.dataframe(
    [
        {
            t("field.name"): a.name,
            t("field.actor_type"): t(f"actor_type.{a.actor_type}"),
            t("field.fields_of_action"): ", ".join(
                t(f"field_of_action.{f}") for f in a.fields_of_action
            ),
            t("field.contact_role"): a.contact_role,
            t("field.active_from"): t.date(a.active_from) if a.active_from else "",
            t("field.active_to"): t.date(a.active_to) if a.active_to else "",
        }
        for a in overview.actors
    ],
    hide_index=True,
)
