"""Survey results as DuckDB SQL, with small groups suppressed in the query itself.

Every count comes out of :func:`quartier.privacy.suppressed` (or the same rule for
counts that do not add up to a total), so a cell below k never reaches a page, an
export or a chart. Results span all versions of a survey, by question name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import NotFoundError
from quartier.privacy import protect_margins, suppressed
from quartier.storage import Database
from quartier.surveys.model import Question, QuestionType
from quartier.surveys.store import Survey

#: Free-text answers listed at most (newest first); the count says how many exist.
TEXT_LIMIT = 500


class Breakdown(StrEnum):
    """What a cross-tab splits respondents by (besides a choice question)."""

    CHANNEL = "channel"
    EVENT = "event"
    LANGUAGE = "language"


_GROUP_SQL = {
    Breakdown.CHANNEL: "r.channel",
    Breakdown.EVENT: "coalesce(CAST(r.event_id AS VARCHAR), '')",
    Breakdown.LANGUAGE: "r.language",
}


@dataclass(frozen=True)
class Filter:
    """Which respondents to count; None means all."""

    event_id: int | None = None
    channel: str | None = None
    language: str | None = None
    question: str | None = None  # with ``choice``: respondents who chose it
    choice: str | None = None


@dataclass(frozen=True)
class By:
    """A cross-tab dimension: a Breakdown or a single-choice question's name."""

    breakdown: Breakdown | None = None
    question: str | None = None


def _group_domain(db: Database, survey: Survey, by: By | None) -> list[str]:
    """Every group a breakdown can have — also those nobody is in, because a group that
    is missing would tell "nobody" apart from "a few"."""
    if by is None:
        return [""]
    if by.question is not None:
        return [*survey.definition.question(by.question).choice_names(), ""]
    if by.breakdown is Breakdown.CHANNEL:
        return ["online", "qr", "kiosk", "papier"]
    if by.breakdown is Breakdown.LANGUAGE:
        return list(survey.definition.languages)
    with db.read() as cur:
        rows = cur.execute(
            "SELECT CAST(id AS VARCHAR) FROM events WHERE quartier_id = ?", [survey.quartier_id]
        ).fetchall()
    return [str(r[0]) for r in rows] + [""]


def _respondents(flt: Filter, by: By | None) -> tuple[str, dict[str, Any]]:
    """A CTE body yielding (id, grp) of the filtered respondents."""
    if by is not None and by.question is not None:
        grp = (
            "coalesce((SELECT g.choice FROM answers g WHERE g.response_id = r.id"
            " AND g.question = $by_q AND g.choice IS NOT NULL LIMIT 1), '')"
        )
    elif by is not None and by.breakdown is not None:
        grp = _GROUP_SQL[by.breakdown]
    else:
        grp = "''"
    # Only the filters in use go into the SQL (fixed clauses of this module, values bound):
    # DuckDB plans "$x IS NULL OR ..." catch-alls noticeably worse.
    conditions = ["r.survey_id = $s"]
    params: dict[str, Any] = {}
    if flt.event_id is not None:
        conditions.append("r.event_id = $event")
        params["event"] = flt.event_id
    if flt.channel is not None:
        conditions.append("r.channel = $channel")
        params["channel"] = flt.channel
    if flt.language is not None:
        conditions.append("r.language = $lang")
        params["lang"] = flt.language
    if flt.question is not None and flt.choice is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM answers f WHERE f.response_id = r.id"
            " AND f.question = $fq AND f.choice = $fc)"
        )
        params["fq"], params["fc"] = flt.question, flt.choice
    sql = f"SELECT r.id, {grp} AS grp FROM responses r WHERE {' AND '.join(conditions)}"
    if by is not None and by.question is not None:
        params["by_q"] = by.question
    return sql, params


@dataclass(frozen=True)
class Counts:
    """Counts per (group, cell); None = hidden (below k, or to protect a hidden cell)."""

    groups: tuple[str, ...]
    cells: dict[tuple[str, str], int | None]
    totals: dict[str, int | None]

    def cell(self, group: str, cell: str) -> int | None:
        return self.cells.get((group, cell))

    @property
    def has_hidden(self) -> bool:
        return any(v is None for v in self.cells.values()) or any(
            v is None for v in self.totals.values()
        )


