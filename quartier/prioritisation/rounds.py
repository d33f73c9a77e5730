"""Prioritisation rounds in the database: open, cast, tally, close, settle ties.

Ballots are append-only: every cast writes a new ballot with its items and a voter's
latest ballot (highest id) counts, so a changed vote never updates a row (DuckDB fails
concurrent updates of one row). Tallies are aggregated in SQL over the latest ballots;
the pure rules in :mod:`quartier.prioritisation.rules` then decide. Closing stores the
result once; ties are settled afterwards by appending decisions (the latest counts).

A round accepts ballots while it is not closed and its closing time has not passed; a
coordinator may close it before that time (e.g. at the meeting once everyone voted).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from quartier.auth.permissions import Action, User, can
from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.i18n import DISPLAY_TZ, translator
from quartier.prioritisation.rules import (
    CriteriaTally,
    Criterion,
    FundCount,
    FundVote,
    IdeaResult,
    Method,
    Outcome,
    Reason,
    allocate_fund,
    can_fund_tie,
    check_criteria,
    check_dot_settings,
    check_dots,
    check_fund_settings,
    check_fund_votes,
    check_ranking,
    check_requests,
    check_scores,
    check_winners,
    choose,
    format_euros,
    fund_remaining,
)
from quartier.storage import Database
from quartier.storage.db import Cursor

MAX_TITLE = 120
MAX_NOTE = 300
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


@dataclass(frozen=True)
class RoundResult:
    round: Round
    eligible: int
    voted: int
    voter_names: tuple[str, ...]  # who was eligible
    results: tuple[IdeaResult, ...]  # ordered by rank
    is_final: bool  # round closed (results stored) vs. live preview
    remaining_cents: int | None  # fund: budget left after funded ideas (and chosen ties)


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
        if not can(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id):
            raise PermissionDenied("errors.not_allowed")
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


# -- casting ---------------------------------------------------------------------------------

Item = tuple[int, int | None, int]  # idea, criterion position, value


def _title_of(cur: Cursor, rnd: Round) -> Callable[[int], str]:
    """Names an idea in a message, queried only when a message needs it. Only the round's
    ideas are named: an id typed by hand must not reveal another idea's title."""

    def name(idea_id: int) -> str:
        if idea_id not in rnd.idea_ids:
            return f"#{idea_id}"
        row = cur.execute("SELECT title FROM ideas WHERE id = ?", [idea_id]).fetchone()
        return str(row[0]) if row else f"#{idea_id}"

    return name


def _cast(
    db: Database,
    user: User,
    round_id: int,
    method: Method,
    items_of: Callable[[Round, Callable[[int], str]], list[Item]],
) -> None:
    """Check and append one ballot; the voter's previous ballots stay but no longer count."""
    with db.transaction() as cur:
        rnd = _round(cur, round_id)
        if not can(user, Action.VOTE_IN_ROUND, rnd):
            raise PermissionDenied("errors.not_allowed")
        if rnd.method is not method:
            raise ValidationError(
                "errors.round_wrong_method", field="round", title=rnd.title,
                label=f"prioritisation.method.{rnd.method.value}",
            )  # fmt: skip
        if not rnd.is_open:
            raise ValidationError("errors.round_closed", field="round", title=rnd.title)
        if not rnd.accepts_ballots():
            raise ValidationError(
                "errors.round_time_over", field="round", title=rnd.title,
                closes=translator("de").datetime(rnd.closes_at),
            )  # fmt: skip
        items = items_of(rnd, _title_of(cur, rnd))
        row = cur.execute(
            "INSERT INTO ballots (quartier_id, round_id, user_id) VALUES (?, ?, ?) RETURNING id",
            [rnd.quartier_id, rnd.id, user.id],
        ).fetchone()
        assert row is not None
        cur.execute(
            "INSERT INTO ballot_items (quartier_id, ballot_id, idea_id, criterion, value)"
            " SELECT ?, ?, unnest(?::BIGINT[]), unnest(?::INTEGER[]), unnest(?::INTEGER[])",
            [rnd.quartier_id, int(row[0]), [i[0] for i in items], [i[1] for i in items],
             [i[2] for i in items]],
        )  # fmt: skip


