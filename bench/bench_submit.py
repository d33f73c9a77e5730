"""The submit path under concurrent sessions, against a raw DuckDB insert of the same rows.

Streamlit sessions are threads of one process sharing one :class:`Database`. Here
``--sessions`` threads (default 50) each submit ``--per-session`` responses (default 40)
of the 20-question benchmark survey through
:func:`quartier.surveys.responses.submit` — validation, skip logic, constraint checks,
the idempotency check and the insert — into a copy of the benchmark database (50,000
responses already in it), with fresh tokens. About ``--duplicates`` (10%) of the forms
are submitted a second time with the same token: half at once by the same session
(a double tap), half by the neighbouring session at about the same moment (a retried
request racing the first).

Measured per call: latency (median, p99), and throughput over the whole run. Then the
database is checked: lost = unique tokens submitted − tokens stored; doubled = tokens
stored more than once (0 by the UNIQUE constraint) and responses − distinct tokens;
each duplicate must return the first submit's response id with ``created=False``; the
answer rows must be exactly those ``submit`` derives from the answers.

Baseline in the same run, same threads, same rows, same write lock
(:meth:`Database.transaction`): ``INSERT INTO responses … RETURNING id`` and one
``INSERT INTO answers`` per response in one transaction, no validation and no lookups
(a duplicate token fails on the UNIQUE constraint and is answered by one lookup).

Both also run with a single session (no queueing: the per-submit service time) and with
the sessions paced by exponential pauses (mean ``--think-ms``), as residents filling in
forms are.

Usage::

    .venv/bin/python bench/bench_submit.py [--db PATH] [--sessions 50] [--per-session 40]
        [--duplicates 0.1] [--think-ms 2000] [--paced-per-session 10] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

import duckdb
import numpy as np
from survey_data import DEFAULT_PATH, bench_definition, build_survey_db, generate

from quartier.errors import NotFoundError
from quartier.storage import Database, open_database
from quartier.surveys import responses as responses_module
from quartier.surveys.expressions import Value
from quartier.surveys.responses import Channel, answer_rows, check_answers, new_form_key, submit
from quartier.surveys.store import Survey, SurveyStatus, definition_of, get_survey

TARGET_MEDIAN_MS = 10.0


@dataclass(frozen=True)
class Form:
    """One form submission: what a session hands to ``submit``."""

    token: str
    answers: dict[str, Value]
    channel: Channel
    language: str
    event_id: int | None
    rows: tuple[tuple[Any, ...], ...]  # the answer rows submit derives (for baseline/check)
    duplicate: bool = False


@dataclass
class Outcome:
    token: str
    ms: float
    response_id: int | None
    created: bool
    duplicate: bool


@dataclass
class Run:
    label: str
    sessions: int
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def latencies(self) -> np.ndarray:
        return np.asarray([o.ms for o in self.outcomes])


def _survey_ids(db: Database) -> tuple[int, tuple[int, ...]]:
    with db.read() as cur:
        row = cur.execute("SELECT min(id) FROM surveys").fetchone()
        assert row is not None
        survey = get_survey(db, int(row[0]))
        events = tuple(int(r[0]) for r in cur.execute(
            "SELECT id FROM events WHERE quartier_id = ? ORDER BY id", [survey.quartier_id]
        ).fetchall())  # fmt: skip
    return survey.id, events


def workload(
    sessions: int, per_session: int, duplicates: float, seed: int, events: tuple[int, ...]
) -> list[list[Form]]:
    """Per session, the forms it submits in order, with duplicates placed in."""
    from survey_data import answer_dicts

    definition = bench_definition()
    n = sessions * per_session
    data = generate(n, seed, events=len(events))
    order = np.random.default_rng(seed).permutation(n)  # not in time order: all at once
    forms: list[Form] = []
    for k, answers in enumerate(answer_dicts(data, definition)):
        language = str(data.language[k])
        clean = check_answers(definition, answers, language)
        event = int(data.event[k])
        forms.append(Form(
            token=new_form_key(), answers=answers, channel=Channel(str(data.channel[k])),
            language=language, event_id=events[event] if event >= 0 else None,
            rows=tuple(answer_rows(definition, clean)),
        ))  # fmt: skip
    forms = [forms[i] for i in order]
    plan: list[list[Form]] = [
        forms[s * per_session : (s + 1) * per_session] for s in range(sessions)
    ]
    rng = np.random.default_rng(seed + 1)
    picks = rng.random((sessions, per_session))
    for s in range(sessions):
        own = plan[s]
        out: list[Form] = []
        for j, form in enumerate(own):
            out.append(form)
            if picks[s, j] < duplicates / 2:  # double tap: the same session, at once
                out.append(replace(form, duplicate=True))
        plan[s] = out
    for s in range(sessions):  # retried request: the next session, at about the same time
        neighbour = plan[(s + 1) % sessions]
        for j, form in enumerate(forms[s * per_session : (s + 1) * per_session]):
            if duplicates / 2 <= picks[s, j] < duplicates:
                neighbour.insert(min(len(neighbour), j), replace(form, duplicate=True))
    return plan


def submit_ours(db: Database, survey_id: int) -> Callable[[Form], tuple[int | None, bool]]:
    def call(form: Form) -> tuple[int | None, bool]:
        result = submit(db, survey_id, form.answers, token=form.token, channel=form.channel,
                        language=form.language, event_id=form.event_id)  # fmt: skip
        return result.response_id, result.created

    return call


def lean_survey(db: Database, survey_id: int) -> Survey:
    """A proposal for ``submit``: the survey's state without ``get_survey``'s response
    count (a correlated count over all responses) and without parsing the definition
    JSON again (``definition_of`` caches it). Patched in for the "lean lookup" runs."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT quartier_id, status, current_version, opens_at, closes_at FROM surveys"
            " WHERE id = ?",
            [survey_id],
        ).fetchone()
    if row is None:
        raise NotFoundError("errors.survey_unknown", field="survey", value=survey_id)
    version = int(row[2])
    return Survey(
        id=survey_id, quartier_id=int(row[0]), status=SurveyStatus(row[1]), version=version,
        opens_at=row[3], closes_at=row[4], definition=definition_of(db, survey_id, version),
        skipped=(), responses=-1,
    )  # fmt: skip


