"""Milestones and the progress derived from them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartier.errors import NotFoundError, ValidationError
from quartier.measures import (
    Measure,
    MeasureStatus,
    Milestone,
    add_milestone,
    complete_milestone,
    create_measure,
    get_measure,
    measure_of_idea,
    remove_milestone,
    set_measure_status,
    share_done,
)
from tests.conftest import World
from tests.measures.conftest import Nord, snapshot

TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


def test_add_complete_reopen_remove(nord: Nord) -> None:
    w = nord.world
    db, user = nord.db, w.coordinator
    measure = create_measure(db, user, w.nord.id, "Bank", idea_id=nord.idea_id)
    measure = add_milestone(db, user, measure.id, "  Bänke\n bestellen ", date(2026, 5, 10))
    measure = add_milestone(db, user, measure.id, "Angebote einholen", date(2026, 4, 1))
    assert [(m.title, m.due_on, m.done_on) for m in measure.milestones] == [
        ("Angebote einholen", date(2026, 4, 1), None),
        ("Bänke bestellen", date(2026, 5, 10), None),
    ]
    assert measure.progress == 0.0
    offers, order = measure.milestones
    measure = complete_milestone(db, user, offers.id, YESTERDAY)
    assert measure.milestones[0] == Milestone(offers.id, measure.id, offers.title, offers.due_on,
                                              YESTERDAY)  # fmt: skip
    assert measure.progress == 0.5
    assert measure_of_idea(db, nord.idea_id) is not None
    view = measure_of_idea(db, nord.idea_id)
    assert view is not None and view.progress == 0.5
    assert view.milestones == (
        ("Angebote einholen", date(2026, 4, 1), True),
        ("Bänke bestellen", date(2026, 5, 10), False),
    )
    assert complete_milestone(db, user, order.id, TODAY).progress == 1.0
    assert complete_milestone(db, user, order.id, None).progress == 0.5  # reopened
    measure = remove_milestone(db, user, order.id)
    assert [m.title for m in measure.milestones] == ["Angebote einholen"]
    assert measure.progress == 1.0
    assert get_measure(db, measure.id) == measure


@pytest.mark.parametrize(
    ("title", "due_on", "key"),
    [
        ("", date(2026, 5, 1), "errors.milestone_title_missing"),
        ("  \n ", date(2026, 5, 1), "errors.milestone_title_missing"),
        ("m" * 121, date(2026, 5, 1), "errors.text_too_long"),
        ("Aufstellen", None, "errors.milestone_due_missing"),
    ],
)
def test_bad_milestones_are_refused(nord: Nord, title: str, due_on: date, key: str) -> None:
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Bank")
    before = snapshot(nord.db)
    with pytest.raises(ValidationError) as refused:
        add_milestone(nord.db, w.coordinator, measure.id, title, due_on)
    assert refused.value.key == key
    assert snapshot(nord.db) == before


def test_a_long_milestone_title_names_the_field(nord: Nord) -> None:
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Bank")
    with pytest.raises(ValidationError) as refused:
        add_milestone(nord.db, w.coordinator, measure.id, "m" * 130, TODAY)
    assert refused.value.message.startswith("„Titel des Meilensteins“ ist 130 Zeichen lang")
    assert len(add_milestone(nord.db, w.coordinator, measure.id, "m" * 120, TODAY).milestones) == 1


def test_done_cannot_be_in_the_future(nord: Nord) -> None:
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Bank")
    milestone = add_milestone(nord.db, w.coordinator, measure.id, "Aufstellen", TODAY).milestones[0]
    before = snapshot(nord.db)
    with pytest.raises(ValidationError) as refused:
        complete_milestone(nord.db, w.coordinator, milestone.id, TODAY + timedelta(days=2))
    assert refused.value.key == "errors.milestone_done_in_future"
    assert "in der Zukunft" in refused.value.message
    assert snapshot(nord.db) == before


def test_a_done_measure_gets_no_open_milestone(nord: Nord) -> None:
    w = nord.world
    db, user = nord.db, w.coordinator
    measure = create_measure(db, user, w.nord.id, "Bank")
    set_measure_status(db, user, measure.id, MeasureStatus.ACTIVE)
    milestone = add_milestone(db, user, measure.id, "Aufstellen", TODAY).milestones[0]
    complete_milestone(db, user, milestone.id, YESTERDAY)
    set_measure_status(db, user, measure.id, MeasureStatus.DONE)
    before = snapshot(db)
    for attempt in (
        lambda: add_milestone(db, user, measure.id, "Nachtrag", TODAY),
        lambda: complete_milestone(db, user, milestone.id, None),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.key == "errors.milestone_measure_done"
        assert "wieder auf „in Umsetzung“" in refused.value.message
        assert snapshot(db) == before
    # Correcting the date of a done milestone keeps it done and is fine.
    assert complete_milestone(db, user, milestone.id, TODAY).milestones[0].done_on == TODAY
    # Reopening the measure makes room for more work.
    set_measure_status(db, user, measure.id, MeasureStatus.ACTIVE)
    assert add_milestone(db, user, measure.id, "Nachtrag", TODAY).progress == 0.5


def test_unknown_milestones_and_measures(nord: Nord) -> None:
    user = nord.world.coordinator
    for attempt, key in (
        (lambda: complete_milestone(nord.db, user, 999, TODAY), "errors.milestone_unknown"),
        (lambda: remove_milestone(nord.db, user, 999), "errors.milestone_unknown"),
        (lambda: add_milestone(nord.db, user, 999, "x", TODAY), "errors.measure_unknown"),
    ):
        with pytest.raises(NotFoundError) as missing:
            attempt()
        assert missing.value.key == key


# --- progress ---------------------------------------------------------------------------


@given(st.lists(st.booleans(), max_size=30))
def test_progress_is_the_share_done(done: list[bool]) -> None:
    milestones = tuple(
        Milestone(i, 1, f"Schritt {i}", date(2026, 1, 1), date(2026, 1, 2) if d else None)
        for i, d in enumerate(done)
    )
    measure = Measure(1, 1, None, None, "M", "", "", None, "", None, None, None,
                      MeasureStatus.ACTIVE, milestones)  # fmt: skip
    assert 0.0 <= measure.progress <= 1.0
    assert measure.progress == (sum(done) / len(done) if done else 0.0)
    assert share_done(sum(done), len(done)) == measure.progress


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=6))
def test_stored_progress_follows_the_milestones(
    world: World, steps: list[tuple[bool, bool]]
) -> None:
    """Each step adds a milestone, maybe completes it, maybe removes it again."""
    db, user = world.db, world.coordinator
    measure = create_measure(db, user, world.nord.id, "Bank")
    for is_done, is_removed in steps:
        measure = add_milestone(db, user, measure.id, "Schritt", TODAY)
        newest = max(measure.milestones, key=lambda m: m.id)
        if is_done:
            measure = complete_milestone(db, user, newest.id, YESTERDAY)
        if is_removed:
            measure = remove_milestone(db, user, newest.id)
    kept = [d for d, removed in steps if not removed]
    assert len(measure.milestones) == len(kept)
    assert measure.progress == (sum(kept) / len(kept) if kept else 0.0)
    assert 0.0 <= measure.progress <= 1.0
    assert get_measure(db, measure.id).progress == measure.progress
