"""Survey results: ``quartier.surveys.results`` against the same aggregation in pandas.

For every question of the benchmark survey (see ``survey_data.py``) the matching results
function is timed on a freshly opened database file: the first (cold) call and the
median of ``--repeats`` further calls. Next to it the same aggregation in pandas — the
same respondent filter, the same zero cells, the same k-suppression including the
secondary suppression of :func:`quartier.privacy.suppressed` — measured two ways:

* **pandas frame**: on DataFrames already in memory (answers ⋈ responses of the whole
  survey, ``question`` as a categorical, loaded once; load time *not* included);
* **pandas + load**: loading only this question's answer rows and the survey's
  responses from DuckDB into pandas, then aggregating (load time included).

The one-off load of the whole survey into pandas is reported on its own. Every pandas
result is compared with ours (``same``): a baseline that computes something else would
prove nothing. A second table times cross-tabs and filters, and ``response_counts``.

Usage::

    .venv/bin/python bench/bench_results.py [--db PATH] [--rebuild] [--responses N]
        [--repeats R] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import math
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from survey_data import DEFAULT_PATH, build_survey_db

from quartier.privacy import min_group_size, protect_margins, suppressed
from quartier.storage import Database, open_database
from quartier.surveys import results as R
from quartier.surveys.model import Question, QuestionType
from quartier.surveys.store import Survey, get_survey

T = QuestionType
TARGET_MS = 100.0
TARGET_RATIO = 10.0

# --- pandas --------------------------------------------------------------------------


@dataclass
class Frames:
    """The survey in pandas: answer rows with their response's columns, responses,
    the Quartier's event ids and the hidden free-text answers."""

    answers: pd.DataFrame
    responses: pd.DataFrame
    events: list[str]
    hidden: pd.DataFrame


_ANSWERS_SQL = """
    SELECT a.response_id, a.question, a.choice, a.position, a.number, a.text
    FROM answers a WHERE a.survey_id = ? {extra}
"""


def load_frames(db: Database, survey: Survey, question: str | None = None) -> Frames:
    """Load the survey (or only one question's answer rows) from DuckDB into pandas."""
    extra, params = ("AND a.question = ?", [survey.id, question]) if question else ("", [survey.id])
    with db.read() as cur:
        answers = cur.execute(_ANSWERS_SQL.format(extra=extra), params).df()
        responses = cur.execute(
            "SELECT id, channel, event_id, language FROM responses WHERE survey_id = ?",
            [survey.id],
        ).df()
        events = [str(r[0]) for r in cur.execute(
            "SELECT id FROM events WHERE quartier_id = ?", [survey.quartier_id]
        ).fetchall()]  # fmt: skip
        hidden = cur.execute(
            "SELECT response_id, question FROM hidden_answers WHERE quartier_id = ?",
            [survey.quartier_id],
        ).df()
    answers["question"] = answers["question"].astype("category")
    return Frames(answers, responses, events, hidden)


def pd_domain(f: Frames, survey: Survey, by: R.By | None) -> list[str]:
    if by is None:
        return [""]
    if by.question is not None:
        return [*survey.definition.question(by.question).choice_names(), ""]
    if by.breakdown is R.Breakdown.CHANNEL:
        return ["online", "qr", "kiosk", "papier"]
    if by.breakdown is R.Breakdown.LANGUAGE:
        return list(survey.definition.languages)
    return [*f.events, ""]


def pd_respondents(f: Frames, flt: R.Filter, by: R.By | None) -> pd.DataFrame:
    """(id, grp) of the respondents matching ``flt``, grouped by ``by``."""
    r = f.responses
    if flt.event_id is not None:
        r = r[r["event_id"] == flt.event_id]
    if flt.channel is not None:
        r = r[r["channel"] == flt.channel]
    if flt.language is not None:
        r = r[r["language"] == flt.language]
    if flt.question is not None and flt.choice is not None:
        a = f.answers
        ids = a.loc[(a["question"] == flt.question) & (a["choice"] == flt.choice), "response_id"]
        r = r[r["id"].isin(ids)]
    if by is not None and by.question is not None:
        a = f.answers
        first = a.loc[(a["question"] == by.question) & a["choice"].notna()]
        first = first.drop_duplicates("response_id").set_index("response_id")["choice"]
        grp = r["id"].map(first).fillna("").astype(str)
    elif by is not None and by.breakdown is R.Breakdown.CHANNEL:
        grp = r["channel"]
    elif by is not None and by.breakdown is R.Breakdown.LANGUAGE:
        grp = r["language"]
    elif by is not None and by.breakdown is R.Breakdown.EVENT:
        grp = r["event_id"].astype("Int64").astype(str).where(r["event_id"].notna(), "")
    else:
        grp = pd.Series("", index=r.index)
    return pd.DataFrame({"id": r["id"].to_numpy(), "grp": grp.to_numpy()})