def cast_dots(db: Database, user: User, round_id: int, allocation: Mapping[int, int]) -> None:
    """Distribute one's dots (idea id → dots); replaces one's earlier ballot.

    PermissionDenied unless ``user`` is on the voter list; ValidationError when the round
    is closed or over, or the allocation breaks the limits (see rules.check_dots).
    """

    def items(rnd: Round, name: Callable[[int], str]) -> list[Item]:
        assert rnd.dots_per_member is not None and rnd.max_dots_per_idea is not None
        clean = check_dots(
            allocation, rnd.idea_ids, rnd.dots_per_member, rnd.max_dots_per_idea, name
        )
        return [(i, None, d) for i, d in clean.items()]

    _cast(db, user, round_id, Method.DOTS, items)


def cast_scores(
    db: Database, user: User, round_id: int, scores: Mapping[tuple[int, int], int]
) -> None:
    """Score ideas: (idea id, criterion position from 0) → 1..3; replaces one's earlier ballot.

    Errors as for :func:`cast_dots`; see rules.check_scores for the score rules.
    """

    def items(rnd: Round, name: Callable[[int], str]) -> list[Item]:
        clean = check_scores(scores, rnd.idea_ids, rnd.criteria, name)
        return [(i, p, s) for (i, p), s in clean.items()]

    _cast(db, user, round_id, Method.CRITERIA, items)


def cast_ranking(db: Database, user: User, round_id: int, order: Sequence[int]) -> None:
    """Order all the round's ideas, best first; replaces one's earlier ballot.

    Errors as for :func:`cast_dots`; every idea exactly once (rules.check_ranking).
    """

    def items(rnd: Round, name: Callable[[int], str]) -> list[Item]:
        clean = check_ranking(order, rnd.idea_ids, name)
        return [(i, None, position) for position, i in enumerate(clean)]

    _cast(db, user, round_id, Method.RANKING, items)


def cast_fund_votes(db: Database, user: User, round_id: int, votes: Mapping[int, FundVote]) -> None:
    """Vote yes/no/abstain on the fund round's ideas; replaces one's earlier ballot.

    Errors as for :func:`cast_dots`.
    """

    def items(rnd: Round, name: Callable[[int], str]) -> list[Item]:
        clean = check_fund_votes(votes, rnd.idea_ids, name)
        return [(i, None, int(v)) for i, v in clean.items()]

    _cast(db, user, round_id, Method.FUND, items)


def my_ballot(db: Database, user: User, round_id: int) -> dict[Any, Any]:
    """``user``'s latest ballot in the shape cast_* takes, ``{}`` if none.

    Dots: {idea: dots}; criteria: {(idea, position): score}; fund: {idea: FundVote};
    ranking: {idea: position from 0} (sort the ideas by it to get the order back).
    """
    if user.id is None:
        return {}
    with db.read() as cur:
        rnd = _round(cur, round_id)
        rows = cur.execute(
            "SELECT idea_id, criterion, value FROM ballot_items WHERE ballot_id = ("
            " SELECT max(id) FROM ballots WHERE round_id = ? AND user_id = ?)",
            [round_id, user.id],
        ).fetchall()
    if rnd.method is Method.CRITERIA:
        return {(int(i), int(c)): int(v) for i, c, v in rows}
    if rnd.method is Method.FUND:
        return {int(i): FundVote(int(v)) for i, _, v in rows}
    return {int(i): int(v) for i, _, v in rows}


# -- results ---------------------------------------------------------------------------------

# The ballot that counts per voter on the list: the latest. Parameter $round.
_LATEST = """
WITH latest AS (
    SELECT b.user_id, max(b.id) AS ballot_id
    FROM ballots b JOIN round_voters v ON v.round_id = b.round_id AND v.user_id = b.user_id
    WHERE b.round_id = $round
    GROUP BY b.user_id
),
items AS (
    SELECT l.user_id, bi.idea_id, bi.criterion, bi.value
    FROM ballot_items bi JOIN latest l ON l.ballot_id = bi.ballot_id
)
"""

