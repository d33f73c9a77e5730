"""Showing the demo accounts once, right after seeding."""

from __future__ import annotations

import streamlit as st

from quartier.i18n import Translator

DEMO_ACCOUNTS_KEY = "_demo_accounts"


def show_demo_accounts(t: Translator) -> None:
    """The demo accounts with their passwords — shown in this session only, never stored."""
    accounts = st.session_state.get(DEMO_ACCOUNTS_KEY)
    if not accounts:
        return
    with st.container(border=True):
        st.markdown(f"**{t('demo.accounts_title')}**")
        st.caption(t("demo.accounts_note"))
        st.table(
            [
                {
                    t("field.role"): t(f"role.{a.role}"),
                    t("field.username"): a.username,
                    t("field.password"): a.password,
                }
                for a in accounts
            ],
        )
