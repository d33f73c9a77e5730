"""Status transitions of a measure, table-driven, and the rules that guard them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from quartier.errors import ValidationError
from quartier.i18n import catalogue_keys
from quartier.measures import (
    MeasureStatus,
    add_milestone,
    check_transition,
    complete_milestone,
    create_measure,
    get_measure,
    next_statuses,
    set_measure_status,
)
from tests.measures.conftest import Nord, snapshot

P, A, D, C = (
    MeasureStatus.PLANNED,
    MeasureStatus.ACTIVE,
    MeasureStatus.DONE,
    MeasureStatus.CANCELLED,
)
# How to reach each status from "geplant".
PATH_TO = {P: (), A: (A,), D: (A, D), C: (C,)}
# (from, to): allowed — every pair of different statuses, written out.
MOVES = {
    (P, A): True, (P, D): False, (P, C): True,
    (A, P): True, (A, D): True, (A, C): True,
    (D, P): False, (D, A): True, (D, C): False,
    (C, P): True, (C, A): False, (C, D): False,
}  # fmt: skip
YESTERDAY = date.today() - timedelta(days=1)


def test_the_table_covers_every_move() -> None:
    assert len(MOVES) == 4 * 3
    assert {s: set(next_statuses(s)) for s in MeasureStatus} == {
        s: {t for (f, t), ok in MOVES.items() if f == s and ok} for s in MeasureStatus
    }


@pytest.mark.parametrize(("current", "target"), [m for m, ok in MOVES.items() if ok])
def test_allowed_moves(nord: Nord, current: MeasureStatus, target: MeasureStatus) -> None:
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Bank", idea_id=nord.idea_id)
    for step in PATH_TO[current]:
        set_measure_status(nord.db, w.coordinator, measure.id, step)
    moved = set_measure_status(nord.db, w.coordinator, measure.id, target)
    assert moved.status is target
    assert get_measure(nord.db, measure.id) == moved


@pytest.mark.parametrize(("current", "target"), [m for m, ok in MOVES.items() if not ok])
def test_refused_moves_name_the_current_status(
    nord: Nord, current: MeasureStatus, target: MeasureStatus
) -> None:
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Bank", idea_id=nord.idea_id)
    for step in PATH_TO[current]:
        set_measure_status(nord.db, w.coordinator, measure.id, step)
    before = snapshot(nord.db)
    with pytest.raises(ValidationError) as refused:
        set_measure_status(nord.db, w.coordinator, measure.id, target)
    assert refused.value.key == f"errors.measure_status_from_{current.value}"
    assert refused.value.field == "status"
    german = {P: "geplant", A: "in Umsetzung", D: "umgesetzt", C: "abgebrochen"}
    assert refused.value.message.startswith(f"Die Maßnahme ist {german[current]} ")
    assert f"„{german[target]}“" in refused.value.message
    assert snapshot(nord.db) == before


def test_every_refusal_message_exists_in_german_and_english() -> None:
    for language in ("de", "en"):
        keys = catalogue_keys(language)
        assert [
            s for s in MeasureStatus if f"errors.measure_status_from_{s.value}" not in keys
        ] == []
        assert [s for s in MeasureStatus if f"measure.status.{s.value}" not in keys] == []
    for language in ("de", "en", "tr", "ar", "ru", "uk", "pl"):
        keys = catalogue_keys(language)
        missing = [s for s in MeasureStatus if not keys.get(f"resident.measure.status.{s.value}")]
        assert missing == [], language


def test_setting_the_same_status_again_changes_nothing(nord: Nord) -> None:
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Bank")
    for status in (P, A, A, D, D):
        assert set_measure_status(nord.db, w.coordinator, measure.id, status).status is status
    check_transition(C, C)


def test_done_needs_every_milestone_done(nord: Nord) -> None:
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Bank")
    set_measure_status(nord.db, w.coordinator, measure.id, A)
    for title, day in (("Aufstellen", 20), ("Angebote einholen", 1), ("Bänke bestellen", 10)):
        stored = add_milestone(nord.db, w.coordinator, measure.id, title, date(2026, 5, day))
    first = stored.milestones[0]  # by due date
    assert first.title == "Angebote einholen"
    complete_milestone(nord.db, w.coordinator, first.id, YESTERDAY)
    before = snapshot(nord.db)
    with pytest.raises(ValidationError) as refused:
        set_measure_status(nord.db, w.coordinator, measure.id, D)
    assert refused.value.key == "errors.measure_open_milestones"
    assert refused.value.message.startswith("Erst alle Meilensteine abschließen")
    assert "Noch offen (2): Bänke bestellen; Aufstellen." in refused.value.message
    assert snapshot(nord.db) == before
    for milestone in get_measure(nord.db, measure.id).milestones:
        complete_milestone(nord.db, w.coordinator, milestone.id, YESTERDAY)
    done = set_measure_status(nord.db, w.coordinator, measure.id, D)
    assert (done.status, done.progress) == (D, 1.0)


def test_the_list_of_open_milestones_is_cut_after_five(nord: Nord) -> None:
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Bank")
    set_measure_status(nord.db, w.coordinator, measure.id, A)
    for n in range(7):
        add_milestone(nord.db, w.coordinator, measure.id, f"Schritt {n}", date(2026, 5, 1 + n))
    with pytest.raises(ValidationError) as refused:
        set_measure_status(nord.db, w.coordinator, measure.id, D)
    assert refused.value.params == {
        "count": 7,
        "open": "Schritt 0; Schritt 1; Schritt 2; Schritt 3; Schritt 4 …",
    }


def test_a_cancelled_measure_cannot_come_back_next_to_a_newer_one(nord: Nord) -> None:
    w = nord.world
    old = create_measure(nord.db, w.coordinator, w.nord.id, "Bänke", idea_id=nord.idea_id)
    set_measure_status(nord.db, w.coordinator, old.id, C)
    new = create_measure(nord.db, w.coordinator, w.nord.id, "Bänke neu", idea_id=nord.idea_id)
    before = snapshot(nord.db)
    with pytest.raises(ValidationError) as refused:
        set_measure_status(nord.db, w.coordinator, old.id, P)
    assert refused.value.key == "errors.measure_idea_taken"
    assert "„Bänke neu“" in refused.value.message
    assert snapshot(nord.db) == before
    # Cancel the newer one and the old one may be resumed.
    set_measure_status(nord.db, w.coordinator, new.id, C)
    assert set_measure_status(nord.db, w.coordinator, old.id, P).status is P


def test_status_accepts_the_stored_value(nord: Nord) -> None:
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Bank")
    moved = set_measure_status(nord.db, w.coordinator, measure.id, MeasureStatus("in_umsetzung"))
    assert moved.status is A
