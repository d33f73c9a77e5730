"""Links from actors to events and measures: same Quartier, no duplicates, permissions."""

from __future__ import annotations

from datetime import date

import pytest

from quartier.auth import ANONYMOUS
from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.events import create_event
from quartier.i18n import catalogue_keys
from quartier.measures import create_measure
from quartier.network.actions import create_actor
from quartier.network.actors import actor_uses_in
from quartier.network.links import (
    EventLink,
    MeasureLink,
    event_links,
    link_event,
    link_measure,
    measure_links,
    unlink_event,
    unlink_measure,
)
from quartier.network.model import ActorDraft, ActorType, EventRole, MeasureRole


def link_count(db) -> tuple[int, int]:
    with db.read() as cur:
        return (
            cur.execute("SELECT count(*) FROM event_actors").fetchone()[0],
            cur.execute("SELECT count(*) FROM measure_actors").fetchone()[0],
        )


@pytest.fixture
def setting(world):
    """Per Quartier: two actors, an event and a measure."""
    db, made = world.db, {}
    for quartier, user in ((world.nord, world.coordinator), (world.sued, world.coordinator_sued)):
        made[quartier.slug] = {
            "school": create_actor(db, user, quartier.id,
                                   ActorDraft("Grundschule", ActorType.SCHOOL)),
            "funder": create_actor(db, user, quartier.id,
                                   ActorDraft("Bürgerstiftung", ActorType.FUNDER)),
            "event": create_event(db, user, quartier.id, "Kinderfest", date(2026, 6, 20)),
            "measure": create_measure(db, user, quartier.id, "Schattensegel"),
        }  # fmt: skip
    return made


def test_link_event_and_list_it(world, setting):
    nord = setting["nord"]
    made = link_event(world.db, world.coordinator, nord["event"].id, nord["school"].id,
                      EventRole.VENUE)  # fmt: skip
    assert made == EventLink(nord["event"].id, "Kinderfest", date(2026, 6, 20), nord["school"].id,
                             EventRole.VENUE)  # fmt: skip
    # the same actor in another role is a second link
    link_event(world.db, world.coordinator, nord["event"].id, nord["school"].id, EventRole.PARTNER)
    link_event(world.db, world.admin, nord["event"].id, nord["funder"].id, EventRole.ORGANISER)
    links = event_links(world.db, world.nord.id)
    assert [(link.actor_id, link.role) for link in links] == [
        (nord["funder"].id, EventRole.ORGANISER),
        (nord["school"].id, EventRole.PARTNER),
        (nord["school"].id, EventRole.VENUE),
    ]
    assert event_links(world.db, world.sued.id) == []
    with world.db.read() as cur:
        assert actor_uses_in(cur, nord["school"].id)["events"] == 2


def test_event_links_list_newest_event_first(world, setting):
    nord = setting["nord"]
    later = create_event(world.db, world.coordinator, world.nord.id, "Stadtteilfest",
                         date(2026, 9, 12))  # fmt: skip
    for event in (nord["event"], later):
        link_event(world.db, world.coordinator, event.id, nord["school"].id, EventRole.PARTNER)
    assert [link.title for link in event_links(world.db, world.nord.id)] == [
        "Stadtteilfest", "Kinderfest"]  # fmt: skip


def test_link_measure_and_list_it(world, setting):
    nord = setting["nord"]
    made = link_measure(world.db, world.coordinator, nord["measure"].id, nord["school"].id,
                        MeasureRole.PARTNER)  # fmt: skip
    assert made == MeasureLink(nord["measure"].id, "Schattensegel", nord["school"].id,
                               MeasureRole.PARTNER)  # fmt: skip
    link_measure(world.db, world.coordinator, nord["measure"].id, nord["funder"].id,
                 MeasureRole.FUNDER)  # fmt: skip
    links = measure_links(world.db, world.nord.id)
    assert [(link.actor_id, link.role) for link in links] == [
        (nord["funder"].id, MeasureRole.FUNDER),
        (nord["school"].id, MeasureRole.PARTNER),
    ]
    assert measure_links(world.db, world.sued.id) == []


@pytest.mark.parametrize(
    ("role", "label"),
    [(EventRole.ORGANISER, "Veranstalter"), (EventRole.PARTNER, "Partner"),
     (EventRole.VENUE, "Veranstaltungsort")],
)  # fmt: skip
def test_an_event_link_twice_is_refused_naming_the_role(world, setting, role, label):
    nord = setting["nord"]
    link_event(world.db, world.coordinator, nord["event"].id, nord["school"].id, role)
    before = link_count(world.db)
    with pytest.raises(ValidationError) as caught:
        link_event(world.db, world.coordinator, nord["event"].id, nord["school"].id, role)
    assert caught.value.key == "errors.link_exists"
    assert f"„Grundschule“ ist bei „Kinderfest“ bereits als {label} eingetragen" in (
        caught.value.message)  # fmt: skip
    assert link_count(world.db) == before


