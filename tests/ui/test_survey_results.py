"""Ergebnisse: coordinators see suppressed counts as charts, filter and split them, read
free text literally and hide it; nobody else sees a survey's results."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import Any

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from quartier.auth.sessions import start_session
from quartier.surveys import results as R
from quartier.surveys.model import Choice, Page, Question, SurveyDefinition
from quartier.surveys.model import QuestionType as T
from quartier.surveys.responses import Channel, new_form_key, submit
from quartier.surveys.store import Survey, create_survey, open_survey
from quartier.ui.session import TOKEN_KEY
from tests.conftest import World
from tests.ui.conftest import (
    APP,
    DE,
    EN,
    AppFactory,
    button,
    charts,
    navigation_of,
    successes,
    titles,
    user_of,
    visible_texts,
)

PAGE = "pages/survey_results.py"
MARKUP = "**fett** <script>alert(1)</script>"
OFTEN = ["Täglich", "Wöchentlich", "Selten"]

DEFINITION = SurveyDefinition(
    title={"de": "Spielplatz am Anger", "en": "Playground on the green"},
    default_language="de",
    languages=("de", "en"),
    pages=(
        Page(
            "",
            {},
            (
                Question("hallo", T.NOTE, {"de": "Willkommen"}),
                Question(
                    "often",
                    T.SELECT_ONE,
                    {"de": "Wie oft sind Sie dort?", "en": "How often are you there?"},
                    choices=(
                        Choice("daily", {"de": "Täglich", "en": "Daily"}),
                        Choice("weekly", {"de": "Wöchentlich", "en": "Weekly"}),
                        Choice("rarely", {"de": "Selten", "en": "Rarely"}),
                    ),
                ),
                Question("wish", T.TEXT, {"de": "Ihr Wunsch", "en": "Your wish"}),
            ),
        ),
    ),
)


@pytest.fixture
def survey(app_world: World) -> tuple[Survey, list[int]]:
    """Nord's survey: 10 × daily online, 4 × weekly and 6 × rarely at the kiosk; five
    wishes (the newest in Markdown and HTML). Returns the survey and the wishes' ids."""
    db, coordinator = app_world.db, app_world.coordinator
    created = create_survey(db, coordinator, app_world.nord.id, DEFINITION)
    survey = open_survey(db, coordinator, created.id)
    wishes = ["Mehr Bänke", "Ein Sonnensegel", "Wasserspiel", "Sauberer Sand", MARKUP]
    ids = []
    for i in range(20):
        channel = Channel.ONLINE if i < 10 else Channel.KIOSK
        choice = "daily" if i < 10 else "weekly" if i < 14 else "rarely"
        answers: dict[str, Any] = {"often": choice}
        if i >= 15:
            answers["wish"] = wishes[i - 15]
        submitted = submit(db, survey.id, answers, token=new_form_key(), channel=channel,
                           language="de")  # fmt: skip
        if i >= 15:
            ids.append(submitted.response_id)
    return survey, ids


def open_results(app_as: AppFactory, world: World, role: str = "coordinator") -> AppTest:
    at = app_as(user_of(world, role), page=PAGE)
    assert not at.exception, at.exception
    return at


def figure_of(at: AppTest, labels: list[str]) -> dict[str, Any]:
    """The one chart whose bars are labelled ``labels`` (top to bottom)."""
    found = [f for f in charts(at) if [str(y) for y in f["data"][0]["y"]] == labels]
    assert len(found) == 1, [f["data"][0]["y"] for f in charts(at)]
    return found[0]


def bars(figure: dict[str, Any], trace: int = 0) -> dict[str, float | None]:
    """Label → length of each bar; None where no bar is drawn."""
    data = figure["data"][trace]
    return dict(zip([str(y) for y in data["y"]], data["x"], strict=True))


def note(k: int) -> str:
    return DE("results.suppression_note", k=k)


def test_a_coordinator_sees_suppressed_counts_and_one_note(
    app_world: World, app_as: AppFactory, survey: tuple[Survey, list[int]]
) -> None:
    at = open_results(app_as, app_world)
    assert titles(at) == [DE("results.title")]
    # 4 × weekly is below k = 5; the smallest shown cell (6 × rarely) goes with it.
    assert bars(figure_of(at, OFTEN)) == {"Täglich": 10, "Wöchentlich": None, "Selten": None}
    often = figure_of(at, OFTEN)["data"][0]
    assert often["text"] == ["10 (50 %)", "", ""]  # no "<5", nothing but an empty row
    assert isinstance(often["marker"]["color"], str)  # one colour for every bar
    assert DE("results.answered", count=20) in visible_texts(at)
    channels = bars(figure_of(at, ["Online", "QR-Code", "Kiosk", "Papier"]))
    assert channels == {"Online": 10, "QR-Code": None, "Kiosk": 10, "Papier": None}
    assert [m.value for m in at.metric] == ["20"]
    texts = visible_texts(at)
    assert texts.count(note(5)) == 1
    assert not any("<5" in text or "< 5" in text for text in texts)


