"""Moderation: the transition table, each step's rules and history, who may moderate."""

from __future__ import annotations

import json

import pytest

from quartier.auth import ANONYMOUS
from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.ideas import (
    TRANSITIONS,
    IdeaStatus,
    Stage,
    assign_idea,
    edit_idea,
    get_idea,
    idea_status,
    mark_duplicate,
    moderation_queue,
    publish_idea,
    reject_idea,
    support_idea,
    update_group,
)
from tests.ideas.helpers import (
    count,
    group,
    history,
    in_status,
    open_round,
    published,
    submit,
)

S = IdeaStatus
ACTIONS = {
    S.PUBLISHED: lambda w, idea, other: publish_idea(w.db, w.coordinator, idea.id),
    S.REJECTED: lambda w, idea, other: reject_idea(w.db, w.coordinator, idea.id, "Zu teuer"),
    S.DUPLICATE: lambda w, idea, other: mark_duplicate(w.db, w.coordinator, idea.id, other.id),
}
T, F = True, False
#                     to: veroeffentlicht abgelehnt duplikat
TABLE = {
    S.SUBMITTED: {S.PUBLISHED: T, S.REJECTED: T, S.DUPLICATE: T},
    S.PUBLISHED: {S.PUBLISHED: F, S.REJECTED: T, S.DUPLICATE: T},
    S.REJECTED: {S.PUBLISHED: T, S.REJECTED: F, S.DUPLICATE: F},
    S.DUPLICATE: {S.PUBLISHED: T, S.REJECTED: F, S.DUPLICATE: F},
}
CASES = [(start, target, ok) for start, row in TABLE.items() for target, ok in row.items()]
GERMAN = {S.SUBMITTED: "eingereicht", S.PUBLISHED: "veröffentlicht", S.REJECTED: "abgelehnt",
          S.DUPLICATE: "Duplikat"}  # fmt: skip


def test_the_table_is_the_rule():
    assert {(s, t) for s, t, ok in CASES if ok} == {
        (s, t) for t, sources in TRANSITIONS.items() for s in sources
    }


@pytest.mark.parametrize(("start", "target", "allowed"), CASES)
def test_transitions(world, start, target, allowed):
    idea = in_status(world, start)
    other = published(world, "Ein veröffentlichtes Original")
    steps = len(history(world.db, idea.id))
    if allowed:
        after = ACTIONS[target](world, idea, other)
        assert after.status is target
        assert history(world.db, idea.id)[-1][0] == target.value
        assert len(history(world.db, idea.id)) == steps + 1
    else:
        with pytest.raises(ValidationError) as caught:
            ACTIONS[target](world, idea, other)
        assert f"„{GERMAN[start]}“" in caught.value.message  # names the current state
        assert get_idea(world.db, world.coordinator, idea.id).status is start
        assert len(history(world.db, idea.id)) == steps


def test_publishing_again_clears_reason_and_duplicate_link(world):
    rejected = in_status(world, S.REJECTED)
    assert rejected.reason == "Passt nicht ins Quartier"
    assert publish_idea(world.db, world.coordinator, rejected.id).reason == ""
    duplicate = in_status(world, S.DUPLICATE, "Zweite Idee")
    assert duplicate.duplicate_of is not None
    assert publish_idea(world.db, world.coordinator, duplicate.id).duplicate_of is None


@pytest.mark.parametrize(("reason", "key"), [("", "errors.idea_reason_missing"),
                                             ("  \n ", "errors.idea_reason_missing"),
                                             ("x" * 1001, "errors.text_too_long")])  # fmt: skip
def test_a_rejection_needs_a_reason(world, reason, key):
    idea = submit(world).idea
    with pytest.raises(ValidationError) as caught:
        reject_idea(world.db, world.coordinator, idea.id, reason)
    assert caught.value.key == key
    assert history(world.db, idea.id) == [("eingereicht", "")]


def test_the_author_reads_the_reason(world):
    receipt = submit(world)
    reject_idea(world.db, world.coordinator, receipt.idea.id, "  Liegt außerhalb des Quartiers. ")
    view = idea_status(world.db, receipt.code)
    assert (view.idea.stage, view.idea.reason) == (Stage.REJECTED, "Liegt außerhalb des Quartiers.")
    assert history(world.db, receipt.idea.id)[-1] == ("abgelehnt", "Liegt außerhalb des Quartiers.")


