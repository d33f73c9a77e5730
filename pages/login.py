"""Anmelden: username and password, then a one-time handoff sets the login cookie."""

import secrets

import streamlit as st

from quartier.auth import sessions
from quartier.errors import QuartierError
from quartier.ui.components import plain, show_error
from quartier.ui.router import page_context
from quartier.ui.session import go_to, handoff_url, oidc_configured

ctx = page_context()
t = ctx.t
st.title(t("login.title"))

if ctx.user.is_authenticated:
    st.success(t("login.already", name=plain(ctx.user.display_name or ctx.user.username)))
    st.stop()

with st.form("login", enter_to_submit=True):
    username = st.text_input(t("login.username"), autocomplete="username", max_chars=80)
    password = st.text_input(
        t("login.password"), type="password", autocomplete="current-password", max_chars=256
    )
    submitted = st.form_submit_button(t("login.submit"), type="primary")

if submitted:
    # Without an address (local or behind a proxy) each browser session gets its own key.
    fallback = st.session_state.setdefault("_client_id", secrets.token_urlsafe(16))
    client = sessions.client_key(st.context.ip_address, fallback)
    try:
        result = sessions.log_in(ctx.db, username, password, client=client)
    except QuartierError as exc:
        show_error(t, exc)
    else:
        st.success(t("login.success"))
        target = handoff_url(result.handoff_code, f"/?lang={t.code}")
        st.link_button(t("login.continue"), target)
        go_to(target)

if oidc_configured():
    st.divider()
    if st.button(t("login.oidc"), icon=":material/key:"):
        st.login()
    if error := st.session_state.pop("_oidc_error", None):
        show_error(t, error)

st.caption(t("login.residents_hint"))
