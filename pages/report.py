"""Sachbericht: the yearly report for the funders as PDF and HTML, and the Quartier's
open data (XLSX, Parquet ZIP) without personal fields. Coordinators and admins."""

import streamlit as st

from quartier.auth import Action
from quartier.ui.components import require, show_flash
from quartier.ui.report_ui import choose_year, exports, generate, show_report
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier

ctx = page_context()
t = ctx.t
st.title(t("report.title"))
show_flash()

quartier = choose_quartier(ctx, key="report_quartier")
require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, t, quartier.id)
st.caption(t("report.intro"))
year = choose_year(ctx, quartier)
files = generate(ctx, quartier, year)
if files is not None:
    show_report(ctx, files)

st.divider()
exports(ctx, quartier)
