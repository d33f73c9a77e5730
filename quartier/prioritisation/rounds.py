"""Prioritisation rounds in the database: open, cast, tally, close, settle ties.

Ballots are append-only: every cast writes a new ballot with its items and a voter's
latest ballot (highest id) counts, so a changed vote never updates a row (DuckDB fails
concurrent updates of one row). Tallies are aggregated in SQL over the latest ballots;
the pure rules in :mod:`quartier.prioritisation.rules` then decide. Closing stores the
result once; ties are settled afterwards by appending decisions (the latest counts).

A round accepts ballots while it is not closed and its closing time has not passed; a
coordinator may close it before that time (e.g. at the meeting once everyone voted).

This module opens and loads rounds; :mod:`~quartier.prioritisation.ballots` casts the
ballots and :mod:`~quartier.prioritisation.results` tallies, closes and settles ties.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import NotFoundError, ValidationError
from quartier.i18n import DISPLAY_TZ
from quartier.prioritisation.checks import (
    check_criteria,
    check_dot_settings,
    check_fund_settings,
    check_requests,
    check_winners,
)
from quartier.prioritisation.model import Criterion, Method
from quartier.storage import Database
from quartier.storage.db import Cursor

MAX_TITLE = 120
MIN_IDEAS = 2


@dataclass(frozen=True)
class Round:
    id: int
    quartier_id: int
    group_id: int
    title: str
    method: Method
    idea_ids: tuple[int, ...]
    voter_ids: frozenset[int]  # satisfies auth.HasVoters
    closes_at: datetime
    closed_at: datetime | None
    winners: int | None
    dots_per_member: int | None
    max_dots_per_idea: int | None
    budget_cents: int | None
    cap_cents: int | None
    criteria: tuple[Criterion, ...]
    requested_cents: Mapping[int, int] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        """Not closed yet (its result is not stored); see also :meth:`accepts_ballots`."""
        return self.closed_at is None

    def accepts_ballots(self, now: datetime | None = None) -> bool:
        """Open and before its closing time."""
        return self.is_open and (now or datetime.now(UTC)) < self.closes_at


# -- reading rounds ------------------------------------------------------------------------

_ROUND_COLUMNS = (
    "id, quartier_id, group_id, title, method, closes_at, closed_at, winners,"
    " dots_per_member, max_dots_per_idea, budget_cents, cap_cents"
)
_BY_ID = "id = ?"
_BY_QUARTIER = "quartier_id = ?"
_BY_GROUP = "quartier_id = ? AND group_id = ?"


def _load_rounds(cur: Cursor, where: str, params: list[Any]) -> list[Round]:
    """Rounds matching ``where`` (one of the constants above), newest first."""
    rows = cur.execute(
        f"SELECT {_ROUND_COLUMNS} FROM rounds WHERE {where} ORDER BY created_at DESC, id DESC",
        params,
    ).fetchall()
    ids = [int(r[0]) for r in rows]
    ideas: dict[int, list[tuple[int, int | None]]] = {i: [] for i in ids}
    voters: dict[int, set[int]] = {i: set() for i in ids}
    criteria: dict[int, list[Criterion]] = {i: [] for i in ids}
    if ids:
        for round_id, idea_id, requested in cur.execute(
            "SELECT round_id, idea_id, requested_cents FROM round_ideas"
            " WHERE round_id IN (SELECT unnest(?)) ORDER BY round_id, idea_id",
            [ids],
        ).fetchall():
            ideas[int(round_id)].append((int(idea_id), requested))
        for round_id, user_id in cur.execute(
            "SELECT round_id, user_id FROM round_voters WHERE round_id IN (SELECT unnest(?))",
            [ids],
        ).fetchall():
            voters[int(round_id)].add(int(user_id))
        for round_id, name, weight, is_inverted in cur.execute(
            "SELECT round_id, name, weight, is_inverted FROM round_criteria"
            " WHERE round_id IN (SELECT unnest(?)) ORDER BY round_id, position",
            [ids],
        ).fetchall():
            criteria[int(round_id)].append(Criterion(str(name), float(weight), bool(is_inverted)))
    return [
        Round(
            id=int(r[0]),
            quartier_id=int(r[1]),
            group_id=int(r[2]),
            title=str(r[3]),
            method=Method(r[4]),
            idea_ids=tuple(i for i, _ in ideas[int(r[0])]),
            voter_ids=frozenset(voters[int(r[0])]),
            closes_at=r[5],
            closed_at=r[6],
            winners=r[7],
            dots_per_member=r[8],
            max_dots_per_idea=r[9],
            budget_cents=r[10],
            cap_cents=r[11],
            criteria=tuple(criteria[int(r[0])]),
            requested_cents={i: int(c) for i, c in ideas[int(r[0])] if c is not None},
        )
        for r in rows
    ]


def _round(cur: Cursor, round_id: int) -> Round:
    found = _load_rounds(cur, _BY_ID, [round_id])
    if not found:
        raise NotFoundError("errors.round_unknown", field="round", value=round_id)
    return found[0]


def get_round(db: Database, round_id: int) -> Round:
    """One round; NotFoundError for an unknown id."""
    with db.read() as cur:
        return _round(cur, round_id)


def list_rounds(db: Database, quartier_id: int, group_id: int | None = None) -> list[Round]:
    """The Quartier's rounds (of one group if given), newest first."""
    with db.read() as cur:
        if group_id is None:
            return _load_rounds(cur, _BY_QUARTIER, [quartier_id])
        return _load_rounds(cur, _BY_GROUP, [quartier_id, group_id])


