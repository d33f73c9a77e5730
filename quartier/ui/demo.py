"""Showing the demo accounts once, right after seeding."""

from __future__ import annotations

from typing import Any

import streamlit as st

from quartier import demo
from quartier.errors import QuartierError
from quartier.i18n import Translator
from quartier.storage import Database
from quartier.ui.components import flash_and_rerun, show_error

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


def load_demo_button(
    db: Database, t: Translator, container: Any = st, primary: bool = False
) -> None:
    """The "Demo-Quartier laden" button (only while the demo is not loaded): one click
    seeds it and shows its accounts once."""
    if demo.is_seeded(db):
        return
    clicked = container.button(
        t("demo.load"), type="primary" if primary else "secondary", icon=":material/auto_awesome:"
    )
    if not clicked:
        return
    try:
        result = demo.seed(db)
    except QuartierError as exc:
        show_error(t, exc)
    else:
        st.session_state[DEMO_ACCOUNTS_KEY] = result.accounts
        flash_and_rerun(t("demo.loaded", name=result.quartier.name, actors=result.actors))
