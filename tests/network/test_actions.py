"""Single-record actions on actors and ties: validation, uniqueness, permissions, who
entered what, and that a refusal stores nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from quartier.auth import ANONYMOUS
from quartier.errors import NotFoundError, PermissionDenied, QuartierError, ValidationError
from quartier.events import create_event
from quartier.ideas import add_member, create_group
from quartier.measures import create_measure
from quartier.network.actions import (
    create_actor,
    create_tie,
    delete_actor,
    delete_tie,
    end_tie,
    get_actor,
    get_tie,
    update_actor,
    update_tie,
)
from quartier.network.links import link_event, link_measure
from quartier.network.model import (
    ActorDraft,
    ActorType,
    EventRole,
    FieldOfAction,
    MeasureRole,
    TieDraft,
    TieType,
)

D = date


def counts(db) -> dict[str, int]:
    with db.read() as cur:
        return {
            table: cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("actors", "actor_fields", "ties", "event_actors", "measure_actors")
        }


def actor(world, name: str = "Kita Regenbogen", quartier=None, **kw):
    quartier = quartier or world.nord
    user = world.coordinator if quartier is world.nord else world.coordinator_sued
    draft = ActorDraft(name, kw.pop("actor_type", ActorType.KITA), **kw)
    return create_actor(world.db, user, quartier.id, draft)


@pytest.fixture
def pair(world):
    """Two actors of Quartier Nord."""
    return actor(world, "Grundschule am Lindenplatz", actor_type=ActorType.SCHOOL), actor(world)


def tie(world, a: int, b: int, kind: TieType = TieType.COOPERATION, **kw):
    return create_tie(world.db, world.coordinator, world.nord.id, TieDraft(a, b, kind, **kw))


# --- actors ----------------------------------------------------------------------------


def test_create_actor_stores_tidy_text_fields_and_who_entered_it(world):
    draft = ActorDraft(
        "  Jugendamt   –  Bezirkssozialdienst Nord ", ActorType.YOUTH_OFFICE,
        (FieldOfAction.CHILDREN_YOUTH, FieldOfAction.COUNSELLING, FieldOfAction.CHILDREN_YOUTH),
        " Bezirkssozialarbeit ", D(2019, 1, 1), None, "  Sprechstunde dienstags  ",
    )  # fmt: skip
    created = create_actor(world.db, world.coordinator, world.nord.id, draft)
    assert created.name == "Jugendamt – Bezirkssozialdienst Nord"
    assert created.contact_role == "Bezirkssozialarbeit"
    assert created.notes == "Sprechstunde dienstags"
    assert set(created.fields_of_action) == {FieldOfAction.CHILDREN_YOUTH,
                                             FieldOfAction.COUNSELLING}  # fmt: skip
    assert created.created_at is not None
    assert get_actor(world.db, created.id) == created
    with world.db.read() as cur:
        assert cur.execute(
            "SELECT created_by, quartier_id FROM actors WHERE id = ?", [created.id]
        ).fetchone() == (world.coordinator.id, world.nord.id)
        assert cur.execute("SELECT count(*) FROM actor_fields WHERE actor_id = ?",
                           [created.id]).fetchone()[0] == 2  # fmt: skip


def test_html_in_a_name_is_kept_literally(world):
    created = actor(world, "<b>Kita</b> & <script>alert(1)</script>")
    assert get_actor(world.db, created.id).name == "<b>Kita</b> & <script>alert(1)</script>"


@pytest.mark.parametrize(
    ("draft", "key", "field"),
    [
        (ActorDraft("", ActorType.KITA), "errors.actor_name_missing", "name"),
        (ActorDraft(" \t\n ", ActorType.KITA), "errors.actor_name_missing", "name"),
        (ActorDraft("x" * 121, ActorType.KITA), "errors.text_too_long", "name"),
        (ActorDraft("Kita", ActorType.KITA, contact_role="y" * 121), "errors.text_too_long",
         "contact_role"),
        (ActorDraft("Kita", ActorType.KITA, notes="z" * 2001), "errors.text_too_long", "notes"),
        (ActorDraft("Kita", ActorType.KITA, active_from=D(2024, 1, 2), active_to=D(2024, 1, 1)),
         "errors.active_period", "active_to"),
    ],
)  # fmt: skip
def test_bad_actors_are_refused_and_nothing_is_stored(world, draft, key, field):
    before = counts(world.db)
    with pytest.raises(ValidationError) as caught:
        create_actor(world.db, world.coordinator, world.nord.id, draft)
    assert (caught.value.key, caught.value.field) == (key, field)
    assert counts(world.db) == before


def test_name_of_120_characters_is_fine(world):
    assert len(actor(world, "x" * 120).name) == 120


@pytest.mark.parametrize(
    "duplicate", ["Kita Regenbogen", "kita regenbogen", "KITA  REGENBOGEN", " Kita Regenbogen "]
)
def test_names_are_unique_per_quartier_ignoring_case_and_spacing(world, duplicate):
    actor(world, "Kita Regenbogen")
    before = counts(world.db)
    with pytest.raises(ValidationError) as caught:
        actor(world, duplicate, actor_type=ActorType.SCHOOL)
    assert (caught.value.key, caught.value.field) == ("errors.actor_name_taken", "name")
    assert caught.value.params["name"] == "Kita Regenbogen"  # as stored, to find it in the list
    assert counts(world.db) == before


def test_umlauts_count_as_the_same_name_in_any_case(world):
    actor(world, "Städtische Kita Übersee")
    with pytest.raises(ValidationError, match="schon"):
        actor(world, "STÄDTISCHE KITA ÜBERSEE")


def test_the_same_name_in_another_quartier_is_fine(world):
    nord = actor(world, "Kita Regenbogen")
    sued = actor(world, "Kita Regenbogen", quartier=world.sued)
    assert (nord.quartier_id, sued.quartier_id) == (world.nord.id, world.sued.id)


def test_update_actor_replaces_every_field_and_records_who(world, pair):
    school, kita = pair
    tie(world, school.id, kita.id)  # an actor in use can still be edited
    draft = ActorDraft("Kita  Regenbogen gGmbH", ActorType.PROVIDER, (FieldOfAction.HEALTH,),
                       "Leitung", D(2020, 1, 1), D(2030, 12, 31), "neu")  # fmt: skip
    updated = update_actor(world.db, world.admin, kita.id, draft)
    assert (updated.name, updated.actor_type, updated.fields_of_action) == (
        "Kita Regenbogen gGmbH", ActorType.PROVIDER, (FieldOfAction.HEALTH,))  # fmt: skip
    assert updated.updated_at is not None
    assert get_actor(world.db, kita.id) == updated
    with world.db.read() as cur:
        assert cur.execute("SELECT updated_by FROM actors WHERE id = ?",
                           [kita.id]).fetchone()[0] == world.admin.id  # fmt: skip


def test_update_actor_may_keep_its_name_in_another_case_but_not_take_anothers(world, pair):
    school, kita = pair
    renamed = update_actor(world.db, world.coordinator, kita.id,
                           ActorDraft("KITA REGENBOGEN", ActorType.KITA))  # fmt: skip
    assert renamed.name == "KITA REGENBOGEN"
    with pytest.raises(ValidationError) as caught:
        update_actor(world.db, world.coordinator, kita.id,
                     ActorDraft("grundschule am lindenplatz", ActorType.KITA))  # fmt: skip
    assert caught.value.key == "errors.actor_name_taken"
    assert get_actor(world.db, kita.id).name == "KITA REGENBOGEN"


def test_update_with_bad_input_changes_nothing(world, pair):
    _, kita = pair
    with pytest.raises(ValidationError):
        update_actor(world.db, world.coordinator, kita.id, ActorDraft("", ActorType.KITA))
    assert get_actor(world.db, kita.id) == kita


def test_unknown_actor(world):
    with pytest.raises(NotFoundError) as caught:
        get_actor(world.db, 999)
    assert caught.value.key == "errors.actor_unknown"
    for call in (
        lambda: update_actor(world.db, world.admin, 999, ActorDraft("X", ActorType.KITA)),
        lambda: delete_actor(world.db, world.admin, 999),
    ):
        with pytest.raises(NotFoundError):
            call()


def test_delete_unused_actor_removes_it_and_its_fields(world):
    kita = actor(world, "Kita", fields_of_action=(FieldOfAction.HEALTH, FieldOfAction.WORK))
    before = counts(world.db)
    delete_actor(world.db, world.coordinator, kita.id)
    after = counts(world.db)
    assert (before["actors"] - after["actors"], before["actor_fields"] - after["actor_fields"]) == (
        1, 2)  # fmt: skip
    with pytest.raises(NotFoundError):
        get_actor(world.db, kita.id)


def _use_in_tie(world, used, other):
    tie(world, other.id, used.id)


def _use_in_group(world, used, other):
    group = create_group(world.db, world.coordinator, world.nord.id, "AG Kinder", "")
    add_member(world.db, world.coordinator, group.id, world.member.id, actor_id=used.id)


def _use_as_responsible(world, used, other):
    create_measure(world.db, world.coordinator, world.nord.id, "Sonnensegel",
                   responsible_actor_id=used.id)  # fmt: skip


def _use_as_funder(world, used, other):
    measure = create_measure(world.db, world.coordinator, world.nord.id, "Sonnensegel")
    link_measure(world.db, world.coordinator, measure.id, used.id, MeasureRole.FUNDER)


def _use_at_event(world, used, other):
    event = create_event(world.db, world.coordinator, world.nord.id, "Kinderfest", D(2026, 6, 20))
    link_event(world.db, world.coordinator, event.id, used.id, EventRole.VENUE)


@pytest.mark.parametrize(
    ("use", "count"),
    [
        (_use_in_tie, "ties"),
        (_use_in_group, "groups"),
        (_use_as_responsible, "measures"),
        (_use_as_funder, "measures"),
        (_use_at_event, "events"),
    ],
)
def test_delete_actor_in_use_is_refused_and_suggests_an_end_date(world, pair, use, count):
    school, kita = pair
    use(world, kita, school)
    before = counts(world.db)
    with pytest.raises(ValidationError) as caught:
        delete_actor(world.db, world.coordinator, kita.id)
    error = caught.value
    assert error.key == "errors.actor_in_use"
    assert error.params[count] == 1
    assert sum(error.params[k] for k in ("ties", "groups", "measures", "events")) == 1
    assert "Kita Regenbogen" in error.message and "„Aktiv bis“" in error.message
    assert counts(world.db) == before
    assert get_actor(world.db, kita.id) == kita  # fields of action kept too


def test_delete_actor_after_its_tie_is_deleted(world, pair):
    school, kita = pair
    made = tie(world, school.id, kita.id)
    delete_tie(world.db, world.coordinator, made.id)
    delete_actor(world.db, world.coordinator, kita.id)
    assert counts(world.db)["actors"] == 1


# --- ties ------------------------------------------------------------------------------


def test_create_tie_records_who_entered_it(world, pair):
    school, kita = pair
    made = tie(world, school.id, kita.id, TieType.FUNDING, strength=3, starts_on=D(2021, 3, 1),
               notes="  Förderung  ")  # fmt: skip
    assert (made.source_id, made.target_id, made.tie_type, made.strength) == (
        school.id, kita.id, TieType.FUNDING, 3)  # fmt: skip
    assert made.notes == "Förderung"
    assert made.created_by == world.coordinator.id
    assert made.entered_by == "Kim Koordination"
    assert made.quartier_id == world.nord.id
    assert get_tie(world.db, made.id) == made


def _ends_before_start(a, b):
    return TieDraft(a, b, TieType.COOPERATION, starts_on=D(2024, 5, 2), ends_on=D(2024, 5, 1))


@pytest.mark.parametrize(
    ("make", "key", "field"),
    [
        (lambda a, b: TieDraft(a, a, TieType.COOPERATION), "errors.tie_self", "target_id"),
        (lambda a, b: TieDraft(a, b, TieType.COOPERATION, 0), "errors.tie_strength", "strength"),
        (lambda a, b: TieDraft(a, b, TieType.COOPERATION, 4), "errors.tie_strength", "strength"),
        (lambda a, b: TieDraft(a, b, TieType.COOPERATION, True), "errors.tie_strength",
         "strength"),
        (_ends_before_start, "errors.tie_period", "ends_on"),
        (lambda a, b: TieDraft(a, 999, TieType.COOPERATION), "errors.tie_actor_unknown",
         "target_id"),
    ],
)  # fmt: skip
def test_bad_ties_are_refused_and_nothing_is_stored(world, pair, make, key, field):
    school, kita = pair
    before = counts(world.db)
    with pytest.raises(ValidationError) as caught:
        create_tie(world.db, world.coordinator, world.nord.id, make(school.id, kita.id))
    assert (caught.value.key, caught.value.field) == (key, field)
    assert counts(world.db) == before


def test_end_before_start_names_both_dates_in_german(world, pair):
    with pytest.raises(ValidationError) as caught:
        create_tie(world.db, world.coordinator, world.nord.id, _ends_before_start(*(
            a.id for a in pair)))  # fmt: skip
    assert "01.05.2024" in caught.value.message and "02.05.2024" in caught.value.message


@pytest.mark.parametrize(
    ("first", "second", "duplicate"),
    [
        # the same tie the other way round
        ((None, None, False), (None, None, True), True),
        # a renewal that overlaps the old one by a single day
        ((D(2021, 1, 1), D(2022, 12, 31), False), (D(2022, 12, 31), None, False), True),
        # an open old tie overlaps any later start
        ((D(2021, 1, 1), None, False), (D(2025, 1, 1), None, False), True),
        # a renewal after the old one ended is a second tie
        ((D(2021, 1, 1), D(2022, 12, 31), False), (D(2023, 1, 1), None, False), False),
        ((D(2021, 1, 1), D(2022, 12, 31), False), (D(2024, 6, 1), D(2025, 5, 31), True), False),
    ],
)  # fmt: skip
def test_duplicates_and_renewals(world, pair, first, second, duplicate):
    school, kita = pair
    start, end, _ = first
    tie(world, school.id, kita.id, starts_on=start, ends_on=end)
    start, end, reverse = second
    a, b = (kita.id, school.id) if reverse else (school.id, kita.id)
    before = counts(world.db)
    if duplicate:
        with pytest.raises(ValidationError) as caught:
            tie(world, a, b, starts_on=start, ends_on=end)
        assert caught.value.key == "errors.tie_duplicate"
        assert counts(world.db) == before
    else:
        tie(world, a, b, starts_on=start, ends_on=end)
        assert counts(world.db)["ties"] == before["ties"] + 1


def test_another_type_between_the_same_actors_is_no_duplicate(world, pair):
    school, kita = pair
    tie(world, school.id, kita.id, TieType.COOPERATION)
    tie(world, kita.id, school.id, TieType.CONTRACT)
    assert counts(world.db)["ties"] == 2


def test_tie_to_an_actor_of_another_quartier_is_refused(world, pair):
    school, _ = pair
    foreign = actor(world, "Kita Süd", quartier=world.sued)
    before = counts(world.db)
    for a, b in ((school.id, foreign.id), (foreign.id, school.id)):
        with pytest.raises(ValidationError) as caught:
            tie(world, a, b)
        assert caught.value.key == "errors.tie_actor_unknown"
    # nor can Süd's coordinator tie Nord's actors into Süd
    with pytest.raises(ValidationError):
        create_tie(world.db, world.coordinator_sued, world.sued.id,
                   TieDraft(school.id, pair[1].id, TieType.COOPERATION))  # fmt: skip
    assert counts(world.db) == before


def test_update_tie_changes_fields_and_may_not_become_a_duplicate(world, pair):
    school, kita = pair
    third = actor(world, "Jugendzentrum", actor_type=ActorType.PROVIDER)
    first = tie(world, school.id, kita.id)
    second = tie(world, school.id, third.id)
    moved = update_tie(world.db, world.admin, second.id, TieDraft(
        third.id, school.id, TieType.FUNDING, 1, D(2022, 1, 1), None, "neu"))  # fmt: skip
    assert (moved.source_id, moved.tie_type, moved.strength, moved.notes) == (
        third.id, TieType.FUNDING, 1, "neu")  # fmt: skip
    assert moved.created_by == world.coordinator.id  # who entered it stays
    assert moved.updated_at is not None
    # editing a tie without changes is no duplicate of itself
    same = update_tie(world.db, world.coordinator, first.id, TieDraft(
        kita.id, school.id, TieType.COOPERATION, 3))  # fmt: skip
    assert same.strength == 3
    with pytest.raises(ValidationError) as caught:
        update_tie(world.db, world.coordinator, moved.id,
                   TieDraft(school.id, kita.id, TieType.COOPERATION))  # fmt: skip
    assert caught.value.key == "errors.tie_duplicate"
    assert get_tie(world.db, moved.id) == moved


def test_end_tie_keeps_everything_else(world, pair):
    school, kita = pair
    made = tie(world, school.id, kita.id, TieType.CONTRACT, strength=3, starts_on=D(2021, 1, 1),
               notes="Vertrag")  # fmt: skip
    ended = end_tie(world.db, world.coordinator, made.id, D(2024, 6, 30))
    assert ended.ends_on == D(2024, 6, 30)
    assert (ended.tie_type, ended.strength, ended.starts_on, ended.notes) == (
        TieType.CONTRACT, 3, D(2021, 1, 1), "Vertrag")  # fmt: skip
    assert ended.active_on(D(2024, 6, 30)) and not ended.active_on(D(2024, 7, 1))
    same_day = end_tie(world.db, world.coordinator, made.id, D(2021, 1, 1))
    assert same_day.ends_on == D(2021, 1, 1)
    with pytest.raises(ValidationError) as caught:
        end_tie(world.db, world.coordinator, made.id, D(2020, 12, 31))
    assert caught.value.key == "errors.tie_period"
    assert get_tie(world.db, made.id).ends_on == D(2021, 1, 1)


def test_delete_tie_and_unknown_ties(world, pair):
    made = tie(world, pair[0].id, pair[1].id)
    delete_tie(world.db, world.coordinator, made.id)
    assert counts(world.db)["ties"] == 0
    for call in (
        lambda: get_tie(world.db, made.id),
        lambda: delete_tie(world.db, world.coordinator, made.id),
        lambda: end_tie(world.db, world.coordinator, made.id, D(2024, 1, 1)),
        lambda: update_tie(world.db, world.coordinator, made.id,
                           TieDraft(pair[0].id, pair[1].id, TieType.COOPERATION)),
    ):  # fmt: skip
        with pytest.raises(NotFoundError) as caught:
            call()
        assert caught.value.key == "errors.tie_unknown"


# --- permissions -----------------------------------------------------------------------

ROLES = ("admin", "coordinator", "coordinator_sued", "member", "anonymous", "inactive")
ALLOWED = {"admin", "coordinator"}


def _user(world, role):
    if role == "anonymous":
        return ANONYMOUS
    if role == "inactive":
        return replace(world.coordinator, is_active=False)
    return getattr(world, role)


ACTIONS = {
    "create_actor": lambda w, u, s, k, t: create_actor(
        w.db, u, w.nord.id, ActorDraft("Neu", ActorType.OTHER)),
    "update_actor": lambda w, u, s, k, t: update_actor(
        w.db, u, k.id, ActorDraft("Umbenannt", ActorType.KITA)),
    "delete_actor": lambda w, u, s, k, t: delete_actor(w.db, u, k.id),
    "create_tie": lambda w, u, s, k, t: create_tie(
        w.db, u, w.nord.id, TieDraft(s.id, k.id, TieType.FUNDING)),
    "update_tie": lambda w, u, s, k, t: update_tie(
        w.db, u, t.id, TieDraft(s.id, k.id, TieType.COOPERATION, 1)),
    "end_tie": lambda w, u, s, k, t: end_tie(w.db, u, t.id, D(2030, 1, 1)),
    "delete_tie": lambda w, u, s, k, t: delete_tie(w.db, u, t.id),
}  # fmt: skip


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permissions_per_role(world, role, action):
    school, kita = (actor(world, "Schule", actor_type=ActorType.SCHOOL),
                    actor(world, "Kita", actor_type=ActorType.KITA))  # fmt: skip
    unused = actor(world, "Ohne Bezug") if action == "delete_actor" else kita
    made = tie(world, school.id, kita.id)
    with world.db.read() as cur:
        snapshot = cur.execute("SELECT * FROM actors ORDER BY id").fetchall(), cur.execute(
            "SELECT * FROM ties ORDER BY id").fetchall()  # fmt: skip
    call = ACTIONS[action]
    user = _user(world, role)
    if role in ALLOWED:
        call(world, user, school, unused, made)
        return
    with pytest.raises(PermissionDenied) as caught:
        call(world, user, school, unused, made)
    assert caught.value.key == "errors.not_allowed"
    with world.db.read() as cur:
        assert (cur.execute("SELECT * FROM actors ORDER BY id").fetchall(), cur.execute(
            "SELECT * FROM ties ORDER BY id").fetchall()) == snapshot  # fmt: skip


def test_admin_enters_ties_in_any_quartier(world):
    a = actor(world, "A", quartier=world.sued)
    b = actor(world, "B", quartier=world.sued)
    made = create_tie(
        world.db, world.admin, world.sued.id, TieDraft(a.id, b.id, TieType.COOPERATION)
    )
    assert (made.created_by, made.entered_by) == (world.admin.id, "Ada Admin")


def test_create_actor_in_an_unknown_quartier(world):
    with pytest.raises(NotFoundError):
        create_actor(world.db, world.admin, 999, ActorDraft("Kita", ActorType.KITA))
    assert counts(world.db)["actors"] == 0


def test_every_error_reads_in_german(world, pair):
    """Each refusal names what to fix in a full German sentence (no raw keys)."""
    school, kita = pair
    tie(world, school.id, kita.id)
    errors: list[QuartierError] = []
    for call in (
        lambda: actor(world, "kita regenbogen"),
        lambda: delete_actor(world.db, world.coordinator, kita.id),
        lambda: get_actor(world.db, 12345),
        lambda: get_tie(world.db, 12345),
    ):
        with pytest.raises(QuartierError) as caught:
            call()
        errors.append(caught.value)
    for error in errors:
        assert not error.message.startswith("errors."), error.key
        assert error.message.endswith("."), error.message
        assert error.text("en") != error.message
    assert "12345" in errors[2].message and "12345" in errors[3].message


def test_an_actor_tied_between_the_two_delete_steps_stays_with_its_fields(world, pair):
    """Deleting takes two transactions; a tie entered in between keeps the actor, and its
    fields of action (removed in the first step) are back and committed."""
    from quartier.network.actors import delete_actor_row_in, get_actor_in  # noqa: PLC0415

    school, kita = pair
    kita = update_actor(world.db, world.coordinator, kita.id,
                        ActorDraft(kita.name, ActorType.KITA, (FieldOfAction.HEALTH,)))  # fmt: skip
    with world.db.transaction() as cur:  # the first step
        cur.execute("DELETE FROM actor_fields WHERE actor_id = ?", [kita.id])
    tie(world, school.id, kita.id)  # someone else, in between
    with world.db.transaction() as cur:
        error = delete_actor_row_in(cur, kita)
    assert error is not None and error.key == "errors.actor_in_use"
    with world.db.read() as cur:
        kept = get_actor_in(cur, kita.id)
    assert kept is not None and kept.fields_of_action == (FieldOfAction.HEALTH,)
