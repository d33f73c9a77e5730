"""Answering a survey: checks, submitting exactly once, drafts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from quartier.errors import NotFoundError, ValidationError
from quartier.events import create_event
from quartier.i18n import translator
from quartier.storage import Database
from quartier.surveys.demo_survey import DEFINITION as DEMO
from quartier.surveys.model import MAX_TEXT_ANSWER, Choice, Page, Question, SurveyDefinition
from quartier.surveys.model import QuestionType as T
from quartier.surveys.responses import (
    AnswersInvalid,
    Channel,
    check_answers,
    discard_draft,
    load_draft,
    new_form_key,
    purge_expired_drafts,
    response_exists,
    save_draft,
    submit,
)
from quartier.surveys.store import Survey, close_survey, create_survey, get_survey, open_survey
from tests.conftest import World

DE = translator("de")
EN = translator("en")
TR = translator("tr")


def _choices(*names: str) -> tuple[Choice, ...]:
    return tuple(Choice(n, {"de": n.capitalize(), "en": n.upper()}) for n in names)


DEFINITION = SurveyDefinition(
    title={"de": "Hof und Garten", "en": "Yard and garden"},
    default_language="de",
    languages=("de", "en"),
    pages=(
        Page("eins", {"de": "Eins"}, (
            Question("name", T.TEXT, {"de": "Wunsch", "en": "Wish"}, required=True),
            Question("story", T.LONG_TEXT, {"de": "Geschichte", "en": "Story"}),
            Question("kinder", T.INTEGER, {"de": "Kinder", "en": "Children"},
                     constraint=". <= 20"),  # no message of its own
            Question("stunden", T.DECIMAL, {"de": "Stunden", "en": "Hours"}),
            Question("tag", T.DATE, {"de": "Tag", "en": "Day"}),
        )),
        Page("zwei", {"de": "Zwei"}, (
            Question("garten", T.SELECT_ONE, {"de": "Garten?", "en": "Garden?"}, required=True,
                     choices=_choices("ja", "nein")),
            Question("beete", T.INTEGER, {"de": "Beete", "en": "Beds"},
                     relevant="${garten} = 'ja'"),
            Question("pflanzen", T.SELECT_MULTIPLE, {"de": "Pflanzen", "en": "Plants"},
                     choices=_choices("rosen", "tomaten", "kraeuter", "efeu")),
            Question("laune", T.LIKERT, {"de": "Laune", "en": "Mood"},
                     choices=_choices("schlecht", "mittel", "gut")),
            Question("wichtig", T.RANKING, {"de": "Wichtig", "en": "Important"},
                     choices=_choices("licht", "wasser", "ruhe")),
            Question("personen", T.INTEGER, {"de": "Personen", "en": "People"},
                     constraint="${beete} = '' or . >= ${beete}",
                     constraint_message={"de": "Mindestens so viele wie Beete.",
                                         "en": "At least as many as beds."}),
            Question("hinweis", T.NOTE, {"de": "Danke", "en": "Thanks"}),
        )),
    ),
)  # fmt: skip

MINIMAL = {"name": "Bank", "garten": "nein"}


@pytest.fixture
def survey(world: World) -> Survey:
    created = create_survey(world.db, world.coordinator, world.nord.id, DEFINITION)
    return open_survey(world.db, world.coordinator, created.id)


def rows(db: Database, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with db.read() as cur:
        return cur.execute(sql, params or []).fetchall()


def answer_rows(db: Database, response_id: int) -> list[tuple[Any, ...]]:
    return rows(
        db,
        "SELECT question, choice, position, number, text FROM answers WHERE response_id = ?"
        " ORDER BY rowid",
        [response_id],
    )


def problems(definition: SurveyDefinition, answers: dict[str, Any], lang: str = "de",
             **kwargs: Any) -> dict[str, str]:  # fmt: skip
    with pytest.raises(AnswersInvalid) as caught:
        check_answers(definition, answers, lang, **kwargs)
    return {p.question: p.message for p in caught.value.problems}


# --- Submitting exactly once -------------------------------------------------------------


def test_submit_is_idempotent_per_token(world: World, survey: Survey) -> None:
    token = new_form_key()
    first = submit(world.db, survey.id, MINIMAL, token=token, channel=Channel.ONLINE,
                   language="de")  # fmt: skip
    again = submit(world.db, survey.id, {**MINIMAL, "name": "Anders"}, token=token,
                   channel=Channel.ONLINE, language="de")  # fmt: skip
    assert first.created and not again.created
    assert again.response_id == first.response_id
    assert rows(world.db, "SELECT count(*) FROM responses") == [(1,)]
    assert ("name", None, None, None, "Bank") in answer_rows(world.db, first.response_id)
    assert response_exists(world.db, token) and not response_exists(world.db, new_form_key())
    other = submit(world.db, survey.id, MINIMAL, token=new_form_key(), channel=Channel.ONLINE,
                   language="de")  # fmt: skip
    assert other.created and other.response_id != first.response_id


def test_retry_after_the_survey_closed_finds_the_stored_response(
    world: World, survey: Survey
) -> None:
    token = new_form_key()
    first = submit(world.db, survey.id, MINIMAL, token=token, channel=Channel.QR, language="de")
    close_survey(world.db, world.coordinator, survey.id)
    retry = submit(world.db, survey.id, MINIMAL, token=token, channel=Channel.QR, language="de")
    assert retry == type(retry)(first.response_id, created=False)
    with pytest.raises(ValidationError) as refused:
        submit(world.db, survey.id, MINIMAL, token=new_form_key(), channel=Channel.QR,
               language="de")  # fmt: skip
    assert str(refused.value) == DE("resident.error_closed")
    assert "nicht geöffnet" in str(refused.value)
    assert rows(world.db, "SELECT count(*) FROM responses") == [(1,)]


def test_unknown_survey_is_refused(world: World) -> None:
    with pytest.raises(NotFoundError):
        submit(world.db, 999, MINIMAL, token=new_form_key(), channel=Channel.ONLINE, language="de")
    assert rows(world.db, "SELECT count(*) FROM responses") == [(0,)]


@pytest.mark.parametrize(
    "period",
    ["draft", "closed", "not_yet", "ended"],
)
def test_survey_not_accepting_refuses_online_answers(world: World, period: str) -> None:
    created = create_survey(world.db, world.coordinator, world.nord.id, DEFINITION)
    now = datetime.now(UTC)
    if period == "closed":
        open_survey(world.db, world.coordinator, created.id)
        close_survey(world.db, world.coordinator, created.id)
    elif period == "not_yet":
        open_survey(world.db, world.coordinator, created.id, now + timedelta(days=1), None)
    elif period == "ended":
        open_survey(world.db, world.coordinator, created.id, None, now + timedelta(hours=1))
        now += timedelta(hours=2)
    for channel in (Channel.ONLINE, Channel.QR, Channel.KIOSK):
        with pytest.raises(ValidationError) as refused:
            submit(world.db, created.id, MINIMAL, token=new_form_key(), channel=channel,
                   language="de", now=now)  # fmt: skip
        assert refused.value.text("de") == DE("resident.error_closed")
    assert rows(world.db, "SELECT count(*) FROM responses") == [(0,)]


def test_paper_forms_can_be_typed_in_after_closing(world: World, survey: Survey) -> None:
    close_survey(world.db, world.coordinator, survey.id)
    result = submit(world.db, survey.id, {}, token=new_form_key(), channel=Channel.PAPER,
                    language="de", entered_by=world.coordinator.id)  # fmt: skip
    assert result.created
    assert rows(world.db, "SELECT channel, entered_by FROM responses") == [
        ("papier", world.coordinator.id)
    ]


def test_event_of_another_quartier_is_refused(world: World, survey: Survey) -> None:
    sued = create_event(world.db, world.coordinator_sued, world.sued.id, "Flohmarkt",
                        date(2026, 5, 1))  # fmt: skip
    with pytest.raises(NotFoundError) as refused:
        submit(world.db, survey.id, MINIMAL, token=new_form_key(), channel=Channel.KIOSK,
               language="de", event_id=sued.id)  # fmt: skip
    assert refused.value.key == "resident.error_event_unknown"
    with pytest.raises(NotFoundError):
        submit(world.db, survey.id, MINIMAL, token=new_form_key(), channel=Channel.KIOSK,
               language="de", event_id=12345)  # fmt: skip
    assert rows(world.db, "SELECT count(*) FROM responses") == [(0,)]


@pytest.mark.parametrize("token", ["", "kurz", "a" * 65, "ungültig-äöü-zeichen-1234", "x y" * 8])
def test_malformed_token_is_refused(world: World, survey: Survey, token: str) -> None:
    with pytest.raises(ValidationError):
        submit(world.db, survey.id, MINIMAL, token=token, channel=Channel.ONLINE, language="de")
    assert rows(world.db, "SELECT count(*) FROM responses") == [(0,)]


def test_response_stores_codes_and_context_but_nothing_about_the_person(
    world: World, survey: Survey
) -> None:
    event = create_event(world.db, world.coordinator, world.nord.id, "Hoffest", date(2026, 6, 1))
    when = datetime(2026, 6, 1, 15, 30, tzinfo=UTC)
    token = new_form_key()
    result = submit(
        world.db, survey.id,
        {"name": "Bank", "garten": "ja", "beete": 3, "pflanzen": ("tomaten", "rosen"),
         "laune": "gut", "wichtig": ("ruhe", "licht"), "personen": 4, "stunden": "2,5",
         "tag": "2026-06-01"},
        token=token, channel=Channel.KIOSK, language="en", event_id=event.id, now=when,
    )  # fmt: skip
    [row] = rows(
        world.db,
        "SELECT token, quartier_id, survey_id, version, channel, event_id, language,"
        " submitted_at, entered_by FROM responses",
    )
    assert row[:7] == (token, world.nord.id, survey.id, 1, "kiosk", event.id, "en")
    assert row[7] == when and row[8] is None
    assert answer_rows(world.db, result.response_id) == [
        ("name", None, None, None, "Bank"),
        ("stunden", None, None, 2.5, None),
        ("tag", None, None, None, "2026-06-01"),
        ("garten", "ja", None, None, None),  # the code, not "Ja" or "JA"
        ("beete", None, None, 3.0, None),
        ("pflanzen", "rosen", None, None, None),  # multiple choice: the list's order
        ("pflanzen", "tomaten", None, None, None),
        ("laune", "gut", None, 3.0, None),  # Likert: position on the scale
        ("wichtig", "ruhe", 1, None, None),  # ranking: the resident's order
        ("wichtig", "licht", 2, None, None),
        ("personen", None, None, 4.0, None),
    ]
    columns = {
        table: {c for (c,) in rows(
            world.db,
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
            [table],
        )}
        for table in ("responses", "answers", "survey_drafts")
    }  # fmt: skip
    assert columns["responses"] == {"id", "token", "quartier_id", "survey_id", "version",
                                    "channel", "event_id", "language", "submitted_at",
                                    "entered_by"}  # fmt: skip
    personal = ("ip", "agent", "device", "browser", "address", "cookie", "session", "name")
    for table, names in columns.items():
        assert [c for c in names for p in personal if p in c.lower()] == [], table


def test_language_outside_the_survey_is_stored_as_its_default(world: World, survey: Survey) -> None:
    submit(world.db, survey.id, MINIMAL, token=new_form_key(), channel=Channel.ONLINE,
           language="tr")  # fmt: skip
    assert rows(world.db, "SELECT language FROM responses") == [("de",)]


# --- Checking answers ---------------------------------------------------------------------


def test_skip_logic_drops_answers_to_hidden_questions(world: World, survey: Survey) -> None:
    answers = {"name": "Bank", "garten": "nein", "beete": 7}
    assert "beete" not in check_answers(DEFINITION, answers, "de")
    assert check_answers(DEFINITION, {**answers, "garten": "ja"}, "de")["beete"] == 7
    result = submit(world.db, survey.id, answers, token=new_form_key(), channel=Channel.ONLINE,
                    language="de")  # fmt: skip
    assert [r[0] for r in answer_rows(world.db, result.response_id)] == ["name", "garten"]


def test_hidden_answer_does_not_count_in_a_later_constraint() -> None:
    """Beds asked only with a garden: after "no garden" a stale 7 beds must not make
    "people >= beds" fail (the resident changed page 1 after filling page 2)."""
    answers = {"name": "Bank", "garten": "nein", "beete": 7, "personen": 2}
    assert check_answers(DEFINITION, answers, "de")["personen"] == 2
    assert problems(DEFINITION, {**answers, "garten": "ja"}) == {
        "personen": "Mindestens so viele wie Beete."
    }


def test_required_questions_online_but_not_on_paper() -> None:
    assert problems(DEFINITION, {}) == {
        "name": DE("resident.error_required"),
        "garten": DE("resident.error_required"),
    }
    assert problems(DEFINITION, {"name": "   ", "garten": "ja"}, "en") == {
        "name": EN("resident.error_required")
    }
    assert check_answers(DEFINITION, {}, "de", enforce_required=False) == {}


@pytest.mark.parametrize(
    ("question", "given", "stored"),
    [
        ("kinder", "12", 12),
        ("kinder", " 3 ", 3),
        ("kinder", 0, 0),
        ("stunden", "2,5", 2.5),
        ("stunden", "2.5", 2.5),
        ("stunden", 7, 7.0),
        ("tag", "2026-02-28", "2026-02-28"),
        ("garten", "ja", "ja"),
        ("story", "  Zeile 1\nZeile 2  ", "Zeile 1\nZeile 2"),
    ],
)
def test_valid_answers_in_stored_form(question: str, given: Any, stored: Any) -> None:
    clean = check_answers(DEFINITION, {**MINIMAL, question: given}, "de")
    assert clean[question] == stored and type(clean[question]) is type(stored)


@pytest.mark.parametrize(
    ("question", "given", "key"),
    [
        ("kinder", "zwölf", "resident.error_integer"),
        ("kinder", "2,5", "resident.error_integer"),
        ("stunden", "zwei", "resident.error_decimal"),
        ("stunden", "nan", "resident.error_decimal"),
        ("stunden", "inf", "resident.error_decimal"),
        ("tag", "2026-02-30", "resident.error_date"),
        ("tag", "30.01.2026", "resident.error_date"),
        ("garten", "vielleicht", "resident.error_choice"),
        ("garten", "Ja", "resident.error_choice"),  # a label is not a code
        ("pflanzen", ("rosen", "kakteen"), "resident.error_choice"),
        ("wichtig", ("licht", "licht"), "resident.error_choice"),
        ("laune", "super", "resident.error_choice"),
    ],
)
def test_invalid_answers_are_named_in_the_residents_language(
    question: str, given: Any, key: str
) -> None:
    answers = {**MINIMAL, question: given}
    assert problems(DEFINITION, answers, "de") == {question: DE(key)}
    assert problems(DEFINITION, answers, "en") == {question: EN(key)}
    assert DE(key) != EN(key)


def test_constraint_message_of_the_survey_else_the_catalogue() -> None:
    # The demo survey has its own message in seven languages.
    demo = {"wohnen_seit": "1_5", "zufriedenheit": "3", "kennt_angebote": "nein", "alter": 5}
    assert problems(DEMO, demo, "tr") == {"alter": DEMO.question("alter").constraint_message["tr"]}
    assert problems(DEMO, demo, "de") == {"alter": "Bitte ein Alter zwischen 10 und 110."}
    assert check_answers(DEMO, {**demo, "alter": 10}, "de")["alter"] == 10
    # No message of its own: the catalogue's, in the resident's language.
    assert problems(DEFINITION, {**MINIMAL, "kinder": 21}, "tr") == {
        "kinder": TR("resident.error_constraint")
    }
    assert TR("resident.error_constraint") != DE("resident.error_constraint")
    # A survey message missing in one language: its default language.
    assert problems(DEFINITION, {"name": "x", "garten": "ja", "beete": 3, "personen": 1},
                    "tr") == {"personen": "Mindestens so viele wie Beete."}  # fmt: skip


def test_overlong_text_is_refused_naming_the_limit(world: World, survey: Survey) -> None:
    found = problems(DEFINITION, {**MINIMAL, "story": "x" * 100_000})
    assert found == {"story": DE("resident.error_too_long", limit=MAX_TEXT_ANSWER)}
    assert str(MAX_TEXT_ANSWER) in found["story"]
    with pytest.raises(AnswersInvalid):
        submit(world.db, survey.id, {**MINIMAL, "story": "x" * 100_000}, token=new_form_key(),
               channel=Channel.ONLINE, language="de")  # fmt: skip
    longest = "ä" * MAX_TEXT_ANSWER
    assert check_answers(DEFINITION, {**MINIMAL, "story": longest}, "de")["story"] == longest
    assert rows(world.db, "SELECT count(*) FROM responses") == [(0,)]


def test_markup_and_direction_overrides_are_stored_verbatim(world: World, survey: Survey) -> None:
    text = "<b>x</b> **y** \u202eabc <script>alert(1)</script> =SUM(A1)"
    result = submit(world.db, survey.id, {**MINIMAL, "name": text, "story": text},
                    token=new_form_key(), channel=Channel.ONLINE, language="de")  # fmt: skip
    stored = {q: t for q, _, _, _, t in answer_rows(world.db, result.response_id) if t}
    assert stored == {"name": text, "story": text}


def test_multiple_choice_in_list_order_and_ranking_in_the_residents_order() -> None:
    clean = check_answers(
        DEFINITION,
        {**MINIMAL, "pflanzen": ("efeu", "rosen", "kraeuter"), "wichtig": ("wasser", "licht")},
        "de",
    )
    assert clean["pflanzen"] == ("rosen", "kraeuter", "efeu")
    assert clean["wichtig"] == ("wasser", "licht")
    # XLSForm style: codes separated by spaces.
    assert check_answers(DEFINITION, {**MINIMAL, "pflanzen": "efeu rosen"}, "de")["pflanzen"] == (
        "rosen", "efeu")  # fmt: skip


# --- Drafts ---------------------------------------------------------------------------------


def test_draft_round_trip_keeps_lists_as_tuples(world: World, survey: Survey) -> None:
    key = new_form_key()
    answers = {"name": "Bank", "pflanzen": ("rosen", "efeu"), "wichtig": ("ruhe",), "kinder": 2}
    save_draft(world.db, survey, key, answers, 1)
    draft = load_draft(world.db, key, survey.id)
    assert draft is not None
    assert draft.answers == answers and draft.page == 1 and draft.version == 1
    assert isinstance(draft.answers["pflanzen"], tuple)
    save_draft(world.db, survey, key, {"name": "Anders"}, 0)  # replaces
    again = load_draft(world.db, key, survey.id)
    assert again is not None and again.answers == {"name": "Anders"} and again.page == 0
    assert rows(world.db, "SELECT count(*) FROM survey_drafts") == [(1,)]
    assert load_draft(world.db, key, survey.id + 1) is None  # another survey's form
    discard_draft(world.db, key)
    assert load_draft(world.db, key, survey.id) is None


def test_draft_expires_after_the_configured_hours(
    world: World, survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_at = datetime(2026, 6, 20, 12, 0, tzinfo=UTC)
    key = new_form_key()
    save_draft(world.db, survey, key, {"name": "Bank"}, 0, now=saved_at)
    assert load_draft(world.db, key, survey.id, now=saved_at + timedelta(hours=47)) is not None
    assert load_draft(world.db, key, survey.id, now=saved_at + timedelta(hours=49)) is None
    monkeypatch.setenv("QUARTIER_DRAFT_HOURS", "2")
    assert load_draft(world.db, key, survey.id, now=saved_at + timedelta(hours=1)) is not None
    assert load_draft(world.db, key, survey.id, now=saved_at + timedelta(hours=3)) is None


def test_purge_deletes_only_expired_drafts(
    world: World, survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUARTIER_DRAFT_HOURS", "24")
    now = datetime(2026, 6, 20, 12, 0, tzinfo=UTC)
    old, fresh = new_form_key(), new_form_key()
    save_draft(world.db, survey, old, {"name": "alt"}, 0, now=now - timedelta(hours=25))
    save_draft(world.db, survey, fresh, {"name": "neu"}, 0, now=now - timedelta(hours=23))
    assert purge_expired_drafts(world.db, now=now) == 1
    assert rows(world.db, "SELECT resume_key FROM survey_drafts") == [(fresh,)]
    assert purge_expired_drafts(world.db, now=now) == 0


def test_submit_deletes_the_draft(world: World, survey: Survey) -> None:
    key, other = new_form_key(), new_form_key()
    save_draft(world.db, survey, key, {"name": "Bank"}, 1)
    save_draft(world.db, survey, other, {"name": "Zweite"}, 0)
    submit(world.db, survey.id, MINIMAL, token=key, channel=Channel.ONLINE, language="de")
    assert rows(world.db, "SELECT resume_key FROM survey_drafts") == [(other,)]


@pytest.mark.parametrize("key", ["", "kurz", "../../etc/passwd", "a" * 65, "' OR 1=1 --xxxxxx"])
def test_invalid_resume_keys_are_ignored(world: World, survey: Survey, key: str) -> None:
    assert load_draft(world.db, key, survey.id) is None
    with pytest.raises(ValidationError):
        save_draft(world.db, survey, key, {"name": "x"}, 0)
    assert rows(world.db, "SELECT count(*) FROM survey_drafts") == [(0,)]


def test_draft_of_an_older_version_loads_with_that_versions_questions(
    world: World, survey: Survey
) -> None:
    key = new_form_key()
    save_draft(world.db, survey, key, {"name": "Bank", "weg": "entfernt"}, 0)
    draft = load_draft(world.db, key, survey.id)
    assert draft is not None and draft.answers == {"name": "Bank"}  # unknown names dropped
    assert get_survey(world.db, survey.id).version == draft.version
