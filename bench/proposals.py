"""Evidence for the changes proposed in docs/benchmarks.md ("Umfragen (issue 3)").

Each item times the current code next to a rewritten query that gives the same result
(checked), on the benchmark database. Nothing here changes ``quartier/``; the rewrites
are prototypes for the lead to judge.

1. ``choice_counts`` without the respondents join when nothing is filtered, and with
   only the filter predicates that are set (no ``$x IS NULL OR …``), aggregating before
   the domain join.
2. ``texts`` in one query instead of three (respondent count, answer count, list).
3. ``get_survey`` (as ``submit`` calls it) against a lookup of the survey's state only.
4. ``INSERT … ON CONFLICT DO NOTHING`` against a plain ``INSERT`` (why the idempotency
   check should stay a SELECT).
5. With ``--scale``: the results functions when the answers table also holds nine other
   surveys' answers, interleaved in time (about 9 million rows), as at city scale.

Usage::

    .venv/bin/python bench/proposals.py [--db PATH] [--repeats 25] [--scale]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from survey_data import DEFAULT_PATH, build_survey_db

from quartier.privacy import protect_margins, suppressed
from quartier.storage import Database, open_database
from quartier.surveys import results as R
from quartier.surveys.model import Question
from quartier.surveys.responses import new_form_key
from quartier.surveys.store import Survey, get_survey


def timed(label: str, fn: Callable[[], Any], repeats: int) -> float:
    """Print and return the median wall time in ms (and the process CPU time)."""
    fn()
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    median = statistics.median(walls)
    print(f"  {label:58s} median {median:6.1f} ms  (CPU {statistics.median(cpus):6.1f} ms)")
    return median


# --- 1. choice_counts ------------------------------------------------------------------


def lean_respondents(flt: R.Filter, by: R.By | None) -> tuple[str, dict[str, Any]]:
    """Like results._respondents, with only the predicates that are set."""
    conds: list[str] = ["r.survey_id = $s"]
    params: dict[str, Any] = {}
    if flt.event_id is not None:
        conds.append("r.event_id = $event")
        params["event"] = flt.event_id
    if flt.channel is not None:
        conds.append("r.channel = $channel")
        params["channel"] = flt.channel
    if flt.language is not None:
        conds.append("r.language = $lang")
        params["lang"] = flt.language
    if flt.question is not None and flt.choice is not None:
        conds.append(
            "EXISTS (SELECT 1 FROM answers f WHERE f.response_id = r.id"
            " AND f.question = $fq AND f.choice = $fc)"
        )
        params.update(fq=flt.question, fc=flt.choice)
    grp = R._GROUP_SQL[by.breakdown] if by is not None and by.breakdown is not None else "''"
    return f"SELECT r.id, {grp} AS grp FROM responses r WHERE {' AND '.join(conds)}", params


def lean_choice_counts(
    db: Database, survey: Survey, q: Question, k: int, flt: R.Filter, by: R.By | None
) -> R.Counts:
    """choice_counts, aggregated before the domain join; no join when unfiltered."""
    params: dict[str, Any] = {}
    if flt == R.Filter() and by is None:
        chosen = (
            "SELECT '' AS grp, a.choice, count(*) AS n FROM answers a WHERE a.survey_id = $s"
            " AND a.question = $q AND a.choice IS NOT NULL GROUP BY a.choice"
        )
    else:
        resp, params = lean_respondents(flt, by)
        chosen = (
            f"SELECT resp.grp, a.choice, count(*) AS n FROM answers a JOIN ({resp}) resp"
            " ON resp.id = a.response_id WHERE a.survey_id = $s AND a.question = $q"
            " AND a.choice IS NOT NULL GROUP BY ALL"
        )
    cells = f"""
        WITH chosen AS ({chosen}),
        groups AS (SELECT unnest($groups::VARCHAR[]) AS grp),
        codes AS (SELECT unnest($codes::VARCHAR[]) AS code)
        SELECT g.grp, c.code AS cell, coalesce(x.n, 0) AS n
        FROM groups g CROSS JOIN codes c LEFT JOIN chosen x ON x.grp = g.grp AND x.choice = c.code
    """
    args = {"s": survey.id, "k": k, "q": q.name, "codes": list(q.choice_names()),
            "groups": R._group_domain(db, survey, by), **params}  # fmt: skip
    with db.read() as cur:
        rows = cur.execute(suppressed(cells) + " ORDER BY grp", args).fetchall()
    counts = R._counts(rows)
    if by is None:
        return counts
    return R.Counts(counts.groups, protect_margins(counts.cells), counts.totals)


# --- 2. texts --------------------------------------------------------------------------


def texts_one_query(
    db: Database, survey: Survey, q: Question, k: int, flt: R.Filter
) -> tuple[int | None, list[R.TextAnswer]]:
    resp, params = R._respondents(flt, None)
    sql = f"""
        WITH resp AS ({resp}),
        base AS (
            SELECT a.response_id, a.text, h.response_id IS NOT NULL AS hidden
            FROM answers a JOIN resp ON resp.id = a.response_id
            LEFT JOIN hidden_answers h ON h.response_id = a.response_id
                                      AND h.question = a.question
            WHERE a.survey_id = $s AND a.question = $q AND a.text IS NOT NULL
        ),
        listed AS (SELECT * FROM base WHERE NOT hidden
                   ORDER BY response_id DESC LIMIT {R.TEXT_LIMIT})
        SELECT (SELECT count(*) FROM resp), (SELECT count(*) FROM base), listed.*
        FROM (SELECT 1) one LEFT JOIN listed ON true ORDER BY listed.response_id DESC
    """
    with db.read() as cur:
        rows = cur.execute(sql, {"s": survey.id, "q": q.name, **params}).fetchall()
    if int(rows[0][0]) < k:
        return None, []
    listed = [R.TextAnswer(int(r[2]), str(r[3]), bool(r[4])) for r in rows if r[2] is not None]
    return int(rows[0][1]), listed


# --- running ---------------------------------------------------------------------------


def results_items(db: Database, survey: Survey, repeats: int) -> None:
    k = 5
    d = survey.definition
    print("1. choice_counts: current vs lean SQL")
    for label, flt, by in (
        ("no filter", R.Filter(), None),
        ("by channel", R.Filter(), R.By(breakdown=R.Breakdown.CHANNEL)),
        ("language = tr", R.Filter(language="tr"), None),
    ):
        q = d.question("haushalt")
        now = R.choice_counts(db, survey, q, k, flt, by)
        new = lean_choice_counts(db, survey, q, k, flt, by)
        ok = now.cells == new.cells and now.totals == new.totals
        a = timed(f"current, {label}", partial(R.choice_counts, db, survey, q, k, flt, by),
                  repeats)  # fmt: skip
        b = timed(f"lean, {label} (same: {'yes' if ok else 'NO'})",
                  partial(lean_choice_counts, db, survey, q, k, flt, by), repeats)  # fmt: skip
        print(f"  → {a / b:.1f}×")
    print("2. texts: three queries vs one")
    for name in ("titel", "idee"):
        q = d.question(name)
        ok = R.texts(db, survey, q, k) == texts_one_query(db, survey, q, k, R.Filter())
        a = timed(f"current, {name}", partial(R.texts, db, survey, q, k), repeats)
        b = timed(f"one query, {name} (same: {'yes' if ok else 'NO'})",
                  partial(texts_one_query, db, survey, q, k, R.Filter()), repeats)  # fmt: skip
        print(f"  → {a / b:.1f}×")


def submit_items(db: Database, survey: Survey, repeats: int) -> None:
    print("3. the survey lookup in submit()")
    with db.read() as cur:
        timed("get_survey (row + correlated response count + JSON)",
              lambda: get_survey(db, survey.id), repeats)  # fmt: skip
        timed("state only: quartier, status, version, opens/closes",
              lambda: cur.execute(
                  "SELECT quartier_id, status, current_version, opens_at, closes_at"
                  " FROM surveys WHERE id = ?", [survey.id]).fetchone(), repeats)  # fmt: skip
        timed("the response count alone (WHERE survey_id = ?)",
              lambda: cur.execute("SELECT count(*) FROM responses WHERE survey_id = ?",
                                  [survey.id]).fetchone(), repeats)  # fmt: skip
    print("4. idempotent insert of a response row, one transaction each")
    insert = (
        "INSERT INTO responses (token, quartier_id, survey_id, version, channel, language,"
        " submitted_at) VALUES (?, ?, ?, 1, 'online', 'de', ?)"
    )
    for label, sql in (("plain INSERT … RETURNING id", insert + " RETURNING id"),
                       ("INSERT … ON CONFLICT DO NOTHING RETURNING id",
                        insert + " ON CONFLICT DO NOTHING RETURNING id")):  # fmt: skip

        def one(sql: str = sql) -> None:
            with db.transaction() as cur:
                cur.execute(sql, [new_form_key(), survey.quartier_id, survey.id,
                                  datetime.now(UTC)]).fetchone()  # fmt: skip

        timed(label + " + commit", one, repeats)


def scale_item(path: Path, repeats: int) -> None:
    print("5. results with nine other surveys' answers interleaved (~10× the rows)")
    with tempfile.TemporaryDirectory(prefix="quartier-bench-") as tmp:
        big = Path(tmp) / "scale.duckdb"
        shutil.copyfile(path, big)
        db = open_database(big)
        try:
            with db.transaction() as cur:
                cur.execute(
                    "CREATE TABLE answers_big AS SELECT * FROM (SELECT * FROM answers UNION ALL"
                    " SELECT response_id, quartier_id, survey_id + s, question, choice,"
                    " position, number, text FROM answers, range(1, 10) t(s))"
                    " ORDER BY response_id, survey_id"
                )
                cur.execute("DROP TABLE answers")
                cur.execute("ALTER TABLE answers_big RENAME TO answers")
                cur.execute("CREATE INDEX answers_survey_idx ON answers (survey_id, question)")
                row = cur.execute("SELECT count(*) FROM answers").fetchone()
            print(f"  answers now {row[0] if row else '?'} rows")
            survey = get_survey(db, 1)
            d = survey.definition
            calls: list[tuple[str, Callable[[], Any]]] = [
                ("choice_counts(haushalt)",
                 partial(R.choice_counts, db, survey, d.question("haushalt"), 5)),
                ("multiple_counts(wuensche)",
                 partial(R.multiple_counts, db, survey, d.question("wuensche"), 5)),
                ("numbers(alter)", partial(R.numbers, db, survey, d.question("alter"), 5)),
                ("numbers(miete)", partial(R.numbers, db, survey, d.question("miete"), 5)),
                ("texts(titel)", partial(R.texts, db, survey, d.question("titel"), 5)),
            ]  # fmt: skip
            for label, call in calls:
                timed(label, call, repeats)
            with db.read() as cur:
                plan = cur.execute(
                    "EXPLAIN SELECT choice FROM answers WHERE survey_id = 1 AND question = 'x'"
                ).fetchall()
            scan = "index scan" if "Index Scan" in str(plan) else "sequential scan"
            print(f"  answers filtered by (survey_id, question) use a {scan}")
        finally:
            db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--repeats", type=int, default=25)
    parser.add_argument("--scale", action="store_true", help="also run item 5 (~1 min)")
    args = parser.parse_args(argv)
    if not args.db.exists():
        build_survey_db(args.db)
    with tempfile.TemporaryDirectory(prefix="quartier-bench-") as tmp:
        work = Path(tmp) / "work.duckdb"
        shutil.copyfile(args.db, work)  # item 4 writes
        db = open_database(work)
        try:
            survey = get_survey(db, 1)
            results_items(db, survey, args.repeats)
            submit_items(db, survey, args.repeats)
        finally:
            db.close()
    if args.scale:
        scale_item(args.db, max(5, args.repeats // 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
