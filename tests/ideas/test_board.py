"""The public board: what it shows, filters, paging, and speed on 50,000 ideas."""

from __future__ import annotations

import time

import pytest

from quartier.errors import NotFoundError, ValidationError
from quartier.ideas import (
    BoardPage,
    IdeaStatus,
    Stage,
    assign_idea,
    idea_titles,
    mark_duplicate,
    public_board,
    public_idea,
    publish_idea,
    reject_idea,
    support_idea,
)
from quartier.network import FieldOfAction
from tests.ideas.helpers import group, in_status, published, submit


def _titles(page) -> list[str]:
    return [i.title for i in page.ideas]


def test_the_board_shows_published_ideas_and_linked_duplicates_newest_first(world):
    submit(world, "Eingereicht")
    reject_idea(world.db, world.coordinator, submit(world, "Abgelehnt").idea.id, "Nein")
    first = published(world, "Erste", author_name="Aylin", consent=True)
    second = published(world, "Zweite")
    copy = mark_duplicate(world.db, world.coordinator, submit(world, "Kopie").idea.id, second.id)
    published(world, "Aus Süd", quartier_id=world.sued.id)
    page = public_board(world.db, world.nord.id)
    assert _titles(page) == ["Kopie", "Zweite", "Erste"] and page.total == 3
    assert all(i.author_name is None and i.author_contact is None for i in page.ideas)
    assert page.ideas[0].duplicate_of == second.id
    assert idea_titles(world.db, [copy.duplicate_of or 0, first.id, 999]) == {
        second.id: "Zweite", first.id: "Erste"}  # fmt: skip
    assert public_idea(world.db, first.id).author_name is None


def test_a_duplicate_of_an_unpublished_original_is_not_shown(world):
    original = published(world, "Original")
    copy = mark_duplicate(world.db, world.coordinator, submit(world, "Kopie").idea.id, original.id)
    reject_idea(world.db, world.coordinator, original.id, "Doch nicht")
    assert _titles(public_board(world.db, world.nord.id)) == []
    assert idea_titles(world.db, [original.id]) == {}
    for idea_id in (copy.id, original.id):
        with pytest.raises(NotFoundError):
            public_idea(world.db, idea_id)


@pytest.mark.parametrize(
    ("stage", "status"),
    [(Stage.SUBMITTED, IdeaStatus.SUBMITTED), (Stage.REJECTED, IdeaStatus.REJECTED)],
)
def test_hidden_stages_give_an_empty_board(world, stage, status):
    in_status(world, status)
    page = public_board(world.db, world.nord.id, stage=stage)
    assert (page.ideas, page.total) == ([], 0)


def test_filters_combine(world):
    kids, culture = group(world, "Kinder"), group(world, "Kultur")
    ideas = {
        "A": published(world, "A", field_of_action=FieldOfAction.CHILDREN_YOUTH),
        "B": published(world, "B", field_of_action=FieldOfAction.CHILDREN_YOUTH),
        "C": published(world, "C", field_of_action=FieldOfAction.INTERCULTURAL),
        "D": published(world, "D"),
    }
    assign_idea(world.db, world.coordinator, ideas["A"].id, kids.id)
    assign_idea(world.db, world.coordinator, ideas["C"].id, kids.id)
    assign_idea(world.db, world.coordinator, ideas["D"].id, culture.id)
    board = lambda **kw: _titles(public_board(world.db, world.nord.id, **kw))  # noqa: E731
    assert board(group_id=kids.id) == ["C", "A"]
    assert board(field_of_action=FieldOfAction.CHILDREN_YOUTH) == ["B", "A"]
    assert board(group_id=kids.id, field_of_action=FieldOfAction.CHILDREN_YOUTH) == ["A"]
    assert board(stage=Stage.PUBLISHED, group_id=culture.id) == ["D"]
    assert board(stage=Stage.CHOSEN) == []
    assert board(field_of_action="interkulturelles") == ["C"]  # a value from a link works too


@pytest.mark.parametrize("kwargs", [{"stage": "fertig"}, {"field_of_action": "kochen"}])
def test_unknown_filter_values_are_refused(world, kwargs):
    with pytest.raises(ValidationError):
        public_board(world.db, world.nord.id, **kwargs)


