"""Small pieces every page uses."""

from __future__ import annotations

import re

import streamlit as st

from quartier.auth import Action, User, can
from quartier.auth.passwords import MIN_LENGTH
from quartier.auth.permissions import Resource
from quartier.errors import QuartierError
from quartier.i18n import Translator

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def plain(text: str) -> str:
    """Escape Markdown so user text is shown literally (no links, no HTML, no formatting)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def new_password_fields(t: Translator, label_key: str) -> tuple[str, str]:
    """A new password twice, with the rule under it; check both with ``check_repeated``."""
    password = st.text_input(t(label_key), type="password", autocomplete="new-password")
    repeat = st.text_input(
        t("account.repeat_password"), type="password", autocomplete="new-password"
    )
    st.caption(t("errors.password_rule", min=MIN_LENGTH))
    return password, repeat


def show_error(t: Translator, exc: QuartierError) -> None:
    """Show a domain error in the user's language."""
    st.error(exc.text(t.code, quote=plain), icon=":material/error:")


def require(user: User, action: Action, t: Translator, resource: Resource = None) -> None:
    """Stop the page unless ``user`` may do ``action`` — pages check even when the
    navigation already hides them, because a hidden page can still be opened by URL."""
    if can(user, action, resource):
        return
    if user.is_authenticated:
        st.error(t("common.not_allowed"), icon=":material/block:")
    else:
        st.warning(t("common.login_needed"), icon=":material/lock:")
    st.stop()


_FLASH_KEY = "_flash"


def flash_and_rerun(message: str) -> None:
    """Rerun the page (so lists show the change) and show ``message`` once on top."""
    st.session_state[_FLASH_KEY] = message
    st.rerun()


def show_flash() -> None:
    if message := st.session_state.pop(_FLASH_KEY, None):
        st.success(message, icon=":material/check_circle:")
