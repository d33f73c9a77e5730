"""The network as files: CSV (two tables in a ZIP), GraphML and GEXF — out and in.

:func:`export_network` writes every actor and tie of a Quartier in one of :data:`FORMATS`
and :func:`export_filename` names the download. :func:`read_network_file` reads an
upload into rows (:func:`read_upload` keeps the problems for the import to add to); the
name and content of the file decide the format. Each format has its module, whose doc
describes the columns and attributes: :mod:`quartier.network.csv_files` (CSV and ZIP)
and :mod:`quartier.network.graph_files` (GraphML and GEXF); the rows and problems of an
upload are collected in a :class:`~quartier.network.file_rows.Reading`. The names of
those modules that callers use (:data:`ACTOR_HEADER`, :class:`Place`, :class:`Reading`
…) can be imported from here.

Every file is checked before parsing: at most :data:`MAX_FILE_MB` MB (also each file
inside a ZIP), at most :data:`MAX_ACTORS` actors and :data:`MAX_TIES` ties; XML goes
through defusedxml first, so entity expansion ("billion laughs") and external entities
are refused before networkx sees the file. A report lists at most :data:`REPORT_LIMIT`
problems.
"""

from __future__ import annotations

from typing import Literal

from quartier.errors import ValidationError
from quartier.network.actors import ACTOR_SELECT, actor_from_row
from quartier.network.checks import REPORT_LIMIT, BatchRejected
from quartier.network.csv_files import (
    ACTOR_FILE,
    ACTOR_HEADER,
    TIE_FILE,
    TIE_HEADER,
    csv_zip,
    read_csv,
    read_zip,
)
from quartier.network.file_rows import (
    Limits,
    ParsedActor,
    ParsedNetwork,
    ParsedTie,
    Place,
    Reading,
    too_large,
)
from quartier.network.graph_files import gexf, graphml, network_graph, read_xml
from quartier.network.model import Actor, Tie
from quartier.network.ties import ties_of_quartier_in
from quartier.storage import Database

Format = Literal["graphml", "gexf", "csv"]
FORMATS: tuple[Format, ...] = ("graphml", "gexf", "csv")

MAX_FILE_MB = 10
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ACTORS = 5_000
MAX_TIES = 50_000


def _limits() -> Limits:
    # Read at each upload, not at import, so that a test can lower them.
    return Limits(MAX_FILE_MB, MAX_FILE_BYTES, MAX_ACTORS, MAX_TIES, REPORT_LIMIT)


# --- export -------------------------------------------------------------------------------


def _load(db: Database, quartier_id: int) -> tuple[list[Actor], list[Tie]]:
    with db.read() as cur:
        rows = cur.execute(
            f"{ACTOR_SELECT} WHERE a.quartier_id = ? ORDER BY a.name, a.id", [quartier_id]
        ).fetchall()
        ties = ties_of_quartier_in(cur, quartier_id)
    return [actor_from_row(r) for r in rows], ties


def export_network(db: Database, quartier_id: int, fmt: Format) -> bytes:
    """Every actor and tie of the Quartier as a file (see the module doc for the formats).

    >>> from quartier.network.model import ActorType
    >>> graph = network_graph([Actor(1, 1, "Kita", ActorType.KITA, (), "", None, None)], [])
    >>> graph.nodes["a1"]["label"], graph.nodes["a1"]["aktiv_von"]
    ('Kita', '')
    """
    actors, ties = _load(db, quartier_id)
    if fmt == "csv":
        return csv_zip(actors, ties)
    graph = network_graph(actors, ties)
    if fmt == "graphml":
        return graphml(graph)
    if fmt == "gexf":
        return gexf(graph)
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
    reading = Reading(label, _limits())
    whole = reading.place(label)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        reading.fail(whole, ValidationError("errors.file_empty", name=label))
    elif len(data) > MAX_FILE_BYTES:
        reading.fail(whole, too_large(label, len(data), MAX_FILE_MB))
    else:
        _read_any(reading, label, data)
    return reading


def _read_any(reading: Reading, name: str, data: bytes) -> None:
    lower = name.lower()
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if lower.endswith((".xlsx", ".xlsm", ".xls", ".ods")):  # a workbook, not its CSV
        reading.fail(reading.place(name), ValidationError("errors.file_not_text", name=name))
    elif data.startswith(b"PK\x03\x04") or lower.endswith(".zip"):
        read_zip(reading, name, data)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        read_csv(reading, name, data)
    elif lower.endswith((".graphml", ".gexf", ".xml")) or start.startswith(b"<"):
        read_xml(reading, name, data)
    else:
        read_csv(reading, name, data)


__all__ = [
    "ACTOR_FILE",
    "ACTOR_HEADER",
    "FORMATS",
    "MAX_ACTORS",
    "MAX_FILE_BYTES",
    "MAX_FILE_MB",
    "MAX_TIES",
    "REPORT_LIMIT",
    "TIE_FILE",
    "TIE_HEADER",
    "Format",
    "ParsedActor",
    "ParsedNetwork",
    "ParsedTie",
    "Place",
    "Reading",
    "export_filename",
    "export_network",
    "network_graph",
    "read_network_file",
    "read_upload",
]