def submit_raw(db: Database, survey_id: int) -> Callable[[Form], tuple[int | None, bool]]:
    """The baseline: the same rows, inserted without validation or lookups. A duplicate
    token fails on the UNIQUE constraint (the transaction rolls back) and is answered
    with one lookup. (``INSERT … ON CONFLICT DO NOTHING`` would be the obvious idiom, but
    in DuckDB it costs about 4 ms more per insert than the plain INSERT.)"""
    with db.read() as cur:
        row = cur.execute("SELECT quartier_id FROM surveys WHERE id = ?", [survey_id]).fetchone()
    assert row is not None
    quartier_id = int(row[0])

    def call(form: Form) -> tuple[int | None, bool]:
        try:
            with db.transaction() as cur:
                row = cur.execute(
                    "INSERT INTO responses (token, quartier_id, survey_id, version, channel,"
                    " event_id, language, submitted_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?)"
                    " RETURNING id",
                    [form.token, quartier_id, survey_id, form.channel.value, form.event_id,
                     form.language, datetime.now(UTC)],
                ).fetchone()  # fmt: skip
                assert row is not None
                columns = [list(c) for c in zip(*form.rows, strict=True)]
                cur.execute(
                    "INSERT INTO answers SELECT ?, ?, ?, unnest(?::VARCHAR[]),"
                    " unnest(?::VARCHAR[]), unnest(?::INTEGER[]), unnest(?::DOUBLE[]),"
                    " unnest(?::VARCHAR[])",
                    [int(row[0]), quartier_id, survey_id, *columns],
                )
            return int(row[0]), True
        except duckdb.ConstraintException:
            with db.read() as cur:
                found = cur.execute(
                    "SELECT id FROM responses WHERE token = ?", [form.token]
                ).fetchone()
            return (int(found[0]) if found else None), False

    return call


