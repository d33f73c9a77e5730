"""AppTest helpers: the real app.py against a database file under tmp_path.

Log a role in with ``app_as(role)``: it starts a real server-side session and puts
its token where the browser's cookie would lead (the tab's session state).

Below the fixtures: the browser connection every test gets, the navigation each role
should see, and small readers for what a page shows (titles, errors, tables, texts).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime import context as st_context
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Button, Expander

from quartier.auth import User
from quartier.auth.sessions import CLIENT_THROTTLE, start_session
from quartier.i18n import translator
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


# --- The browser connection ---------------------------------------------------------
#
# AppTest runs against a MagicMock runtime, so ``st.context.ip_address`` and
# ``st.context.cookies`` would be MagicMocks (the login page cannot hash one). Every UI
# test instead gets one plain connection, as from a browser on the same machine:
# address 127.0.0.1 (``ip_address`` is then None) and no cookies unless a test sets one.


@dataclass
class FakeConnection:
    """What Streamlit knows about the browser's WebSocket connection."""

    remote_ip: str | None = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def headers(self) -> list[tuple[str, str]]:
        return []


@pytest.fixture(autouse=True)
def connection(monkeypatch: pytest.MonkeyPatch) -> FakeConnection:
    fake = FakeConnection()
    monkeypatch.setattr(st_context, "_get_client_context", lambda: fake)
    return fake


@pytest.fixture(autouse=True)
def _fresh_client_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-connection login throttle lives in process memory: start each test clean."""
    monkeypatch.setattr(CLIENT_THROTTLE, "_failures", {})


# --- Reading what a page shows -------------------------------------------------------

DE = translator("de")
EN = translator("en")

# Every page file and the roles whose navigation lists it (onboarding: empty database).
PAGES = (
    "pages/start.py",
    "pages/login.py",
    "pages/my_quartier.py",
    "pages/users.py",
    "pages/quartiers.py",
    "pages/backup.py",
    "pages/account.py",
    "pages/logout.py",
    "pages/onboarding.py",
    "pages/survey_public.py",
    "pages/surveys.py",
    "pages/survey_builder.py",
    "pages/survey_results.py",
    "pages/paper_entry.py",
    "pages/ideas_board.py",
    "pages/idea_submit.py",
    "pages/idea_status.py",
    "pages/idea_moderation.py",
    "pages/working_groups.py",
    "pages/rounds.py",
    "pages/measures.py",
    "pages/network.py",
    "pages/actors.py",
    "pages/calendar.py",
    "pages/dashboard.py",
    "pages/events.py",
    "pages/offerings.py",
    "pages/report.py",
)
# The residents' idea pages are in everyone's menu.
RESIDENT_IDEA_PAGES = {
    "pages/ideas_board.py",
    "pages/idea_submit.py",
    "pages/idea_status.py",
    "pages/calendar.py",
}
# Working-group pages: members read, staff manage.
WORK_PAGES = {"pages/my_quartier.py", "pages/working_groups.py", "pages/rounds.py",
              "pages/measures.py"}  # fmt: skip
SURVEY_PAGES = {
    "pages/surveys.py",
    "pages/survey_builder.py",
    "pages/survey_results.py",
    "pages/paper_entry.py",
}
# The actor network: coordinators and admins.
NETWORK_PAGES = {"pages/network.py", "pages/actors.py"}
EVENT_PAGES = {"pages/dashboard.py", "pages/events.py", "pages/offerings.py", "pages/report.py"}
ROLES = ("anonymous", "member", "coordinator", "admin")
# The resident survey page is in everyone's navigation, hidden from the menu.
NAVIGATION: dict[str, set[str]] = {
    "anonymous": {
        "pages/start.py",
        "pages/login.py",
        "pages/survey_public.py",
        *RESIDENT_IDEA_PAGES,
    },  # fmt: skip
    "member": {
        "pages/start.py",
        *WORK_PAGES,
        "pages/account.py",
        "pages/logout.py",
        "pages/survey_public.py",
        *RESIDENT_IDEA_PAGES,
    },
    "coordinator": {
        "pages/start.py",
        *WORK_PAGES,
        "pages/idea_moderation.py",
        "pages/account.py",
        "pages/logout.py",
        "pages/survey_public.py",
        *RESIDENT_IDEA_PAGES,
        *SURVEY_PAGES,
        *NETWORK_PAGES,
        *EVENT_PAGES,
    },
    "admin": {
        "pages/start.py",
        "pages/survey_public.py",
        *RESIDENT_IDEA_PAGES,
        *SURVEY_PAGES,
        *NETWORK_PAGES,
        *EVENT_PAGES,
        *WORK_PAGES,
        "pages/idea_moderation.py",
        "pages/users.py",
        "pages/quartiers.py",
        "pages/backup.py",
        "pages/account.py",
        "pages/logout.py",
    },
}


def page_or_start(page: str) -> str | None:
    """``page`` for ``app_as``; None for Start, where the first run already is. (Switching
    AppTest to the page it is on drops the sidebar from later runs' element trees.)"""
    return None if page == "pages/start.py" else page


def user_of(world: World, role: str) -> User | None:
    return None if role == "anonymous" else getattr(world, role)


def navigation_of(at: AppTest) -> set[str]:
    """The page files this session's navigation lists (``switch_page`` accepts exactly
    those). The AppTest is left switched to the last page found: switch again before
    the next ``run()``."""
    listed = set()
    for page in PAGES:
        try:
            at.switch_page(page)
        except ValueError:
            continue
        listed.add(page)
    return listed


def button(at: AppTest | Block, label: str) -> Button:
    """The one button (form submit buttons included) with this label."""
    found = [b for b in at.button if b.label == label]
    assert len(found) == 1, f"{len(found)} buttons labelled {label!r}: {labels(at)}"
    return found[0]


def labels(at: AppTest | Block) -> list[str]:
    return [b.label for b in at.button]


def values(elements: Iterable[Any]) -> list[str]:
    return [str(e.value) for e in elements]


def titles(at: AppTest) -> list[str]:
    return values(at.title)


def errors(at: AppTest) -> list[str]:
    return values(at.error)


def successes(at: AppTest) -> list[str]:
    return values(at.success)


def frames(at: AppTest | Block) -> list[pd.DataFrame]:
    """Every table on the page (``st.dataframe`` and ``st.table``), in page order."""
    return [node.value for node in at if getattr(node, "type", None) in ("dataframe", "table")]


def table(at: AppTest | Block, index: int = 0) -> list[dict[str, Any]]:
    """Rows of the ``index``-th table on the page."""
    return cast(list[dict[str, Any]], frames(at)[index].to_dict("records"))


def charts(at: AppTest | Block) -> list[dict[str, Any]]:
    """The Plotly figures on the page (``data`` and ``layout`` as sent to the browser)."""
    return [
        cast(dict[str, Any], json.loads(node.proto.spec))
        for node in at
        if getattr(node, "type", None) == "plotly_chart"
    ]


def bar_counts(figure: dict[str, Any]) -> dict[str, int]:
    """Label -> value of a horizontal bar chart's bars."""
    return {
        str(label): int(value)
        for trace in figure["data"]
        for label, value in zip(trace["y"], trace["x"], strict=True)
    }


def _chart_texts(figure: dict[str, Any]) -> list[str]:
    texts = [str(label) for trace in figure["data"] for label in trace.get("y", [])]
    texts += [str(trace["name"]) for trace in figure["data"] if trace.get("name")]
    layout = figure.get("layout", {})
    for part in (layout, layout.get("xaxis", {}), layout.get("yaxis", {})):
        title = part.get("title")
        text = title.get("text") if isinstance(title, dict) else title
        if text:
            texts.append(str(text))
    return texts


_PLAIN_TEXT = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "text",
    "code",
    "error",
    "warning",
    "info",
    "success",
    "exception",
}


