"""The network as CSV: two tables in a ZIP out, a ZIP or a single CSV in.

:func:`csv_zip` writes a ZIP with ``akteure.csv`` and ``beziehungen.csv``: UTF-8 with
BOM and ``;`` between cells, so that German Excel opens them by double-click; types and
fields of action as German labels, several fields of action joined by ``|``, dates as ISO
(``2021-03-01``), text that a spreadsheet would run as a formula neutralised with a
leading ``'`` (removed again on import). Columns (:data:`ACTOR_HEADER`,
:data:`TIE_HEADER`):

- akteure.csv: name; typ; handlungsfelder; kontakt_rolle; aktiv_von; aktiv_bis; notizen
- beziehungen.csv: von; an; art; staerke; beginn; ende; notizen  (von/an: actor names)

The reader (:func:`read_zip`, :func:`read_csv`) also takes a single CSV (actors or ties,
told apart by the header), the internal column names (``actor_type``, ``source`` …) and a
few synonyms, UTF-8 with or without BOM or Windows-1252/Latin-1 (Excel), ``;``, ``,`` or
tab separators, values as internal codes or German labels in any case, dates as ISO or
dd.mm.yyyy. A column ``id`` is ignored; any other unknown column is a problem (its data
would otherwise be lost without notice). Rows are numbered as a spreadsheet shows them:
the header is row 1. Each file inside a ZIP is held to the upload's size limit, each
table to its number of actors or ties (:class:`~quartier.network.file_rows.Limits`).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence

from quartier.errors import QuartierError, ValidationError
from quartier.i18n import translator
from quartier.network.file_rows import Reading, add_row, iso, too_large, too_many
from quartier.network.model import Actor, Tie
from quartier.network.rows import ACTOR_KEYS, TIE_KEYS, is_blank
from quartier.surveys.exports import neutralise

ACTOR_FILE = "akteure.csv"
TIE_FILE = "beziehungen.csv"
#: The German column headers, in the order of :data:`~quartier.network.rows.ACTOR_KEYS`.
ACTOR_HEADER = ("name", "typ", "handlungsfelder", "kontakt_rolle", "aktiv_von", "aktiv_bis",
                "notizen")  # fmt: skip
#: The German column headers, in the order of :data:`~quartier.network.rows.TIE_KEYS`.
TIE_HEADER = ("von", "an", "art", "staerke", "beginn", "ende", "notizen")

_DE = translator("de")

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


# --- writing --------------------------------------------------------------------------------


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def csv_zip(actors: Sequence[Actor], ties: Sequence[Tie]) -> bytes:
    """The ZIP with :data:`ACTOR_FILE` and :data:`TIE_FILE` (see the module doc)."""
    names = {a.id: a.name for a in actors}
    actor_rows = [
        (a.name, _DE(f"actor_type.{a.actor_type.value}"),
         "|".join(_DE(f"field_of_action.{f.value}") for f in a.fields_of_action),
         a.contact_role, iso(a.active_from), iso(a.active_to), a.notes)
        for a in actors
    ]  # fmt: skip
    tie_rows = [
        (names[t.source_id], names[t.target_id], _DE(f"tie_type.{t.tie_type.value}"),
         t.strength, iso(t.starts_on), iso(t.ends_on), t.notes)
        for t in ties
    ]  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ACTOR_FILE, _csv(ACTOR_HEADER, actor_rows))
        archive.writestr(TIE_FILE, _csv(TIE_HEADER, tie_rows))
    return buffer.getvalue()


# --- reading --------------------------------------------------------------------------------


def read_zip(reading: Reading, name: str, data: bytes) -> None:
    """Read the CSV files in a ZIP, actors first; each table at most once."""
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
                    content = handle.read(reading.limits.file_bytes + 1)
                if len(content) > reading.limits.file_bytes:
                    too_big = too_large(member, len(content), reading.limits.file_mb)
                    reading.fail(reading.place(member), too_big)
                    continue
                kind = read_csv(reading, member, content)
                if kind is None:
                    continue
                if kind in kinds:
                    reading.fail(reading.place(member), ValidationError(
                        "errors.zip_same_table_twice", name=member, other=kinds[kind]))  # fmt: skip
                kinds.setdefault(kind, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        reading.fail(whole, ValidationError("errors.zip_invalid", name=name, detail=str(exc)))


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


def read_csv(reading: Reading, name: str, data: bytes) -> str | None:
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
    limit = reading.limits.actors if kind == "actors" else reading.limits.ties
    count = 0
    for row, cells in enumerate(records, start=2):
        if all(is_blank(c) for c in cells):
            continue
        count += 1
        if count > limit:
            reading.fail(reading.place(name), too_many(kind, limit))
            return
        place = reading.place(name, row)
        if any(not is_blank(c) for c in cells[len(columns) :]):
            reading.fail(place, ValidationError(
                "errors.csv_row_too_long", cells=len(cells), columns=len(columns)))  # fmt: skip
            continue
        values: dict[str, object] = {
            c: _unneutralise(v.strip()) for c, v in zip(columns, cells, strict=False) if c
        }
        add_row(reading, kind, place, values, given)
