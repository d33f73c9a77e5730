"""Einrichtung: the first admin account, then "Demo-Quartier laden"."""

import streamlit as st

from quartier import demo
from quartier.auth import sessions
from quartier.auth.accounts import create_first_admin
from quartier.auth.passwords import check_repeated
from quartier.errors import QuartierError
from quartier.ui.components import new_password_fields, show_error, show_flash
from quartier.ui.demo import load_demo_button, show_demo_accounts
from quartier.ui.router import ONBOARDING_KEY, page_context
from quartier.ui.session import go_to, handoff_url, log_in_here

ctx = page_context()
t = ctx.t
st.title(t("onboarding.title"))

if not st.session_state.get(ONBOARDING_KEY):
    st.write(t("onboarding.intro"))
    with st.form("first_admin"):
        username = st.text_input(t("field.username"), max_chars=40, autocomplete="username")
        display_name = st.text_input(t("field.display_name"), max_chars=80)
        password, repeat = new_password_fields(t, "field.password")
        if st.form_submit_button(t("onboarding.create_admin"), type="primary"):
            try:
                check_repeated(password, repeat)
                admin = create_first_admin(ctx.db, username, password, display_name)
            except QuartierError as exc:
                show_error(t, exc)
            else:
                log_in_here(ctx.db, admin)
                st.session_state[ONBOARDING_KEY] = admin.id
                st.rerun()
    st.stop()

st.success(t("onboarding.admin_created"), icon=":material/check_circle:")
show_flash()
show_demo_accounts(t)
if not demo.is_seeded(ctx.db):
    st.write(t("demo.explain"))
left, right = st.columns(2)
load_demo_button(ctx.db, t, left, primary=True)
if right.button(t("onboarding.finish"), icon=":material/arrow_forward:"):
    admin_id = int(st.session_state.pop(ONBOARDING_KEY))
    code = sessions.create_handoff(ctx.db, admin_id)
    go_to(handoff_url(code, f"/?lang={t.code}"))