_TALLY_SQL: dict[Method, str] = {
    Method.DOTS: _LATEST + "SELECT idea_id, sum(value)::BIGINT FROM items GROUP BY idea_id",
    Method.RANKING: _LATEST
    + "SELECT idea_id, sum($n - 1 - value)::BIGINT FROM items GROUP BY idea_id",
    Method.CRITERIA: _LATEST
    + """,
per_voter AS (
    SELECT i.user_id, i.idea_id,
        sum(c.weight * CASE WHEN c.is_inverted THEN 4 - i.value ELSE i.value END)
            / sum(c.weight) AS m
    FROM items i JOIN round_criteria c ON c.round_id = $round AND c.position = i.criterion
    GROUP BY i.user_id, i.idea_id
)
SELECT idea_id, avg(m), stddev_pop(m), count(*) FROM per_voter GROUP BY idea_id
""",
    Method.FUND: _LATEST
    + """
SELECT idea_id, count(*) FILTER (WHERE value = 1), count(*) FILTER (WHERE value = 0),
    count(*) FILTER (WHERE value = -1)
FROM items GROUP BY idea_id
""",
}


def _tally(cur: Cursor, rnd: Round) -> dict[int, Any]:
    """Per idea of the round: an int (dots, Borda), a CriteriaTally or a FundCount."""
    params: dict[str, int] = {"round": rnd.id}
    if rnd.method is Method.RANKING:
        params["n"] = len(rnd.idea_ids)
    rows = cur.execute(_TALLY_SQL[rnd.method], params).fetchall()
    if rnd.method is Method.CRITERIA:
        found: dict[int, Any] = {
            int(r[0]): CriteriaTally(float(r[1]), float(r[2]), int(r[3])) for r in rows
        }
        empty: Any = CriteriaTally(0.0, None, 0)
    elif rnd.method is Method.FUND:
        found = {int(r[0]): FundCount(int(r[1]), int(r[2]), int(r[3])) for r in rows}
        empty = FundCount()
    else:
        found = {int(r[0]): int(r[1]) for r in rows}
        empty = 0
    return {i: found.get(i, empty) for i in rnd.idea_ids}


def _live(rnd: Round, tally: Mapping[int, Any]) -> list[IdeaResult]:
    """The pure rules applied to the tallies."""
    if rnd.method is Method.FUND:
        assert rnd.budget_cents is not None and rnd.cap_cents is not None
        return allocate_fund(
            rnd.requested_cents, tally, len(rnd.voter_ids), rnd.budget_cents, rnd.cap_cents
        )
    assert rnd.winners is not None
    if rnd.method is Method.CRITERIA:
        results = choose({i: t.mean for i, t in tally.items()}, rnd.winners)
        return [replace(r, spread=tally[r.idea_id].spread) for r in results]
    return choose({i: float(t) for i, t in tally.items()}, rnd.winners)


def _stored(cur: Cursor, rnd: Round, tally: Mapping[int, Any]) -> list[IdeaResult]:
    """The results written at closing, with the latest decision on each tie."""
    rows = cur.execute(
        """
        SELECT rr.idea_id, rr.rank, rr.score, rr.outcome, rr.reason, d.is_chosen, d.note
        FROM round_results rr
        LEFT JOIN (
            SELECT idea_id, arg_max(is_chosen, decided_at) AS is_chosen,
                arg_max(note, decided_at) AS note
            FROM round_decisions WHERE round_id = $round GROUP BY idea_id
        ) d ON d.idea_id = rr.idea_id
        WHERE rr.round_id = $round
        ORDER BY rr.rank, rr.idea_id
        """,
        {"round": rnd.id},
    ).fetchall()
    results = []
    for idea_id, rank, score, outcome, reason, is_chosen, note in rows:
        result = IdeaResult(int(idea_id), int(rank), float(score), Outcome(outcome), Reason(reason))
        if result.outcome is Outcome.TIE and is_chosen is not None:
            chosen = Outcome.CHOSEN if is_chosen else Outcome.NOT_CHOSEN
            result = replace(result, outcome=chosen, reason=Reason.SETTLED, note=str(note))
        results.append(_with_tally(rnd, result, tally))
    return results


