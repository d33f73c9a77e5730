"""Stage derivation for every stage (rounds, results and measures inserted by SQL) and the
path the status page shows; board, queue and status page agree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from quartier.ideas import (
    PATH,
    IdeaStatus,
    Stage,
    assign_idea,
    idea_status,
    mark_duplicate,
    moderation_queue,
    public_board,
    publish_idea,
    reject_idea,
)
from tests.ideas.helpers import (
    NOON,
    add_measure,
    close_round,
    decide,
    group,
    open_round,
    published,
    submit,
)

CLOSED = NOON + timedelta(days=7)


def _setup(world, case: str) -> tuple[str, Stage]:
    """An idea brought to ``case``; returns its receipt code and the expected stage."""
    db, q = world.db, world.nord.id
    receipt = submit(world, f"Idee {case}")
    idea_id = receipt.idea.id
    if case == "submitted":
        return receipt.code, Stage.SUBMITTED
    if case == "rejected":
        reject_idea(db, world.coordinator, idea_id, "Nein")
        return receipt.code, Stage.REJECTED
    if case == "duplicate":
        original = published(world, "Original")
        mark_duplicate(db, world.coordinator, idea_id, original.id)
        return receipt.code, Stage.DUPLICATE
    publish_idea(db, world.coordinator, idea_id)
    if case == "published":
        return receipt.code, Stage.PUBLISHED
    g = group(world)
    round_id = open_round(db, q, g.id, [idea_id])
    if case == "open round":
        return receipt.code, Stage.IN_PRIORITISATION
    outcome = "ausgewaehlt"
    if case == "not chosen":
        outcome = "nicht_ausgewaehlt"
    elif case.startswith("tie"):
        outcome = "gleichstand"
    close_round(db, round_id, {idea_id: outcome})
    if case in ("not chosen", "tie"):
        return receipt.code, Stage.PUBLISHED
    if case == "tie lost":
        decide(db, round_id, idea_id, True, CLOSED + timedelta(hours=1))
        decide(db, round_id, idea_id, False, CLOSED + timedelta(hours=2))  # latest counts
        return receipt.code, Stage.PUBLISHED
    if case == "tie won":
        decide(db, round_id, idea_id, True, CLOSED + timedelta(hours=1))
        return receipt.code, Stage.CHOSEN
    if case == "chosen":
        return receipt.code, Stage.CHOSEN
    if case == "chosen, in a new round":
        open_round(db, q, g.id, [idea_id], created_at=CLOSED + timedelta(days=1))
        return receipt.code, Stage.IN_PRIORITISATION
    status = {"measure planned": "geplant", "measure active": "in_umsetzung",
              "measure done": "umgesetzt", "measure cancelled": "abgebrochen"}[case]  # fmt: skip
    add_measure(db, q, idea_id, status, done_on=(date(2026, 6, 2), date(2026, 6, 9), None))
    expected = {"umgesetzt": Stage.DONE, "abgebrochen": Stage.CANCELLED}.get(status, Stage.MEASURE)
    return receipt.code, expected


CASES = ["submitted", "published", "rejected", "duplicate", "open round", "not chosen", "tie",
         "tie lost", "tie won", "chosen", "chosen, in a new round", "measure planned",
         "measure active", "measure done", "measure cancelled"]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_every_read_derives_the_same_stage(world, case):
    code, expected = _setup(world, case)
    view = idea_status(world.db, code)
    assert view.idea.stage is expected
    queue = moderation_queue(world.db, world.coordinator, world.nord.id, None)
    assert {i.id: i.stage for i in queue}[view.idea.id] is expected
    board = {i.id: i.stage for i in public_board(world.db, world.nord.id).ideas}
    if expected in (Stage.SUBMITTED, Stage.REJECTED):
        assert view.idea.id not in board
    else:
        assert board[view.idea.id] is expected
        filtered = public_board(world.db, world.nord.id, stage=expected).ideas
        assert view.idea.id in [i.id for i in filtered]


def test_all_stages_are_covered():
    assert {s for s in Stage} == {
        Stage.SUBMITTED, Stage.PUBLISHED, Stage.REJECTED, Stage.DUPLICATE,
        Stage.IN_PRIORITISATION, Stage.CHOSEN, Stage.MEASURE, Stage.DONE, Stage.CANCELLED,
    }  # fmt: skip


def test_the_path_of_a_finished_idea_has_a_day_for_every_step(world):
    code, _ = _setup(world, "measure done")
    view = idea_status(world.db, code)
    assert [s.stage for s in view.path] == list(PATH)
    days = {s.stage: s.reached_on for s in view.path}
    today = view.idea.submitted_at.date()
    assert days[Stage.SUBMITTED] is not None and days[Stage.PUBLISHED] is not None
    assert abs((days[Stage.SUBMITTED] - today).days) <= 1
    assert days[Stage.IN_PRIORITISATION] == date(2026, 5, 4)  # the round was opened
    assert days[Stage.CHOSEN] == date(2026, 5, 11)  # the round closed
    assert days[Stage.MEASURE] == date(2026, 5, 14)  # the measure was created
    assert days[Stage.DONE] == date(2026, 6, 9)  # its last milestone was done
    assert [s.is_current for s in view.path] == [False] * 5 + [True]


def test_on_the_way_later_steps_have_no_day_and_exactly_one_step_is_current(world):
    code, _ = _setup(world, "open round")
    view = idea_status(world.db, code)
    assert [s.is_current for s in view.path] == [False, False, True, False, False, False]
    assert [s.reached_on is not None for s in view.path] == [True, True, True, False, False, False]


@pytest.mark.parametrize("case", ["rejected", "duplicate", "measure cancelled"])
def test_off_the_path_no_step_is_current(world, case):
    code, stage = _setup(world, case)
    view = idea_status(world.db, code)
    assert view.idea.stage is stage
    assert not any(s.is_current for s in view.path)
    assert view.path[0].reached_on is not None


def test_the_status_page_names_the_group_and_never_the_author(world):
    receipt = submit(world, "Mit Namen", author_name="Aylin", author_contact="aylin@example.org",
                     consent=True)  # fmt: skip
    publish_idea(world.db, world.coordinator, receipt.idea.id)
    g = group(world, "Interkultureller Austausch")
    assign_idea(world.db, world.coordinator, receipt.idea.id, g.id)
    view = idea_status(world.db, receipt.code)
    assert view.group_name == "Interkultureller Austausch"
    assert (view.idea.author_name, view.idea.author_contact) == (None, None)
    assert view.idea.status is IdeaStatus.PUBLISHED
    assert view.duplicate_title is None and view.measure is None
    assert "Aylin" not in repr(view)