def _counts(rows: list[tuple[Any, ...]]) -> Counts:
    groups: list[str] = []
    cells: dict[tuple[str, str], int | None] = {}
    totals: dict[str, int | None] = {}
    for grp, cell, n, total in rows:
        if grp not in totals:
            groups.append(grp)
        cells[(grp, str(cell))] = None if n is None else int(n)
        totals[grp] = None if total is None else int(total)
    return Counts(tuple(groups), cells, totals)


def response_counts(
    db: Database, survey: Survey, k: int, by: Breakdown, flt: Filter = Filter()
) -> Counts:
    """Responses per channel, event or language (one group ``''``)."""
    dimension = By(breakdown=by)
    resp, params = _respondents(flt, dimension)
    cells = f"""
        WITH resp AS ({resp}),
        domain AS (SELECT unnest($domain::VARCHAR[]) AS cell)
        SELECT '' AS grp, d.cell, count(resp.id) AS n
        FROM domain d LEFT JOIN resp ON resp.grp = d.cell GROUP BY d.cell
    """
    args = {"s": survey.id, "k": k, "domain": _group_domain(db, survey, dimension)}
    with db.read() as cur:
        rows = cur.execute(suppressed(cells) + " ORDER BY cell", {**args, **params}).fetchall()
    return _counts(rows)


def total_respondents(db: Database, survey: Survey, k: int, flt: Filter = Filter()) -> int | None:
    """How many responses match ``flt`` — None when fewer than k."""
    resp, params = _respondents(flt, None)
    with db.read() as cur:
        row = cur.execute(
            f"WITH resp AS ({resp}) SELECT count(*) FROM resp", {"s": survey.id, **params}
        ).fetchone()
    n = int(row[0]) if row else 0
    return n if n >= k else None


def choice_counts(
    db: Database, survey: Survey, question: Question, k: int, flt: Filter = Filter(),
    by: By | None = None,
) -> Counts:  # fmt: skip
    """Single choice or Likert: respondents per option (and per group of ``by``).

    Options add up to the group's total, so one hidden option also hides the smallest
    shown one.
    """
    resp, params = _respondents(flt, by)
    cells = f"""
        WITH resp AS ({resp}),
        chosen AS (
            SELECT resp.grp, a.choice FROM answers a JOIN resp ON resp.id = a.response_id
            WHERE a.survey_id = $s AND a.question = $q AND a.choice IS NOT NULL
        ),
        groups AS (SELECT unnest($groups::VARCHAR[]) AS grp),
        codes AS (SELECT unnest($codes::VARCHAR[]) AS code)
        SELECT g.grp, c.code AS cell, count(x.choice) AS n
        FROM groups g CROSS JOIN codes c
        LEFT JOIN chosen x ON x.grp = g.grp AND x.choice = c.code
        GROUP BY g.grp, c.code
    """
    args = {"s": survey.id, "k": k, "q": question.name, "codes": list(question.choice_names()),
            "groups": _group_domain(db, survey, by)}  # fmt: skip
    with db.read() as cur:
        rows = cur.execute(suppressed(cells) + " ORDER BY grp", {**args, **params}).fetchall()
    counts = _counts(rows)
    if by is None:
        return counts
    # Columns add up to the unsplit counts shown elsewhere: protect them as well.
    return Counts(counts.groups, protect_margins(counts.cells), counts.totals)


def multiple_counts(
    db: Database, survey: Survey, question: Question, k: int, flt: Filter = Filter(),
    by: By | None = None,
) -> Counts:  # fmt: skip
    """Multiple choice: respondents who chose each option (a share of respondents, not
    of combinations). Totals are respondents who answered the question."""
    resp, params = _respondents(flt, by)
    sql = f"""
        WITH resp AS ({resp}),
        chosen AS (
            SELECT resp.grp, a.response_id, a.choice FROM answers a
            JOIN resp ON resp.id = a.response_id
            WHERE a.survey_id = $s AND a.question = $q AND a.choice IS NOT NULL
        ),
        domain AS (SELECT unnest($groups::VARCHAR[]) AS grp),
        groups AS (SELECT d.grp, count(DISTINCT x.response_id) AS total
                   FROM domain d LEFT JOIN chosen x ON x.grp = d.grp GROUP BY d.grp),
        codes AS (SELECT unnest($codes::VARCHAR[]) AS code),
        cells AS (
            SELECT g.grp, c.code AS cell, count(x.choice) AS n, g.total
            FROM groups g CROSS JOIN codes c
            LEFT JOIN chosen x ON x.grp = g.grp AND x.choice = c.code
            GROUP BY g.grp, c.code, g.total
        )
        SELECT grp, cell,
               CASE WHEN n < $k OR total < $k THEN NULL ELSE n END,
               CASE WHEN total < $k THEN NULL ELSE total END
        FROM cells ORDER BY grp
    """
    args = {"s": survey.id, "k": k, "q": question.name, "codes": list(question.choice_names()),
            "groups": _group_domain(db, survey, by)}  # fmt: skip
    with db.read() as cur:
        rows = cur.execute(sql, {**args, **params}).fetchall()
    return _counts(rows)


