"""What the network file formats share on the way in: one upload being read.

:class:`Reading` collects, for one uploaded file, the rows read so far
(:class:`ParsedNetwork`: actors already as drafts, ties still raw) and every problem with
its :class:`Place` (a CSV row as a spreadsheet numbers it, or an element of a graph file),
reported in file order. It carries the :class:`Limits` the readers check, which
:mod:`quartier.network.exchange` sets. :func:`add_row` turns one row of any format into a
parsed actor or tie. The formats themselves: :mod:`quartier.network.csv_files` and
:mod:`quartier.network.graph_files`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from quartier.errors import QuartierError, ValidationError
from quartier.i18n import translator
from quartier.network.checks import RowProblem
from quartier.network.model import ActorDraft, ActorType
from quartier.network.rows import cell_text, is_blank, parse_actor_row

_DE = translator("de")


def iso(day: object) -> str:
    """A day as a file cell: ISO (``2021-03-01``), ``""`` when open."""
    return "" if day is None else str(day)


@dataclass(frozen=True)
class Limits:
    """How much one upload may hold (the values are :mod:`quartier.network.exchange`'s)."""

    file_mb: int
    file_bytes: int  # also each file inside a ZIP
    actors: int
    ties: int
    report: int  # problems listed before one line says how many more


# --- where a row came from --------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where an imported row came from: a CSV row as a spreadsheet numbers it (the
    header is row 1), or an element of a graph file ("Knoten „n3“")."""

    source: str  # "akteure.csv", "GraphML"
    row: int | None = None
    element: str = ""
    order: int = 0  # position in the whole upload, for reporting in file order

    def describe(self) -> str:
        """The place in German, for a message about another row ("Zeile 3")."""
        return self.element or _DE("network.place_row", row=self.row)

    def problem(self, error: QuartierError) -> RowProblem:
        if self.element:
            where = _DE("network.place_element", source=self.source, element=self.element)
            return RowProblem(where, None, error)
        return RowProblem(self.source, self.row, error)


class ParsedActor(NamedTuple):
    place: Place
    draft: ActorDraft
    #: The internal keys the file gave a value for (an absent column keeps stored values).
    given: frozenset[str]


class ParsedTie(NamedTuple):
    place: Place
    #: Keys of :data:`~quartier.network.rows.TIE_KEYS`; source and target are names.
    values: Mapping[str, object]


@dataclass
class ParsedNetwork:
    """An upload read into rows: actors already as drafts, ties still raw (their actor
    names are resolved against the Quartier by the import)."""

    actors: list[ParsedActor] = field(default_factory=list)
    ties: list[ParsedTie] = field(default_factory=list)


@dataclass
class Reading:
    """Reading one upload within its limits: the rows read so far and every problem, in
    file order."""

    name: str
    limits: Limits
    parsed: ParsedNetwork = field(default_factory=ParsedNetwork)
    problems: list[tuple[int, RowProblem]] = field(default_factory=list)
    counter: int = 0

    def place(self, source: str, row: int | None = None, element: str = "") -> Place:
        self.counter += 1
        return Place(source, row, element, self.counter)

    def fail(self, place: Place, error: QuartierError) -> None:
        self.problems.append((place.order, place.problem(error)))

    def report(self) -> list[RowProblem]:
        """The problems in file order; past ``limits.report`` one line says how many more."""
        limit = self.limits.report
        ordered = [p for _, p in sorted(self.problems, key=lambda item: item[0])]
        if len(ordered) <= limit:
            return ordered
        more = ValidationError("errors.network_more_problems", count=len(ordered) - limit)
        return [*ordered[:limit], RowProblem(self.name, None, more)]


# --- the rows -------------------------------------------------------------------------------


def too_large(name: str, size: int, limit_mb: int) -> ValidationError:
    """The problem of a file (or a file in a ZIP) of ``size`` bytes over ``limit_mb`` MB."""
    return ValidationError(
        "errors.file_too_large", name=name, size=f"{size / 1024 / 1024:.1f}".replace(".", ","),
        limit=limit_mb,
    )  # fmt: skip


def too_many(kind: str | None, limit: int) -> ValidationError:
    """The problem of a file with more than ``limit`` actors (or ties, by ``kind``)."""
    key = "errors.too_many_actors" if kind == "actors" else "errors.too_many_ties"
    return ValidationError(key, limit=f"{limit:,}".replace(",", "."))


def add_row(
    reading: Reading, kind: str | None, place: Place, values: dict[str, object],
    columns: frozenset[str],
) -> None:  # fmt: skip
    """Add one row of any format: a tie as it is, an actor parsed into a draft (``columns``:
    the internal keys the file has); a row that does not parse is a problem."""
    if kind == "ties":
        reading.parsed.ties.append(ParsedTie(place, values))
        return
    try:
        draft = parse_actor_row(values)
    except ValidationError as error:
        reading.fail(place, error)
        reading.parsed.actors.append(ParsedActor(place, _placeholder(values), frozenset()))
        return
    # An empty type cell means "andere" for a new actor but leaves a stored one alone.
    given = columns if not is_blank(values.get("actor_type")) else columns - {"actor_type"}
    reading.parsed.actors.append(ParsedActor(place, draft, given | {"name"}))


def _placeholder(values: Mapping[str, object]) -> ActorDraft:
    """A stand-in for an actor row with a problem: its name still resolves ties to it
    (``given`` is empty, so the import knows to skip it)."""
    return ActorDraft(cell_text(values.get("name")), ActorType.OTHER)
