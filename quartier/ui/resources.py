"""Process-wide resources: the database and the cookie signer."""

from __future__ import annotations

import streamlit as st

from quartier import config
from quartier.auth.sessions import CookieSigner, cookie_signer
from quartier.errors import DatabaseUnavailable
from quartier.storage import Database, shared_database
from quartier.ui.components import plain


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    return shared_database(path)


def database() -> Database:
    """The app's database; stops the page with a clear message when it cannot be opened."""
    try:
        return _database(str(config.db_path()))
    except DatabaseUnavailable as exc:
        # No translator yet when the database itself is missing: German first, then English.
        st.error(exc.text("de", quote=plain))
        st.caption(exc.text("en", quote=plain))
        st.stop()


def signer(db: Database) -> CookieSigner:
    return cookie_signer(db.path)
