"""Placeholder while the page is being built (issue 6)."""

import streamlit as st

from quartier.ui.router import page_context

ctx = page_context()
st.title(ctx.t("report.title"))