def test_a_duplicate_links_to_its_original_and_keeps_its_supports(world):
    original = published(world, "Neuer Spielplatz Lindenplatz")
    receipt = submit(world, "Spielplatz am Lindenplatz")
    copy = publish_idea(world.db, world.coordinator, receipt.idea.id)
    support_idea(world.db, copy.id)
    support_idea(world.db, original.id)
    marked = mark_duplicate(world.db, world.coordinator, copy.id, original.id)
    assert (marked.status, marked.duplicate_of, marked.supports) == (S.DUPLICATE, original.id, 1)
    assert get_idea(world.db, world.coordinator, original.id).supports == 1
    view = idea_status(world.db, receipt.code)
    assert view.duplicate_title == "Neuer Spielplatz Lindenplatz"


@pytest.mark.parametrize("case", ["itself", "other quartier", "unknown", "a duplicate",
                                  "not published"])  # fmt: skip
def test_refused_duplicate_links(world, case):
    idea = published(world, "Die Idee")
    if case == "itself":
        original_id, error, key = idea.id, ValidationError, "errors.idea_duplicate_self"
    elif case == "other quartier":
        original_id = published(world, "Süd", quartier_id=world.sued.id).id
        error, key = NotFoundError, "errors.idea_original_unknown"
    elif case == "unknown":
        original_id, error, key = 999_999, NotFoundError, "errors.idea_original_unknown"
    elif case == "a duplicate":
        original_id = in_status(world, S.DUPLICATE, "Schon ein Duplikat").id
        error, key = ValidationError, "errors.idea_duplicate_chain"
    else:
        original_id = submit(world, "Noch nicht veröffentlicht").idea.id
        error, key = ValidationError, "errors.idea_original_not_published"
    with pytest.raises(error) as caught:
        mark_duplicate(world.db, world.coordinator, idea.id, original_id)
    assert caught.value.key == key
    assert get_idea(world.db, world.coordinator, idea.id).status is S.PUBLISHED


def test_duplicates_of_an_idea_that_becomes_a_duplicate_move_to_the_new_original(world):
    first = published(world, "A")
    second = published(world, "B")
    copy = mark_duplicate(world.db, world.coordinator, submit(world, "A2").idea.id, first.id)
    mark_duplicate(world.db, world.coordinator, first.id, second.id)
    assert get_idea(world.db, world.coordinator, copy.id).duplicate_of == second.id
    assert history(world.db, copy.id)[-1] == ("duplikat", str(second.id))


def test_an_idea_a_group_has_taken_up_cannot_be_rejected_or_merged(world):
    g = group(world)
    idea = published(world, "In der Runde")
    other = published(world, "Anderes")
    open_round(world.db, world.nord.id, g.id, [idea.id])
    for action in (ACTIONS[S.REJECTED], ACTIONS[S.DUPLICATE]):
        with pytest.raises(ValidationError) as caught:
            action(world, idea, other)
        assert caught.value.key == "errors.idea_in_progress"
        assert "„in Priorisierung“" in caught.value.message


def test_assigning_and_unassigning_a_group(world):
    g = group(world)
    idea = published(world)
    assert assign_idea(world.db, world.coordinator, idea.id, g.id).group_id == g.id
    assert assign_idea(world.db, world.coordinator, idea.id, g.id).group_id == g.id  # no-op
    assert assign_idea(world.db, world.coordinator, idea.id, None).group_id is None
    assert [a for a, _ in history(world.db, idea.id)].count("zugewiesen") == 2


@pytest.mark.parametrize("case", ["submitted", "rejected", "archived", "other quartier",
                                  "unknown"])  # fmt: skip
def test_refused_assignments(world, case):
    g = group(world)
    idea = published(world)
    group_id = g.id
    if case == "submitted":
        idea = submit(world, "Neu").idea
    elif case == "rejected":
        idea = in_status(world, S.REJECTED, "Abgelehnt")
    elif case == "archived":
        update_group(world.db, world.coordinator, g.id, g.name, g.theme, is_archived=True)
    elif case == "other quartier":
        group_id = group(world, "Süd-AG", world.sued.id).id
    else:
        group_id = 999_999
    with pytest.raises((ValidationError, NotFoundError)) as caught:
        assign_idea(world.db, world.coordinator, idea.id, group_id)
    expected = {"submitted": "errors.idea_assign_not_published",
                "rejected": "errors.idea_assign_not_published",
                "archived": "errors.group_archived"}.get(case, "errors.group_unknown")  # fmt: skip
    assert caught.value.key == expected
    assert get_idea(world.db, world.coordinator, idea.id).group_id is None


