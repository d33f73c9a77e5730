"""Who is logged in for this browser session.

The token comes from this tab's own session state (set after onboarding or a
single sign-on) or from the signed ``quartier_session`` cookie that the login route
sets. Either way it is checked against the server-side session on every run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import streamlit as st

from quartier.auth import ANONYMOUS, User, oidc, sessions
from quartier.errors import QuartierError
from quartier.storage import Database
from quartier.ui.resources import signer

TOKEN_KEY = "_quartier_token"
OIDC_SECTION = "quartier_oidc"


def _cookie_token(db: Database) -> str | None:
    return signer(db).unsign(st.context.cookies.get(sessions.COOKIE_NAME))


def _tokens(db: Database) -> list[str]:
    found = [st.session_state.get(TOKEN_KEY), _cookie_token(db)]
    return [tok for tok in found if tok]


def current_user(db: Database) -> User:
    """The logged-in account, or the anonymous resident."""
    for token in _tokens(db):
        user = sessions.user_for_token(db, token)
        if user is not None:
            return user
    return _oidc_user(db) or ANONYMOUS


def oidc_configured() -> bool:
    """Single sign-on is on when ``secrets.toml`` has both ``[auth]`` and ``[quartier_oidc]``."""
    try:
        return (
            bool(st.secrets.load_if_toml_exists())
            and "auth" in st.secrets
            and (OIDC_SECTION in st.secrets)
        )
    except FileNotFoundError:
        return False


def _oidc_user(db: Database) -> User | None:
    if not oidc_configured() or not st.user.is_logged_in:
        return None
    claims: Mapping[str, Any] = st.user.to_dict()
    mapping = oidc.OidcMapping.from_secrets(st.secrets[OIDC_SECTION])
    try:
        user = oidc.sign_in(
            db, str(claims.get("iss", "oidc")), str(claims.get("sub", "")), claims, mapping
        )
    except QuartierError as exc:
        st.session_state["_oidc_error"] = exc
        return None
    assert user.id is not None
    st.session_state[TOKEN_KEY] = sessions.start_session(db, user.id)
    return user


def log_in_here(db: Database, user: User) -> None:
    """Log ``user`` in for this tab (onboarding); the cookie follows with a handoff."""
    assert user.id is not None
    st.session_state[TOKEN_KEY] = sessions.start_session(db, user.id)


def go_to(url: str) -> None:
    """Send the browser to ``url`` (one of our own routes) and stop the script."""
    st.html(
        f"<script>window.location.replace({json.dumps(url)});</script>",
        unsafe_allow_javascript=True,
    )
    st.stop()


def handoff_url(code: str, next_path: str) -> str:
    return f"/auth/handoff?code={quote(code)}&next={quote(next_path)}"


def log_out(db: Database) -> None:
    """End every session this browser holds, on the server, then clear the cookie."""
    for token in _tokens(db):
        sessions.end_session(db, token)
    st.session_state.pop(TOKEN_KEY, None)
    if oidc_configured() and st.user.is_logged_in:
        st.logout()