@dataclass(frozen=True)
class MeanRank:
    choice: str
    respondents: int | None  # None: fewer than k ranked it
    mean_rank: float | None


def ranking(
    db: Database, survey: Survey, question: Question, k: int, flt: Filter = Filter()
) -> list[MeanRank]:
    """Ranking: mean position per option (1 = first) over respondents who ranked it."""
    resp, params = _respondents(flt, None)
    sql = f"""
        WITH resp AS ({resp}),
        ranked AS (
            SELECT a.choice, a.position FROM answers a JOIN resp ON resp.id = a.response_id
            WHERE a.survey_id = $s AND a.question = $q AND a.position IS NOT NULL
        ),
        codes AS (SELECT unnest($codes::VARCHAR[]) AS code)
        SELECT c.code, count(x.position) AS n, avg(x.position) AS mean
        FROM codes c LEFT JOIN ranked x ON x.choice = c.code GROUP BY c.code
    """
    args = {"s": survey.id, "q": question.name, "codes": list(question.choice_names())}
    with db.read() as cur:
        rows = {
            str(r[0]): (int(r[1]), r[2]) for r in cur.execute(sql, {**args, **params}).fetchall()
        }
    out = []
    for code in question.choice_names():
        n, mean = rows.get(code, (0, None))
        shown = n >= k
        shown_mean = float(mean) if shown and mean is not None else None
        out.append(MeanRank(code, n if shown else None, shown_mean))
    return out


@dataclass(frozen=True)
class NumberSummary:
    respondents: int | None  # None: fewer than k answered
    median: float | None
    bins: tuple[tuple[float, float], ...]  # [low, high) per bin; outliers fold into the ends
    counts: Counts  # one group '', cells "0", "1", … per bin


def nice_bins(low: float, high: float, integer: bool, most: int = 10) -> tuple[float, float, int]:
    """(start, width, count) of round bins covering [low, high].

    >>> nice_bins(18, 84, True)
    (10.0, 10.0, 8)
    >>> nice_bins(1, 5, True)
    (1.0, 1.0, 5)
    >>> nice_bins(2.5, 2.5, False)
    (2.0, 1.0, 1)

    Interpolated percentiles of whole numbers need not be whole; every whole number
    between them still gets its own bin (1.2 … 5 → 1, 2, 3, 4, 5):

    >>> nice_bins(1.2, 5.0, True)
    (1.0, 1.0, 5)
    """
    span = high - low
    if integer and span < most:
        first, last = math.floor(low), math.floor(high)
        return float(first), 1.0, last - first + 1
    raw = span / most if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    width = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if integer:
        width = max(1.0, math.ceil(width))
    start = math.floor(low / width) * width
    count = max(1, math.floor((high - start) / width) + 1)
    return float(start), float(width), int(count)


