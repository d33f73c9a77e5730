"""Mein Konto: who I am, my Quartiere, change my password."""

import streamlit as st

from quartier.auth import Action
from quartier.auth.accounts import change_own_password
from quartier.auth.passwords import check_repeated
from quartier.errors import QuartierError
from quartier.quartiers import quartiers_of
from quartier.ui.components import new_password_fields, plain, require, show_error
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
require(ctx.user, Action.MANAGE_OWN_ACCOUNT, t)
user = ctx.user

st.title(t("account.title"))
st.markdown(f"**{t('field.username')}:** {plain(user.username)}")
st.markdown(f"**{t('field.role')}:** {t(f'role.{user.role}')}")
names = ", ".join(q.name for q in quartiers_of(ctx.db, user)) or t("account.no_quartier")
st.markdown(f"**{t('account.quartiers')}:** {plain(names)}")

st.subheader(t("account.change_password"))
with st.form("change_password", clear_on_submit=True):
    old = st.text_input(t("account.old_password"), type="password", autocomplete="current-password")
    new, repeat = new_password_fields(t, "account.new_password")
    if st.form_submit_button(t("account.save_password"), type="primary"):
        try:
            check_repeated(new, repeat)
            change_own_password(ctx.db, user, old, new)
        except QuartierError as exc:
            show_error(t, exc)
        else:
            st.success(t("account.password_changed"))
