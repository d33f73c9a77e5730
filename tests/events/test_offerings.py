"""Offerings and their session log."""

from __future__ import annotations

from datetime import date

import pytest

from quartier.errors import NotFoundError, ValidationError
from quartier.events import (
    NeedsConfirmation,
    OfferingDraft,
    OfferingKind,
    create_offering,
    delete_session,
    get_offering,
    list_offerings,
    list_sessions,
    log_session,
    update_offering,
)
from quartier.events.model import MAX_PEOPLE, PLAUSIBLE_SESSION
from tests.events.helpers import TODAY, counts

TOKEN = "f" * 32


@pytest.fixture
def beratung(world):
    draft = OfferingDraft(
        " Sozialberatung ",
        OfferingKind.SOZIALBERATUNG,
        "Quartiersbüro",
        "dienstags 10–12 Uhr",
        "Caritas",
        ("tr", "de", "ar"),
    )
    return create_offering(world.db, world.coordinator, world.nord.id, draft)


def test_create_update_and_list_offerings(world, beratung):
    assert beratung.title == "Sozialberatung" and beratung.languages == ("de", "tr", "ar")
    assert get_offering(world.db, beratung.id) == beratung
    kurs = create_offering(
        world.db,
        world.coordinator,
        world.nord.id,
        OfferingDraft("Deutschkurs", OfferingKind.SPRACHKURS),
    )
    changed = update_offering(
        world.db,
        world.coordinator,
        kurs.id,
        OfferingDraft(
            "Deutschkurs A2", OfferingKind.SPRACHKURS, languages=("de", "uk"), is_active=False
        ),
    )
    assert changed.languages == ("de", "uk") and not changed.is_active
    assert [o.title for o in list_offerings(world.db, world.nord.id)] == [
        "Deutschkurs A2",
        "Sozialberatung",
    ]
    assert [o.title for o in list_offerings(world.db, world.nord.id, active_only=True)] == [
        "Sozialberatung"
    ]
    assert list_offerings(world.db, world.sued.id) == []


def test_update_offering_replaces_languages_and_keeps_sessions(world, beratung):
    log_session(world.db, world.coordinator, beratung.id, TODAY, 5, today=TODAY)
    update_offering(
        world.db,
        world.coordinator,
        beratung.id,
        OfferingDraft("Beratung", OfferingKind.SOZIALBERATUNG, languages=("ru",)),
    )
    assert get_offering(world.db, beratung.id).languages == ("ru",)
    assert len(list_sessions(world.db, world.nord.id)) == 1


@pytest.mark.parametrize(
    ("draft", "key", "field"),
    [
        (OfferingDraft(" ", OfferingKind.SPRACHKURS), "errors.offering_title_missing", "title"),
        (OfferingDraft("K", "yoga"), "errors.offering_kind_unknown", "kind"),  # type: ignore[arg-type]
        (
            OfferingDraft("K", OfferingKind.SPRACHKURS, schedule="s" * 121),
            "errors.text_too_long",
            "schedule",
        ),
        (
            OfferingDraft("K", OfferingKind.SPRACHKURS, languages=("xx",)),
            "errors.language_unknown",
            "languages",
        ),
    ],
)
def test_bad_offerings_are_refused(world, draft, key, field):
    before = counts(world.db)
    with pytest.raises(ValidationError) as err:
        create_offering(world.db, world.coordinator, world.nord.id, draft)
    assert (err.value.key, err.value.field) == (key, field)
    assert counts(world.db) == before