def test_a_measure_link_twice_is_refused(world, setting):
    nord = setting["nord"]
    link_measure(world.db, world.coordinator, nord["measure"].id, nord["funder"].id,
                 MeasureRole.FUNDER)  # fmt: skip
    with pytest.raises(ValidationError, match="bereits als Förderer"):
        link_measure(world.db, world.coordinator, nord["measure"].id, nord["funder"].id,
                     MeasureRole.FUNDER)  # fmt: skip
    assert link_count(world.db) == (0, 1)


def test_role_labels_exist_in_german_and_english():
    for language in ("de", "en"):
        keys = catalogue_keys(language)
        assert [f"event_role.{r}" for r in EventRole if f"event_role.{r}" not in keys] == []
        assert [f"measure_role.{r}" for r in MeasureRole if f"measure_role.{r}" not in keys] == []


@pytest.mark.parametrize("kind", ["event", "measure"])
def test_unknown_targets_and_foreign_actors(world, setting, kind):
    nord, sued = setting["nord"], setting["sued"]
    link = link_event if kind == "event" else link_measure
    role = EventRole.PARTNER if kind == "event" else MeasureRole.PARTNER
    with pytest.raises(NotFoundError) as caught:
        link(world.db, world.coordinator, 999, nord["school"].id, role)
    assert caught.value.key == f"errors.{kind}_unknown"
    # an actor of another Quartier cannot be linked (not even by an administrator)
    for user in (world.coordinator, world.admin):
        with pytest.raises(NotFoundError) as caught:
            link(world.db, user, nord[kind].id, sued["school"].id, role)
        assert caught.value.key == "errors.actor_unknown"
    with pytest.raises(NotFoundError):
        link(world.db, world.coordinator, nord[kind].id, 999, role)
    # Süd's coordinator cannot link to Nord's event or measure, not even with Süd's actor
    for actor in (sued["school"], nord["school"]):
        with pytest.raises(PermissionDenied):
            link(world.db, world.coordinator_sued, nord[kind].id, actor.id, role)
    assert link_count(world.db) == (0, 0)


@pytest.mark.parametrize("kind", ["event", "measure"])
@pytest.mark.parametrize(
    ("role", "allowed"),
    [("admin", True), ("coordinator", True), ("coordinator_sued", False), ("member", False),
     ("anonymous", False)],
)  # fmt: skip
def test_permissions_per_role(world, setting, kind, role, allowed):
    nord = setting["nord"]
    user = ANONYMOUS if role == "anonymous" else getattr(world, role)
    link, unlink = (link_event, unlink_event) if kind == "event" else (link_measure, unlink_measure)
    link_role = EventRole.PARTNER if kind == "event" else MeasureRole.PARTNER
    args = (nord[kind].id, nord["school"].id, link_role)
    if allowed:
        link(world.db, user, *args)
        unlink(world.db, user, *args)
        assert link_count(world.db) == (0, 0)
        return
    with pytest.raises(PermissionDenied):
        link(world.db, user, *args)
    link(world.db, world.coordinator, *args)
    with pytest.raises(PermissionDenied):
        unlink(world.db, user, *args)
    assert sum(link_count(world.db)) == 1


def test_unlink_removes_only_that_role(world, setting):
    nord = setting["nord"]
    event, school = nord["event"].id, nord["school"].id
    link_event(world.db, world.coordinator, event, school, EventRole.PARTNER)
    link_event(world.db, world.coordinator, event, school, EventRole.VENUE)
    unlink_event(world.db, world.coordinator, event, school, EventRole.PARTNER)
    assert [link.role for link in event_links(world.db, world.nord.id)] == [EventRole.VENUE]
    with pytest.raises(NotFoundError) as caught:
        unlink_event(world.db, world.coordinator, event, school, EventRole.PARTNER)
    assert caught.value.key == "errors.link_unknown"
    assert "Grundschule" in caught.value.message
    with pytest.raises(NotFoundError):
        unlink_measure(world.db, world.coordinator, nord["measure"].id, school, MeasureRole.FUNDER)


def test_roles_given_as_text_are_accepted(world, setting):
    nord = setting["nord"]
    made = link_event(world.db, world.coordinator, nord["event"].id, nord["school"].id, "ort")  # type: ignore[arg-type]
    assert made.role is EventRole.VENUE
