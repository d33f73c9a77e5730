"""Creating and editing measures: fields, limits, links to ideas, groups and actors."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from quartier.errors import NotFoundError, ValidationError
from quartier.measures import (
    LIST_LIMIT,
    Measure,
    MeasureStatus,
    MeasureView,
    add_milestone,
    create_measure,
    get_measure,
    list_measures,
    measure_of_idea,
    set_measure_status,
    update_measure,
)
from tests.measures.conftest import (
    Nord,
    add_actor,
    add_group,
    add_idea,
    add_round,
    chosen_idea,
    settle,
    snapshot,
)


def test_a_chosen_idea_becomes_a_planned_measure(nord: Nord) -> None:
    w = nord.world
    actor = add_actor(nord.db, w.nord.id)
    measure = create_measure(
        nord.db, w.coordinator, w.nord.id, "  Bank   am\tSpielplatz  aufstellen ",
        idea_id=nord.idea_id, description="  Zwei Bänke, <b>keine</b> Werbung \n",
        responsible=" Grundschule am Park ", responsible_actor_id=actor,
        partners=" Hausmeisterdienst, Bürgerverein ", budget_cents=120_000,
        starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 30),
    )  # fmt: skip
    assert measure == Measure(
        id=measure.id, quartier_id=w.nord.id, idea_id=nord.idea_id, group_id=nord.group_id,
        title="Bank am Spielplatz aufstellen", description="Zwei Bänke, <b>keine</b> Werbung",
        responsible="Grundschule am Park", responsible_actor_id=actor,
        partners="Hausmeisterdienst, Bürgerverein", budget_cents=120_000,
        starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 30), status=MeasureStatus.PLANNED,
        milestones=(),
    )  # fmt: skip
    assert measure.progress == 0.0
    assert get_measure(nord.db, measure.id) == measure
    with nord.db.read() as cur:
        assert cur.execute("SELECT created_by FROM measures").fetchall() == [(w.coordinator.id,)]


def test_a_measure_needs_no_idea_nor_dates(nord: Nord) -> None:
    measure = create_measure(nord.db, nord.world.admin, nord.world.nord.id, "Hoffest")
    assert (measure.idea_id, measure.group_id, measure.budget_cents) == (None, None, None)
    assert (measure.starts_on, measure.ends_on, measure.status) == (None, None, "geplant")


def test_one_day_measure_is_fine(nord: Nord) -> None:
    day = date(2026, 5, 9)
    measure = create_measure(
        nord.db, nord.world.coordinator, nord.world.nord.id, "Hoffest", starts_on=day, ends_on=day
    )
    assert (measure.starts_on, measure.ends_on) == (day, day)


def test_the_given_group_wins_over_the_ideas_group(nord: Nord) -> None:
    other = add_group(nord.db, nord.world.nord.id, "Interkultureller Austausch")
    measure = create_measure(
        nord.db, nord.world.coordinator, nord.world.nord.id, "Bank", idea_id=nord.idea_id,
        group_id=other,
    )  # fmt: skip
    assert measure.group_id == other


def test_without_an_assigned_group_the_rounds_group_is_taken(nord: Nord) -> None:
    w = nord.world
    group = add_group(nord.db, w.nord.id, "Wohnumfeld")
    idea = add_idea(nord.db, w.nord.id, "Mülltonnen einhausen", group_id=None)
    add_round(nord.db, w.nord.id, group, {idea: "ausgewaehlt"})
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Einhausung", idea_id=idea)
    assert measure.group_id == group


BAD_FIELDS: list[tuple[dict[str, Any], str, str]] = [
    ({"title": ""}, "errors.measure_title_missing", "title"),
    ({"title": " \n\t "}, "errors.measure_title_missing", "title"),
    ({"title": "x" * 121}, "errors.text_too_long", "title"),
    ({"description": "x" * 4001}, "errors.text_too_long", "description"),
    ({"responsible": "x" * 201}, "errors.text_too_long", "responsible"),
    ({"partners": "x" * 501}, "errors.text_too_long", "partners"),
    ({"budget_cents": -1}, "errors.measure_budget_range", "budget_cents"),
    ({"budget_cents": 10**19}, "errors.measure_budget_range", "budget_cents"),
    (
        {"starts_on": date(2026, 6, 1), "ends_on": date(2026, 5, 31)},
        "errors.measure_period",
        "ends_on",
    ),
]


@pytest.mark.parametrize(("changes", "key", "field"), BAD_FIELDS)
def test_bad_fields_are_refused_and_nothing_is_stored(
    nord: Nord, changes: dict[str, Any], key: str, field: str
) -> None:
    fields: dict[str, Any] = {"title": "Bank am Spielplatz", "idea_id": nord.idea_id} | changes
    title = fields.pop("title")
    before = snapshot(nord.db)
    with pytest.raises(ValidationError) as refused:
        create_measure(nord.db, nord.world.coordinator, nord.world.nord.id, title, **fields)
    assert (refused.value.key, refused.value.field) == (key, field)
    assert snapshot(nord.db) == before == ([], [])
    # The same input is refused when editing, and the stored measure stays as it was.
    fields.pop("idea_id")
    measure = create_measure(nord.db, nord.world.coordinator, nord.world.nord.id, "Bank")
    stored = snapshot(nord.db)
    with pytest.raises(ValidationError) as refused:
        update_measure(nord.db, nord.world.coordinator, measure.id, title, **fields)
    assert (refused.value.key, refused.value.field) == (key, field)
    assert snapshot(nord.db) == stored


def test_messages_are_german_and_name_the_fields(nord: Nord) -> None:
    w = nord.world
    with pytest.raises(ValidationError) as refused:
        create_measure(
            nord.db, w.coordinator, w.nord.id, "Bank",
            starts_on=date(2026, 6, 1), ends_on=date(2026, 5, 1),
        )  # fmt: skip
    assert "„Ende“ liegt vor „Beginn“" in refused.value.message
    with pytest.raises(ValidationError) as refused:
        create_measure(nord.db, w.coordinator, w.nord.id, "Bank", partners="p" * 600)
    assert refused.value.message.startswith("„Partner“ ist 600 Zeichen lang")
    with pytest.raises(ValidationError) as refused:
        create_measure(nord.db, w.coordinator, w.nord.id, "Bank", budget_cents=-500)
    assert "ohne Minuszeichen" in refused.value.message


def test_limits_are_inclusive(nord: Nord) -> None:
    w = nord.world
    measure = create_measure(
        nord.db, w.coordinator, w.nord.id, "t" * 120, description="d" * 4000,
        responsible="r" * 200, partners="p" * 500, budget_cents=0,
    )  # fmt: skip
    assert (len(measure.title), len(measure.description), measure.budget_cents) == (120, 4000, 0)


# --- the idea ---------------------------------------------------------------------------


def refused_for_idea(nord: Nord, idea_id: int) -> ValidationError:
    before = snapshot(nord.db)
    with pytest.raises(ValidationError) as refused:
        create_measure(
            nord.db, nord.world.coordinator, nord.world.nord.id, "Maßnahme", idea_id=idea_id
        )
    assert snapshot(nord.db) == before
    assert refused.value.field == "idea_id"
    return refused.value


def test_an_unknown_idea_is_refused(nord: Nord) -> None:
    error = refused_for_idea(nord, 999_999)
    assert error.key == "errors.measure_idea_unknown"


def test_an_idea_of_another_quartier_is_refused_like_an_unknown_one(nord: Nord) -> None:
    foreign = chosen_idea(nord.db, nord.world.sued.id, "Idee aus Süd")
    error = refused_for_idea(nord, foreign)
    assert error.key == "errors.measure_idea_unknown"
    assert "Süd" not in error.message  # no hint at the other Quartier's content
    # Süd's own coordinator may of course turn it into a measure.
    w = nord.world
    assert create_measure(nord.db, w.coordinator_sued, w.sued.id, "M", idea_id=foreign).idea_id


def test_an_idea_never_put_to_a_round_is_not_chosen(nord: Nord) -> None:
    idea = add_idea(nord.db, nord.world.nord.id, "Trinkbrunnen", nord.group_id)
    error = refused_for_idea(nord, idea)
    assert error.key == "errors.measure_idea_not_chosen"
    assert error.message.startswith("Die Idee „Trinkbrunnen“ wurde noch in keiner abgeschlossenen")


@pytest.mark.parametrize(
    ("outcome", "closed", "decision", "is_chosen"),
    [
        ("ausgewaehlt", True, None, True),
        ("ausgewaehlt", False, None, False),  # round still open
        ("nicht_ausgewaehlt", True, None, False),
        ("gleichstand", True, None, False),  # tie not yet settled by the group
        ("gleichstand", True, True, True),
        ("gleichstand", True, False, False),
    ],
)
def test_only_ideas_chosen_in_a_closed_round_become_measures(
    nord: Nord, outcome: str, closed: bool, decision: bool | None, is_chosen: bool
) -> None:
    w = nord.world
    idea = add_idea(nord.db, w.nord.id, "Trinkbrunnen", nord.group_id)
    round_id = add_round(nord.db, w.nord.id, nord.group_id, {idea: outcome}, closed=closed)
    if decision is not None:
        settle(nord.db, w.nord.id, round_id, idea, decision)
    if is_chosen:
        assert create_measure(nord.db, w.coordinator, w.nord.id, "M", idea_id=idea).idea_id == idea
    else:
        assert refused_for_idea(nord, idea).key == "errors.measure_idea_not_chosen"


def test_an_idea_gets_one_live_measure(nord: Nord) -> None:
    w = nord.world
    first = create_measure(nord.db, w.coordinator, w.nord.id, "Bänke", idea_id=nord.idea_id)
    error = refused_for_idea(nord, nord.idea_id)
    assert error.key == "errors.measure_idea_taken"
    assert "schon die Maßnahme „Bänke“" in error.message
    # Once the first one is cancelled, the idea may get a new measure.
    set_measure_status(nord.db, w.coordinator, first.id, MeasureStatus.CANCELLED)
    second = create_measure(nord.db, w.coordinator, w.nord.id, "Bänke, neu", idea_id=nord.idea_id)
    assert second.idea_id == nord.idea_id
    assert refused_for_idea(nord, nord.idea_id).key == "errors.measure_idea_taken"


# --- working group and actor ------------------------------------------------------------


def test_group_and_actor_must_be_of_the_same_quartier(nord: Nord) -> None:
    w = nord.world
    foreign_group = add_group(nord.db, w.sued.id, "AG Süd")
    foreign_actor = add_actor(nord.db, w.sued.id, "Kita Süd")
    for fields, key in (
        ({"group_id": foreign_group}, "errors.measure_group_unknown"),
        ({"group_id": 999_999}, "errors.measure_group_unknown"),
        ({"responsible_actor_id": foreign_actor}, "errors.measure_actor_unknown"),
        ({"responsible_actor_id": 999_999}, "errors.measure_actor_unknown"),
    ):
        before = snapshot(nord.db)
        with pytest.raises(ValidationError) as refused:
            create_measure(
                nord.db, w.coordinator, w.nord.id, "Bank", idea_id=nord.idea_id, **fields
            )
        assert refused.value.key == key
        assert snapshot(nord.db) == before


# --- editing ----------------------------------------------------------------------------


def test_update_replaces_the_fields_but_keeps_idea_and_status(nord: Nord) -> None:
    w = nord.world
    measure = create_measure(
        nord.db, w.coordinator, w.nord.id, "Bank", idea_id=nord.idea_id, budget_cents=500
    )
    set_measure_status(nord.db, w.coordinator, measure.id, MeasureStatus.ACTIVE)
    actor = add_actor(nord.db, w.nord.id)
    updated = update_measure(
        nord.db, w.admin, measure.id, " Zwei  Bänke ", group_id=nord.group_id,
        description="Mit Schattendach", responsible="Schule", responsible_actor_id=actor,
        partners="Bauhof", budget_cents=None, starts_on=date(2026, 4, 1), ends_on=None,
    )  # fmt: skip
    assert (updated.title, updated.description, updated.responsible, updated.partners) == (
        "Zwei Bänke", "Mit Schattendach", "Schule", "Bauhof",
    )  # fmt: skip
    assert (updated.responsible_actor_id, updated.budget_cents, updated.starts_on) == (
        actor, None, date(2026, 4, 1),
    )  # fmt: skip
    assert (updated.idea_id, updated.status, updated.group_id) == (
        nord.idea_id, MeasureStatus.ACTIVE, nord.group_id,
    )  # fmt: skip
    assert get_measure(nord.db, measure.id) == updated


def test_with_milestones_the_links_can_still_change(nord: Nord) -> None:
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Bank", idea_id=nord.idea_id)
    add_milestone(nord.db, w.coordinator, measure.id, "Angebote einholen", date(2026, 5, 1))
    other = add_group(nord.db, w.nord.id, "Wohnumfeld")
    actor = add_actor(nord.db, w.nord.id)
    updated = update_measure(
        nord.db, w.coordinator, measure.id, "Bank, größer", group_id=other,
        responsible_actor_id=actor, budget_cents=90_000,
    )  # fmt: skip
    assert (updated.title, updated.budget_cents, len(updated.milestones)) == (
        "Bank, größer", 90_000, 1,
    )  # fmt: skip
    assert (updated.group_id, updated.responsible_actor_id) == (other, actor)
    assert get_measure(nord.db, measure.id) == updated


def test_update_of_an_unknown_measure(nord: Nord) -> None:
    with pytest.raises(NotFoundError) as missing:
        update_measure(nord.db, nord.world.coordinator, 999_999, "Bank")
    assert missing.value.key == "errors.measure_unknown"
    with pytest.raises(NotFoundError):
        get_measure(nord.db, 999_999)


# --- reading ----------------------------------------------------------------------------


def test_list_by_status_then_start(nord: Nord) -> None:
    w = nord.world
    db, user, q = nord.db, w.coordinator, w.nord.id

    def make(title: str, starts_on: date | None, *path: MeasureStatus) -> None:
        measure = create_measure(db, user, q, title, starts_on=starts_on)
        for status in path:
            set_measure_status(db, user, measure.id, status)

    active, done, cancelled = MeasureStatus.ACTIVE, MeasureStatus.DONE, MeasureStatus.CANCELLED
    make("abgebrochen", date(2026, 1, 1), cancelled)
    make("geplant ohne Datum", None)
    make("umgesetzt", date(2026, 1, 1), active, done)
    make("geplant spät", date(2026, 9, 1))
    make("läuft spät", date(2026, 8, 1), active)
    make("geplant früh", date(2026, 2, 1))
    make("läuft früh", date(2026, 3, 1), active)
    create_measure(db, w.coordinator_sued, w.sued.id, "Süd")
    assert [m.title for m in list_measures(db, q)] == [
        "läuft früh", "läuft spät", "geplant früh", "geplant spät", "geplant ohne Datum",
        "umgesetzt", "abgebrochen",
    ]  # fmt: skip
    assert [m.title for m in list_measures(db, w.sued.id)] == ["Süd"]
    assert LIST_LIMIT >= 100


def test_list_by_group(nord: Nord) -> None:
    w = nord.world
    in_group = create_measure(nord.db, w.coordinator, w.nord.id, "Bank", idea_id=nord.idea_id)
    create_measure(nord.db, w.coordinator, w.nord.id, "Hoffest")
    assert list_measures(nord.db, w.nord.id, nord.group_id) == [in_group]
    assert len(list_measures(nord.db, w.nord.id)) == 2


def test_measure_of_idea_is_the_latest_and_public(nord: Nord) -> None:
    w = nord.world
    assert measure_of_idea(nord.db, nord.idea_id) is None
    first = create_measure(
        nord.db, w.coordinator, w.nord.id, "Bänke", idea_id=nord.idea_id,
        responsible="Herr Beispiel", budget_cents=100, starts_on=date(2026, 4, 1),
    )  # fmt: skip
    add_milestone(nord.db, w.coordinator, first.id, "Aufstellen", date(2026, 6, 1))
    assert measure_of_idea(nord.db, nord.idea_id) == MeasureView(
        title="Bänke", status=MeasureStatus.PLANNED, progress=0.0, starts_on=date(2026, 4, 1),
        ends_on=None, milestones=(("Aufstellen", date(2026, 6, 1), False),),
    )  # fmt: skip
    set_measure_status(nord.db, w.coordinator, first.id, MeasureStatus.CANCELLED)
    view = measure_of_idea(nord.db, nord.idea_id)
    assert view is not None and view.status is MeasureStatus.CANCELLED
    create_measure(nord.db, w.coordinator, w.nord.id, "Bänke, zweiter Anlauf", idea_id=nord.idea_id)
    view = measure_of_idea(nord.db, nord.idea_id)
    assert view is not None and (view.title, view.status) == ("Bänke, zweiter Anlauf", "geplant")
    # Names, partners and money stay internal.
    assert set(MeasureView.__dataclass_fields__) == {
        "title", "status", "progress", "starts_on", "ends_on", "milestones",
    }  # fmt: skip
