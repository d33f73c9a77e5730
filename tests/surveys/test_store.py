"""Surveys in the database: versions, opening and closing, permissions; kiosk PIN."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from quartier.auth.permissions import User
from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.i18n import translator
from quartier.storage import Database
from quartier.surveys import kiosk
from quartier.surveys.model import Page, Question, SurveyDefinition
from quartier.surveys.model import QuestionType as T
from quartier.surveys.responses import Channel, new_form_key, submit
from quartier.surveys.store import (
    SurveyStatus,
    close_survey,
    create_survey,
    definition_of,
    export_xlsform,
    get_survey,
    import_xlsform,
    list_surveys,
    open_survey,
    save_definition,
)
from tests.conftest import SHARED, World

DE = translator("de")
FIXTURE = SHARED / "fixtures" / "xlsform" / "text_and_integer.xlsx"

V1 = SurveyDefinition(
    title={"de": "Spielplatz"},
    default_language="de",
    languages=("de",),
    pages=(Page("", {}, (Question("wunsch", T.TEXT, {"de": "Was wünschen Sie sich?"}),)),),
)
V2 = replace(
    V1,
    pages=(
        Page("", {}, (
            Question("wunsch", T.TEXT, {"de": "Was fehlt Ihnen am meisten?"}),
            Question("alter", T.INTEGER, {"de": "Alter"}),
        )),
    ),
)  # fmt: skip


def rows(db: Database, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with db.read() as cur:
        return cur.execute(sql, params or []).fetchall()


def answer(db: Database, survey_id: int, text: str) -> int:
    return submit(db, survey_id, {"wunsch": text}, token=new_form_key(), channel=Channel.ONLINE,
                  language="de").response_id  # fmt: skip


# --- Creating and listing -------------------------------------------------------------------


def test_create_makes_a_draft_in_its_quartier(world: World) -> None:
    survey = create_survey(world.db, world.coordinator, world.nord.id, V1)
    assert survey.status is SurveyStatus.DRAFT and survey.version == 1
    assert survey.definition == V1 and survey.responses == 0 and not survey.is_accepting()
    assert [s.id for s in list_surveys(world.db, world.nord.id)] == [survey.id]
    assert list_surveys(world.db, world.sued.id) == []
    assert get_survey(world.db, survey.id) == survey


def test_unknown_survey(world: World) -> None:
    with pytest.raises(NotFoundError):
        get_survey(world.db, 999)
    with pytest.raises(NotFoundError):
        definition_of(world.db, 999, 1)


def test_invalid_definition_is_refused_and_nothing_created(world: World) -> None:
    untitled = replace(V1, title={"de": "  "})
    with pytest.raises(ValidationError) as refused:
        create_survey(world.db, world.coordinator, world.nord.id, untitled)
    assert refused.value.key == "errors.survey_title_missing"
    assert rows(world.db, "SELECT count(*) FROM surveys") == [(0,)]


# --- Versions --------------------------------------------------------------------------------


def test_saving_a_survey_without_responses_replaces_its_version(world: World) -> None:
    survey = create_survey(world.db, world.coordinator, world.nord.id, V1)
    assert definition_of(world.db, survey.id, 1) == V1  # now cached
    saved = save_definition(world.db, world.coordinator, survey.id, V2)
    assert saved.version == 1 and saved.definition == V2
    assert definition_of(world.db, survey.id, 1) == V2  # the cache forgot the old text
    assert rows(world.db, "SELECT version FROM survey_versions WHERE survey_id = ?",
                [survey.id]) == [(1,)]  # fmt: skip


def test_saving_a_survey_with_responses_creates_a_new_version(world: World) -> None:
    survey = create_survey(world.db, world.coordinator, world.nord.id, V1)
    open_survey(world.db, world.coordinator, survey.id)
    first = answer(world.db, survey.id, "Schaukel")
    saved = save_definition(world.db, world.coordinator, survey.id, V2)
    assert saved.version == 2 and saved.definition == V2 and saved.status is SurveyStatus.OPEN
    assert definition_of(world.db, survey.id, 1) == V1
    assert definition_of(world.db, survey.id, 2) == V2
    second = submit(world.db, survey.id, {"wunsch": "Bänke", "alter": "40"},
                    token=new_form_key(), channel=Channel.ONLINE, language="de")  # fmt: skip
    assert rows(world.db, "SELECT id, version FROM responses ORDER BY id") == [
        (first, 1),
        (second.response_id, 2),
    ]
    # Editing version 2 again (it has a response now) makes version 3; 1 stays.
    v3 = replace(V2, title={"de": "Spielplatz 2027"})
    assert save_definition(world.db, world.coordinator, survey.id, v3).version == 3
    assert definition_of(world.db, survey.id, 1) == V1
    assert get_survey(world.db, survey.id).responses == 2


def test_saving_an_invalid_definition_changes_nothing(world: World) -> None:
    survey = create_survey(world.db, world.coordinator, world.nord.id, V1)
    broken = replace(V1, default_language="en")
    with pytest.raises(ValidationError):
        save_definition(world.db, world.coordinator, survey.id, broken)
    assert get_survey(world.db, survey.id).definition == V1


# --- Opening and closing ------------------------------------------------------------------


def test_open_and_close(world: World) -> None:
    survey = create_survey(world.db, world.coordinator, world.nord.id, V1)
    opened = open_survey(world.db, world.coordinator, survey.id)
    assert opened.status is SurveyStatus.OPEN and opened.is_accepting()
    closed = close_survey(world.db, world.coordinator, survey.id)
    assert closed.status is SurveyStatus.CLOSED and not closed.is_accepting()
    reopened = open_survey(world.db, world.coordinator, survey.id)
    assert reopened.is_accepting()


def test_open_for_a_period(world: World) -> None:
    survey = create_survey(world.db, world.coordinator, world.nord.id, V1)
    start = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    end = datetime(2026, 6, 30, 22, 0, tzinfo=UTC)
    opened = open_survey(world.db, world.coordinator, survey.id, start, end, now=start)
    assert opened.opens_at == start and opened.closes_at == end
    assert not opened.is_accepting(start - timedelta(seconds=1))
    assert opened.is_accepting(start) and opened.is_accepting(end - timedelta(seconds=1))
    assert not opened.is_accepting(end)
    only_until = open_survey(world.db, world.coordinator, survey.id, None, end, now=start)
    assert only_until.opens_at is None and only_until.is_accepting(start - timedelta(days=99))


@pytest.mark.parametrize("length", [timedelta(0), timedelta(hours=-1)])
def test_period_must_end_after_it_begins(world: World, length: timedelta) -> None:
    survey = create_survey(world.db, world.coordinator, world.nord.id, V1)
    start = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as refused:
        open_survey(world.db, world.coordinator, survey.id, start, start + length,
                    now=start - timedelta(days=1))  # fmt: skip
    assert str(refused.value) == DE("errors.survey_period")
    assert "Das Ende muss nach dem Beginn liegen" in str(refused.value)
    assert get_survey(world.db, survey.id).status is SurveyStatus.DRAFT


def test_period_that_has_ended_already_is_refused(world: World) -> None:
    """Else the survey would be "open" and still turn every resident away."""
    survey = create_survey(world.db, world.coordinator, world.nord.id, V1)
    now = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    for opens_at in (None, now - timedelta(days=10)):
        with pytest.raises(ValidationError) as refused:
            open_survey(world.db, world.coordinator, survey.id, opens_at, now, now=now)
        assert str(refused.value) == DE("errors.survey_closes_in_past")
        assert "in der Vergangenheit" in str(refused.value)
    assert get_survey(world.db, survey.id).status is SurveyStatus.DRAFT
    later = open_survey(world.db, world.coordinator, survey.id, None, now + timedelta(minutes=1),
                        now=now)  # fmt: skip
    assert later.is_accepting(now)


# --- Who may ------------------------------------------------------------------------------------


def _actions(world: World, survey_id: int) -> dict[str, Any]:
    return {
        "create": lambda u: create_survey(world.db, u, world.nord.id, V1),
        "save": lambda u: save_definition(world.db, u, survey_id, V2),
        "open": lambda u: open_survey(world.db, u, survey_id),
        "close": lambda u: close_survey(world.db, u, survey_id),
        "import": lambda u: import_xlsform(world.db, u, world.nord.id, FIXTURE),
        "export": lambda u: export_xlsform(world.db, u, survey_id),
    }


@pytest.mark.parametrize("action", ["create", "save", "open", "close", "import", "export"])
@pytest.mark.parametrize("who", ["member", "coordinator_sued"])
def test_only_the_quartiers_coordination_manages_its_surveys(
    world: World, who: str, action: str
) -> None:
    survey = create_survey(world.db, world.coordinator, world.nord.id, V1)
    user: User = getattr(world, who)
    before = rows(world.db, "SELECT * FROM surveys ORDER BY id")
    versions = rows(world.db, "SELECT * FROM survey_versions ORDER BY survey_id, version")
    with pytest.raises(PermissionDenied) as refused:
        _actions(world, survey.id)[action](user)
    assert str(refused.value) == DE("errors.not_allowed")
    assert rows(world.db, "SELECT * FROM surveys ORDER BY id") == before
    assert rows(world.db, "SELECT * FROM survey_versions ORDER BY survey_id, version") == versions


@pytest.mark.parametrize("action", ["create", "save", "open", "close", "import", "export"])
@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_coordination_and_admin_may(world: World, who: str, action: str) -> None:
    survey = create_survey(world.db, world.coordinator, world.nord.id, V1)
    assert _actions(world, survey.id)[action](getattr(world, who)) is not None


def test_import_can_open_at_once(world: World) -> None:
    imported = import_xlsform(world.db, world.coordinator, world.nord.id, FIXTURE, open_now=True)
    assert imported.status is SurveyStatus.OPEN and imported.quartier_id == world.nord.id
    draft = import_xlsform(world.db, world.coordinator, world.nord.id, FIXTURE.read_bytes())
    assert draft.status is SurveyStatus.DRAFT
    assert draft.definition.pages == imported.definition.pages
    assert imported.title("de") == "text_and_integer"  # a file's name stands in for no title


# --- Kiosk PIN and idle rule ----------------------------------------------------------------


@pytest.mark.parametrize("pin", ["2468", "12345678", "0000"])
def test_pin_rule_accepts_four_to_eight_digits(pin: str) -> None:
    assert kiosk.check_pin_rule(pin) == pin


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "12 34", "١٢٣٤", "²²²²"])
def test_pin_rule_refuses_everything_else(pin: str) -> None:
    with pytest.raises(ValidationError) as refused:
        kiosk.check_pin_rule(pin)
    assert str(refused.value) == "Die Kiosk-PIN muss aus 4 bis 8 Ziffern bestehen."


def test_kiosk_pin_set_by_coordination_and_checked(world: World) -> None:
    assert not kiosk.has_kiosk_pin(world.db, world.nord.id)
    assert not kiosk.pin_matches(world.db, world.nord.id, "")  # none set: nothing matches
    assert not kiosk.pin_matches(world.db, world.nord.id, "2468")
    kiosk.set_kiosk_pin(world.db, world.coordinator, world.nord.id, "2468")
    assert kiosk.has_kiosk_pin(world.db, world.nord.id)
    assert kiosk.pin_matches(world.db, world.nord.id, "2468")
    assert kiosk.pin_matches(world.db, world.nord.id, " 2468 ")
    assert not kiosk.pin_matches(world.db, world.nord.id, "2469")
    assert not kiosk.pin_matches(world.db, world.sued.id, "2468")  # per Quartier
    [(stored,)] = rows(world.db, "SELECT pin_hash FROM kiosk_pins")
    assert "2468" not in stored and stored.startswith("$argon2")
    kiosk.set_kiosk_pin(world.db, world.admin, world.nord.id, "97531")  # replaces
    assert kiosk.pin_matches(world.db, world.nord.id, "97531")
    assert not kiosk.pin_matches(world.db, world.nord.id, "2468")


@pytest.mark.parametrize("who", ["member", "coordinator_sued"])
def test_kiosk_pin_only_by_the_quartiers_coordination(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        kiosk.set_kiosk_pin(world.db, getattr(world, who), world.nord.id, "2468")
    assert not kiosk.has_kiosk_pin(world.db, world.nord.id)


def test_bad_pin_is_refused_and_the_old_one_kept(world: World) -> None:
    kiosk.set_kiosk_pin(world.db, world.coordinator, world.nord.id, "2468")
    with pytest.raises(ValidationError):
        kiosk.set_kiosk_pin(world.db, world.coordinator, world.nord.id, "12")
    assert kiosk.pin_matches(world.db, world.nord.id, "2468")


def test_idle_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    start = datetime(2026, 6, 20, 15, 0, tzinfo=UTC)
    limit = kiosk.idle_limit()
    assert limit == timedelta(minutes=3)  # the default
    assert not kiosk.is_idle(start, start + limit - timedelta(seconds=1), limit)
    assert kiosk.is_idle(start, start + limit, limit)
    assert not kiosk.is_idle(start, start - timedelta(minutes=10), limit)  # clock went back
    monkeypatch.setenv("QUARTIER_KIOSK_IDLE_MINUTES", "10")
    assert kiosk.idle_limit() == timedelta(minutes=10)
    monkeypatch.setenv("QUARTIER_KIOSK_IDLE_MINUTES", "0")
    assert kiosk.idle_limit() == timedelta(minutes=1)  # never "at once"