def visible_texts(at: AppTest) -> list[str]:
    """Every text a visitor reads: headings, markdown, captions, alerts, metrics, widget
    labels and options, buttons, table headers and cells, chart labels (sidebar too)."""
    texts: list[str] = []
    for node in at:
        if isinstance(node, Block):
            if isinstance(node, Expander):
                texts.append(str(node.label))
            continue
        kind = node.type
        if kind in _PLAIN_TEXT:
            texts.append(str(node.value))
        elif kind == "plotly_chart":
            texts.extend(_chart_texts(json.loads(node.proto.spec)))
        elif kind == "metric":
            texts.extend([str(node.label), str(node.value)])
        elif kind in ("dataframe", "table"):
            frame = node.value
            texts.extend(str(c) for c in frame.columns)
            texts.extend(str(v) for v in frame.to_numpy().ravel())
        elif kind in ("button", "download_button", "link_button"):
            texts.append(str(node.label))
        elif kind in ("text_input", "text_area", "selectbox", "multiselect"):
            texts.append(str(node.label))
            if getattr(node, "help", ""):
                texts.append(str(node.help))
            if kind in ("selectbox", "multiselect"):
                texts.extend(str(o) for o in node.options)
    return [t for t in texts if t]


# --- Downloads -------------------------------------------------------------------------------


@dataclass
class Download:
    name: str
    data: bytes


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Download]:
    """The files the page offers for download, by file id."""
    stored: dict[str, Download] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self: MemoryMediaFileStorage, data: str | bytes, *args: Any, **kw: Any) -> str:
        file_id = original(self, data, *args, **kw)
        name = kw.get("filename") or (args[2] if len(args) > 2 else "")
        stored[file_id] = Download(str(name), data if isinstance(data, bytes) else b"")
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return stored
