"""The app with a database it cannot use, and the right-to-left page direction."""

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from quartier import i18n
from quartier.storage.db import close_shared
from tests.ui.conftest import APP


@pytest.fixture
def clean_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()
    close_shared()


def test_corrupt_database_file_shows_a_clear_message(tmp_path, monkeypatch, clean_caches):
    bad = tmp_path / "quartier.duckdb"
    bad.write_text("Dies ist keine Datenbank.\n" * 100)
    monkeypatch.setenv("QUARTIER_DB", str(bad))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "ist keine Quartier-Datenbank oder sie ist beschädigt" in at.error[0].value
    assert "is not a Quartier database" in at.caption[0].value
    assert bad.read_text().startswith("Dies ist keine Datenbank.")


def test_unwritable_database_path_shows_a_clear_message(tmp_path, monkeypatch, clean_caches):
    blocker = tmp_path / "eine-datei"
    blocker.write_text("x")
    monkeypatch.setenv("QUARTIER_DB", str(blocker / "unter" / "q.duckdb"))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "kann nicht geöffnet oder angelegt werden" in at.error[0].value


@pytest.fixture
def with_arabic(tmp_path, monkeypatch):
    """A catalogue directory with a (tiny) Arabic catalogue, as the surveys issue will add."""
    locales = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES_DIR, locales)
    target = locales / "ar" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "quartier.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "nav.start"\nmsgstr "الصفحة الرئيسية"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES_DIR", locales)
    for cached in (i18n.available_languages, i18n._compiled, i18n.translator):
        cached.cache_clear()
    yield
    for cached in (i18n.available_languages, i18n._compiled, i18n.translator):
        cached.cache_clear()


def test_right_to_left_language_turns_the_whole_page(app_world, app_as, with_arabic):
    at = app_as(lang="ar")
    assert at.query_params["lang"] == "ar"
    styles = [h.proto.body for h in at.html]
    assert any("direction: rtl" in s and ".stApp" in s for s in styles)
    german = app_as(lang="de")
    assert not any("direction: rtl" in h.proto.body for h in german.html)