def test_a_filter_changes_the_numbers(
    app_world: World, app_as: AppFactory, survey: tuple[Survey, list[int]]
) -> None:
    at = open_results(app_as, app_world)
    at.selectbox(key=f"results_channel_{survey[0].id}").select("kiosk").run()
    # At the kiosk: nobody daily, 4 weekly (two small cells hide each other), 6 rarely.
    assert bars(figure_of(at, OFTEN)) == {"Täglich": None, "Wöchentlich": None, "Selten": 6}
    assert [m.value for m in at.metric] == ["10"]
    assert [m.label for m in at.metric] == [DE("results.total_filtered")]
    at.selectbox(key=f"results_fq_{survey[0].id}").select("often").run()
    at.selectbox(key=f"results_fc_{survey[0].id}_often").select("weekly").run()
    assert [m.value for m in at.metric] == [DE("results.fewer_than", k=5)]
    assert DE("results.too_few", k=5) in [i.value for i in at.info]
    assert charts(at) == []


def test_a_cross_tab_splits_each_choice_question(
    app_world: World, app_as: AppFactory, survey: tuple[Survey, list[int]]
) -> None:
    at = open_results(app_as, app_world)
    at.selectbox(key=f"results_by_{survey[0].id}").select("channel").run()
    split = figure_of(at, OFTEN)
    shares = {trace["name"]: dict(zip(trace["y"], trace["x"], strict=True))
              for trace in split["data"]}  # fmt: skip
    assert set(shares) == {"Online", "QR-Code", "Kiosk", "Papier"}
    assert shares["Online"] == {"Täglich": 100.0, "Wöchentlich": None, "Selten": None}
    assert shares["Kiosk"] == {"Täglich": None, "Wöchentlich": None, "Selten": 60.0}
    assert shares["Papier"] == {"Täglich": None, "Wöchentlich": None, "Selten": None}
    assert split["layout"]["showlegend"] is True


def test_free_text_is_shown_literally_newest_first(
    app_world: World, app_as: AppFactory, survey: tuple[Survey, list[int]]
) -> None:
    at = open_results(app_as, app_world)
    listed = [t.value for t in at.text]
    assert listed == [MARKUP, "Sauberer Sand", "Wasserspiel", "Ein Sonnensegel", "Mehr Bänke"]
    assert DE("results.texts_count", count=5) in visible_texts(at)
    assert [n for n in at if getattr(n, "type", None) == "html"] == []
    markdown = [str(m.value) for m in (*at.markdown, *at.caption, *at.subheader)]
    assert not any("<script>" in m or "**fett**" in m for m in markdown)


def test_hiding_a_free_text_answer_removes_it(
    app_world: World, app_as: AppFactory, survey: tuple[Survey, list[int]]
) -> None:
    at = open_results(app_as, app_world)
    newest = survey[1][-1]
    at.button(key=f"hide_wish_{newest}").click().run()
    assert successes(at) == [DE("results.hidden_done")]
    hidden = [e for e in at.expander if e.label == DE("results.hidden_answers", count=1)]
    assert len(hidden) == 1 and [t.value for t in hidden[0].text] == [MARKUP]
    # The listing lost it; only "Ausgeblendete Antworten" (last on the page) holds it.
    assert [t.value for t in at.text] == [
        "Sauberer Sand",
        "Wasserspiel",
        "Ein Sonnensegel",
        "Mehr Bänke",
        MARKUP,
    ]
    _, listed = R.texts(app_world.db, survey[0], DEFINITION.question("wish"), 5)
    assert MARKUP not in [a.text for a in listed]
    button(at, DE("results.unhide")).click().run()
    assert successes(at) == [DE("results.unhidden_done")]
    assert [t.value for t in at.text][0] == MARKUP
    assert [e for e in at.expander if e.label == DE("results.hidden_answers", count=1)] == []