def test_editing_keeps_the_old_text_and_shows_the_note(world):
    receipt = submit(world, "Spielpaltz", description="Schatten bitte")
    edited = edit_idea(world.db, world.coordinator, receipt.idea.id, "Spielplatz",
                       "Schatten bitte", " Tippfehler  korrigiert ")  # fmt: skip
    assert (edited.title, edited.edit_note) == ("Spielplatz", "Tippfehler korrigiert")
    assert idea_status(world.db, receipt.code).idea.edit_note == "Tippfehler korrigiert"
    action, detail = history(world.db, receipt.idea.id)[-1]
    assert action == "bearbeitet"
    assert json.loads(detail) == {"note": "Tippfehler korrigiert", "title": "Spielpaltz"}


def test_editing_a_4000_character_description_fits_the_history(world):
    idea = submit(world, "Lang", description='ä"' * 2000).idea
    edit_idea(world.db, world.coordinator, idea.id, "Lang", "kurz", "gekürzt")
    detail = json.loads(history(world.db, idea.id)[-1][1])
    assert detail["truncated"] == "1" and detail["description"].startswith('ä"ä')


@pytest.mark.parametrize(
    ("title", "note", "key"),
    [("Neu", "", "errors.idea_edit_note_missing"),
     ("Neu", "x" * 301, "errors.text_too_long"),
     ("", "Tippfehler", "errors.idea_title_missing"),
     ("Bänke am Spielplatz", "Tippfehler", "errors.idea_edit_unchanged")],
)  # fmt: skip
def test_refused_edits(world, title, note, key):
    idea = submit(world).idea
    with pytest.raises(ValidationError) as caught:
        edit_idea(world.db, world.coordinator, idea.id, title, "", note)
    assert caught.value.key == key
    assert get_idea(world.db, world.coordinator, idea.id).title == "Bänke am Spielplatz"


def test_the_queue_lists_new_ideas_first_in_first_out_with_authors(world):
    first = submit(world, "Erste", author_name="Aylin", consent=True).idea
    second = submit(world, "Zweite").idea
    submit(world, "Süd", quartier_id=world.sued.id)
    published(world, "Schon veröffentlicht")
    queue = moderation_queue(world.db, world.coordinator, world.nord.id)
    assert [i.id for i in queue] == [first.id, second.id]
    assert queue[0].author_name == "Aylin"
    assert all(i.stage is Stage.SUBMITTED for i in queue)
    everything = moderation_queue(world.db, world.coordinator, world.nord.id, None)
    assert len(everything) == 3
    assert [i.title for i in moderation_queue(world.db, world.admin, world.nord.id,
                                              S.PUBLISHED)] == ["Schon veröffentlicht"]  # fmt: skip


ROLES = ["resident", "member", "coordinator", "coordinator_sued", "admin"]
ALLOWED = {"coordinator", "admin"}


def _user(world, role):
    return ANONYMOUS if role == "resident" else getattr(world, role)


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_of_the_quartier_moderate(world, role):
    user = _user(world, role)
    g = group(world)
    idea = submit(world).idea
    original = published(world, "Original")
    calls = [
        lambda: moderation_queue(world.db, user, world.nord.id),
        lambda: get_idea(world.db, user, idea.id),
        lambda: edit_idea(world.db, user, idea.id, "Bänke", "", "Kürzer"),
        lambda: publish_idea(world.db, user, idea.id),
        lambda: assign_idea(world.db, user, idea.id, g.id),
        lambda: reject_idea(world.db, user, idea.id, "Nein"),
        lambda: publish_idea(world.db, user, idea.id),
        lambda: mark_duplicate(world.db, user, idea.id, original.id),
    ]
    steps = count(world.db, "idea_history")
    for call in calls:
        if role in ALLOWED:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()
    assert count(world.db, "idea_history") == steps + (6 if role in ALLOWED else 0)