def _title_of(cur: Cursor, rnd: Round) -> Callable[[int], str]:
    """Names an idea in a message, queried only when a message needs it. Only the round's
    ideas are named: an id typed by hand must not reveal another idea's title."""

    def name(idea_id: int) -> str:
        if idea_id not in rnd.idea_ids:
            return f"#{idea_id}"
        row = cur.execute("SELECT title FROM ideas WHERE id = ?", [idea_id]).fetchone()
        return str(row[0]) if row else f"#{idea_id}"

    return name


# -- opening ---------------------------------------------------------------------------------


def _aware(value: datetime) -> datetime:
    # A time picked in the UI without a zone is the office's local time.
    return value if value.tzinfo else value.replace(tzinfo=DISPLAY_TZ)


def _check_ideas(cur: Cursor, quartier_id: int, idea_ids: Sequence[int]) -> dict[int, str]:
    """Titles of the round's ideas: published ideas of the Quartier, no duplicates, ≥ 2."""
    rows = cur.execute(
        "SELECT id, title, status FROM ideas WHERE quartier_id = ? AND id IN (SELECT unnest(?))",
        [quartier_id, list(idea_ids)],
    ).fetchall()
    found = {int(r[0]): (str(r[1]), str(r[2])) for r in rows}
    seen: set[int] = set()
    for idea_id in idea_ids:
        if idea_id not in found:
            raise ValidationError("errors.round_idea_unknown", field="idea_ids", value=idea_id)
        title, status = found[idea_id]
        if idea_id in seen:
            raise ValidationError("errors.round_idea_twice", field="idea_ids", idea=title)
        seen.add(idea_id)
        if status != "veroeffentlicht":
            raise ValidationError("errors.round_idea_not_published", field="idea_ids", idea=title)
    if len(seen) < MIN_IDEAS:
        raise ValidationError("errors.round_too_few_ideas", field="idea_ids", count=len(seen))
    return {i: found[i][0] for i in idea_ids}


def _check_voters(
    cur: Cursor,
    quartier_id: int,
    group_id: int,
    group_name: str,
    voter_ids: Sequence[int],
    *,
    must_be_members: bool,
) -> list[int]:
    """Active accounts serving the Quartier (admins serve all, as in auth); members of the
    group unless ``must_be_members`` is False (an Aktionsfonds jury). Sorted, no repeats."""
    ids = sorted(set(voter_ids))
    if not ids:
        raise ValidationError("errors.round_no_voters", field="voter_ids")
    rows = cur.execute(
        """
        SELECT u.id, coalesce(nullif(trim(u.display_name), ''), u.username), u.is_active,
            EXISTS (SELECT 1 FROM working_group_members m
                    WHERE m.group_id = ? AND m.user_id = u.id)
        FROM users u
        WHERE u.id IN (SELECT unnest(?)) AND (u.role = 'admin' OR EXISTS (
            SELECT 1 FROM user_quartiers q WHERE q.user_id = u.id AND q.quartier_id = ?))
        """,
        [group_id, ids, quartier_id],
    ).fetchall()
    found = {int(r[0]): (str(r[1]), bool(r[2]), bool(r[3])) for r in rows}
    for user_id in ids:
        # Accounts of other Quartiere count as unknown: their names are not shown here.
        if user_id not in found:
            raise ValidationError("errors.round_voter_unknown", field="voter_ids", value=user_id)
        name, is_active, is_member = found[user_id]
        if not is_active:
            raise ValidationError(
                "errors.round_voter_not_in_quartier", field="voter_ids", name=name
            )
        if must_be_members and not is_member:
            raise ValidationError(
                "errors.round_voter_not_in_group", field="voter_ids", name=name, group=group_name
            )
    return ids


@dataclass(frozen=True)
class _Settings:
    """The checked settings of one method; the others stay empty."""

    winners: int | None = None
    dots: int | None = None
    max_dots: int | None = None
    budget: int | None = None
    cap: int | None = None
    criteria: tuple[Criterion, ...] = ()
    requested: Mapping[int, int] = field(default_factory=dict)


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("errors.round_title_missing", field="title")
    if len(title) > MAX_TITLE:
        raise ValidationError(
            "errors.text_too_long", field="title", label="field.title", length=len(title),
            limit=MAX_TITLE,
        )  # fmt: skip
    return title