def run(
    label: str, plan: Sequence[Sequence[Form]], call: Callable[[Form], Any], think_ms: float = 0
) -> Run:
    """Every session in its own thread, started together; latency per call. With
    ``think_ms`` a session waits an exponentially distributed time (that mean) before
    each form, as residents filling in forms do; without, it submits back to back."""
    result = Run(label, len(plan))
    lock = threading.Lock()
    start = threading.Barrier(len(plan) + 1)

    def session(number: int, forms: Sequence[Form]) -> None:
        mine: list[Outcome] = []
        pauses = np.random.default_rng(number).exponential(think_ms / 1000, len(forms))
        start.wait()
        for form, pause in zip(forms, pauses, strict=True):
            if think_ms and not form.duplicate:
                time.sleep(float(pause))
            began = time.perf_counter()
            try:
                response_id, created = call(form)
            except Exception as exc:  # noqa: BLE001 - counted and reported, not hidden
                with lock:
                    result.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            mine.append(Outcome(form.token, (time.perf_counter() - began) * 1000, response_id,
                                created, form.duplicate))  # fmt: skip
        with lock:
            result.outcomes.extend(mine)

    threads = [threading.Thread(target=session, args=(n, forms)) for n, forms in enumerate(plan)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - began
    return result


@dataclass
class Check:
    expected: int
    stored: int
    lost: int
    doubled: int
    responses_minus_tokens: int
    bad_duplicates: int
    answer_rows: int
    expected_rows: int


def verify(db: Database, plan: Sequence[Sequence[Form]], result: Run) -> Check:
    """Compare the database with what was submitted."""
    firsts = {f.token: f for forms in plan for f in forms if not f.duplicate}
    tokens = sorted(firsts)
    with db.read() as cur:
        cur.execute("CREATE OR REPLACE TEMP TABLE bench_tokens (token VARCHAR)")
        cur.executemany("INSERT INTO bench_tokens VALUES (?)", [[t] for t in tokens])
        row = cur.execute(
            "SELECT count(DISTINCT r.token), count(*) FROM responses r"
            " JOIN bench_tokens t USING (token)"
        ).fetchone()
        doubled = cur.execute(
            "SELECT count(*) FROM (SELECT token FROM responses GROUP BY token HAVING count(*) > 1)"
        ).fetchone()
        whole = cur.execute("SELECT count(*) - count(DISTINCT token) FROM responses").fetchone()
        rows = cur.execute(
            "SELECT count(*) FROM answers a JOIN responses r ON r.id = a.response_id"
            " JOIN bench_tokens t USING (token)"
        ).fetchone()
        cur.execute("DROP TABLE bench_tokens")
    assert row is not None and doubled is not None and whole is not None and rows is not None
    # Each token: exactly one created=True, every other call created=False with the same id.
    by_token: dict[str, list[Outcome]] = {}
    for o in result.outcomes:
        by_token.setdefault(o.token, []).append(o)
    bad = 0
    for outcomes in by_token.values():
        created = [o for o in outcomes if o.created]
        ids = {o.response_id for o in outcomes if o.response_id is not None}
        if len(created) != 1 or len(ids) != 1:
            bad += 1
    return Check(
        expected=len(tokens), stored=int(row[0]), lost=len(tokens) - int(row[0]),
        doubled=int(doubled[0]), responses_minus_tokens=int(whole[0]), bad_duplicates=bad,
        answer_rows=int(rows[0]), expected_rows=sum(len(f.rows) for f in firsts.values()),
    )  # fmt: skip


def fresh_copy(base: Path, into: Path, name: str) -> Path:
    target = into / name
    shutil.copyfile(base, target)
    return target


def line(r: Run, c: Check) -> str:
    lat = r.latencies()
    calls = len(r.outcomes)
    return (
        f"| {r.label} | {r.sessions} | {calls} | {float(np.median(lat)):.1f}"
        f" | {float(np.percentile(lat, 99)):.1f} | {float(lat.max()):.0f}"
        f" | {calls / r.seconds:.0f} | {c.lost} | {c.doubled} | {c.responses_minus_tokens}"
        f" | {c.bad_duplicates} | {'yes' if c.answer_rows == c.expected_rows else 'NO'}"
        f" | {len(r.errors)} |"
    )


HEADER = (
    "| variant | sessions | calls | median ms | p99 ms | max ms | calls/s | lost | doubled"
    " | resp − tokens | bad dup replies | answer rows ok | errors |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_PATH, help="benchmark database")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--per-session", type=int, default=40)
    parser.add_argument("--duplicates", type=float, default=0.10)
    parser.add_argument("--sequential", type=int, default=300,
                        help="submits of the single-session run")  # fmt: skip
    parser.add_argument(
        "--think-ms",
        type=float,
        default=2000,
        help="mean pause before each form in the paced runs (0: skip them)",
    )
    parser.add_argument("--paced-per-session", type=int, default=10)
    parser.add_argument("--seed", type=int, default=99)
    parser.add_argument("--profile", action="store_true", help="cProfile sequential submits")
    args = parser.parse_args(argv)
    if args.rebuild or not args.db.exists():
        made = build_survey_db(args.db)
        print(f"built {made.path}: {made.responses} responses")
    probe = open_database(args.db, read_only=True)
    try:
        survey_id, events = _survey_ids(probe)
    finally:
        probe.close()
    plan = workload(args.sessions, args.per_session, args.duplicates, args.seed, events)
    seq_plan = workload(1, args.sequential, args.duplicates, args.seed + 7, events)
    paced = workload(args.sessions, args.paced_per_session, args.duplicates, args.seed + 3, events)
    calls = sum(len(p) for p in plan)
    print(
        f"{args.sessions} sessions, {calls} submits of which"
        f" {sum(f.duplicate for p in plan for f in p)} duplicates; base database {args.db}\n"
    )
    results: list[tuple[Run, Check]] = []
    with tempfile.TemporaryDirectory(prefix="quartier-bench-") as tmp:
        variants: list[tuple[str, Any, list[list[Form]], float]] = [
            ("submit(), 1 session", submit_ours, seq_plan, 0),
            ("raw insert, 1 session", submit_raw, seq_plan, 0),
            (f"submit(), {args.sessions} sessions", submit_ours, plan, 0),
            (f"raw insert, {args.sessions} sessions", submit_raw, plan, 0),
        ]
        proposals: list[tuple[str, Any, list[list[Form]], float]] = [
            ("proposal: submit() with lean survey lookup, 1 session", submit_ours, seq_plan, 0),
        ]
        if args.think_ms:
            pause = f"pause ~{args.think_ms / 1000:g} s"
            variants += [
                (f"submit(), {args.sessions} paced ({pause})", submit_ours, paced,
                 args.think_ms),
                (f"raw insert, {args.sessions} paced ({pause})", submit_raw, paced,
                 args.think_ms),
            ]  # fmt: skip
            proposals.append((f"proposal: lean lookup, {args.sessions} paced ({pause})",
                              submit_ours, paced, args.think_ms))  # fmt: skip
        for label, factory, p, think in variants + proposals:
            lean: AbstractContextManager[Any] = (
                mock.patch.object(responses_module, "get_survey", lean_survey)
                if label.startswith("proposal") else nullcontext()
            )  # fmt: skip
            path = fresh_copy(args.db, Path(tmp), f"{len(results)}.duckdb")
            db = open_database(path)
            try:
                call = factory(db, survey_id)
                call(
                    Form(
                        new_form_key(),
                        {"wohnt": "ja", "zufrieden_wohnen": "sehr"},
                        Channel.ONLINE,
                        "de",
                        None,
                        (
                            ("wohnt", "ja", None, None, None),
                            ("zufrieden_wohnen", "sehr", None, 5.0, None),
                        ),
                    )
                )  # warm-up
                with lean:
                    r = run(label, p, call, think)
                results.append((r, verify(db, p, r)))
                if r.errors:
                    print(f"{label}: {len(r.errors)} errors, first: {r.errors[0]}")
            finally:
                db.close()
        if args.profile:
            path = fresh_copy(args.db, Path(tmp), "profile.duckdb")
            db = open_database(path)
            try:
                call = submit_ours(db, survey_id)
                prof = cProfile.Profile()
                prof.enable()
                for form in seq_plan[0]:
                    call(form)
                prof.disable()
            finally:
                db.close()
    print(HEADER)
    for r, c in results:
        print(line(r, c))
    medians = [float(np.median(r.latencies())) for r, _ in results]
    names = ["1 session", f"{args.sessions} sessions", "paced"]
    main_runs = medians[: len(medians) - len(proposals)]
    pairs = list(zip(names, main_runs[0::2], main_runs[1::2], strict=False))
    lean_runs = medians[len(main_runs) :]
    print(
        f"\nproposal, lean survey lookup in submit(): 1 session {lean_runs[0]:.1f} ms"
        f" (now {main_runs[0]:.1f})"
        + (f", paced {lean_runs[1]:.1f} ms (now {main_runs[4]:.1f})" if len(lean_runs) > 1 else "")
    )
    print("submit ÷ raw insert, median latency: "
          + ", ".join(f"{n} {o / b:.1f}×" for n, o, b in pairs))  # fmt: skip
    clean = all(c.lost == 0 and c.doubled == 0 and c.responses_minus_tokens == 0
                and c.bad_duplicates == 0 and c.answer_rows == c.expected_rows and not r.errors
                for r, c in results)  # fmt: skip
    verdicts = ", ".join(
        f"{n} {o:.1f} ms {'met' if o <= TARGET_MEDIAN_MS else 'missed'}" for n, o, _ in pairs
    )
    print(f"submit median (target ≤ {TARGET_MEDIAN_MS:.0f} ms): {verdicts};"
          f" lost/doubled/errors: {'none' if clean else 'SEE TABLE'}")  # fmt: skip
    if args.profile:
        print(f"\ncProfile of {len(seq_plan[0])} sequential submits (cumulative):")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