def pd_suppressed(cells: pd.DataFrame, k: int) -> list[tuple[Any, ...]]:
    """:func:`quartier.privacy.suppressed` on a frame (grp, cell, n) with every cell."""
    c = cells.copy()
    c["small"] = c["n"] < k
    by_grp = c.groupby("grp", sort=False)
    c["total"] = by_grp["n"].transform("sum")
    c["n_small"] = by_grp["small"].transform("sum")
    c = c.sort_values(["grp", "small", "n", "cell"])
    c["rank"] = c.groupby(["grp", "small"], sort=False).cumcount() + 1
    hide = c["small"] | (c["total"] < k) | ((c["n_small"] == 1) & (c["rank"] == 1))
    n = [None if h else int(v) for h, v in zip(hide, c["n"], strict=True)]
    total = [int(t) if t >= k else None for t in c["total"]]
    return list(zip(c["grp"], c["cell"], n, total, strict=True))


def _question_rows(f: Frames, q: Question, column: str) -> pd.DataFrame:
    a = f.answers
    return a[(a["question"] == q.name) & a[column].notna()]


def _full(counts: pd.Series, groups: list[str], codes: list[str]) -> pd.DataFrame:
    index = pd.MultiIndex.from_product([groups, codes], names=["grp", "cell"])
    return counts.reindex(index, fill_value=0).rename("n").reset_index()


def pd_choice_counts(
    f: Frames, survey: Survey, q: Question, k: int, flt: R.Filter | None = None,
    by: R.By | None = None,
) -> R.Counts:  # fmt: skip
    resp = pd_respondents(f, flt or R.Filter(), by)
    chosen = _question_rows(f, q, "choice")[["response_id", "choice"]]
    x = chosen.merge(resp, left_on="response_id", right_on="id")
    n = x.groupby(["grp", "choice"], sort=False, observed=True).size()
    cells = _full(n, pd_domain(f, survey, by), list(q.choice_names()))
    counts = R._counts(pd_suppressed(cells, k))
    if by is None:
        return counts
    return R.Counts(counts.groups, protect_margins(counts.cells), counts.totals)


def pd_multiple_counts(
    f: Frames, survey: Survey, q: Question, k: int, flt: R.Filter | None = None,
    by: R.By | None = None,
) -> R.Counts:  # fmt: skip
    resp = pd_respondents(f, flt or R.Filter(), by)
    chosen = _question_rows(f, q, "choice")[["response_id", "choice"]]
    x = chosen.merge(resp, left_on="response_id", right_on="id")
    groups = pd_domain(f, survey, by)
    totals = x.groupby("grp", sort=False)["response_id"].nunique().reindex(groups, fill_value=0)
    n = x.groupby(["grp", "choice"], sort=False, observed=True).size()
    cells = _full(n, groups, list(q.choice_names()))
    rows = []
    for grp, cell, count in zip(cells["grp"], cells["cell"], cells["n"], strict=True):
        total = int(totals[grp])
        shown = count >= k and total >= k
        rows.append((grp, cell, int(count) if shown else None, total if total >= k else None))
    return R._counts(rows)


def pd_ranking(f: Frames, survey: Survey, q: Question, k: int) -> list[R.MeanRank]:
    resp = pd_respondents(f, R.Filter(), None)
    ranked = _question_rows(f, q, "position")[["response_id", "choice", "position"]]
    x = ranked[ranked["response_id"].isin(resp["id"])]
    agg = x.groupby("choice", sort=False)["position"].agg(["count", "mean"])
    out = []
    for code in q.choice_names():
        n, mean = (int(agg.at[code, "count"]), float(agg.at[code, "mean"])) if code in agg.index \
            else (0, None)  # fmt: skip
        shown = n >= k
        out.append(R.MeanRank(code, n if shown else None, mean if shown and mean else None))
    return out


