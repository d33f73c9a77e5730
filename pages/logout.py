"""Abmelden: ends the session on the server and clears the cookie."""

import streamlit as st

from quartier.ui.router import page_context
from quartier.ui.session import go_to, log_out

ctx = page_context()
t = ctx.t
log_out(ctx.db)
st.title(t("logout.title"))
st.success(t("logout.done"))
go_to(f"/auth/logout?next=/%3Flang%3D{t.code}")
