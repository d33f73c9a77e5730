"""Ideas and prioritisation: the Quartier's functions against the same computation in pandas.

Times, on a copy of the benchmark database (``ideas_data.py``) under a temp dir, the
functions exactly as the pages call them:

* ``round_result`` of the open round of each method (the live preview a working group
  watches), ``close_round`` once per round (a one-off: a single timing), and
  ``round_result`` of the closed round (stored results);
* ``public_board`` — first page of 50 newest, no filter; with a stage filter; with a
  Handlungsfeld filter; with a working-group filter — and ``similar_ideas`` for a typed
  title and a half-typed one.

Each is called once cold (first call on the freshly opened file) and then ``--repeats``
times: median, p95 and the median process CPU time (all threads). Next to it the same
computation in pandas: the tables are loaded into DataFrames **once, outside the timer**
(the load is reported on its own; leaving it out favours pandas, and a real app would
also have to reload after every write), then the groupby/merge logic that yields the
same tallies and results (through the same pure rules of
``quartier.prioritisation.rules``), the same board page and total, and the same similar
ideas (Jaro-Winkler re-implemented in Python, byte for byte as DuckDB computes it).
Every pandas answer is compared with ours (``same``): a baseline that computes
something else would prove nothing.

Usage::

    .venv/bin/python bench/bench_ideas.py [--ideas 1000] [--members 200]
        [--board-ideas 50000] [--seed 1] [--repeats 20] [--rebuild] [--quick]
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from ideas_data import BenchIdeas, build_ideas_db, default_path, results_agree
from timing import Timing, timed
from timing import machine as timing_machine

from quartier.auth import Role, User
from quartier.ideas import BoardPage, Idea, IdeaStatus, Stage, checks, public_board, similar_ideas
from quartier.ideas.submission import (
    _NEAR_IDENTICAL,
    _WORD_MATCH,
    SIMILAR_SCAN,
    SIMILAR_THRESHOLD,
    STOP_WORDS,
)
from quartier.network import FieldOfAction
from quartier.prioritisation import (
    IdeaResult,
    Method,
    RoundResult,
    close_round,
    round_result,
    rules,
)
from quartier.prioritisation.rules import CriteriaTally, FundCount
from quartier.storage import Database, open_database
from quartier.surveys.responses import Channel

TARGET_MS = 200.0
BOARD_LIMIT = 50  # public_board's default page
TYPED = ("Mehr Bänke am Lindenplats", "Schatten Spielpl")  # a typo; still typing

# --- Jaro-Winkler as DuckDB computes it ----------------------------------------------------------


def _jaro(p: bytes, t: bytes) -> float:
    """rapidfuzz's Jaro similarity (DuckDB's ``jaro_winkler_similarity`` works on UTF-8
    bytes): window max(len)/2 − 1, each byte of ``t`` takes the first free match in
    ``p``, half the transpositions (rounded down)."""
    p_len, t_len = len(p), len(t)
    if not p_len or not t_len:
        return 0.0
    if p_len == 1 and t_len == 1:
        return float(p[0] == t[0])
    bound = max(max(p_len, t_len) // 2 - 1, 0)
    p_flag = [False] * p_len
    t_flag = [False] * t_len
    common = 0
    for j in range(t_len):
        c = t[j]
        for i in range(max(0, j - bound), min(p_len, j + bound + 1)):
            if not p_flag[i] and p[i] == c:
                p_flag[i] = t_flag[j] = True
                common += 1
                break
    if not common:
        return 0.0
    transpositions = 0
    k = 0
    for i in range(p_len):
        if p_flag[i]:
            while not t_flag[k]:
                k += 1
            if p[i] != t[k]:
                transpositions += 1
            k += 1
    transpositions //= 2
    return (common / p_len + common / t_len + (common - transpositions) / common) / 3.0


def jaro_winkler(a: str, b: str) -> float:
    """DuckDB's ``jaro_winkler_similarity(a, b)``, bit for bit: prefix weight 0.1 over at
    most 4 bytes, applied above 0.7 — with the fused multiply-add DuckDB's build uses
    (Python 3.12 has no ``math.fma``, so it is done exactly with fractions)."""
    p, t = a.encode(), b.encode()
    sim = _jaro(p, t)
    if sim > 0.7:
        prefix = 0
        for x, y in zip(p[:4], t[:4], strict=False):
            if x != y:
                break
            prefix += 1
        if prefix:
            sim = float(Fraction(prefix * 0.1) * Fraction(1.0 - sim) + Fraction(sim))
    return sim


def _jw_bound(p_len: int, t_len: int) -> float:
    """An upper bound of the Jaro-Winkler similarity of two strings of these byte
    lengths (all of the shorter one matching, no transpositions, full prefix)."""
    if not p_len or not t_len:
        return 0.0
    m = min(p_len, t_len)
    jaro = (m / p_len + m / t_len + 1.0) / 3.0
    return jaro + 0.4 * (1.0 - jaro) if jaro > 0.7 else jaro


# --- pandas --------------------------------------------------------------------------------------


@dataclass
class Frames:
    """The tables the pages read, loaded once (ids as index where a key)."""

    ideas: pd.DataFrame
    history: pd.DataFrame
    supports: pd.DataFrame
    rounds: pd.DataFrame
    round_ideas: pd.DataFrame
    round_voters: pd.DataFrame
    round_criteria: pd.DataFrame
    round_results: pd.DataFrame
    round_decisions: pd.DataFrame
    measures: pd.DataFrame
    ballots: pd.DataFrame
    ballot_items: pd.DataFrame
    users: pd.DataFrame

    def rows(self) -> int:
        return sum(len(getattr(self, name)) for name in self.__dataclass_fields__)


_LOADS = {
    "ideas": "SELECT id, quartier_id, title, description, field_of_action, place, language,"
    " channel, event_id, submitted_at, status, group_id, duplicate_of, reason, edit_note"
    " FROM ideas",
    "history": "SELECT rowid AS row, quartier_id, idea_id, happened_at, action, detail"
    " FROM idea_history",
    "supports": "SELECT quartier_id, idea_id FROM idea_supports",
    "rounds": "SELECT id, quartier_id, group_id, method, closed_at, winners, budget_cents,"
    " cap_cents FROM rounds",
    "round_ideas": "SELECT quartier_id, round_id, idea_id, requested_cents FROM round_ideas",
    "round_voters": "SELECT round_id, user_id FROM round_voters",
    "round_criteria": "SELECT round_id, position, weight, is_inverted FROM round_criteria",
    "round_results": "SELECT quartier_id, round_id, idea_id, outcome FROM round_results",
    "round_decisions": "SELECT round_id, idea_id, is_chosen, decided_at FROM round_decisions",
    "measures": "SELECT id, quartier_id, idea_id, status FROM measures",
    "ballots": "SELECT id, round_id, user_id FROM ballots",
    "ballot_items": "SELECT ballot_id, idea_id, criterion, value FROM ballot_items",
    "users": "SELECT id, username, display_name FROM users",
}


def load_frames(db: Database) -> Frames:
    frames: dict[str, pd.DataFrame] = {}
    with db.read() as cur, warnings.catch_warnings():
        # DuckDB's .df() calls a pandas API that pandas 3.1 deprecates; not ours to fix.
        warnings.filterwarnings("ignore", message="The inplace keyword")
        for name, sql in _LOADS.items():
            frames[name] = cur.execute(sql).df()
    for name in ("ideas", "rounds", "users"):
        frames[name] = frames[name].set_index("id", drop=False).rename_axis(None)
    return Frames(**frames)


def _none_or_int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


# rounds ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdRoundResult:
    eligible: int
    voted: int
    voter_names: tuple[str, ...]
    results: tuple[IdeaResult, ...]
    remaining_cents: int | None


def pd_round_result(f: Frames, round_id: int) -> PdRoundResult:
    """The live preview of an open round, from the frames."""
    rnd = f.rounds.loc[round_id]
    method = Method(rnd["method"])
    ri = f.round_ideas[f.round_ideas["round_id"] == round_id].sort_values("idea_id")
    idea_ids = [int(i) for i in ri["idea_id"]]
    voters = f.round_voters.loc[f.round_voters["round_id"] == round_id, "user_id"]
    b = f.ballots[(f.ballots["round_id"] == round_id) & f.ballots["user_id"].isin(voters)]
    latest = b.groupby("user_id", sort=False)["id"].max()
    items = f.ballot_items[f.ballot_items["ballot_id"].isin(latest.to_numpy())]
    tally: dict[int, Any]
    if method is Method.DOTS:
        dots = items.groupby("idea_id")["value"].sum()
        tally = {i: int(dots.get(i, 0)) for i in idea_ids}
    elif method is Method.RANKING:
        n = len(idea_ids)
        points = (n - 1 - items["value"]).groupby(items["idea_id"]).sum()
        tally = {i: int(points.get(i, 0)) for i in idea_ids}
    elif method is Method.CRITERIA:
        crit = f.round_criteria[f.round_criteria["round_id"] == round_id].set_index("position")
        weight = items["criterion"].map(crit["weight"])
        inverted = items["criterion"].map(crit["is_inverted"]).astype(bool)
        value = np.where(inverted, 4 - items["value"], items["value"])
        x = pd.DataFrame({"ballot": items["ballot_id"], "idea": items["idea_id"],
                          "num": weight * value, "w": weight}).dropna()  # fmt: skip
        per = x.groupby(["ballot", "idea"], sort=False)[["num", "w"]].sum()
        by_idea = (per["num"] / per["w"]).groupby(level="idea")
        mean, spread, raters = by_idea.mean(), by_idea.std(ddof=0), by_idea.size()
        tally = {i: CriteriaTally(0.0, None, 0) for i in idea_ids}
        for i, m, sd, k in zip(mean.index, mean.to_numpy(), spread.to_numpy(),
                               raters.to_numpy(), strict=True):  # fmt: skip
            tally[int(i)] = CriteriaTally(float(m), float(sd), int(k))
    else:
        votes = items.groupby(["idea_id", "value"]).size().unstack(fill_value=0)
        votes = votes.reindex(columns=[1, 0, -1], fill_value=0)
        tally = {i: FundCount() for i in idea_ids}
        for i, yes, no, abstain in zip(votes.index, *votes.to_numpy().T, strict=True):
            tally[int(i)] = FundCount(int(yes), int(no), int(abstain))
    results = _decide(rnd, method, ri, len(voters), tally)
    names = f.users.loc[voters.to_numpy(), ["id", "username", "display_name"]]
    shown = names["display_name"].str.strip(" ")
    names = names.assign(name=shown.where(shown != "", names["username"]))
    names = names.assign(key=names["name"].str.lower()).sort_values(["key", "id"])
    remaining = None
    if method is Method.FUND:
        remaining = rules.fund_remaining(results, int(rnd["budget_cents"]))
    return PdRoundResult(len(voters), len(latest), tuple(names["name"]), tuple(results), remaining)


def _decide(
    rnd: pd.Series, method: Method, ri: pd.DataFrame, jury: int, tally: dict[int, Any]
) -> list[IdeaResult]:
    """The pure rules on the tallies (what the round page shows)."""
    if method is Method.FUND:
        requested = {int(i): int(c) for i, c in zip(ri["idea_id"], ri["requested_cents"],
                                                    strict=True)}  # fmt: skip
        return rules.allocate_fund(
            requested, tally, jury, int(rnd["budget_cents"]), int(rnd["cap_cents"])
        )
    winners = int(rnd["winners"])
    if method is Method.CRITERIA:
        chosen = rules.choose({i: t.mean for i, t in tally.items()}, winners)
        return [replace(r, spread=tally[r.idea_id].spread) for r in chosen]
    return rules.choose({i: float(t) for i, t in tally.items()}, winners)


def same_round(ours: RoundResult, theirs: PdRoundResult) -> bool:
    return (
        ours.eligible == theirs.eligible
        and ours.voted == theirs.voted
        and ours.voter_names == theirs.voter_names
        and ours.remaining_cents == theirs.remaining_cents
        and results_agree(ours.results, theirs.results)
    )


# board -------------------------------------------------------------------------------------------

_MODERATION_STAGES = ["eingereicht", "abgelehnt", "duplikat"]


def pd_stage(f: Frames, quartier_id: int, ideas: pd.DataFrame) -> np.ndarray:
    """STAGE_SQL: where each idea stands, from moderation, rounds and measures."""
    m = f.measures[(f.measures["quartier_id"] == quartier_id) & f.measures["idea_id"].notna()]
    latest = m.sort_values("id").drop_duplicates("idea_id", keep="last")
    measure = ideas["id"].map(pd.Series(latest["status"].to_numpy(),
                                        index=latest["idea_id"].astype("int64")))  # fmt: skip
    rounds = f.rounds
    open_ids = rounds.index[rounds["closed_at"].isna()]
    ri = f.round_ideas
    in_open = ideas["id"].isin(
        ri.loc[(ri["quartier_id"] == quartier_id) & ri["round_id"].isin(open_ids), "idea_id"]
    )
    rr = f.round_results
    rr = rr[rr["round_id"].isin(rounds.index[rounds["closed_at"].notna()])]
    decided = f.round_decisions.sort_values("decided_at").drop_duplicates(
        ["round_id", "idea_id"], keep="last"
    )
    rr = rr.merge(decided[["round_id", "idea_id", "is_chosen"]], how="left",
                  on=["round_id", "idea_id"])  # fmt: skip
    won = (rr["outcome"] == "ausgewaehlt") | ((rr["outcome"] == "gleichstand")
                                              & (rr["is_chosen"] == True))  # noqa: E712  # fmt: skip
    chosen = ideas["id"].isin(rr.loc[won & (rr["quartier_id"] == quartier_id), "idea_id"])
    status = ideas["status"]
    return np.select(
        [status.isin(_MODERATION_STAGES), measure == "umgesetzt", measure == "abgebrochen",
         measure.notna(), in_open, chosen],
        [status, "umgesetzt", "abgebrochen", "massnahme", "in_priorisierung", "ausgewaehlt"],
        "veroeffentlicht",
    )  # fmt: skip


def pd_assigned(f: Frames, quartier_id: int, ideas: pd.DataFrame) -> pd.Series:
    """IDEA_GROUP_SQL: the latest 'zugewiesen' row wins ('' = none), else ideas.group_id."""
    h = f.history
    h = h[(h["quartier_id"] == quartier_id) & (h["action"] == "zugewiesen")]
    last = h.sort_values(["happened_at", "row"]).drop_duplicates("idea_id", keep="last")
    group = pd.Series(pd.to_numeric(last["detail"], errors="coerce").to_numpy(),
                      index=last["idea_id"].to_numpy())  # fmt: skip
    has = ideas["id"].isin(group.index)
    return ideas["id"].map(group).where(has, ideas["group_id"])


def _pd_ideas(f: Frames, quartier_id: int, rows: pd.DataFrame) -> list[Idea]:
    """Idea records for ``rows`` (with columns stage and assigned), supports counted."""
    s = f.supports
    counted = s[(s["quartier_id"] == quartier_id) & s["idea_id"].isin(rows["id"])]
    supports = counted.groupby("idea_id").size()
    out = []
    for r in rows.itertuples(index=False):
        out.append(Idea(
            id=int(r.id), quartier_id=int(r.quartier_id), title=str(r.title),
            description=str(r.description),
            field_of_action=FieldOfAction(r.field_of_action) if isinstance(
                r.field_of_action, str) and r.field_of_action else None,
            place=str(r.place), language=str(r.language), channel=Channel(r.channel),
            event_id=_none_or_int(r.event_id), submitted_at=r.submitted_at.to_pydatetime(),
            status=IdeaStatus(r.status), stage=Stage(r.stage),
            group_id=_none_or_int(r.assigned), duplicate_of=_none_or_int(r.duplicate_of),
            reason=str(r.reason), edit_note=str(r.edit_note),
            supports=int(supports.get(int(r.id), 0)), author_name=None, author_contact=None,
        ))  # fmt: skip
    return out


def _with_stage(f: Frames, quartier_id: int) -> pd.DataFrame:
    ideas = f.ideas[f.ideas["quartier_id"] == quartier_id]
    return ideas.assign(
        stage=pd_stage(f, quartier_id, ideas), assigned=pd_assigned(f, quartier_id, ideas)
    )


def pd_board(
    f: Frames, quartier_id: int, *, stage: Stage | None = None, group_id: int | None = None,
    field_of_action: FieldOfAction | None = None, limit: int = BOARD_LIMIT, offset: int = 0,
) -> BoardPage:  # fmt: skip
    """public_board from the frames."""
    if stage in (Stage.SUBMITTED, Stage.REJECTED):
        return BoardPage([], 0)
    ideas = _with_stage(f, quartier_id)
    original = ideas["duplicate_of"].map(f.ideas["status"])
    status = ideas["status"]
    keep = (status == "veroeffentlicht") | ((status == "duplikat")
                                             & (original == "veroeffentlicht"))  # fmt: skip
    if stage is not None:
        keep &= ideas["stage"] == stage.value
    if group_id is not None:
        keep &= ideas["assigned"] == group_id
    if field_of_action is not None:
        keep &= ideas["field_of_action"] == FieldOfAction(field_of_action).value
    chosen = ideas[keep]
    limit = max(0, min(limit, 200))
    page = chosen.sort_values(["submitted_at", "id"], ascending=False).iloc[offset : offset + limit]
    return BoardPage(_pd_ideas(f, quartier_id, page), len(chosen))


_NOT_WORD = re.compile(r"[\W_]+")  # = [^\p{L}\p{N}]+ (Python's \w: letters, digits, _)


def _meaningful(word: str) -> bool:
    return len(word) >= 3 and word not in STOP_WORDS


def _words(lowered: str) -> list[str]:
    return _NOT_WORD.sub(" ", lowered).strip(" ").split(" ")


def pd_similar(f: Frames, quartier_id: int, title: str, limit: int = 5) -> list[Idea]:
    """similar_ideas from the frames: the same word matching and scores."""
    typed = checks.one_line(title)[: checks.TITLE_LIMIT]
    if len(typed) < 3 or limit <= 0:
        return []
    whole_typed = typed.lower()
    typed_words = _words(whole_typed)
    words = [w for w in typed_words if _meaningful(w)] or typed_words
    ideas = f.ideas
    cand = ideas[(ideas["quartier_id"] == quartier_id) & (ideas["status"] == "veroeffentlicht")]
    cand = cand.sort_values("id", ascending=False).head(SIMILAR_SCAN)
    lowered = cand["title"].str.lower()
    split = lowered.str.replace(_NOT_WORD, " ", regex=True).str.strip(" ").str.split(" ")
    exploded = split.explode()
    vocabulary = exploded.unique()

    def same(w: str, v: str) -> bool:
        return (jaro_winkler(w, v) >= _WORD_MATCH or (len(w) >= 4 and w in v)
                or (len(v) >= 4 and v in w))  # fmt: skip

    matches = {w: {v for v in vocabulary if same(w, v)} for w in set(words)}
    covered = sum(
        exploded.isin(matches[w]).groupby(level=0, sort=False).any().astype(float) for w in words
    ) / len(words)
    long = exploded[(exploded.str.len() >= 3) & ~exploded.isin(STOP_WORDS)]
    anything = set().union(*matches.values())
    covering = long.isin(anything).astype(float).groupby(level=0, sort=False).mean()
    covering = covering.reindex(cand.index)
    by_words = 0.7 * covered + 0.3 * covering.fillna(covered)
    # The whole-title similarity: where it can reach 0.95 (length bound) or the title
    # passes anyway (it orders the matches).
    nbytes = lowered.str.encode("utf-8").str.len()
    typed_bytes = len(whole_typed.encode())
    bound = nbytes.map(lambda n: _jw_bound(typed_bytes, int(n)))
    needed = (by_words >= SIMILAR_THRESHOLD) | (bound >= _NEAR_IDENTICAL)
    cache: dict[str, float] = {}
    whole = pd.Series(0.0, index=cand.index)
    for k, text in lowered[needed].items():
        if text not in cache:
            cache[text] = jaro_winkler(whole_typed, text)
        whole[k] = cache[text]
    score = by_words.where(whole < _NEAR_IDENTICAL, 1.0)
    hits = pd.DataFrame({"id": cand["id"], "score": score, "whole": whole})
    hits = hits[hits["score"] >= SIMILAR_THRESHOLD]
    ranked = hits.sort_values(["score", "whole", "id"], ascending=False).head(min(limit, 50))
    ids = [int(i) for i in ranked["id"]]
    rows = _with_stage(f, quartier_id).loc[ids]
    return _pd_ideas(f, quartier_id, rows)


# --- timing ---------------------------------------------------------------------------------


def once(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


@dataclass
class Row:
    name: str
    function: str
    cold: float
    ours: Timing
    pandas: Timing | None
    same: bool | None

    def markdown(self) -> str:
        o, p = self.ours, self.pandas
        theirs = (f"{p.median:.1f} | {p.p95:.1f} | {p.median / o.median:.1f}×" if p
                  else "– | – | –")  # fmt: skip
        verdict = "met" if o.median < TARGET_MS else "**missed**"
        same = {True: "yes", False: "**NO**", None: "–"}[self.same]
        return (
            f"| {self.name} | `{self.function}` | {self.cold:.1f} | {o.median:.1f} | {o.p95:.1f}"
            f" | {o.cpu:.1f} | {theirs} | {verdict} | {same} |"
        )


HEADER = (
    "| computation | function | ours cold ms | ours median ms | ours p95 ms | ours CPU ms"
    " | pandas median ms | pandas p95 ms | pandas ÷ ours | < 200 ms | same |\n"
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
)

CLOSE_HEADER = (
    "| round | `close_round` ms (once) | its CPU ms | `round_result` closed: median ms"
    " | p95 ms | < 200 ms | stored = live preview |\n|---|---:|---:|---:|---:|---|---|"
)


def machine() -> str:
    import pyarrow

    return timing_machine(
        f"pandas {pd.__version__}, numpy {np.__version__}, pyarrow {pyarrow.__version__}"
    )


# --- the run --------------------------------------------------------------------------------


def _bench_info(db: Database) -> dict[str, Any]:
    """What is in the copy: the Quartier, the open rounds, the benchmark group."""
    with db.read() as cur:
        rounds = cur.execute(
            "SELECT r.method, r.id, r.quartier_id, r.group_id FROM rounds r"
            " WHERE r.closed_at IS NULL ORDER BY r.id"
        ).fetchall()
        quartier_id, group_id = int(rounds[0][2]), int(rounds[0][3])
        counts = cur.execute(
            "SELECT (SELECT count(*) FROM ideas WHERE quartier_id = $q),"
            " (SELECT count(*) FROM ideas),"
            " (SELECT count(*) FROM round_ideas WHERE round_id = $r),"
            " (SELECT count(*) FROM round_voters WHERE round_id = $r),"
            " (SELECT count(*) FROM ballots), (SELECT count(*) FROM ballot_items),"
            " (SELECT count(*) FROM idea_history), (SELECT count(*) FROM idea_supports),"
            " (SELECT count(*) FROM rounds WHERE closed_at IS NOT NULL),"
            " (SELECT count(*) FROM measures)",
            {"q": quartier_id, "r": int(rounds[0][1])},
        ).fetchone()
        coordinator = cur.execute(
            "SELECT id FROM users WHERE username = 'bench-koordination'"
        ).fetchone()
    assert counts is not None and coordinator is not None
    return {
        "rounds": {Method(m): int(r) for m, r, _, _ in rounds},
        "quartier": quartier_id,
        "group": group_id,
        "counts": counts,
        "coordinator": User(
            int(coordinator[0]),
            "bench-koordination",
            "Kim Koordination",
            Role.COORDINATOR,
            frozenset({quartier_id}),
        ),  # fmt: skip
    }


Calls = tuple[str, str, Callable[[], Any], Callable[[Frames], Any], Callable[[Any, Any], bool]]


def board_calls(db: Database, quartier_id: int, group_id: int) -> list[Calls]:
    def page_same(a: BoardPage, b: BoardPage) -> bool:
        return a.total == b.total and a.ideas == b.ideas

    def list_same(a: list[Idea], b: list[Idea]) -> bool:
        return a == b

    out: list[Calls] = []
    for label, kwargs in (
        ("board: 50 newest, no filter", {}),
        ("board: stage = umgesetzt", {"stage": Stage.DONE}),
        ("board: stage = in Priorisierung", {"stage": Stage.IN_PRIORITISATION}),
        ("board: Handlungsfeld = kinder_jugend", {"field_of_action": FieldOfAction.CHILDREN_YOUTH}),
        ("board: working group (benchmark group)", {"group_id": group_id}),
    ):
        ours = partial(public_board, db, quartier_id, limit=BOARD_LIMIT, **kwargs)
        theirs = partial(_pd_board_of, quartier_id=quartier_id, kwargs=kwargs)
        out.append((label, "public_board", ours, theirs, page_same))
    for typed in TYPED:
        out.append((f"similar: „{typed}“", "similar_ideas",
                    partial(similar_ideas, db, quartier_id, typed),
                    partial(_pd_similar_of, quartier_id=quartier_id, typed=typed),
                    list_same))  # fmt: skip
    return out


def _pd_board_of(f: Frames, quartier_id: int, kwargs: dict[str, Any]) -> BoardPage:
    return pd_board(f, quartier_id, limit=BOARD_LIMIT, **kwargs)


def _pd_similar_of(f: Frames, quartier_id: int, typed: str) -> list[Idea]:
    return pd_similar(f, quartier_id, typed)


def _pd_round_of(f: Frames, round_id: int) -> PdRoundResult:
    return pd_round_result(f, round_id)


def run(path: Path, repeats: int) -> int:
    print(f"machine: {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="quartier-bench-") as tmp:
        copy = Path(tmp) / "ideas.duckdb"
        shutil.copyfile(path, copy)
        db = open_database(copy)
        try:
            return _run(db, path, repeats)
        finally:
            db.close()


def _run(db: Database, path: Path, repeats: int) -> int:
    info = _bench_info(db)
    c = info["counts"]
    print(
        f"database {path} (a copy under a temp dir): {c[0]} ideas in the benchmarked"
        f" Quartier ({c[1]} in all), {c[6]} history rows, {c[7]} supports, {c[8]} closed"
        f" rounds, {c[9]} measures; open rounds {', '.join(f'{m.value} {r}' for m, r in
        info['rounds'].items())} with {c[2]} ideas and {c[3]} voters; {c[4]} ballots,"
        f" {c[5]} ballot items; {repeats} runs per row after one cold call\n"
    )  # fmt: skip
    q, g = info["quartier"], info["group"]
    # Ours first, on the freshly opened file.
    calls: list[Calls] = board_calls(db, q, g)
    for method, round_id in info["rounds"].items():
        calls.append((f"round result, {method.value} (live)", "round_result",
                      partial(round_result, db, round_id),
                      partial(_pd_round_of, round_id=round_id), same_round))  # fmt: skip
    ours: dict[str, tuple[float, Timing, Any]] = {}
    for name, _, fn, _, _ in calls:
        cold, value = once(fn)
        ours[name] = (cold, timed(fn, repeats), value)
    load_cold, frames = once(lambda: load_frames(db))
    load_warm = timed(lambda: load_frames(db), 3).median
    print(f"pandas: loading the {len(_LOADS)} tables ({frames.rows()} rows) takes"
          f" {load_cold:.0f} ms cold, {load_warm:.0f} ms warm — NOT included in the pandas"
          " columns\n")  # fmt: skip
    rows: list[Row] = []
    for name, function, _, pd_fn, agree in calls:
        cold, timing, value = ours[name]
        theirs = pd_fn(frames)  # warm-up, and the answer compared
        rows.append(Row(name, function, cold, timing, timed(partial(pd_fn, frames), repeats),
                        agree(value, theirs)))  # fmt: skip
    parts = breakdown(db, info, repeats)  # before closing changes the stages
    # Closing: once per round (it writes), then the stored result.
    closing: list[tuple[Method, float, float, Timing, bool]] = []
    for method, round_id in info["rounds"].items():
        live = ours[f"round result, {method.value} (live)"][2]
        gc.collect()
        cpu = time.process_time()
        took, final = once(partial(close_round, db, info["coordinator"], round_id))
        cpu = (time.process_time() - cpu) * 1000
        stored = timed(partial(round_result, db, round_id), repeats)
        agrees = final.is_final and results_agree(final.results, live.results)
        closing.append((method, took, cpu, stored, agrees))
    board = [r for r in rows if r.function != "round_result"]
    tallies = [r for r in rows if r.function == "round_result"]
    print("Rounds (1 open round per method; pandas on the preloaded frames):\n")
    print(HEADER)
    for r in tallies:
        print(r.markdown())
    print("\n" + CLOSE_HEADER)
    for method, took, cpu, stored, agrees in closing:
        verdict = "met" if max(took, stored.median) < TARGET_MS else "**missed**"
        print(f"| {method.value} | {took:.1f} | {cpu:.1f} | {stored.median:.1f} | {stored.p95:.1f}"
              f" | {verdict} | {'yes' if agrees else '**NO**'} |")  # fmt: skip
    print("\nPublic board and similar ideas (pandas on the preloaded frames):\n")
    print(HEADER)
    for r in board:
        print(r.markdown())
    slow = [r.name for r in rows if r.ours.median >= TARGET_MS]
    slow += [f"close_round {m.value}" for m, took, *_ in closing if took >= TARGET_MS]
    slow += [f"round_result {m.value} (closed)" for m, _, _, t, _ in closing
             if t.median >= TARGET_MS]  # fmt: skip
    differ = [r.name for r in rows if not r.same]
    differ += [f"close_round {m.value}" for m, *_, agrees in closing if not agrees]
    verdict = "met by all" if not slow else "MISSED by " + "; ".join(slow)
    print(f"\ntarget < {TARGET_MS:.0f} ms: {verdict}")
    ratios = [r.pandas.median / r.ours.median for r in rows if r.pandas]
    print(f"pandas ÷ ours (median of medians): {statistics.median(ratios):.1f}×, from"
          f" {min(ratios):.1f}× to {max(ratios):.1f}×")  # fmt: skip
    print("answers identical to pandas: " + ("all" if not differ else "NOT " + str(differ)))
    print("\n".join(parts))
    return 0 if not differ else 1


def _fetch(cur: Any, sql: str, params: dict[str, Any]) -> list[Any]:
    return list(cur.execute(sql, params).fetchall())


def breakdown(db: Database, info: dict[str, Any], repeats: int) -> list[str]:
    """Where the time of the board, similar_ideas and round_result goes (lines to print)."""
    from quartier.ideas.board import _VISIBLE
    from quartier.ideas.reading import NEWEST_FIRST, _query, fetch_ideas
    from quartier.ideas.stages import IDEA_GROUP_SQL, STAGE_SQL
    from quartier.ideas.submission import _SIMILAR_SQL
    from quartier.prioritisation import results as S
    from quartier.prioritisation import rounds as R

    q = info["quartier"]
    n = max(5, repeats // 2)
    similar = {"title": TYPED[0], "quartier": q, "threshold": SIMILAR_THRESHOLD, "limit": 5}
    queries = {
        "STAGE_SQL alone (stage of every idea of the Quartier)": (
            f"SELECT count(*) FROM ({STAGE_SQL})", {"quartier": q}),
        "IDEA_GROUP_SQL alone (assigned group per idea)": (
            f"SELECT count(*) FROM ({IDEA_GROUP_SQL})", {"quartier": q}),
        "public_board's query, no filter (SQL only)": (
            _query(_VISIBLE, NEWEST_FIRST, False),
            {"quartier": q, "limit": BOARD_LIMIT, "offset": 0}),
        f"similar_ideas' scoring query for „{TYPED[0]}“ (SQL only)": (_SIMILAR_SQL, similar),
    }  # fmt: skip
    lines = [f"\nBreakdown (median of {n} runs):"]
    with db.read() as cur:
        for label, (sql, params) in queries.items():
            t = timed(partial(_fetch, cur, sql, params), n)
            lines.append(f"  {label:68s} {t.median:7.1f} ms (CPU {t.cpu:.1f})")
        hits = [i.id for i in similar_ideas(db, q, TYPED[0])]
        t = timed(partial(fetch_ideas, cur, q, "i.id IN (SELECT unnest($ids))", {"ids": hits}), n)
        label = f"fetch_ideas for the {len(hits)} similar ideas (stage CTE included)"
        lines.append(f"  {label:68s} {t.median:7.1f} ms (CPU {t.cpu:.1f})")
        for method, round_id in info["rounds"].items():
            rnd = R._round(cur, round_id)
            tally = S._tally(cur, rnd)
            t_all = timed(partial(round_result, db, round_id), n).median
            t_round = timed(partial(R._round, cur, round_id), n).median
            t_tally = timed(partial(S._tally, cur, rnd), n).median
            t_rules = timed(partial(S._live, rnd, tally), n).median
            rest = t_all - t_round - t_tally - t_rules
            lines.append(
                f"  round_result {method.value:12s} {t_all:6.1f} ms: load the round {t_round:5.1f},"
                f" tally SQL {t_tally:5.1f}, rules {t_rules:5.1f}, voters/names/rest {rest:5.1f}"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=None, help="benchmark database (base)")
    parser.add_argument("--rebuild", action="store_true", help="build the database afresh")
    parser.add_argument("--ideas", type=int, default=1_000, help="ideas in each round")
    parser.add_argument("--members", type=int, default=200, help="members voting")
    parser.add_argument("--board-ideas", type=int, default=50_000,
                        help="ideas of the benchmarked Quartier")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=None, help="runs per row (default 20)")
    parser.add_argument("--quick", action="store_true",
                        help="small: 60 ideas, 12 members, 3,000 board ideas, 10 runs")  # fmt: skip
    args = parser.parse_args(argv)
    if args.quick:
        args.ideas, args.members, args.board_ideas = 60, 12, 3_000
    repeats = max(10, args.repeats or (10 if args.quick else 20))
    path = args.db or default_path(args.ideas, args.members, args.board_ideas, args.seed)
    if args.rebuild or not path.exists():
        made: BenchIdeas = build_ideas_db(path, ideas=args.ideas, members=args.members,
                                          board_ideas=args.board_ideas, seed=args.seed)  # fmt: skip
        print(f"built {made.path} in {made.seconds:.1f} s: {made.ideas} ideas,"
              f" {made.ballot_items} ballot items in the open rounds")  # fmt: skip
    return run(path, repeats)


if __name__ == "__main__":
    sys.exit(main())