def pd_numbers(f: Frames, survey: Survey, q: Question, k: int) -> R.NumberSummary:
    resp = pd_respondents(f, R.Filter(), None)
    vals = _question_rows(f, q, "number")
    v = vals.loc[vals["response_id"].isin(resp["id"]), "number"].to_numpy(dtype=float)
    n = len(v)
    if n < k:
        return R.NumberSummary(None, None, (), R.Counts(("",), {}, {"": None}))
    low, high, median = np.quantile(v, [0.05, 0.95, 0.5])
    start, width, count = R.nice_bins(float(low), float(high), q.type is T.INTEGER)
    b = np.clip(np.floor((v - start) / width), 0, count - 1).astype(np.int64)
    per_bin = np.bincount(b, minlength=count)
    cells = pd.DataFrame({"grp": "", "cell": [str(i) for i in range(count)], "n": per_bin})
    rows = sorted(pd_suppressed(cells, k), key=lambda r: int(r[1]))
    bins = tuple((start + i * width, start + (i + 1) * width) for i in range(count))
    return R.NumberSummary(n, float(median), bins, R._counts(rows))


def pd_texts(f: Frames, survey: Survey, q: Question, k: int) -> tuple[int | None, list[Any]]:
    resp = pd_respondents(f, R.Filter(), None)
    if len(resp) < k:
        return None, []
    rows = _question_rows(f, q, "text")[["response_id", "text"]]
    rows = rows[rows["response_id"].isin(resp["id"])]
    hidden_ids = f.hidden.loc[f.hidden["question"] == q.name, "response_id"]
    hidden = rows["response_id"].isin(hidden_ids)
    shown = rows[~hidden].sort_values("response_id", ascending=False).head(R.TEXT_LIMIT)
    listed = [R.TextAnswer(int(i), str(t), False) for i, t in
              zip(shown["response_id"], shown["text"], strict=True)]  # fmt: skip
    return len(rows), listed


def pd_response_counts(f: Frames, survey: Survey, k: int, by: R.Breakdown) -> R.Counts:
    dimension = R.By(breakdown=by)
    resp = pd_respondents(f, R.Filter(), dimension)
    n = resp.groupby("grp", sort=False).size()
    domain = pd_domain(f, survey, dimension)
    cells = pd.DataFrame({"grp": "", "cell": domain, "n": n.reindex(domain, fill_value=0).values})
    return R._counts(sorted(pd_suppressed(cells, k), key=lambda r: r[1]))


# --- a proposal, measured: all choice questions in one query --------------------------


def batched_choice_counts(
    db: Database, survey: Survey, questions: list[Question], k: int,
    flt: R.Filter | None = None, by: R.By | None = None,
) -> dict[str, R.Counts]:  # fmt: skip
    """What ``choice_counts`` gives for each of ``questions``, from one scan of the
    answers: the same respondents CTE, domain and :func:`quartier.privacy.suppressed`
    (partitioned per question by prefixing the group). A prototype for results.py."""
    resp, params = R._respondents(flt or R.Filter(), by)
    cells = f"""
        WITH resp AS ({resp}),
        domain AS (SELECT unnest($dq::VARCHAR[]) AS question, unnest($dc::VARCHAR[]) AS code),
        groups AS (SELECT unnest($groups::VARCHAR[]) AS g),
        chosen AS (
            SELECT a.question, resp.grp, a.choice, count(*) AS n
            FROM answers a JOIN resp ON resp.id = a.response_id
            WHERE a.survey_id = $s AND list_contains($qs::VARCHAR[], a.question)
              AND a.choice IS NOT NULL
            GROUP BY ALL
        )
        SELECT d.question || chr(31) || gr.g AS grp, d.code AS cell, coalesce(c.n, 0) AS n
        FROM domain d CROSS JOIN groups gr
        LEFT JOIN chosen c ON c.question = d.question AND c.grp = gr.g AND c.choice = d.code
    """
    args = {
        "s": survey.id, "k": k, "qs": [q.name for q in questions],
        "dq": [q.name for q in questions for _ in q.choice_names()],
        "dc": [c for q in questions for c in q.choice_names()],
        "groups": R._group_domain(db, survey, by), **params,
    }  # fmt: skip
    with db.read() as cur:
        rows = cur.execute(suppressed(cells) + " ORDER BY grp", args).fetchall()
    per: dict[str, list[tuple[Any, ...]]] = {q.name: [] for q in questions}
    for grp, cell, n, total in rows:
        name, group = str(grp).split(chr(31), 1)
        per[name].append((group, cell, n, total))
    out = {name: R._counts(sorted(r)) for name, r in per.items()}
    if by is None:
        return out
    return {n: R.Counts(c.groups, protect_margins(c.cells), c.totals) for n, c in out.items()}