def _with_tally(rnd: Round, result: IdeaResult, tally: Mapping[int, Any]) -> IdeaResult:
    count = tally.get(result.idea_id)
    if isinstance(count, CriteriaTally):
        return replace(result, spread=count.spread)
    if isinstance(count, FundCount):
        return replace(
            result, yes=count.yes, no=count.no, abstain=count.abstain,
            requested_cents=rnd.requested_cents.get(result.idea_id),
        )  # fmt: skip
    return result


def _result(cur: Cursor, rnd: Round) -> RoundResult:
    if rnd.is_open:
        results = _live(rnd, _tally(cur, rnd))
    else:
        # Stored rows hold the scores; only spreads and fund votes come from the ballots.
        needs_tally = rnd.method in (Method.CRITERIA, Method.FUND)
        results = _stored(cur, rnd, _tally(cur, rnd) if needs_tally else {})
    row = cur.execute(
        "SELECT count(DISTINCT b.user_id) FROM ballots b JOIN round_voters v"
        " ON v.round_id = b.round_id AND v.user_id = b.user_id WHERE b.round_id = ?",
        [rnd.id],
    ).fetchone()
    names = cur.execute(
        "SELECT coalesce(nullif(trim(u.display_name), ''), u.username) AS name"
        " FROM round_voters v JOIN users u ON u.id = v.user_id WHERE v.round_id = ?"
        " ORDER BY lower(name), u.id",
        [rnd.id],
    ).fetchall()
    remaining = None
    if rnd.method is Method.FUND:
        assert rnd.budget_cents is not None
        remaining = fund_remaining(results, rnd.budget_cents)
    return RoundResult(
        round=rnd,
        eligible=len(rnd.voter_ids),
        voted=int(row[0]) if row else 0,
        voter_names=tuple(str(n[0]) for n in names),
        results=tuple(results),
        is_final=not rnd.is_open,
        remaining_cents=remaining,
    )


def round_result(db: Database, round_id: int) -> RoundResult:
    """The result: as stored (with settled ties) once closed, a live preview while open.

    Read access is the page's business (VIEW_GROUP); NotFoundError for an unknown round.
    """
    with db.read() as cur:
        return _result(cur, _round(cur, round_id))


def close_round(db: Database, user: User, round_id: int) -> RoundResult:
    """Close the round and store its result (ties stay ties until settled).

    PermissionDenied without MANAGE_QUARTIER_CONTENT; ValidationError when already closed.
    """
    with db.transaction() as cur:
        rnd = _round(cur, round_id)
        if not can(user, Action.MANAGE_QUARTIER_CONTENT, rnd):
            raise PermissionDenied("errors.not_allowed")
        if not rnd.is_open:
            raise ValidationError("errors.round_already_closed", field="round", title=rnd.title)
        results = _live(rnd, _tally(cur, rnd))
        cur.execute(
            "INSERT INTO round_results (quartier_id, round_id, idea_id, rank, score, outcome,"
            " reason) SELECT ?, ?, unnest(?::BIGINT[]), unnest(?::INTEGER[]),"
            " unnest(?::DOUBLE[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [rnd.quartier_id, rnd.id, [r.idea_id for r in results], [r.rank for r in results],
             [r.score for r in results], [r.outcome.value for r in results],
             [r.reason.value for r in results]],
        )  # fmt: skip
        cur.execute("UPDATE rounds SET closed_at = now() WHERE id = ?", [rnd.id])
    return round_result(db, round_id)


