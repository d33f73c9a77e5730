"""Working groups: names, members, meetings, who sees which group and its ideas."""

from __future__ import annotations

from datetime import date

import pytest

from quartier.auth import ANONYMOUS, Role
from quartier.auth.accounts import set_active
from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.ideas import (
    add_meeting,
    add_member,
    assign_idea,
    create_group,
    get_group,
    group_ideas,
    group_members,
    groups_of,
    list_groups,
    remove_meeting,
    remove_member,
    set_member_actor,
    update_group,
)
from quartier.network import ActorType, add_actor_in
from tests.ideas.helpers import account, count, group, published, submit


def test_create_and_update_a_group(world):
    g = create_group(world.db, world.coordinator, world.nord.id, "  Kinder  &  Jugend ", " Spiel ")
    assert (g.name, g.theme, g.is_archived, g.member_ids, g.meetings) == (
        "Kinder & Jugend", "Spiel", False, frozenset(), ())  # fmt: skip
    g = update_group(world.db, world.coordinator, g.id, "Kinder, Jugend", "Spiel und Sport")
    assert (g.name, g.theme) == ("Kinder, Jugend", "Spiel und Sport")
    assert get_group(world.db, g.id) == g


@pytest.mark.parametrize(
    ("name", "theme", "key"),
    [("", "", "errors.group_name_missing"),
     ("   ", "", "errors.group_name_missing"),
     ("x" * 81, "", "errors.text_too_long"),
     ("AG", "x" * 1001, "errors.text_too_long"),
     ("kinder & jugend", "", "errors.group_name_taken"),
     ("KINDER  &  JUGEND", "", "errors.group_name_taken")],
)  # fmt: skip
def test_bad_names_are_refused(world, name, theme, key):
    group(world)
    with pytest.raises(ValidationError) as caught:
        create_group(world.db, world.coordinator, world.nord.id, name, theme)
    assert caught.value.key == key
    assert count(world.db, "working_groups") == 1


def test_a_taken_name_is_named_in_german(world):
    group(world, "Ältere Menschen")
    with pytest.raises(ValidationError) as caught:
        create_group(world.db, world.coordinator, world.nord.id, "ältere menschen")
    assert "„Ältere Menschen“" in caught.value.message


def test_names_are_unique_per_quartier_only_and_renaming_to_itself_is_fine(world):
    nord = group(world)
    group(world, quartier_id=world.sued.id)
    same = update_group(world.db, world.coordinator, nord.id, "KINDER & JUGEND", "")
    assert same.name == "KINDER & JUGEND"
    other = group(world, "Kultur")
    with pytest.raises(ValidationError):
        update_group(world.db, world.coordinator, other.id, "kinder & jugend", "")


def test_archived_groups_leave_the_lists_but_keep_their_name(world):
    g = group(world)
    group(world, "Kultur")
    update_group(world.db, world.coordinator, g.id, g.name, g.theme, is_archived=True)
    assert [x.name for x in list_groups(world.db, world.nord.id)] == ["Kultur"]
    assert [x.name for x in list_groups(world.db, world.nord.id, include_archived=True)] == [
        "Kinder & Jugend", "Kultur"]  # fmt: skip
    with pytest.raises(ValidationError):
        group(world, "Kinder & Jugend")