# --- comparing results -----------------------------------------------------------------


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def same(ours: Any, theirs: Any) -> bool:
    """Whether our result and the pandas result say the same (floats within 1e-9)."""
    if isinstance(ours, R.Counts):
        return (
            set(ours.groups) == set(theirs.groups)
            and ours.cells == theirs.cells
            and ours.totals == theirs.totals
        )
    if isinstance(ours, R.NumberSummary):
        return (
            ours.respondents == theirs.respondents
            and _close(ours.median, theirs.median)
            and len(ours.bins) == len(theirs.bins)
            and all(_close(a, b) for x, y in zip(ours.bins, theirs.bins, strict=True)
                    for a, b in zip(x, y, strict=True))
            and same(ours.counts, theirs.counts)
        )  # fmt: skip
    if isinstance(ours, list) and ours and isinstance(ours[0], R.MeanRank):
        return all(
            a.choice == b.choice and a.respondents == b.respondents
            and _close(a.mean_rank, b.mean_rank)
            for a, b in zip(ours, theirs, strict=True)
        )  # fmt: skip
    return bool(ours == theirs)


# --- timing ----------------------------------------------------------------------------


def ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


@dataclass(frozen=True)
class Timing:
    """Medians of wall-clock time and of this process's CPU time (all threads), in ms.

    On a shared machine the wall time includes waiting for a core; the CPU time mostly
    does not, so it is the steadier figure when the machine is busy."""

    wall: float
    cpu: float


def timed(fn: Callable[[], Any], repeats: int) -> Timing:
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return Timing(statistics.median(walls), statistics.median(cpus))


def median_ms(fn: Callable[[], Any], repeats: int) -> float:
    return timed(fn, repeats).wall


@dataclass
class Row:
    name: str
    kind: str
    function: str
    cold: float
    ours: Timing
    frame: Timing
    with_load: float | None
    same: bool

    def markdown(self) -> str:
        o, f = self.ours, self.frame
        load = f"{self.with_load:.1f} | {self.with_load / o.wall:.1f}×" if self.with_load \
            else "– | –"  # fmt: skip
        return (
            f"| {self.name} | {self.kind} | {self.function} | {self.cold:.1f} | {o.wall:.1f}"
            f" | {o.cpu:.1f} | {f.wall:.1f} | {f.cpu:.1f} | {f.wall / o.wall:.1f}×"
            f" | {f.cpu / o.cpu:.1f}× | {load} | {'yes' if self.same else 'NO'} |"
        )


HEADER = (
    "| question | type | function | ours cold ms | ours median ms | ours CPU ms"
    " | pandas frame ms | pandas frame CPU ms | frame ÷ ours | CPU: frame ÷ ours"
    " | pandas + load ms | (+load) ÷ ours | same |\n"
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)

Calls = tuple[str, Callable[[], Any], Callable[[Frames], Any]]


def question_calls(db: Database, survey: Survey, q: Question, k: int) -> Calls | None:
    """(function name, our call, pandas call) for one question, None for a note."""
    t = q.type
    if t in (T.SELECT_ONE, T.LIKERT):
        return ("choice_counts", lambda: R.choice_counts(db, survey, q, k),
                lambda f: pd_choice_counts(f, survey, q, k))  # fmt: skip
    if t is T.SELECT_MULTIPLE:
        return ("multiple_counts", lambda: R.multiple_counts(db, survey, q, k),
                lambda f: pd_multiple_counts(f, survey, q, k))  # fmt: skip
    if t in (T.INTEGER, T.DECIMAL):
        return ("numbers", lambda: R.numbers(db, survey, q, k),
                lambda f: pd_numbers(f, survey, q, k))  # fmt: skip
    if t is T.RANKING:
        return ("ranking", lambda: R.ranking(db, survey, q, k),
                lambda f: pd_ranking(f, survey, q, k))  # fmt: skip
    if t in (T.TEXT, T.LONG_TEXT, T.DATE):
        return ("texts", lambda: R.texts(db, survey, q, k), lambda f: pd_texts(f, survey, q, k))
    return None


