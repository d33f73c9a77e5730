"""The app with a database it cannot use, and the right-to-left page direction."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from quartier import i18n
from quartier.storage.db import close_shared
from quartier.surveys.demo_survey import DEFINITION
from quartier.surveys.store import create_survey, open_survey
from tests.ui.conftest import APP, DE
from tests.ui.test_survey_public import resident


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


def test_right_to_left_only_where_arabic_exists_the_resident_survey(app_world, app_as):
    """Arabic has the resident texts only: the survey page turns right to left, a staff
    page asked for in Arabic is German (left to right) and says so in the URL."""
    assert "ar" in i18n.available_languages() and "ar" not in i18n.staff_languages()
    created = create_survey(app_world.db, app_world.coordinator, app_world.nord.id, DEFINITION)
    open_survey(app_world.db, app_world.coordinator, created.id)
    survey_page = resident(survey=str(created.id), lang="ar")
    assert survey_page.title[0].value == DEFINITION.title["ar"]
    styles = [h.proto.body for h in survey_page.html]
    assert any("direction: rtl" in s and ".stApp" in s for s in styles)

    staff = app_as(app_world.coordinator, lang="ar")
    assert staff.query_params["lang"] == "de" and staff.session_state["lang"] == "de"
    assert staff.sidebar.selectbox[0].value == "de"
    assert not any("direction: rtl" in h.proto.body for h in staff.html)
    assert DE("start.office") in [s.value for s in staff.subheader]