def open_round(
    db: Database,
    user: User,
    group_id: int,
    title: str,
    method: Method,
    idea_ids: Sequence[int],
    voter_ids: Sequence[int],
    closes_at: datetime,
    *,
    winners: int | None = None,
    dots_per_member: int | None = None,
    max_dots_per_idea: int | None = None,
    criteria: Sequence[Criterion] | None = None,
    budget_cents: int | None = None,
    cap_cents: int | None = None,
    requested_cents: Mapping[int, int] | None = None,
) -> Round:
    """Open a round of a working group over published ideas of its Quartier.

    Needs MANAGE_QUARTIER_CONTENT on the group's Quartier (PermissionDenied). Raises
    NotFoundError for an unknown group and ValidationError for: archived group, missing
    title, fewer than 2 / duplicate / unpublished / foreign ideas, voters who are not
    active accounts of the Quartier (or, except for an Aktionsfonds jury, not members
    of the group), a closing time in the past, and the method's settings: ``winners``
    (required, 1..ideas) for dots/criteria/ranking; ``dots_per_member`` (1..100) and
    ``max_dots_per_idea`` (1..dots, default all) for dots; ``criteria`` (default
    DEFAULT_CRITERIA) for criteria; budget, cap and a requested amount ≤ cap for every
    idea for the fund. Settings of other methods are ignored and stored empty.
    """
    closes_at = _aware(closes_at)
    with db.transaction() as cur:
        group = cur.execute(
            "SELECT quartier_id, name, is_archived FROM working_groups WHERE id = ?", [group_id]
        ).fetchone()
        if group is None:
            raise NotFoundError("errors.round_group_unknown", field="group", value=group_id)
        quartier_id, group_name = int(group[0]), str(group[1])
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
        if group[2]:
            raise ValidationError("errors.round_group_archived", field="group", group=group_name)
        title = _check_title(title)
        try:
            method = Method(method)
        except ValueError:
            raise ValidationError(
                "errors.round_method_unknown", field="method", value=method
            ) from None
        if closes_at <= datetime.now(UTC):
            raise ValidationError("errors.round_closes_in_past", field="closes_at")
        titles = _check_ideas(cur, quartier_id, idea_ids)
        voters = _check_voters(
            cur, quartier_id, group_id, group_name, voter_ids,
            must_be_members=method is not Method.FUND,
        )  # fmt: skip
        ideas = list(titles)
        chosen = _Settings()
        if method is Method.FUND:
            budget, cap = check_fund_settings(budget_cents, cap_cents)
            requested = check_requests(requested_cents, ideas, cap, titles.__getitem__)
            chosen = _Settings(budget=budget, cap=cap, requested=requested)
        elif method is Method.DOTS:
            dots, max_dots = check_dot_settings(dots_per_member, max_dots_per_idea)
            chosen = _Settings(dots=dots, max_dots=max_dots)
        elif method is Method.CRITERIA:
            chosen = _Settings(criteria=check_criteria(criteria))
        if method is not Method.FUND:
            chosen = replace(chosen, winners=check_winners(winners, len(ideas)))
        return _insert_round(
            cur, user, quartier_id, group_id, title, method, ideas, voters, closes_at, chosen
        )


def _insert_round(
    cur: Cursor,
    user: User,
    quartier_id: int,
    group_id: int,
    title: str,
    method: Method,
    ideas: list[int],
    voters: list[int],
    closes_at: datetime,
    chosen: _Settings,
) -> Round:
    """Write the checked round with its ideas, voters and criteria."""
    row = cur.execute(
        "INSERT INTO rounds (quartier_id, group_id, title, method, winners, dots_per_member,"
        " max_dots_per_idea, budget_cents, cap_cents, closes_at, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [quartier_id, group_id, title, method.value, chosen.winners, chosen.dots,
         chosen.max_dots, chosen.budget, chosen.cap, closes_at, user.id],
    ).fetchone()  # fmt: skip
    assert row is not None
    round_id = int(row[0])
    cur.execute(
        "INSERT INTO round_ideas (quartier_id, round_id, idea_id, requested_cents)"
        " SELECT ?, ?, unnest(?::BIGINT[]), unnest(?::BIGINT[])",
        [quartier_id, round_id, ideas, [chosen.requested.get(i) for i in ideas]],
    )
    cur.execute(
        "INSERT INTO round_voters (quartier_id, round_id, user_id)"
        " SELECT ?, ?, unnest(?::BIGINT[])",
        [quartier_id, round_id, voters],
    )
    if chosen.criteria:
        cur.execute(
            "INSERT INTO round_criteria (quartier_id, round_id, position, name, weight,"
            " is_inverted) SELECT ?, ?, unnest(?::INTEGER[]), unnest(?::VARCHAR[]),"
            " unnest(?::DOUBLE[]), unnest(?::BOOLEAN[])",
            [quartier_id, round_id, list(range(len(chosen.criteria))),
             [c.name for c in chosen.criteria], [c.weight for c in chosen.criteria],
             [c.is_inverted for c in chosen.criteria]],
        )  # fmt: skip
    return _round(cur, round_id)
