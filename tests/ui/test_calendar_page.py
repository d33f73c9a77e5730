"""Veranstaltungskalender: everyone sees a Quartier's upcoming public events, by month, in
the resident languages; private and past events stay off it."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from babel.dates import format_date
from streamlit.testing.v1 import AppTest

from quartier.auth import User
from quartier.events import plan_event
from quartier.events.model import Event, EventDraft, EventType
from quartier.i18n import translator
from tests.conftest import World
from tests.ui.conftest import DE, EN, AppFactory, errors, titles, user_of, values, visible_texts
from tests.ui.test_events_page import today

PAGE = "pages/calendar.py"


def event(world: World, title: str, day: date, **kw: object) -> Event:
    draft = EventDraft(title, day, **kw)  # type: ignore[arg-type]
    return plan_event(world.db, world.coordinator, world.nord.id, draft)


def open_calendar(app_as: AppFactory, user: User | None, lang: str | None = None,
                  slug: str = "nord") -> AppTest:  # fmt: skip
    """The calendar as a link opens it: ``?q=SLUG&lang=CODE``."""
    at = app_as(user, lang=lang)
    at.query_params.clear()
    at.query_params.update({"q": slug, **({"lang": lang} if lang else {})})
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """What the page shows, with the Markdown escapes taken out."""
    return "\n".join(visible_texts(at)).replace("\\", "")


@pytest.fixture
def planned(app_world: World) -> World:
    soon = today() + timedelta(days=5)
    event(app_world, "Kinderfest", soon, event_type=EventType.FEST, starts_at=time(15),
          ends_at=time(18), place="Lindenpark", languages=("de", "ar"))  # fmt: skip
    event(app_world, "AG Grün intern", soon, event_type=EventType.AG_SITZUNG, is_public=False)
    event(app_world, "Altes Fest", today() - timedelta(days=5), event_type=EventType.FEST)
    return app_world


@pytest.mark.parametrize("role", ["anonymous", "member", "coordinator", "admin"])
def test_everyone_sees_the_upcoming_public_events(
    planned: World, app_as: AppFactory, role: str
) -> None:
    at = open_calendar(app_as, user_of(planned, role))

    assert titles(at)[0] == DE("resident.calendar.title")
    assert errors(at) == []
    shown = texts(at)
    assert "Kinderfest" in shown
    assert "Lindenpark" in shown
    assert DE("resident.event_type.fest") in shown
    assert "Deutsch, Arabisch" in shown
    assert "15:00 – 18:00" in shown
    assert "AG Grün intern" not in shown  # not public
    assert "Altes Fest" not in shown  # past
    month = format_date(today() + timedelta(days=5), "LLLL y", locale="de_DE")
    assert month in values(at.subheader)


def test_another_quartier_shows_its_own_calendar(planned: World, app_as: AppFactory) -> None:
    at = open_calendar(app_as, None, slug="sued")

    assert "Kinderfest" not in texts(at)
    assert values(at.info) == [DE("resident.calendar.none")]


def test_the_calendar_is_english(planned: World, app_as: AppFactory) -> None:
    at = open_calendar(app_as, None, lang="en")

    assert titles(at)[0] == EN("resident.calendar.title")
    shown = texts(at)
    assert EN("resident.event_type.fest") in shown
    assert "German, Arabic" in shown
    assert DE("resident.event_type.fest") not in visible_texts(at)


def test_the_calendar_is_arabic_and_right_to_left(planned: World, app_as: AppFactory) -> None:
    at = open_calendar(app_as, None, lang="ar")
    ar = translator("ar")

    assert titles(at)[0] == ar("resident.calendar.title")
    shown = texts(at)
    assert ar("resident.event_type.fest") in shown
    assert ar("resident.calendar.place", place="Lindenpark") in shown
    assert any("direction: rtl" in str(h.proto.body) for h in at.get("html"))


def test_an_empty_calendar_says_so(app_world: World, app_as: AppFactory) -> None:
    at = open_calendar(app_as, None)

    assert values(at.info) == [DE("resident.calendar.none")]