def test_members_and_their_actors(world):
    g = group(world)
    with world.db.transaction() as cur:
        school = add_actor_in(cur, world.nord.id, "Grundschule", ActorType.SCHOOL)
        elsewhere = add_actor_in(cur, world.sued.id, "Kita Süd", ActorType.KITA)
    g = add_member(world.db, world.coordinator, g.id, world.member.id, school.id)
    g = add_member(world.db, world.coordinator, g.id, world.admin.id)  # admins serve everywhere
    g = add_member(world.db, world.coordinator, g.id, world.coordinator.id)
    assert g.member_ids == {world.member.id, world.admin.id, world.coordinator.id}
    members = group_members(world.db, g.id)
    assert [m.display_name for m in members] == ["Ada Admin", "Kim Koordination", "Mo Mitglied"]
    assert {m.username: m.actor_id for m in members}["mitglied"] == school.id
    other = account(world, "mira", [world.nord.id])
    with pytest.raises(NotFoundError) as caught:
        add_member(world.db, world.coordinator, g.id, other.id, elsewhere.id)
    assert caught.value.key == "errors.group_actor_unknown"
    g = remove_member(world.db, world.coordinator, g.id, world.admin.id)
    assert world.admin.id not in g.member_ids
    with pytest.raises(NotFoundError):
        remove_member(world.db, world.coordinator, g.id, world.admin.id)


def test_a_member_can_stand_for_another_actor_later(world):
    g = group(world)
    with world.db.transaction() as cur:
        school = add_actor_in(cur, world.nord.id, "Grundschule", ActorType.SCHOOL)
        kita = add_actor_in(cur, world.nord.id, "Kita", ActorType.KITA)
        elsewhere = add_actor_in(cur, world.sued.id, "Kita Süd", ActorType.KITA)
        cur.execute(  # the school already has a tie: a referenced actor
            "INSERT INTO ties (quartier_id, source_id, target_id, tie_type)"
            " VALUES (?, ?, ?, 'kooperation')",
            [world.nord.id, school.id, kita.id],
        )
    add_member(world.db, world.coordinator, g.id, world.member.id, school.id)

    set_member_actor(world.db, world.coordinator, g.id, world.member.id, kita.id)
    assert [m.actor_id for m in group_members(world.db, g.id)] == [kita.id]
    set_member_actor(world.db, world.coordinator, g.id, world.member.id, None)
    assert [m.actor_id for m in group_members(world.db, g.id)] == [None]

    with pytest.raises(NotFoundError) as caught:
        set_member_actor(world.db, world.coordinator, g.id, world.member.id, elsewhere.id)
    assert caught.value.key == "errors.group_actor_unknown"
    with pytest.raises(NotFoundError) as caught:
        set_member_actor(world.db, world.coordinator, g.id, world.admin.id, kita.id)
    assert caught.value.key == "errors.group_member_unknown"
    for outsider in (world.member, world.coordinator_sued):
        with pytest.raises(PermissionDenied):
            set_member_actor(world.db, outsider, g.id, world.member.id, kita.id)
    assert [m.actor_id for m in group_members(world.db, g.id)] == [None]


def test_adding_a_member_twice_says_so(world):
    g = group(world)
    add_member(world.db, world.coordinator, g.id, world.member.id)
    with pytest.raises(ValidationError) as caught:
        add_member(world.db, world.coordinator, g.id, world.member.id)
    expected = "Mo Mitglied ist schon Mitglied der Arbeitsgruppe „Kinder & Jugend“."
    assert caught.value.message == expected
    assert count(world.db, "working_group_members") == 1


@pytest.mark.parametrize("who", ["other quartier", "no quartier", "inactive", "unknown"])
def test_only_active_accounts_of_the_quartier_become_members(world, who):
    g = group(world)
    if who == "other quartier":
        member_id = account(world, "sued-mitglied", [world.sued.id]).id
    elif who == "no quartier":
        member_id = account(world, "niemand", []).id
    elif who == "inactive":
        member_id = account(world, "ehemals", [world.nord.id]).id
        set_active(world.db, world.admin, member_id, False)
    else:
        member_id = 999_999
    with pytest.raises(ValidationError) as caught:
        add_member(world.db, world.coordinator, g.id, member_id)
    assert caught.value.key == "errors.group_member_not_in_quartier"
    assert count(world.db, "working_group_members") == 0


