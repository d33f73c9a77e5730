"""The coordinator dashboard's queries on the city database, next to pandas.

For the benchmarked (largest) Quartier of the city database (``city_data.py``) and a
year, a quarter and a month, every chart query of :mod:`quartier.dashboard` — ``kpis``,
``participation`` for each dimension, ``language_reach``, ``idea_funnel``,
``network_growth`` — is called once (warm-up) and then ``--repeats`` times; the median
is kept. Next to it, in the same run, the same aggregation in pandas on DataFrames
loaded from the same database beforehand (the whole city's tables; loading is not timed
and is reported on its own): the same Quartier and period filters, month buckets, zero
cells, rounding and k-suppression (with the secondary suppression of
:func:`quartier.privacy.suppressed`). Every pandas answer is compared with ours and must
be equal (``same``); the script exits 1 when one is not.

Targets (issue 6): ≤ 150 ms per chart query, ≥ 10× faster than pandas.

Usage::

    .venv/bin/python bench/bench_dashboard.py [--scale 1] [--quartiere 25] [--seed 1]
        [--repeats 15] [--rebuild] [--explain]

``--explain`` prints DuckDB's EXPLAIN ANALYZE of every query that misses 150 ms.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from city_data import END, City, city_db
from timing import Timing, machine, timed

from quartier.dashboard.model import (
    Breakdown,
    FunnelStep,
    GrowthPoint,
    Kpi,
    KpiValue,
    Period,
    PeriodKind,
    Reach,
    ReachRow,
    trend_window,
    utc_midnight,
)
from quartier.privacy import min_group_size
from quartier.storage import Database, open_database

# The query modules (``quartier.dashboard`` re-exports functions of the same names).
F = importlib.import_module("quartier.dashboard.funnel")
G = importlib.import_module("quartier.dashboard.growth")
K = importlib.import_module("quartier.dashboard.kpis")
P = importlib.import_module("quartier.dashboard.participation")
R = importlib.import_module("quartier.dashboard.reach")

#: lcm(1, …, 21): every number of languages a session can have divides it.
SPLIT_UNIT = 232_792_560

TARGET_MS = 150.0
TARGET_RATIO = 10.0
TODAY = END  # the data's "today"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_DAY = date(1970, 1, 1).toordinal()
EARLIEST = date(1, 1, 1).toordinal() - EPOCH_DAY
LATEST = date(9999, 12, 31).toordinal() - EPOCH_DAY


def periods() -> list[Period]:
    """The last complete year, quarter and month before the data's today."""
    last = TODAY - timedelta(days=1)
    return [Period.year(last.year - 1 if last.month < 12 else last.year),
            Period.of(PeriodKind.QUARTER, Period.of(PeriodKind.QUARTER, TODAY).start
                      - timedelta(days=1)),
            Period.of(PeriodKind.MONTH, last)]  # fmt: skip