def extra_calls(db: Database, survey: Survey, k: int) -> list[tuple[str, Calls]]:
    """Cross-tabs, filters and response counts a results page also shows."""
    d = survey.definition
    likert, multi = d.question("zufrieden_wohnen"), d.question("wuensche")
    with db.read() as cur:
        row = cur.execute(
            "SELECT min(id) FROM events WHERE quartier_id = ?", [survey.quartier_id]
        ).fetchone()
    assert row is not None
    event_id = int(row[0])
    out: list[tuple[str, Calls]] = []
    for b in R.Breakdown:
        out.append((f"responses by {b.value}", (
            "response_counts", partial(R.response_counts, db, survey, k, b),
            partial(pd_response_counts, survey=survey, k=k, by=b))))  # fmt: skip
    bys = [(b.value, R.By(breakdown=b)) for b in R.Breakdown]
    for label, by in [*bys, ("question wohnt", R.By(question="wohnt"))]:
        out.append((f"{likert.name} by {label}", (
            "choice_counts", partial(R.choice_counts, db, survey, likert, k, by=by),
            partial(pd_choice_counts, survey=survey, q=likert, k=k, by=by))))  # fmt: skip
    by_q = R.By(question="wohnt")
    out.append((f"{multi.name} by question wohnt", (
        "multiple_counts", partial(R.multiple_counts, db, survey, multi, k, by=by_q),
        partial(pd_multiple_counts, survey=survey, q=multi, k=k, by=by_q))))  # fmt: skip
    for label, flt in (
        ("language = tr", R.Filter(language="tr")),
        (f"event = {event_id}", R.Filter(event_id=event_id)),
        ("chose wuensche = sonstiges", R.Filter(question="wuensche", choice="sonstiges")),
    ):
        out.append((f"{likert.name}, {label}", (
            "choice_counts", partial(R.choice_counts, db, survey, likert, k, flt),
            partial(pd_choice_counts, survey=survey, q=likert, k=k, flt=flt))))  # fmt: skip
    return out


def _each(
    db: Database, survey: Survey, questions: list[Question], k: int, by: R.By | None
) -> list[R.Counts]:
    return [R.choice_counts(db, survey, q, k, by=by) for q in questions]


def _pd_each(
    frames: Frames, survey: Survey, questions: list[Question], k: int, by: R.By | None
) -> list[R.Counts]:
    return [pd_choice_counts(frames, survey, q, k, by=by) for q in questions]


def _after_load(fn: Callable[[Frames], Any], db: Database, survey: Survey, name: str) -> Any:
    """The pandas aggregation including loading this question's rows."""
    return fn(load_frames(db, survey, name))


