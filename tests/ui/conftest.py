"""AppTest helpers: the real app.py against a database file under tmp_path.

Log a role in with ``app_as(role)``: it starts a real server-side session and puts
its token where the browser's cookie would lead (the tab's session state).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from quartier.auth import User
from quartier.auth.sessions import start_session
from quartier.storage import Database, shared_database
from quartier.storage.db import close_shared
from quartier.ui.session import TOKEN_KEY
from tests.conftest import ROOT, World, build_world

APP = str(ROOT / "app.py")


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The database the app under test opens (QUARTIER_DB), caches cleared."""
    path = tmp_path / "app.duckdb"
    monkeypatch.setenv("QUARTIER_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    database = shared_database(path)
    yield database
    st.cache_resource.clear()
    close_shared()


@pytest.fixture
def app_world(app_db: Database) -> World:
    return build_world(app_db)


AppFactory = Callable[..., AppTest]


@pytest.fixture
def app_as(app_db: Database) -> AppFactory:
    """``app_as(user=None, page=None, lang=None)``: an AppTest that has run once."""

    def make(user: User | None = None, page: str | None = None, lang: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        if lang:
            at.query_params["lang"] = lang
        if user is not None:
            assert user.id is not None
            at.session_state[TOKEN_KEY] = start_session(app_db, user.id)
        at.run()
        if page is not None:
            at.switch_page(page)
            at.run()
        return at

    return make