def us(moment: datetime) -> int:
    """Microseconds since the epoch (how the frames hold timestamps)."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def day(d: date) -> int:
    """Days since the epoch (how the frames hold dates)."""
    return d.toordinal() - EPOCH_DAY


# --- the frames ---------------------------------------------------------------------------------


@dataclass
class Frames:
    """The city's tables in pandas (timestamps as µs, dates as days since the epoch,
    low-cardinality strings as categoricals)."""

    responses: pd.DataFrame
    ideas: pd.DataFrame
    history: pd.DataFrame
    events: pd.DataFrame
    details: pd.DataFrame
    attendance: pd.DataFrame
    sessions: pd.DataFrame
    session_languages: pd.DataFrame
    groups: pd.DataFrame
    shares: pd.DataFrame
    measures: pd.DataFrame
    status_changes: pd.DataFrame
    round_ideas: pd.DataFrame
    actors: pd.DataFrame
    ties: pd.DataFrame


_LOADS = {
    "responses": "SELECT quartier_id, epoch_us(submitted_at) AS ts, channel, language"
                 " FROM responses",
    "ideas": "SELECT id, quartier_id, epoch_us(submitted_at) AS ts, channel, language, status,"
             " group_id FROM ideas",
    "history": "SELECT rowid AS rid, quartier_id, idea_id, epoch_us(happened_at) AS ts, action,"
               " detail FROM idea_history",
    "events": "SELECT id, quartier_id, datediff('day', DATE '1970-01-01', starts_on) AS d"
              " FROM events",
    "details": "SELECT event_id, quartier_id, event_type, group_id, attendance FROM event_details",
    "attendance": "SELECT quartier_id, event_id, dimension, category, people"
                  " FROM event_attendance",
    "sessions": "SELECT id, quartier_id, datediff('day', DATE '1970-01-01', held_on) AS d,"
                " people FROM offering_sessions",
    "session_languages": "SELECT quartier_id, session_id, language"
                         " FROM offering_session_languages",
    "groups": "SELECT id, quartier_id, name FROM working_groups",
    "shares": "SELECT quartier_id, language, share::DOUBLE AS share FROM population_shares",
    "measures": "SELECT id, quartier_id, idea_id, status, epoch_us(created_at) AS ts"
                " FROM measures",
    "status_changes": "SELECT quartier_id, measure_id, status, epoch_us(changed_at) AS ts"
                      " FROM measure_status_changes",
    "round_ideas": "SELECT quartier_id, round_id, idea_id FROM round_ideas",
    "actors": "SELECT id, quartier_id, datediff('day', DATE '1970-01-01', active_from) AS lo,"
              " datediff('day', DATE '1970-01-01', active_to) AS hi FROM actors",
    "ties": "SELECT id, quartier_id, source_id, target_id,"
            " datediff('day', DATE '1970-01-01', starts_on) AS lo,"
            " datediff('day', DATE '1970-01-01', ends_on) AS hi FROM ties",
}  # fmt: skip
_CATEGORIES = ("channel", "language", "status", "action", "event_type", "dimension", "outcome")


#: The tables each query needs ("pandas + load" loads only these, only of the Quartier).
NEEDS = {
    "kpis": ("events", "details", "sessions", "responses", "ideas", "measures",
             "status_changes", "actors", "ties"),
    "participation channel": ("responses", "ideas"),
    "participation event_type": ("events", "details", "sessions"),
    "participation language": ("responses", "ideas", "events", "attendance", "sessions",
                               "session_languages"),
    "participation working_group": ("events", "details", "groups", "ideas", "history"),
    "language_reach": ("responses", "ideas", "events", "attendance", "sessions",
                       "session_languages", "shares"),
    "idea_funnel": ("ideas", "history", "round_ideas", "measures"),
    "network_growth": ("actors", "ties"),
}  # fmt: skip


def load_frames(
    db: Database, quartier_id: int | None = None, tables: tuple[str, ...] | None = None
) -> Frames:
    """The tables (all, or ``tables``; the others stay empty) of the whole city, or of
    one Quartier."""
    out: dict[str, pd.DataFrame] = {name: pd.DataFrame() for name in _LOADS}
    where = "" if quartier_id is None else " WHERE quartier_id = ?"
    params = [] if quartier_id is None else [quartier_id]
    with db.read() as cur:
        for name, sql in _LOADS.items():
            if tables is not None and name not in tables:
                continue
            frame = cur.execute(sql + where, params).df()
            for col in _CATEGORIES:
                if col in frame.columns:
                    frame[col] = frame[col].astype("category")
            out[name] = frame
    return Frames(**out)


# --- pandas: the shared pieces -----------------------------------------------------------------


def suppress(cells: pd.DataFrame, k: int) -> pd.DataFrame:
    """``privacy.suppressed`` in pandas: cells (grp, cell, n) → (grp, cell, n, total),
    hidden values as None, sorted by grp and cell."""
    if cells.empty:
        return cells.assign(total=pd.Series(dtype=object))
    c = cells.copy()
    c["small"] = c["n"] < k
    by = c.groupby("grp", sort=False)
    c["sum"] = by["n"].transform("sum")
    c["n_small"] = by["small"].transform("sum")
    c = c.sort_values(["grp", "small", "n", "cell"])
    c["rank"] = c.groupby(["grp", "small"], sort=False).cumcount() + 1
    hide = c["small"] | (c["sum"] < k) | ((c["n_small"] == 1) & (c["rank"] == 1))
    c["n"] = c["n"].astype(object).where(~hide, None)
    c["total"] = c["sum"].astype(object).where(c["sum"] >= k, None)
    return c.sort_values(["grp", "cell"])[["grp", "cell", "n", "total"]]


@dataclass(frozen=True)
class Buckets:
    months: list[date]
    lo: np.ndarray  # µs, ascending
    whi: int
    d: np.ndarray  # days of the months' first days
    dend: int

    @classmethod
    def of(cls, months: list[date], end: date) -> Buckets:
        lo = np.asarray([us(utc_midnight(m)) for m in months], dtype=np.int64)
        return cls(months, lo, us(utc_midnight(end)),
                   np.asarray([day(m) for m in months], dtype=np.int64), day(end))  # fmt: skip


def _by_timestamp(frame: pd.DataFrame, q: int, b: Buckets, column: str) -> pd.DataFrame:
    x = frame[(frame["quartier_id"] == q) & (frame["ts"] >= b.lo[0]) & (frame["ts"] < b.whi)]
    bucket = np.searchsorted(b.lo, x["ts"].to_numpy(), side="right") - 1
    g = pd.DataFrame({"b": bucket, "cell": x[column].astype(str).to_numpy()})
    return g.groupby(["b", "cell"]).size().astype(float).rename("n").reset_index()


def _events_in(f: Frames, q: int, b: Buckets) -> pd.DataFrame:
    e = f.events[(f.events["quartier_id"] == q) & (f.events["d"] >= b.d[0])
                 & (f.events["d"] < b.dend)]  # fmt: skip
    return e.assign(b=np.searchsorted(b.d, e["d"].to_numpy(), side="right") - 1)


def _details_of(f: Frames, q: int) -> pd.DataFrame:
    return f.details[f.details["quartier_id"] == q]


def _attendance_by(f: Frames, q: int, b: Buckets, column: str) -> pd.DataFrame:
    e = _events_in(f, q, b).merge(_details_of(f, q), left_on="id", right_on="event_id")
    e = e[e["attendance"].notna()]
    return (e.groupby(["b", e[column].astype(str)])["attendance"].sum().astype(float)
            .rename("n").rename_axis(["b", "cell"]).reset_index())  # fmt: skip


def _sessions_in(f: Frames, q: int, b: Buckets) -> pd.DataFrame:
    s = f.sessions[(f.sessions["quartier_id"] == q) & (f.sessions["d"] >= b.d[0])
                   & (f.sessions["d"] < b.dend)]  # fmt: skip
    return s.assign(b=np.searchsorted(b.d, s["d"].to_numpy(), side="right") - 1)


def _sessions_as_group(f: Frames, q: int, b: Buckets) -> pd.DataFrame:
    s = _sessions_in(f, q, b)
    out = s.groupby("b")["people"].sum().astype(float).rename("n").reset_index()
    return out.assign(cell=P.OFFERINGS_GROUP)


def _attendance_by_language(f: Frames, q: int, b: Buckets) -> pd.DataFrame:
    a = f.attendance[(f.attendance["quartier_id"] == q) & (f.attendance["dimension"] == "sprache")]
    e = _events_in(f, q, b).merge(a, left_on="id", right_on="event_id")
    return (e.groupby(["b", e["category"].astype(str)])["people"].sum().astype(float)
            .rename("n").rename_axis(["b", "cell"]).reset_index())  # fmt: skip


def _sessions_by_language(f: Frames, q: int, b: Buckets) -> pd.DataFrame:
    langs = f.session_languages[f.session_languages["quartier_id"] == q]
    langs = langs.assign(n_languages=langs.groupby("session_id")["language"].transform("size"))
    s = _sessions_in(f, q, b).merge(langs, left_on="id", right_on="session_id")
    # The equal split, summed exactly (in units of 1/SPLIT_UNIT) and divided once, so a
    # cell of exactly x.5 stays x.5. DuckDB sums the DOUBLE shares in a parallel hash
    # aggregate whose order varies from call to call, so such a cell sometimes comes out
    # as x.4999… and rounds down (see docs/benchmarks.md, Dashboard).
    share = s["people"].to_numpy(np.int64) * SPLIT_UNIT // s["n_languages"].to_numpy(np.int64)
    summed = pd.Series(share).groupby([s["b"].to_numpy(), s["language"].astype(str).to_numpy()])
    return (summed.sum().div(SPLIT_UNIT).rename("n")
            .rename_axis(["b", "cell"]).reset_index())  # fmt: skip


def _idea_groups(f: Frames, q: int) -> pd.DataFrame:
    """(idea_id, group_id): the latest 'zugewiesen' row per idea (IDEA_GROUP_SQL)."""
    h = f.history[(f.history["quartier_id"] == q) & (f.history["action"] == "zugewiesen")]
    latest = h.sort_values(["idea_id", "ts", "rid"]).drop_duplicates("idea_id", keep="last")
    group = pd.to_numeric(latest["detail"], errors="coerce")
    group = group.where(group == group.round())
    return pd.DataFrame({"idea_id": latest["idea_id"].to_numpy(), "group_id": group.to_numpy()})


def _by_group(f: Frames, q: int, b: Buckets) -> list[pd.DataFrame]:
    groups = f.groups[f.groups["quartier_id"] == q][["id", "name"]]
    e = _events_in(f, q, b).merge(_details_of(f, q), left_on="id", right_on="event_id")
    e = e[e["attendance"].notna() & e["group_id"].notna()]
    e = e.merge(groups, left_on="group_id", right_on="id")
    events = (e.groupby(["b", "name"])["attendance"].sum().astype(float).rename("n")
              .rename_axis(["b", "cell"]).reset_index())  # fmt: skip
    i = f.ideas[(f.ideas["quartier_id"] == q) & (f.ideas["ts"] >= b.lo[0])
                & (f.ideas["ts"] < b.whi)]  # fmt: skip
    assigned = _idea_groups(f, q)
    i = i.merge(assigned, how="left", left_on="id", right_on="idea_id", suffixes=("", "_h"))
    group = np.where(i["idea_id"].isna(), i["group_id"], i["group_id_h"])
    i = i.assign(g=group, b=np.searchsorted(b.lo, i["ts"].to_numpy(), side="right") - 1)
    i = i[i["g"].notna()].merge(groups, left_on="g", right_on="id", suffixes=("", "_g"))
    ideas = (i.groupby(["b", "name"]).size().astype(float).rename("n")
             .rename_axis(["b", "cell"]).reset_index())  # fmt: skip
    return [events, ideas]


def _pieces(f: Frames, q: int, b: Buckets, dimension: str) -> list[pd.DataFrame]:
    if dimension == "channel":
        return [_by_timestamp(f.responses, q, b, "channel"),
                _by_timestamp(f.ideas, q, b, "channel")]  # fmt: skip
    if dimension == "event_type":
        return [_attendance_by(f, q, b, "event_type"), _sessions_as_group(f, q, b)]
    if dimension == "language":
        return [_by_timestamp(f.responses, q, b, "language"),
                _by_timestamp(f.ideas, q, b, "language"),
                _attendance_by_language(f, q, b), _sessions_by_language(f, q, b)]  # fmt: skip
    return _by_group(f, q, b)


def cells(f: Frames, q: int, b: Buckets, dimension: str) -> pd.DataFrame:
    """``participation.cells_sql``: every (month, cell) of the cells seen, zeros included."""
    facts = pd.concat([p[["b", "cell", "n"]] for p in _pieces(f, q, b, dimension)])
    summed = facts.groupby(["b", "cell"])["n"].sum()
    counts = np.floor(summed + 0.5).astype(np.int64)  # DuckDB's round: half away from zero
    seen = sorted(counts[counts > 0].index.get_level_values("cell").unique())
    full = pd.MultiIndex.from_product([range(len(b.months)), seen], names=["b", "cell"])
    n = counts.reindex(full, fill_value=0)
    out = n.rename("n").reset_index()
    return pd.DataFrame({"grp": out["b"], "cell": out["cell"], "n": out["n"]})


# --- pandas: the dashboard's functions ----------------------------------------------------------


def participation(f: Frames, q: int, period: Period, dimension: str, k: int) -> Breakdown:
    window = trend_window(period)
    months = window.months()
    b = Buckets.of(months, window.end)
    shown = suppress(cells(f, q, b, dimension), k)
    found = zip(shown["grp"], shown["cell"], shown["n"], strict=True)
    rows = tuple((months[g], str(c), None if n is None else int(n)) for g, c, n in found)
    by_month = dict(zip(shown["grp"], shown["total"], strict=True))
    totals = tuple((m, None if by_month.get(i) is None else int(by_month[i]))
                   for i, m in enumerate(months))  # fmt: skip
    return Breakdown(dimension, rows, totals, k)


def language_reach(f: Frames, q: int, period: Period, k: int) -> Reach:
    b = Buckets.of([period.start], period.end)
    shown = suppress(cells(f, q, b, "language"), k)
    shares = f.shares[f.shares["quartier_id"] == q][["language", "share"]]
    both = shown.merge(shares, how="outer", left_on="cell", right_on="language")
    both["language"] = both["cell"].where(both["cell"].notna(), both["language"])
    both["n_sort"] = pd.to_numeric(both["n"], errors="coerce")
    both = both.sort_values(["share", "n_sort", "language"], ascending=[False, False, True],
                            na_position="last")  # fmt: skip
    found = [(str(lang), None if n is None or n != n else int(n),
              None if s != s else float(s), None if t is None or t != t else int(t))
             for lang, n, s, t in zip(both["language"], both["n"], both["share"], both["total"],
                                      strict=True)]  # fmt: skip
    total = max((t for *_, t in found if t is not None), default=0)
    rows = []
    for language, n, share, _ in found:
        reached_share = None if n is None or not total else 100.0 * n / total
        ratio = reached_share / share if reached_share is not None and share else None
        rows.append(ReachRow(language, n, reached_share, share, ratio))
    return Reach(tuple(rows), total, k, any(s is not None for _, _, s, _ in found))


def _stage_done(f: Frames, q: int, ideas: pd.DataFrame) -> pd.Series:
    """Whether each idea's stage (STAGE_SQL) is 'umgesetzt': not eingereicht, abgelehnt or
    duplikat, and its latest measure (highest id) is finished."""
    m = f.measures[(f.measures["quartier_id"] == q) & f.measures["idea_id"].notna()]
    latest = m.sort_values("id").drop_duplicates("idea_id", keep="last")
    done = set(latest.loc[latest["status"] == "umgesetzt", "idea_id"].astype(np.int64))
    open_status = ~ideas["status"].isin(["eingereicht", "abgelehnt", "duplikat"])
    return open_status & ideas["id"].isin(done)


def idea_funnel(f: Frames, q: int, period: Period) -> list[FunnelStep]:
    lo, hi = (us(x) for x in period.utc_bounds())
    c = f.ideas[(f.ideas["quartier_id"] == q) & (f.ideas["ts"] >= lo) & (f.ideas["ts"] < hi)]
    h = f.history
    published = set(h.loc[(h["quartier_id"] == q) & (h["action"] == "veroeffentlicht"),
                          "idea_id"])  # fmt: skip
    prioritised = set(f.round_ideas.loc[f.round_ideas["quartier_id"] == q, "idea_id"])
    m = f.measures
    measured = set(m.loc[(m["quartier_id"] == q) & m["idea_id"].notna(), "idea_id"]
                   .astype(np.int64))  # fmt: skip
    level = np.where(
        _stage_done(f, q, c), 5,
        np.where(c["id"].isin(measured), 4,
                 np.where(c["id"].isin(prioritised), 3,
                          np.where((c["status"] == "veroeffentlicht") | c["id"].isin(published),
                                   2, 1))))  # fmt: skip
    return [FunnelStep(stage, int((level >= i + 1).sum())) for i, stage in enumerate(F.FUNNEL)]


def _actor_spans(f: Frames, q: int) -> pd.DataFrame:
    a = f.actors[f.actors["quartier_id"] == q]
    return pd.DataFrame({"id": a["id"], "lo": a["lo"].fillna(EARLIEST).astype(np.int64),
                         "hi": a["hi"].fillna(LATEST).astype(np.int64)})  # fmt: skip


def _tie_spans(f: Frames, q: int, actors: pd.DataFrame) -> pd.DataFrame:
    t = f.ties[f.ties["quartier_id"] == q]
    t = t.merge(actors, left_on="source_id", right_on="id", suffixes=("", "_s"))
    t = t.merge(actors, left_on="target_id", right_on="id", suffixes=("", "_e"))
    lo = np.maximum.reduce([t["lo"].fillna(EARLIEST).to_numpy(np.int64),
                            t["lo_s"].to_numpy(), t["lo_e"].to_numpy()])  # fmt: skip
    hi = np.minimum.reduce([t["hi"].fillna(LATEST).to_numpy(np.int64),
                            t["hi_s"].to_numpy(), t["hi_e"].to_numpy()])  # fmt: skip
    return pd.DataFrame({"lo": lo, "hi": hi})


def _active(spans: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    lo, hi = spans["lo"].to_numpy()[:, None], spans["hi"].to_numpy()[:, None]
    return ((lo <= days[None, :]) & (hi >= days[None, :])).sum(axis=0)


def network_growth(f: Frames, q: int, period: Period, today: date) -> list[GrowthPoint]:
    ends = G.month_ends(period, today)
    if not ends:
        return []
    days = np.asarray([day(d) for d in ends], dtype=np.int64)
    actors = _actor_spans(f, q)
    a, t = _active(actors, days), _active(_tie_spans(f, q, actors), days)
    return [GrowthPoint(d, int(x), int(y)) for d, x, y in zip(ends, a, t, strict=True)]


def kpis(f: Frames, q: int, period: Period, today: date) -> list[KpiValue]:
    actors = _actor_spans(f, q)
    ties = _tie_spans(f, q, actors)
    ev = f.events[f.events["quartier_id"] == q]
    ev = ev.merge(_details_of(f, q)[["event_id", "attendance"]], left_on="id",
                  right_on="event_id")  # fmt: skip
    ses = f.sessions[f.sessions["quartier_id"] == q]
    res = f.responses[f.responses["quartier_id"] == q]
    ideas = f.ideas[f.ideas["quartier_id"] == q]
    m = f.measures[(f.measures["quartier_id"] == q) & f.measures["idea_id"].notna()]
    sc = f.status_changes[f.status_changes["quartier_id"] == q]
    latest = sc.loc[sc.groupby("measure_id")["ts"].idxmax()]
    done = latest[latest["status"] == "umgesetzt"]

    def figures(p: Period) -> list[int]:
        lo, hi = (us(x) for x in p.utc_bounds())
        d0, d1 = day(p.start), day(p.end)
        held = day(min(p.end, today + timedelta(days=1)))
        as_of = K._as_of(p, today)
        in_days = ev[(ev["d"] >= d0) & (ev["d"] < d1)]
        people = int(in_days["attendance"].sum()) + int(
            ses.loc[(ses["d"] >= d0) & (ses["d"] < d1), "people"].sum()
        )
        network = [0, 0]
        if as_of is not None:
            x = day(as_of)
            network = [int(((actors["lo"] <= x) & (actors["hi"] >= x)).sum()),
                       int(((ties["lo"] <= x) & (ties["hi"] >= x)).sum())]  # fmt: skip
        return [
            people,
            int(((ev["d"] >= d0) & (ev["d"] < held)).sum()),
            int(((res["ts"] >= lo) & (res["ts"] < hi)).sum()),
            int(((ideas["ts"] >= lo) & (ideas["ts"] < hi)).sum()),
            int(((m["ts"] >= lo) & (m["ts"] < hi)).sum()),
            int(((done["ts"] >= lo) & (done["ts"] < hi)).sum()),
            *network,
        ]

    now, before = figures(period), figures(period.previous())
    return [KpiValue(kpi, now[i], before[i]) for i, kpi in enumerate(Kpi)]


# --- the run ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    period: Period
    name: str
    ours: Callable[[], Any]
    theirs: Callable[[Frames], Any]
    sql: str
    params: Callable[[], dict[str, Any]]


def cases(db: Database, q: int, k: int) -> list[Case]:
    """Every chart query for each of :func:`periods`: ours and the pandas twin."""
    import quartier.dashboard as D

    out = []
    for p in periods():
        window = trend_window(p)
        out.append(Case(p, "kpis", lambda p=p: D.kpis(db, q, p, today=TODAY),
                        lambda f, p=p: kpis(f, q, p, TODAY), K.KPI_SQL,
                        lambda p=p: K.kpi_params(q, [p, p.previous()], TODAY)))  # fmt: skip
        for dim in P.DIMENSIONS:
            out.append(Case(
                p, f"participation {dim}", lambda p=p, dim=dim: D.participation(db, q, p, dim, k),
                lambda f, p=p, dim=dim: participation(f, q, p, dim, k), P.query(dim),
                lambda w=window: P.bucket_params(q, w.months(), w.end) | {"k": k},
            ))  # fmt: skip
        out.append(Case(p, "language_reach", lambda p=p: D.language_reach(db, q, p, k),
                        lambda f, p=p: language_reach(f, q, p, k), R.REACH_SQL,
                        lambda p=p: P.bucket_params(q, [p.start], p.end) | {"k": k}))  # fmt: skip
        out.append(Case(p, "idea_funnel", lambda p=p: D.idea_funnel(db, q, p),
                        lambda f, p=p: idea_funnel(f, q, p), F.FUNNEL_SQL,
                        lambda p=p: dict(zip(("quartier", "lo", "hi"), (q, *p.utc_bounds()),
                                             strict=True))))  # fmt: skip
        out.append(Case(p, "network_growth", lambda p=p: D.network_growth(db, q, p, today=TODAY),
                        lambda f, p=p: network_growth(f, q, p, TODAY), G.GROWTH_SQL,
                        lambda p=p: {"quartier": q, "days": G.month_ends(p, TODAY)}))  # fmt: skip
    return out


def explain(db: Database, case: Case) -> str:
    params = P.bind(case.sql, case.params())
    with db.read() as cur:
        rows = cur.execute("EXPLAIN ANALYZE " + case.sql, params).fetchall()
    return "\n".join(str(r[-1]) for r in rows)


@dataclass(frozen=True)
class Row:
    case: Case
    cold: float
    ours: Timing
    theirs: Timing
    loaded: Timing  # pandas + load
    same: bool

    @property
    def ratio(self) -> float:
        return self.theirs.median / self.ours.median if self.ours.median else float("inf")

    @property
    def ratio_loaded(self) -> float:
        return self.loaded.median / self.ours.median if self.ours.median else float("inf")


def measure(db: Database, f: Frames, q: int, k: int, repeats: int) -> list[Row]:
    rows = []
    for case in cases(db, q, k):
        needs = NEEDS[case.name]

        def frame(case: Case = case) -> Any:
            return case.theirs(f)

        def with_load(case: Case = case, needs: tuple[str, ...] = needs) -> Any:
            return case.theirs(load_frames(db, q, needs))

        started = time.perf_counter()
        answer = case.ours()
        cold = (time.perf_counter() - started) * 1000
        same = answer == frame() == with_load()
        rows.append(Row(case, cold, timed(case.ours, repeats), timed(frame, repeats),
                        timed(with_load, repeats), same))  # fmt: skip
    return rows


def describe(f: Frames, q: int, city: City) -> str:
    c = city.counts
    mine = {
        "responses": int((f.responses["quartier_id"] == q).sum()),
        "ideas": int((f.ideas["quartier_id"] == q).sum()),
        "events": int((f.events["quartier_id"] == q).sum()),
        "sessions": int((f.sessions["quartier_id"] == q).sum()),
        "actors": int((f.actors["quartier_id"] == q).sum()),
        "ties": int((f.ties["quartier_id"] == q).sum()),
    }
    return (
        f"city: {c['quartiers']} Quartiere, {c['responses']:,} responses ({c['answers']:,}"
        f" answers), {c['ideas']:,} ideas, {c['ballot_items']:,} ballot items,"
        f" {c['events']:,} events, {c['offering_sessions']:,} sessions, {c['actors']:,} actors,"
        f" {c['ties']:,} ties; {city.size_mb:.0f} MB. Benchmarked Quartier {q}: "
        + ", ".join(f"{v:,} {k}" for k, v in mine.items())
    )


def report(rows: list[Row]) -> None:
    print("| period | query | ours cold ms | ours median ms | ours min–max | ours CPU ms"
          " | pandas frame ms | frame ÷ ours | pandas + load ms | (+load) ÷ ours"
          " | same |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        o, t = r.ours, r.theirs
        print(f"| {r.case.period.label} | {r.case.name} | {r.cold:.1f} | {o.median:.1f} |"
              f" {o.low:.1f}–{o.high:.1f} | {o.cpu:.1f} | {t.median:.1f} | {r.ratio:.1f}× |"
              f" {r.loaded.median:.1f} | {r.ratio_loaded:.1f}× |"
              f" {'yes' if r.same else 'NO'} |")  # fmt: skip
    medians = sorted(r.ours.median for r in rows)
    ratios = sorted(r.ratio for r in rows)
    loaded = sorted(r.ratio_loaded for r in rows)
    print(f"\npandas + load ÷ ours: median {loaded[len(loaded) // 2]:.1f}×, min {loaded[0]:.1f}×")
    slow = [r for r in rows if r.ours.median > TARGET_MS]
    weak = [r for r in rows if r.ratio < TARGET_RATIO]
    print(
        f"\nours: median {medians[len(medians) // 2]:.1f} ms, max {medians[-1]:.1f} ms;"
        f" frame ÷ ours: median {ratios[len(ratios) // 2]:.1f}×, min {ratios[0]:.1f}×"
    )
    print(f"≤ {TARGET_MS:.0f} ms: {len(rows) - len(slow)}/{len(rows)} met;"
          f" ≥ {TARGET_RATIO:.0f}× pandas: {len(rows) - len(weak)}/{len(rows)} met;"
          f" answers equal: {sum(r.same for r in rows)}/{len(rows)}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--quartiere", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--explain", action="store_true",
                        help="EXPLAIN ANALYZE every query above the target")  # fmt: skip
    args = parser.parse_args(argv)
    city = city_db(scale=args.scale, quartiere=args.quartiere, seed=args.seed,
                   rebuild=args.rebuild, log=lambda m: print("  " + m, flush=True))  # fmt: skip
    if not city.reused:
        print(f"built {city.path} in {city.seconds:.0f} s")
    print(f"machine: {machine(f'pandas {pd.__version__}, numpy {np.__version__}')}\n")
    db = open_database(city.path)
    try:
        q = city.quartier_id
        k = min_group_size(db, q)
        started = time.perf_counter()
        frames = load_frames(db)
        load_ms = (time.perf_counter() - started) * 1000
        print(describe(frames, q, city))
        print(f"pandas: loading the city's tables took {load_ms:.0f} ms (not timed below);"
              f" k = {k}; today = {TODAY.isoformat()}; {args.repeats} repeats\n")  # fmt: skip
        rows = measure(db, frames, q, k, args.repeats)
        report(rows)
        if args.explain:
            for r in rows:
                if r.ours.median > TARGET_MS:
                    print(f"\n--- EXPLAIN ANALYZE {r.case.period.label} {r.case.name} ---")
                    print(explain(db, r.case))
    finally:
        db.close()
    return 0 if all(r.same for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