def test_a_coordinator_changes_k_and_sees_more(
    app_world: World, app_as: AppFactory, survey: tuple[Survey, list[int]]
) -> None:
    at = open_results(app_as, app_world)
    form = at.form(key=f"results_k_{app_world.nord.id}")
    form.number_input[0].set_value(3)
    button(at, DE("common.save")).click().run()
    assert successes(at) == [DE("results.k_saved", k=3)]
    assert bars(figure_of(at, OFTEN)) == {"Täglich": 10, "Wöchentlich": 4, "Selten": 6}
    assert note(3) in visible_texts(at)


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_members_and_visitors_cannot_open_results(
    app_world: World, app_as: AppFactory, survey: tuple[Survey, list[int]], role: str
) -> None:
    at = app_as(user_of(app_world, role))
    assert PAGE not in navigation_of(at)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_a_coordinator_of_another_quartier_cannot_see_nords_survey(
    app_world: World, app_as: AppFactory, survey: tuple[Survey, list[int]]
) -> None:
    user = app_world.coordinator_sued
    assert user.id is not None
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["survey"] = str(survey[0].id)
    at.session_state[TOKEN_KEY] = start_session(app_world.db, user.id)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert DE("surveys.none") in [i.value for i in at.info]
    assert charts(at) == [] and list(at.text) == []
    texts = " ".join(visible_texts(at))
    assert "Spielplatz am Anger" not in texts and "Täglich" not in texts


def test_a_coordinator_of_another_quartier_gets_their_own_survey_instead(
    app_world: World, app_as: AppFactory, survey: tuple[Survey, list[int]]
) -> None:
    own = create_survey(app_world.db, app_world.coordinator_sued, app_world.sued.id,
                        replace(DEFINITION, title={"de": "Bolzplatz Süd"}))  # fmt: skip
    user = app_world.coordinator_sued
    assert user.id is not None
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["survey"] = str(survey[0].id)
    at.session_state[TOKEN_KEY] = start_session(app_world.db, user.id)
    at.run()
    at.switch_page(PAGE).run()
    assert at.selectbox(key="survey_pick").value == own.id
    assert DE("results.no_responses", k=5) in [i.value for i in at.info]
    assert charts(at) == [] and list(at.text) == []


def test_every_chart_downloads_its_suppressed_numbers(
    app_world: World,
    app_as: AppFactory,
    survey: tuple[Survey, list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self: MemoryMediaFileStorage, data: str | bytes, *args: Any, **kwargs: Any) -> str:
        file_id = original(self, data, *args, **kwargs)
        stored[file_id] = data if isinstance(data, bytes) else b""
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    at = open_results(app_as, app_world)
    downloads = {
        d.proto.id.split("-download_")[-1]: stored[d.proto.url.rsplit("/", 1)[-1].split(".")[0]]
        for d in at.get("download_button")
    }
    assert set(downloads) == {"antworten-channel", "antworten-language", "often"}
    rows = list(csv.reader(io.StringIO(downloads["often"].decode("utf-8-sig"))))
    assert rows == [
        [DE("results.col_answer"), DE("results.col_count"), DE("results.col_share"),
         DE("results.col_total")],
        ["Täglich", "10", "50.0", "20"],
        ["Wöchentlich", "", "", "20"],
        ["Selten", "", "", "20"],
    ]  # fmt: skip
    channels = list(csv.reader(io.StringIO(downloads["antworten-channel"].decode("utf-8-sig"))))
    assert channels[1:] == [["Online", "10"], ["QR-Code", ""], ["Kiosk", "10"], ["Papier", ""]]


def test_the_page_is_english_throughout(
    app_world: World, app_as: AppFactory, survey: tuple[Survey, list[int]]
) -> None:
    from tests.ui.test_languages import data_of, german_leaks, raw_keys

    at = app_as(app_world.coordinator, page=PAGE, lang="en")
    assert not at.exception
    # Labels come in English where the survey has them; what residents wrote stays.
    assert bars(figure_of(at, ["Daily", "Weekly", "Rarely"]))["Daily"] == 10
    texts = [t for t in visible_texts(at) if t not in {"Deutsch", "English"}]
    wishes = ("Mehr Bänke", "Ein Sonnensegel", "Wasserspiel", "Sauberer Sand", MARKUP)
    data = (*data_of(app_world), *wishes, "Sprache · Language · Dil · اللغة · Язык · Мова · Język")
    assert german_leaks(texts, data) == []
    assert raw_keys(texts) == []
    assert EN("results.title") in titles(at)
    assert EN("results.suppression_note", k=5) in texts