def test_paging_keeps_the_total(world):
    for n in range(7):
        published(world, f"Idee {n}")
    pages = [public_board(world.db, world.nord.id, limit=3, offset=o) for o in (0, 3, 6, 9)]
    assert [_titles(p) for p in pages] == [
        ["Idee 6", "Idee 5", "Idee 4"], ["Idee 3", "Idee 2", "Idee 1"], ["Idee 0"], []]  # fmt: skip
    assert [p.total for p in pages] == [7, 7, 7, 7]
    assert public_board(world.db, world.nord.id, limit=0) == BoardPage([], 7)


def test_supports_are_counted_per_idea(world):
    a, b = published(world, "A"), published(world, "B")
    for _ in range(3):
        support_idea(world.db, a.id)
    assert {i.title: i.supports for i in public_board(world.db, world.nord.id).ideas} == {
        "A": 3, "B": 0}  # fmt: skip
    assert b.supports == 0


def _bulk(world, n: int) -> int:
    """``n`` ideas in nord by SQL (every 10th submitted, every 10th rejected), a third
    assigned, some in rounds and measures; returns the group id."""
    g = group(world, "Groß")
    with world.db.transaction() as cur:
        cur.execute(
            "INSERT INTO ideas (quartier_id, receipt_hash, title, language, channel, status,"
            " field_of_action, submitted_at)"
            " SELECT ?, 'h' || i, 'Idee ' || i, 'de', 'online',"
            " CASE i % 10 WHEN 0 THEN 'eingereicht' WHEN 1 THEN 'abgelehnt'"
            " ELSE 'veroeffentlicht' END,"
            " CASE WHEN i % 3 = 0 THEN 'bildung' END, TIMESTAMPTZ '2026-01-01' + to_seconds(i)"
            " FROM range(?) t(i)",
            [world.nord.id, n],
        )
        cur.execute(
            "INSERT INTO idea_history (quartier_id, idea_id, action, detail)"
            " SELECT quartier_id, id, 'zugewiesen', ? FROM ideas WHERE id % 3 = 0",
            [str(g.id)],
        )
        cur.execute(
            "INSERT INTO idea_supports (quartier_id, idea_id, channel)"
            " SELECT quartier_id, id, 'online' FROM ideas, range(2) WHERE id % 2 = 0"
        )
        cur.execute(
            "INSERT INTO rounds (quartier_id, group_id, title, method, closes_at)"
            " VALUES (?, ?, 'R', 'punkte', now())",
            [world.nord.id, g.id],
        )
        cur.execute(
            "INSERT INTO round_ideas (quartier_id, round_id, idea_id)"
            " SELECT quartier_id, 1, id FROM ideas WHERE status = 'veroeffentlicht' AND id % 7 = 0"
        )
    return g.id


def test_fifty_thousand_ideas(world):
    group_id = _bulk(world, 50_000)
    public_board(world.db, world.nord.id)  # warm up
    started = time.perf_counter()
    page = public_board(world.db, world.nord.id, group_id=group_id, limit=20, offset=40)
    elapsed = time.perf_counter() - started
    with world.db.read() as cur:
        row = cur.execute(
            "SELECT count(*) FROM ideas WHERE status = 'veroeffentlicht' AND id % 3 = 0"
        ).fetchone()
    assert row is not None and page.total == row[0]
    assert len(page.ideas) == 20
    assert [i.submitted_at for i in page.ideas] == sorted(
        (i.submitted_at for i in page.ideas), reverse=True)  # fmt: skip
    assert all(i.supports == (2 if i.id % 2 == 0 else 0) for i in page.ideas)
    assert {i.stage for i in page.ideas} <= {Stage.PUBLISHED, Stage.IN_PRIORITISATION}
    assert public_board(world.db, world.nord.id, stage=Stage.IN_PRIORITISATION).total > 0
    assert elapsed < 2.0  # the benchmark holds the 200 ms target; this only catches blow-ups


def test_publishing_shows_an_idea_immediately(world):
    idea = submit(world, "Neu").idea
    assert public_board(world.db, world.nord.id).total == 0
    publish_idea(world.db, world.coordinator, idea.id)
    assert _titles(public_board(world.db, world.nord.id)) == ["Neu"]