def settle_tie(
    db: Database, user: User, round_id: int, idea_id: int, is_chosen: bool, note: str = ""
) -> RoundResult:
    """The group's (or jury's) decision on a tied idea of a closed round; the latest
    decision per idea counts, so a decision can be corrected.

    PermissionDenied without MANAGE_QUARTIER_CONTENT. ValidationError while the round is
    open, for an idea that is not tied, a note over 300 characters, or — in a fund round —
    choosing an idea that no longer fits the budget (never over budget).
    """
    note = note.strip()
    with db.transaction() as cur:
        rnd = _round(cur, round_id)
        if not can(user, Action.MANAGE_QUARTIER_CONTENT, rnd):
            raise PermissionDenied("errors.not_allowed")
        if rnd.is_open:
            raise ValidationError("errors.round_not_closed", field="round", title=rnd.title)
        name = _title_of(cur, rnd)
        if idea_id not in rnd.idea_ids:
            raise ValidationError(
                "errors.round_idea_not_in_round", field="idea", idea=name(idea_id)
            )
        if len(note) > MAX_NOTE:
            raise ValidationError(
                "errors.text_too_long", field="note", label="field.decision_note",
                length=len(note), limit=MAX_NOTE,
            )  # fmt: skip
        stored = {
            int(i): Outcome(o)
            for i, o in cur.execute(
                "SELECT idea_id, outcome FROM round_results WHERE round_id = ?", [rnd.id]
            ).fetchall()
        }
        if stored.get(idea_id) is not Outcome.TIE:
            raise ValidationError("errors.round_not_a_tie", field="idea", idea=name(idea_id))
        if rnd.method is Method.FUND and is_chosen:
            _check_fund_tie(cur, rnd, stored, idea_id, name(idea_id))
        cur.execute(
            "INSERT INTO round_decisions (quartier_id, round_id, idea_id, is_chosen, note,"
            " decided_by, decided_at)"
            " SELECT ?, ?, ?, ?, ?, ?,"
            # strictly after the previous decision, so "the latest" is always one row
            " greatest(now(), coalesce(max(decided_at) + INTERVAL 1 MICROSECOND, now()))"
            " FROM round_decisions WHERE round_id = ? AND idea_id = ?",
            [rnd.quartier_id, rnd.id, idea_id, is_chosen, note, user.id, rnd.id, idea_id],
        )
    return round_result(db, round_id)


def _check_fund_tie(
    cur: Cursor, rnd: Round, stored: Mapping[int, Outcome], idea_id: int, title: str
) -> None:
    assert rnd.budget_cents is not None
    chosen_ties = {
        int(r[0])
        for r in cur.execute(
            "SELECT idea_id FROM round_decisions WHERE round_id = ? GROUP BY idea_id"
            " HAVING arg_max(is_chosen, decided_at)",
            [rnd.id],
        ).fetchall()
    }
    results = [
        IdeaResult(i, 0, 0.0, o, Reason.TIE, requested_cents=rnd.requested_cents.get(i))
        for i, o in stored.items()
    ]
    if not can_fund_tie(results, rnd.budget_cents, chosen_ties, idea_id):
        others = chosen_ties - {idea_id}
        raise ValidationError(
            "errors.fund_tie_over_budget", field="idea", idea=title,
            amount=format_euros(rnd.requested_cents.get(idea_id, 0)),
            remaining=format_euros(fund_remaining(results, rnd.budget_cents, others)),
        )  # fmt: skip


def chosen_ideas(db: Database, quartier_id: int) -> list[int]:
    """Ideas of the Quartier chosen in closed rounds, including ties settled in favour."""
    # Imported here: the ideas package imports measures, which imports this module.
    from quartier.ideas.stages import CHOSEN_SQL

    with db.read() as cur:
        rows = cur.execute(
            f"SELECT DISTINCT idea_id FROM ({CHOSEN_SQL}) c WHERE c.quartier_id = ?"
            " ORDER BY idea_id",
            [quartier_id],
        ).fetchall()
    return [int(r[0]) for r in rows]