def test_log_and_list_sessions(world, beratung):
    db, c = world.db, world.coordinator
    first = log_session(
        db, c, beratung.id, date(2026, 11, 3), 7, ["ar", "de"], " Viele Briefe ", today=TODAY
    )
    assert (first.people, first.languages, first.note) == (7, ("de", "ar"), "Viele Briefe")
    second = log_session(db, c, beratung.id, date(2026, 11, 10), 9, today=TODAY)
    third = log_session(db, c, beratung.id, date(2026, 10, 27), 4, today=TODAY)
    assert list_sessions(db, world.nord.id) == [second, first, third]
    assert list_sessions(db, world.nord.id, limit=1) == [second]
    assert list_sessions(db, world.nord.id, start=date(2026, 11, 1), end=date(2026, 11, 10)) == [
        first
    ]
    assert list_sessions(db, world.nord.id, offering_id=beratung.id + 100) == []
    assert list_sessions(db, world.sued.id) == []


def test_double_submit_with_the_same_token_stores_one_session(world, beratung):
    db, c = world.db, world.coordinator
    first = log_session(db, c, beratung.id, TODAY, 6, ["de"], token=TOKEN, today=TODAY)
    again = log_session(db, c, beratung.id, TODAY, 6, ["de"], token=TOKEN, today=TODAY)
    assert again == first
    assert len(list_sessions(db, world.nord.id)) == 1
    other = create_offering(db, c, world.nord.id, OfferingDraft("Kurs", OfferingKind.SPRACHKURS))
    with pytest.raises(ValidationError) as err:
        log_session(db, c, other.id, TODAY, 6, token=TOKEN, today=TODAY)
    assert err.value.key == "errors.session_token_reused"
    with pytest.raises(ValidationError):
        log_session(db, c, beratung.id, TODAY, 6, token="kurz", today=TODAY)
    assert len(list_sessions(db, world.nord.id)) == 1


@pytest.mark.parametrize(
    ("held_on", "people", "languages", "note", "key", "field"),
    [
        (date(2026, 11, 22), 5, (), "", "errors.session_in_future", "held_on"),
        (TODAY, -1, (), "", "errors.count_negative", "people"),
        (TODAY, MAX_PEOPLE + 1, (), "", "errors.count_too_large", "people"),
        (TODAY, 5, ("de", "xx"), "", "errors.language_unknown", "languages"),
        (TODAY, 5, (), "n" * 201, "errors.text_too_long", "note"),
    ],
)
def test_bad_sessions_are_refused(world, beratung, held_on, people, languages, note, key, field):
    before = counts(world.db)
    with pytest.raises(ValidationError) as err:
        log_session(
            world.db,
            world.coordinator,
            beratung.id,
            held_on,
            people,
            languages,
            note,
            token=TOKEN,
            today=TODAY,
        )
    assert (err.value.key, err.value.field) == (key, field)
    assert counts(world.db) == before


def test_implausible_session_needs_confirmation(world, beratung):
    many = PLAUSIBLE_SESSION + 1
    with pytest.raises(NeedsConfirmation) as err:
        log_session(world.db, world.coordinator, beratung.id, TODAY, many, token=TOKEN, today=TODAY)
    assert err.value.field == "people" and str(many) in err.value.message
    assert "Sozialberatung" in err.value.message
    assert list_sessions(world.db, world.nord.id) == []
    stored = log_session(
        world.db,
        world.coordinator,
        beratung.id,
        TODAY,
        many,
        token=TOKEN,
        confirmed=True,
        today=TODAY,
    )
    assert stored.people == many


def test_delete_session(world, beratung):
    session = log_session(
        world.db, world.coordinator, beratung.id, TODAY, 5, ["de", "tr"], today=TODAY
    )
    keep = log_session(world.db, world.coordinator, beratung.id, TODAY, 3, ["ar"], today=TODAY)
    delete_session(world.db, world.coordinator, session.id)
    assert list_sessions(world.db, world.nord.id) == [keep]
    assert counts(world.db)["offering_session_languages"] == 1
    with pytest.raises(NotFoundError):
        delete_session(world.db, world.coordinator, session.id)


def test_unknown_offering(world):
    with pytest.raises(NotFoundError):
        get_offering(world.db, 999)
    with pytest.raises(NotFoundError):
        log_session(world.db, world.coordinator, 999, TODAY, 5, today=TODAY)