def test_meetings_one_per_day_in_order(world):
    g = group(world)
    add_meeting(world.db, world.coordinator, g.id, date(2026, 5, 12), "Runde vorbereiten")
    g = add_meeting(world.db, world.coordinator, g.id, date(2026, 3, 3))
    assert g.meetings == ((date(2026, 3, 3), ""), (date(2026, 5, 12), "Runde vorbereiten"))
    with pytest.raises(ValidationError) as caught:
        add_meeting(world.db, world.coordinator, g.id, date(2026, 3, 3), "doppelt")
    assert "03.03.2026" in caught.value.message
    with pytest.raises(ValidationError):
        add_meeting(world.db, world.coordinator, g.id, date(2026, 7, 1), "x" * 201)
    g = remove_meeting(world.db, world.coordinator, g.id, date(2026, 3, 3))
    assert g.meetings == ((date(2026, 5, 12), "Runde vorbereiten"),)
    with pytest.raises(NotFoundError):
        remove_meeting(world.db, world.coordinator, g.id, date(2026, 3, 3))
    assert count(world.db, "working_group_meetings") == 1


def test_unknown_groups(world):
    calls = (
        lambda: get_group(world.db, 999),
        lambda: group_members(world.db, 999),
        lambda: add_member(world.db, world.coordinator, 999, world.member.id),
    )
    for call in calls:
        with pytest.raises(NotFoundError) as caught:
            call()
        assert caught.value.key == "errors.group_unknown"


ROLES = ["resident", "member in the group", "member not in the group", "coordinator",
         "coordinator of the other Quartier", "admin"]  # fmt: skip


@pytest.fixture
def scene(world):
    """Group "Kinder & Jugend" with the world's member and one published, assigned idea
    with an author; a second group without them; an outsider member of nord."""
    kids, culture = group(world), group(world, "Kultur")
    add_member(world.db, world.coordinator, kids.id, world.member.id)
    idea = published(world, "Bolzplatz", author_name="Aylin", consent=True)
    assign_idea(world.db, world.coordinator, idea.id, kids.id)
    submit(world, "Noch nicht veröffentlicht")
    outsider = account(world, "aussen", [world.nord.id], Role.MEMBER)
    users = {
        "resident": ANONYMOUS,
        "member in the group": world.member,
        "member not in the group": outsider,
        "coordinator": world.coordinator,
        "coordinator of the other Quartier": world.coordinator_sued,
        "admin": world.admin,
    }
    return kids, culture, idea, users


SEES_GROUP = {"member in the group", "coordinator", "admin"}
STAFF = {"coordinator", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_group_ideas_for_every_role(world, scene, role):
    kids, _, idea, users = scene
    user = users[role]
    if role in SEES_GROUP:
        ideas = group_ideas(world.db, user, kids.id)
        assert [i.id for i in ideas] == [idea.id]
        assert ideas[0].author_name == ("Aylin" if role in STAFF else None)
    else:
        with pytest.raises(PermissionDenied):
            group_ideas(world.db, user, kids.id)


@pytest.mark.parametrize("role", ROLES)
def test_groups_of_for_every_role(world, scene, role):
    _, _, _, users = scene
    names = [g.name for g in groups_of(world.db, users[role], world.nord.id)]
    expected = {
        "member in the group": ["Kinder & Jugend"],
        "coordinator": ["Kinder & Jugend", "Kultur"],
        "admin": ["Kinder & Jugend", "Kultur"],
    }.get(role, [])
    assert names == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_of_the_quartier_manage_groups(world, scene, role):
    kids, _, _, users = scene
    user = users[role]
    calls = [
        lambda: create_group(world.db, user, world.nord.id, "Neu"),
        lambda: update_group(world.db, user, kids.id, "Kinder", ""),
        lambda: add_meeting(world.db, user, kids.id, date(2026, 9, 1)),
        lambda: remove_meeting(world.db, user, kids.id, date(2026, 9, 1)),
        lambda: remove_member(world.db, user, kids.id, world.member.id),
        lambda: add_member(world.db, user, kids.id, world.member.id),
    ]
    for call in calls:
        if role in STAFF:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()