def numbers(
    db: Database, survey: Survey, question: Question, k: int, flt: Filter = Filter()
) -> NumberSummary:
    """Integer or decimal answers: a histogram over round bins and the median.

    Bin edges come from the 5th and 95th percentiles, not from the smallest and largest
    answer, so an outlier's exact value is never shown.
    """
    resp, params = _respondents(flt, None)
    base = f"""
        WITH resp AS ({resp}),
        vals AS (SELECT a.number AS v FROM answers a JOIN resp ON resp.id = a.response_id
                 WHERE a.survey_id = $s AND a.question = $q AND a.number IS NOT NULL)
    """
    args = {"s": survey.id, "q": question.name, **params}
    with db.read() as cur:
        stats = cur.execute(
            base + "SELECT count(*), quantile_cont(v, 0.05), quantile_cont(v, 0.95), median(v)"
            " FROM vals",
            args,
        ).fetchone()
        assert stats is not None
        n = int(stats[0])
        if n < k:
            return NumberSummary(None, None, (), Counts(("",), {}, {"": None}))
        start, width, count = nice_bins(
            float(stats[1]), float(stats[2]), question.type is QuestionType.INTEGER
        )
        cells = (
            base
            + """
            , binned AS (SELECT CAST(greatest(0, least($nb - 1, floor((v - $start) / $w)))
                                     AS INTEGER) AS b FROM vals)
            SELECT '' AS grp, CAST(i AS VARCHAR) AS cell, count(binned.b) AS n
            FROM range($nb) t(i) LEFT JOIN binned ON binned.b = t.i GROUP BY i
        """
        )
        rows = cur.execute(
            suppressed(cells) + " ORDER BY CAST(cell AS INTEGER)",
            {**args, "k": k, "nb": count, "start": start, "w": width},
        ).fetchall()
    bins = tuple((start + i * width, start + (i + 1) * width) for i in range(count))
    return NumberSummary(n, float(stats[3]), bins, _counts(rows))


@dataclass(frozen=True)
class TextAnswer:
    response_id: int
    text: str
    hidden: bool


def texts(
    db: Database,
    survey: Survey,
    question: Question,
    k: int,
    flt: Filter = Filter(),
    *,
    include_hidden: bool = False,
) -> tuple[int | None, list[TextAnswer]]:
    """Free-text answers, newest first (at most TEXT_LIMIT), and how many there are.

    Nothing is listed when fewer than k respondents match the filter: a short list
    under a narrow filter could point at a person.
    """
    resp, params = _respondents(flt, None)
    base = f"""
        WITH resp AS ({resp})
        SELECT a.response_id, a.text, h.response_id IS NOT NULL AS hidden
        FROM answers a JOIN resp ON resp.id = a.response_id
        LEFT JOIN hidden_answers h ON h.response_id = a.response_id AND h.question = a.question
        WHERE a.survey_id = $s AND a.question = $q AND a.text IS NOT NULL
    """
    args = {"s": survey.id, "q": question.name, **params}
    if total_respondents(db, survey, k, flt) is None:
        return None, []
    with db.read() as cur:
        count_row = cur.execute(f"SELECT count(*) FROM ({base})", args).fetchone()
        rows = cur.execute(
            f"SELECT * FROM ({base}) WHERE $all OR NOT hidden ORDER BY response_id DESC"
            f" LIMIT {TEXT_LIMIT}",
            {**args, "all": include_hidden},
        ).fetchall()
    count = int(count_row[0]) if count_row else 0
    return count, [TextAnswer(int(r[0]), str(r[1]), bool(r[2])) for r in rows]


def _moderated_answer(
    db: Database, user: User, survey: Survey, response_id: int, question: str
) -> None:
    """Raise unless ``user`` moderates the survey's Quartier and the free-text answer
    belongs to this survey (an id from another Quartier is refused, not hidden)."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, survey.quartier_id)
    with db.read() as cur:
        found = cur.execute(
            "SELECT 1 FROM answers WHERE response_id = ? AND survey_id = ? AND question = ?"
            " AND quartier_id = ? AND text IS NOT NULL",
            [response_id, survey.id, question, survey.quartier_id],
        ).fetchone()
    if found is None:
        raise NotFoundError("results.error_answer_unknown", field="response", value=response_id)


def hide_text(db: Database, user: User, survey: Survey, response_id: int, question: str) -> None:
    """Hide a free-text answer from results and exports (moderation); it is not deleted.

    Raises PermissionDenied unless ``user`` manages the survey's Quartier, NotFoundError
    when the survey has no such free-text answer.
    """
    _moderated_answer(db, user, survey, response_id, question)
    with db.transaction() as cur:
        cur.execute(
            "INSERT OR IGNORE INTO hidden_answers (quartier_id, response_id, question, hidden_by)"
            " VALUES (?, ?, ?, ?)",
            [survey.quartier_id, response_id, question, user.id],
        )


def unhide_text(db: Database, user: User, survey: Survey, response_id: int, question: str) -> None:
    """Show a hidden free-text answer again; raises like :func:`hide_text`."""
    _moderated_answer(db, user, survey, response_id, question)
    with db.transaction() as cur:
        cur.execute(
            "DELETE FROM hidden_answers WHERE response_id = ? AND question = ? AND quartier_id = ?",
            [response_id, question, survey.quartier_id],
        )