def run(path: Path, repeats: int, profile: bool) -> int:
    db = open_database(path)
    try:
        with db.read() as cur:
            row = cur.execute("SELECT min(id) FROM surveys").fetchone()
        assert row is not None and row[0] is not None, "no survey in the benchmark database"
        survey = get_survey(db, int(row[0]))
        k = min_group_size(db, survey.quartier_id)
        print(f"database {path}: survey {survey.id}, {survey.responses} responses, k = {k},"
              f" {repeats} repeats, medians in ms\n")  # fmt: skip
        gc.collect()
        rows: list[Row] = []
        questions = [q for q in survey.definition.questions() if q.type.is_answerable]
        calls = [(q.name, q.type.value, question_calls(db, survey, q, k)) for q in questions]
        # Ours first, on the freshly opened file: the first call per question is "cold".
        ours: dict[str, tuple[float, Timing, Any]] = {}
        for name, _, c in calls:
            assert c is not None
            cold, value = ms(c[1])
            ours[name] = (cold, timed(c[1], repeats), value)
        load_cold, frames = ms(lambda: load_frames(db, survey))
        load_warm = median_ms(lambda: load_frames(db, survey), max(3, repeats // 2))
        for name, kind, c in calls:
            assert c is not None
            cold, median, value = ours[name]
            frame = timed(partial(c[2], frames), repeats)
            with_load = median_ms(partial(_after_load, c[2], db, survey, name), repeats)
            rows.append(Row(name, kind, c[0], cold, median, frame, with_load,
                            same(value, c[2](frames))))  # fmt: skip
        extras: list[Row] = []
        for label, c in extra_calls(db, survey, k):
            cold, value = ms(c[1])
            median = timed(c[1], repeats)
            frame = timed(partial(c[2], frames), repeats)
            extras.append(Row(label, "", c[0], cold, median, frame, None,
                              same(value, c[2](frames))))  # fmt: skip
        print(f"pandas load of the whole survey ({len(frames.answers)} answer rows,"
              f" {len(frames.responses)} responses): cold {load_cold:.0f} ms,"
              f" warm median {load_warm:.0f} ms — not included in 'pandas frame'\n")  # fmt: skip
        print(HEADER)
        for r in rows:
            print(r.markdown())
        print("\nCross-tabs, filters and response counts (pandas on the in-memory frame):\n")
        print(HEADER)
        for r in extras:
            print(r.markdown())
        everything = rows + extras
        slow = [r for r in everything if r.ours.wall > TARGET_MS]
        walls = [r.ours.wall for r in rows]
        ratios = [r.frame.wall / r.ours.wall for r in rows]
        cpu_ratios = [r.frame.cpu / r.ours.cpu for r in rows]
        load_ratios = [r.with_load / r.ours.wall for r in rows if r.with_load]
        print(
            f"\nper question: ours median of medians {statistics.median(walls):.1f} ms, max"
            f" {max(walls):.1f} ms (target ≤ {TARGET_MS:.0f} ms:"
            f" {'met' if not slow else 'MISSED by ' + ', '.join(r.name for r in slow)})"
        )
        print(f"speed-up over pandas frame: median {statistics.median(ratios):.1f}×, min"
              f" {min(ratios):.1f}× (CPU time: median {statistics.median(cpu_ratios):.1f}×);"
              f" target ≥ {TARGET_RATIO:.0f}×:"
              f" {'met' if min(ratios) >= TARGET_RATIO else 'missed'};"
              f" over pandas + load: median {statistics.median(load_ratios):.1f}×,"
              f" min {min(load_ratios):.1f}×")  # fmt: skip
        page_ours = sum(walls)
        page_pandas = load_warm + sum(r.frame.wall for r in rows)
        print(
            f"\nwhole results page ({len(rows)} questions, one call each): ours"
            f" {page_ours:.0f} ms; pandas {page_pandas:.0f} ms = survey load {load_warm:.0f}"
            f" + aggregations {page_pandas - load_warm:.0f} ({page_pandas / page_ours:.1f}×)"
        )
        choice_qs = [q for q in questions if q.type in (T.SELECT_ONE, T.LIKERT)]
        by = R.By(breakdown=R.Breakdown.CHANNEL)
        for label, b in (("", None), (" by channel", by)):
            sep = timed(partial(_each, db, survey, choice_qs, k, b), max(5, repeats // 2))
            batch = timed(partial(batched_choice_counts, db, survey, choice_qs, k, by=b), repeats)
            pd_all = timed(partial(_pd_each, frames, survey, choice_qs, k, b), max(5, repeats // 2))
            got = batched_choice_counts(db, survey, choice_qs, k, by=b)
            agree = all(same(R.choice_counts(db, survey, q, k, by=b), got[q.name])
                        for q in choice_qs)  # fmt: skip
            print(
                f"proposal — {len(choice_qs)} single-choice/Likert questions{label} in one"
                f" query: {batch.wall:.0f} ms (CPU {batch.cpu:.0f}) vs {sep.wall:.0f} ms"
                f" (CPU {sep.cpu:.0f}) in {len(choice_qs)} calls ({sep.wall / batch.wall:.1f}×,"
                f" CPU {sep.cpu / batch.cpu:.1f}×); pandas frame for the same {pd_all.wall:.0f} ms"
                f" ({pd_all.wall / batch.wall:.1f}×); same results: {'yes' if agree else 'NO'}"
            )
        differ = [r.name for r in everything if not r.same]
        print("results identical to pandas: " + ("all" if not differ else "NOT " + str(differ)))
        if profile:
            slowest = max(rows, key=lambda r: r.ours.wall)
            c = dict((n, c) for n, _, c in calls)[slowest.name]
            assert c is not None
            print(f"\ncProfile of 20 calls of {slowest.function} ({slowest.name}):")
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(20):
                c[1]()
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(15)
        return 0 if not differ else 1
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--rebuild", action="store_true", help="build the database afresh")
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--profile", action="store_true", help="cProfile the slowest question")
    args = parser.parse_args(argv)
    if args.rebuild or not args.db.exists():
        made = build_survey_db(args.db, args.responses, args.seed)
        print(f"built {made.path}: {made.responses} responses, {made.answer_rows} answer rows")
    return run(args.db, max(7, args.repeats), args.profile)


if __name__ == "__main__":
    sys.exit(main())
