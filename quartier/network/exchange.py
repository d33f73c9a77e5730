"""The network as files: CSV (two tables in a ZIP), GraphML and GEXF — out and in.

**CSV.** ``export_network(..., "csv")`` writes a ZIP with ``akteure.csv`` and
``beziehungen.csv``: UTF-8 with BOM and ``;`` between cells, so that German Excel
opens them by double-click; types and fields of action as German labels, several
fields of action joined by ``|``, dates as ISO (``2021-03-01``), text that a
spreadsheet would run as a formula neutralised with a leading ``'`` (removed again
on import). Columns (:data:`ACTOR_HEADER`, :data:`TIE_HEADER`):

- akteure.csv: name; typ; handlungsfelder; kontakt_rolle; aktiv_von; aktiv_bis; notizen
- beziehungen.csv: von; an; art; staerke; beginn; ende; notizen  (von/an: actor names)

The reader also takes a single CSV (actors or ties, told apart by the header), the
internal column names (``actor_type``, ``source`` …) and a few synonyms, UTF-8 with
or without BOM or Windows-1252/Latin-1 (Excel), ``;``, ``,`` or tab separators,
values as internal codes or German labels in any case, dates as ISO or dd.mm.yyyy.
A column ``id`` is ignored; any other unknown column is a problem (its data would
otherwise be lost without notice). Rows are numbered as a spreadsheet shows them:
the header is row 1.

**GraphML and GEXF** are written with networkx from a directed multigraph: node id
``a<actor id>``, edge id ``t<tie id>``; node attributes ``label`` and ``name`` (the
actor's name; Gephi shows ``label``), ``typ`` and ``handlungsfelder`` (internal
codes, ``|``-joined), ``kontakt_rolle``, ``aktiv_von``, ``aktiv_bis`` (ISO, ``""``
when open), ``notizen``; edge attributes ``art`` (code), ``staerke`` (1–3),
``weight`` (the strength again, for Gephi), ``beginn``, ``ende``, ``notizen``.

Graphs made by other tools (such as Gephi) are read as well: a node's name is its
``name``, else its ``label``, else its id; missing values take the defaults of
:mod:`quartier.network.rows` (type "andere"; tie type "Kooperation", strength 2;
``weight`` is not read as strength). An attribute a node does not have leaves the
stored value of a matched actor alone. Other attributes (positions, colours) are
ignored. Problems name the element: "GraphML, Knoten „n3“".

Every file is checked before parsing: at most :data:`MAX_FILE_MB` MB (also each
file inside a ZIP), at most :data:`MAX_ACTORS` actors and :data:`MAX_TIES` ties;
XML goes through defusedxml first, so entity expansion ("billion laughs") and
external entities are refused before networkx sees the file.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

import defusedxml  # type: ignore[import-untyped]
import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]
import networkx as nx

from quartier.errors import QuartierError, ValidationError
from quartier.i18n import translator
from quartier.network.actors import ACTOR_SELECT, actor_from_row
from quartier.network.checks import REPORT_LIMIT, BatchRejected, RowProblem
from quartier.network.model import Actor, ActorDraft, ActorType, Tie
from quartier.network.rows import ACTOR_KEYS, TIE_KEYS, cell_text, is_blank, parse_actor_row
from quartier.network.ties import ties_of_quartier_in
from quartier.storage import Database
from quartier.surveys.exports import neutralise

Format = Literal["graphml", "gexf", "csv"]
FORMATS: tuple[Format, ...] = ("graphml", "gexf", "csv")

ACTOR_FILE = "akteure.csv"
TIE_FILE = "beziehungen.csv"
#: The German column headers, in the order of :data:`~quartier.network.rows.ACTOR_KEYS`.
ACTOR_HEADER = ("name", "typ", "handlungsfelder", "kontakt_rolle", "aktiv_von", "aktiv_bis",
                "notizen")  # fmt: skip
#: The German column headers, in the order of :data:`~quartier.network.rows.TIE_KEYS`.
TIE_HEADER = ("von", "an", "art", "staerke", "beginn", "ende", "notizen")

MAX_FILE_MB = 10
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ACTORS = 5_000
MAX_TIES = 50_000

_DE = translator("de")
#: Characters XML 1.0 cannot hold; dropped from the graph exports.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: Column names the CSV reader understands (after :func:`_column_key`) → internal keys.
_ACTOR_COLUMNS = {
    **dict(zip(ACTOR_HEADER, ACTOR_KEYS, strict=True)),
    **{k: k for k in ACTOR_KEYS},
    "akteur": "name", "type": "actor_type", "art": "actor_type", "akteurstyp": "actor_type",
    "handlungsfeld": "fields_of_action", "kontakt": "contact_role",
    "ansprechpartner_in": "contact_role", "ansprechpartner_in_funktion": "contact_role",
    "aktiv_seit": "active_from", "notiz": "notes", "bemerkungen": "notes",
}  # fmt: skip
_TIE_COLUMNS = {
    **dict(zip(TIE_HEADER, TIE_KEYS, strict=True)),
    **{k: k for k in TIE_KEYS},
    "quelle": "source", "from": "source", "ziel": "target", "nach": "target", "to": "target",
    "typ": "tie_type", "type": "tie_type", "beziehungsart": "tie_type", "strength": "strength",
    "start": "starts_on", "seit": "starts_on", "end": "ends_on", "bis": "ends_on",
    "notiz": "notes", "bemerkungen": "notes",
}  # fmt: skip
_REQUIRED = {"actors": ("name",), "ties": ("source", "target")}
_IGNORED_COLUMNS = {"id"}

#: Graph attributes → internal keys (first match wins).
_NODE_ATTRIBUTES = {
    "actor_type": ("typ", "actor_type", "art"),
    "fields_of_action": ("handlungsfelder", "fields_of_action"),
    "contact_role": ("kontakt_rolle", "contact_role"),
    "active_from": ("aktiv_von", "active_from"),
    "active_to": ("aktiv_bis", "active_to"),
    "notes": ("notizen", "notes"),
}
_EDGE_ATTRIBUTES = {
    "tie_type": ("art", "tie_type", "typ"),
    "strength": ("staerke", "strength"),
    "starts_on": ("beginn", "starts_on"),
    "ends_on": ("ende", "ends_on"),
    "notes": ("notizen", "notes"),
}


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
    """Reading one upload: the rows read so far and every problem, in file order."""

    name: str
    parsed: ParsedNetwork = field(default_factory=ParsedNetwork)
    problems: list[tuple[int, RowProblem]] = field(default_factory=list)
    counter: int = 0

    def place(self, source: str, row: int | None = None, element: str = "") -> Place:
        self.counter += 1
        return Place(source, row, element, self.counter)

    def fail(self, place: Place, error: QuartierError) -> None:
        self.problems.append((place.order, place.problem(error)))

    def report(self) -> list[RowProblem]:
        """The problems in file order; past :data:`REPORT_LIMIT` one line says how many more."""
        ordered = [p for _, p in sorted(self.problems, key=lambda item: item[0])]
        if len(ordered) <= REPORT_LIMIT:
            return ordered
        more = ValidationError("errors.network_more_problems", count=len(ordered) - REPORT_LIMIT)
        return [*ordered[:REPORT_LIMIT], RowProblem(self.name, None, more)]


# --- export -------------------------------------------------------------------------------


def _load(db: Database, quartier_id: int) -> tuple[list[Actor], list[Tie]]:
    with db.read() as cur:
        rows = cur.execute(
            f"{ACTOR_SELECT} WHERE a.quartier_id = ? ORDER BY a.name, a.id", [quartier_id]
        ).fetchall()
        ties = ties_of_quartier_in(cur, quartier_id)
    return [actor_from_row(r) for r in rows], ties


def _iso(day: object) -> str:
    return "" if day is None else str(day)


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _csv_zip(actors: Sequence[Actor], ties: Sequence[Tie]) -> bytes:
    names = {a.id: a.name for a in actors}
    actor_rows = [
        (a.name, _DE(f"actor_type.{a.actor_type.value}"),
         "|".join(_DE(f"field_of_action.{f.value}") for f in a.fields_of_action),
         a.contact_role, _iso(a.active_from), _iso(a.active_to), a.notes)
        for a in actors
    ]  # fmt: skip
    tie_rows = [
        (names[t.source_id], names[t.target_id], _DE(f"tie_type.{t.tie_type.value}"),
         t.strength, _iso(t.starts_on), _iso(t.ends_on), t.notes)
        for t in ties
    ]  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ACTOR_FILE, _csv(ACTOR_HEADER, actor_rows))
        archive.writestr(TIE_FILE, _csv(TIE_HEADER, tie_rows))
    return buffer.getvalue()


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def network_graph(actors: Sequence[Actor], ties: Sequence[Tie]) -> nx.MultiDiGraph:
    """The graph that GraphML and GEXF are written from (attributes as in the module doc)."""
    graph = nx.MultiDiGraph()
    for a in actors:
        graph.add_node(
            f"a{a.id}", label=_xml_text(a.name), name=_xml_text(a.name), typ=a.actor_type.value,
            handlungsfelder="|".join(f.value for f in a.fields_of_action),
            kontakt_rolle=_xml_text(a.contact_role), aktiv_von=_iso(a.active_from),
            aktiv_bis=_iso(a.active_to), notizen=_xml_text(a.notes),
        )  # fmt: skip
    for t in ties:
        graph.add_edge(
            f"a{t.source_id}", f"a{t.target_id}", key=f"t{t.id}", id=f"t{t.id}",
            art=t.tie_type.value, staerke=t.strength, weight=float(t.strength),
            beginn=_iso(t.starts_on), ende=_iso(t.ends_on), notizen=_xml_text(t.notes),
        )  # fmt: skip
    return graph


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    # The GraphML edge id is the multigraph key; "id" would become a second attribute.
    for _, _, data in graph.edges(data=True):
        data.pop("id", None)
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    return buffer.getvalue()


def export_network(db: Database, quartier_id: int, fmt: Format) -> bytes:
    """Every actor and tie of the Quartier as a file (see the module doc for the formats).

    >>> from quartier.network.model import ActorType
    >>> graph = network_graph([Actor(1, 1, "Kita", ActorType.KITA, (), "", None, None)], [])
    >>> graph.nodes["a1"]["label"], graph.nodes["a1"]["aktiv_von"]
    ('Kita', '')
    """
    actors, ties = _load(db, quartier_id)
    if fmt == "csv":
        return _csv_zip(actors, ties)
    graph = network_graph(actors, ties)
    if fmt == "graphml":
        return _graphml(graph)
    if fmt == "gexf":
        return _gexf(graph)
    raise ValueError(f"unknown format {fmt!r}")


def export_filename(slug: str, fmt: Format) -> str:
    """The download name, e.g. ``netzwerk-nord.graphml``; CSV comes as a ZIP.

    >>> export_filename("nord", "csv"), export_filename("nord", "gexf")
    ('netzwerk-nord.zip', 'netzwerk-nord.gexf')
    """
    return f"netzwerk-{slug}.{'zip' if fmt == 'csv' else fmt}"


# --- reading an upload ----------------------------------------------------------------------


def read_network_file(name: str, data: bytes) -> ParsedNetwork:
    """The rows of an uploaded file, or BatchRejected naming every problem.

    ``name`` is the file name as uploaded; it decides the format together with the
    content (a ZIP, XML with a ``graphml`` or ``gexf`` root, else CSV). Actor rows are
    parsed (types, fields, dates); tie rows stay raw until the import knows the
    Quartier's actors.
    """
    reading = read_upload(name, data)
    if reading.problems:
        raise BatchRejected(reading.report())
    return reading.parsed


def read_upload(name: str, data: bytes) -> Reading:
    """Like :func:`read_network_file` but keeps the problems for the caller to add to."""
    label = name.replace("\\", "/").rsplit("/", 1)[-1] or "Datei"
    reading = Reading(label)
    whole = reading.place(label)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        reading.fail(whole, ValidationError("errors.file_empty", name=label))
    elif len(data) > MAX_FILE_BYTES:
        reading.fail(whole, _too_large(label, len(data)))
    else:
        _read_any(reading, label, data)
    return reading


def _too_large(name: str, size: int) -> ValidationError:
    return ValidationError(
        "errors.file_too_large", name=name, size=f"{size / 1024 / 1024:.1f}".replace(".", ","),
        limit=MAX_FILE_MB,
    )  # fmt: skip


def _read_any(reading: Reading, name: str, data: bytes) -> None:
    lower = name.lower()
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if lower.endswith((".xlsx", ".xlsm", ".xls", ".ods")):  # a workbook, not its CSV
        reading.fail(reading.place(name), ValidationError("errors.file_not_text", name=name))
    elif data.startswith(b"PK\x03\x04") or lower.endswith(".zip"):
        _read_zip(reading, name, data)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        _read_csv(reading, name, data)
    elif lower.endswith((".graphml", ".gexf", ".xml")) or start.startswith(b"<"):
        _read_xml(reading, name, data)
    else:
        _read_csv(reading, name, data)


def _read_zip(reading: Reading, name: str, data: bytes) -> None:
    whole = reading.place(name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                info for info in archive.infolist()
                if not info.is_dir() and info.filename.lower().endswith(".csv")
                and not info.filename.startswith("__MACOSX/")
                and not info.filename.rsplit("/", 1)[-1].startswith(".")
            ]  # fmt: skip
            if not members:
                reading.fail(whole, ValidationError("errors.zip_no_csv", name=name))
                return
            # Actors first, so that problems come in the order the import checks them.
            members.sort(key=lambda i: (i.filename.rsplit("/", 1)[-1].lower() != ACTOR_FILE,
                                        i.filename))  # fmt: skip
            kinds: dict[str, str] = {}
            for info in members:
                member = info.filename.rsplit("/", 1)[-1]
                with archive.open(info) as handle:
                    content = handle.read(MAX_FILE_BYTES + 1)
                if len(content) > MAX_FILE_BYTES:
                    reading.fail(reading.place(member), _too_large(member, len(content)))
                    continue
                kind = _read_csv(reading, member, content)
                if kind is None:
                    continue
                if kind in kinds:
                    reading.fail(reading.place(member), ValidationError(
                        "errors.zip_same_table_twice", name=member, other=kinds[kind]))  # fmt: skip
                kinds.setdefault(kind, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        reading.fail(whole, ValidationError("errors.zip_invalid", name=name, detail=str(exc)))


# --- CSV --------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(text: str) -> str:
    """The separator of the header line: ``;``, tab or ``,`` (the most frequent).

    >>> _delimiter("name;typ;notizen"), _delimiter("name,typ"), _delimiter("name")
    (';', ',', ',')
    """
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _column_key(header: str) -> str:
    """A header as the reader compares it: lower case, umlauts spelled out, ``_`` joins.

    >>> _column_key(" Stärke "), _column_key("Aktiv seit"), _column_key("Ansprechpartner*in")
    ('staerke', 'aktiv_seit', 'ansprechpartner_in')
    """
    text = header.strip().lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _unneutralise(text: str) -> str:
    """Undo the export's formula guard: ``'=1+1`` → ``=1+1`` (only where it was added).

    >>> _unneutralise("'=SUMME(A1)"), _unneutralise("'Sonnenschein'"), _unneutralise("=x")
    ('=SUMME(A1)', "'Sonnenschein'", '=x')
    """
    if text.startswith("'") and neutralise(text[1:]) != text[1:]:
        return text[1:]
    return text


def _kind_of(keys: Sequence[str]) -> str | None:
    tie_marks = {k for k, v in _TIE_COLUMNS.items() if v in ("source", "target")}
    if any(k in tie_marks for k in keys):
        return "ties"
    if any(_ACTOR_COLUMNS.get(k) == "name" for k in keys):
        return "actors"
    return None


def _header_problem(name: str, keys: Sequence[str], headers: Sequence[str]) -> list[QuartierError]:
    """What is wrong with a header row, as errors (empty: fine)."""
    kind = _kind_of(keys)
    if kind is None:
        return [ValidationError(
            "errors.csv_columns_unknown", name=name, found="; ".join(h for h in headers if h),
            actors=";".join(ACTOR_HEADER), ties=";".join(TIE_HEADER),
        )]  # fmt: skip
    table = _ACTOR_COLUMNS if kind == "actors" else _TIE_COLUMNS
    expected = ";".join(ACTOR_HEADER if kind == "actors" else TIE_HEADER)
    errors: list[QuartierError] = []
    unknown = [h for h, k in zip(headers, keys, strict=True)
               if k and k not in table and k not in _IGNORED_COLUMNS]  # fmt: skip
    if unknown:
        errors.append(ValidationError(
            "errors.csv_columns_extra", columns=", ".join(f"„{h}“" for h in unknown),
            expected=expected,
        ))  # fmt: skip
    mapped = [table[k] for k in keys if k in table]
    twice = sorted({k for k in mapped if mapped.count(k) > 1})
    if twice:
        header_of = dict(zip(ACTOR_KEYS + TIE_KEYS, ACTOR_HEADER + TIE_HEADER, strict=True))
        errors.append(ValidationError(
            "errors.csv_column_twice", columns=", ".join(f"„{header_of[k]}“" for k in twice),
        ))  # fmt: skip
    missing = [k for k in _REQUIRED[kind] if k not in mapped]
    if missing:
        header_of = dict(zip(ACTOR_KEYS + TIE_KEYS, ACTOR_HEADER + TIE_HEADER, strict=True))
        errors.append(ValidationError(
            "errors.csv_columns_missing", columns=", ".join(f"„{header_of[k]}“" for k in missing),
            expected=expected,
        ))  # fmt: skip
    return errors


def _read_csv(reading: Reading, name: str, data: bytes) -> str | None:
    """Read one CSV table; returns "actors", "ties" or None when it could not be read."""
    whole = reading.place(name)
    if b"\x00" in data:
        reading.fail(whole, ValidationError("errors.file_not_text", name=name))
        return None
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        reading.fail(whole, ValidationError("errors.file_empty", name=name))
        return None
    text = _decode(data)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        headers = [h.strip() for h in next(records)]
        keys = [_column_key(h) for h in headers]
        header_errors = _header_problem(name, keys, headers)
        for error in header_errors:
            reading.fail(reading.place(name, 1), error)
        kind = _kind_of(keys)
        if header_errors or kind is None:
            return None
        _read_rows(reading, name, kind, keys, records)
    except csv.Error as exc:
        reading.fail(whole, ValidationError("errors.csv_invalid", name=name, detail=str(exc)))
        return None
    return kind


def _read_rows(
    reading: Reading, name: str, kind: str, keys: Sequence[str], records: Iterator[list[str]]
) -> None:
    table = _ACTOR_COLUMNS if kind == "actors" else _TIE_COLUMNS
    columns = [table.get(k) for k in keys]
    given = frozenset(c for c in columns if c)
    limit = MAX_ACTORS if kind == "actors" else MAX_TIES
    count = 0
    for row, cells in enumerate(records, start=2):
        if all(is_blank(c) for c in cells):
            continue
        count += 1
        if count > limit:
            reading.fail(reading.place(name), _too_many(kind, limit))
            return
        place = reading.place(name, row)
        if any(not is_blank(c) for c in cells[len(columns) :]):
            reading.fail(place, ValidationError(
                "errors.csv_row_too_long", cells=len(cells), columns=len(columns)))  # fmt: skip
            continue
        values: dict[str, object] = {
            c: _unneutralise(v.strip()) for c, v in zip(columns, cells, strict=False) if c
        }
        _add_row(reading, kind, place, values, given)


def _too_many(kind: str | None, limit: int) -> ValidationError:
    key = "errors.too_many_actors" if kind == "actors" else "errors.too_many_ties"
    return ValidationError(key, limit=f"{limit:,}".replace(",", "."))


def _add_row(
    reading: Reading, kind: str | None, place: Place, values: dict[str, object],
    columns: frozenset[str],
) -> None:  # fmt: skip
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


# --- GraphML and GEXF -----------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_xml(reading: Reading, name: str, data: bytes) -> None:
    lower = name.lower()
    fmt = "GEXF" if lower.endswith(".gexf") else "GraphML"
    whole = reading.place(fmt)
    try:
        root = SafeET.fromstring(data)
    except defusedxml.DefusedXmlException:
        reading.fail(whole, ValidationError("errors.xml_forbidden", format=fmt))
        return
    except ET.ParseError as exc:
        reading.fail(whole, ValidationError("errors.xml_invalid", format=fmt, detail=str(exc)))
        return
    root_name = _local(root.tag).lower()
    if root_name not in ("graphml", "gexf"):
        reading.fail(whole, ValidationError("errors.xml_not_graph", name=name, root=root_name))
        return
    fmt = "GEXF" if root_name == "gexf" else "GraphML"
    whole = reading.place(fmt)
    nodes = [el for el in root.iter() if _local(el.tag) == "node"]
    edges = [el for el in root.iter() if _local(el.tag) == "edge"]
    if len(nodes) > MAX_ACTORS:
        reading.fail(whole, _too_many("actors", MAX_ACTORS))
    if len(edges) > MAX_TIES:
        reading.fail(whole, _too_many("ties", MAX_TIES))
    if len(nodes) > MAX_ACTORS or len(edges) > MAX_TIES:
        return
    try:
        if fmt == "GEXF":
            graph = nx.read_gexf(io.BytesIO(data))
        else:
            graph = nx.parse_graphml(data, edge_key_type=str, force_multigraph=True)
    except (nx.NetworkXError, ET.ParseError, ValueError, KeyError, TypeError, IndexError,
            AttributeError) as exc:  # fmt: skip
        reading.fail(whole, ValidationError("errors.xml_invalid", format=fmt, detail=str(exc)))
        return
    ends = {el.get("id"): (el.get("source"), el.get("target")) for el in edges if el.get("id")}
    _read_graph(reading, fmt, graph, ends)


def _first(data: Mapping[str, object], names: Sequence[str]) -> tuple[bool, object]:
    for attribute in names:
        if attribute in data:
            return True, data[attribute]
    return False, None


def _read_graph(
    reading: Reading, fmt: str, graph: nx.Graph, ends: Mapping[str, tuple[str, str]]
) -> None:
    names: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        _, named = _first(data, ("name", "label"))
        name = cell_text(named) or str(node)
        names[str(node)] = name
        place = reading.place(fmt, element=_DE("network.node", id=node))
        values: dict[str, object] = {"name": name}
        for key, attributes in _NODE_ATTRIBUTES.items():
            found, value = _first(data, attributes)
            if found:
                values[key] = value
        _add_row(reading, "actors", place, values, frozenset(values))
    _read_edges(reading, fmt, graph, ends, names)


def _read_edges(
    reading: Reading, fmt: str, graph: nx.Graph, ends: Mapping[str, tuple[str, str]],
    names: Mapping[str, str],
) -> None:  # fmt: skip
    """The edges in file order; source and target as the file has them (networkx may
    turn an undirected edge round)."""
    if graph.is_multigraph():
        edges = [(u, v, str(k), d) for u, v, k, d in graph.edges(keys=True, data=True)]
    else:
        edges = [(u, v, str(d.get("id", "")), d) for u, v, d in graph.edges(data=True)]
    order = {edge_id: i for i, edge_id in enumerate(ends)}
    edges.sort(key=lambda e: order.get(e[2], len(order)))
    for u, v, key, data in edges:
        source, target = ends.get(key, (str(u), str(v)))
        source_name, target_name = names.get(source, source), names.get(target, target)
        element = key if key in ends else f"{source_name} → {target_name}"
        place = reading.place(fmt, element=_DE("network.edge", id=element))
        values: dict[str, object] = {"source": source_name, "target": target_name}
        for k, attributes in _EDGE_ATTRIBUTES.items():
            found, value = _first(data, attributes)
            if found:
                values[k] = value
        reading.parsed.ties.append(ParsedTie(place, values))
