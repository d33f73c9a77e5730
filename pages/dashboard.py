"""Dashboard: a Quartier's participation in one period (month, quarter, year) against
the period before — KPI tiles, participation over time, reach of the language
communities against their population shares, the idea pipeline and network growth.

Every breakdown of people hides groups smaller than the Quartier's k in the SQL
(``quartier.dashboard``); every chart offers its data as CSV. A period without any data
gets an honest empty state, not an error.
"""

import streamlit as st

from quartier.auth import Action
from quartier.dashboard import kpis, period_has_data
from quartier.privacy import min_group_size
from quartier.ui.components import require, show_flash
from quartier.ui.dashboard_ui import (
    choose_period,
    empty_state,
    funnel_section,
    growth_section,
    has_activity,
    kpi_tiles,
    participation_section,
    reach_section,
    shares_form,
)
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier

ctx = page_context()
t, db = ctx.t, ctx.db
st.title(t("dashboard.title"))
show_flash()

quartier = choose_quartier(ctx, key="dashboard_quartier")
require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, t, quartier.id)
period = choose_period(t, key=f"dashboard_period_{quartier.id}")
k = min_group_size(db, quartier.id)
values = kpis(db, quartier.id, period)

if not has_activity(values):
    empty_state(t, quartier, period)
if not period_has_data(values):  # not even a network: nothing to show but the form
    st.subheader(t("dashboard.section.reach"), anchor=False)
    shares_form(db, ctx.user, t, quartier, [])
    st.stop()

kpi_tiles(t, values, period)
participation_tab, reach_tab, funnel_tab, growth_tab = st.tabs([
    t("dashboard.section.participation"),
    t("dashboard.section.reach"),
    t("dashboard.section.funnel"),
    t("dashboard.section.growth"),
])  # fmt: skip
with participation_tab:
    participation_section(db, t, quartier, period, k)
with reach_tab:
    reached = reach_section(db, t, quartier, period, k)
    shares_form(db, ctx.user, t, quartier, reached)
with funnel_tab:
    funnel_section(db, t, quartier, period)
with growth_tab:
    growth_section(db, t, quartier, period)
