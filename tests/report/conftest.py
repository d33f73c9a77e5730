"""A Quartier with one year of everything the report shows, built through the domain's
own functions: events with attendance, an offering with sessions, a finished measure,
population shares, actors and ties, an idea with its author's name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from quartier.events import (
    EventDraft,
    EventType,
    OfferingDraft,
    OfferingKind,
    create_offering,
    log_session,
    plan_event,
    record_attendance,
    set_population_shares,
)
from quartier.i18n import berlin_today
from quartier.ideas.submission import submit_idea
from quartier.measures.actions import create_measure, set_measure_status
from quartier.measures.model import MeasureStatus
from quartier.network.actions import create_actor, create_tie
from quartier.network.model import ActorDraft, ActorType, TieDraft, TieType
from tests.conftest import World

SCRIPT_TITLE = "<script>alert('x')</script> Spieleabend"
FORMULA_TITLE = '=HYPERLINK("http://example.com","klick")'
AUTHOR = "Erika Mustermann"
CONTACT = "erika@example.com"


@dataclass(frozen=True)
class ReportWorld:
    world: World
    year: int


@pytest.fixture(autouse=True)
def _no_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Charts are drawn only where a test asks for Chromium (it takes seconds)."""
    monkeypatch.setenv("QUARTIER_CHROMIUM", str(tmp_path / "kein-chromium"))


def build_report_world(world: World) -> ReportWorld:
    db, user, q = world.db, world.coordinator, world.nord.id
    year = berlin_today().year - 1
    fest = plan_event(db, user, q, EventDraft(
        "Internationales Kinderfest", date(year, 6, 14), EventType.FEST, place="Lindenplatz",
        languages=("de", "tr", "ar")))  # fmt: skip
    record_attendance(db, user, fest.id, 240, by_language={"de": 120, "tr": 70, "ar": 30})
    evening = plan_event(db, user, q, EventDraft(SCRIPT_TITLE, date(year, 9, 10), EventType.INFO,
                                                 place="Café <b>Linde</b>"))  # fmt: skip
    record_attendance(db, user, evening.id, 35)
    plan_event(db, user, q, EventDraft(FORMULA_TITLE, date(year, 11, 5), EventType.KURS))
    old = plan_event(db, user, q, EventDraft("Vorjahresfest", date(year - 1, 6, 1), EventType.FEST))
    record_attendance(db, user, old.id, 99)
    offering = create_offering(db, user, q, OfferingDraft(
        "Sozialberatung im Büro", OfferingKind.SOZIALBERATUNG, languages=("de", "tr")))  # fmt: skip
    for day, people in ((date(year, 2, 3), 4), (date(year, 5, 6), 6), (date(year, 10, 7), 5),
                        (date(year - 1, 10, 7), 50)):  # fmt: skip
        log_session(db, user, offering.id, day, people, ("de",))
    set_population_shares(db, user, q, {"de": 60, "tr": 30, "andere": 10},
                          "Stadt Musterstadt, Statistikstelle", year - 1)  # fmt: skip
    measure = create_measure(db, user, q, "Bänke am Lindenplatz", responsible="Frau Beispiel",
                             starts_on=date(year, 3, 1), ends_on=date(year, 8, 31))  # fmt: skip
    set_measure_status(db, user, measure.id, MeasureStatus.ACTIVE)
    set_measure_status(db, user, measure.id, MeasureStatus.DONE)
    kita_draft = ActorDraft("Kita Sonnenschein", ActorType.KITA, contact_role="Leitung",
                            notes="vertraulich")  # fmt: skip
    kita = create_actor(db, user, q, kita_draft)
    school = create_actor(db, user, q, ActorDraft("Grundschule am Park", ActorType.SCHOOL))
    create_actor(db, user, q, ActorDraft("Moscheegemeinde", ActorType.MOSQUE))
    create_tie(db, user, q, TieDraft(kita.id, school.id, TieType.COOPERATION,
                                     starts_on=date(year, 4, 1), notes="geheim"))  # fmt: skip
    submit_idea(db, q, "Mehr Bänke", "Am Platz", language="de", author_name=AUTHOR,
                author_contact=CONTACT, consent=True)  # fmt: skip
    return ReportWorld(world, year)


@pytest.fixture
def report_world(world: World) -> ReportWorld:
    return build_report_world(world)
