"""Making the report: read, draw the charts once, render PDF and/or HTML.

:func:`build_report` and :func:`build_both` are for the page (permission-checked);
:func:`write_report` is the command line's (which acts with admin rights).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import ValidationError
from quartier.i18n import Translator, translator
from quartier.report.data import ReportData, report_data
from quartier.report.html import render_outline_html
from quartier.report.images import CHARTS, chart_images
from quartier.report.outline import outline
from quartier.report.pdf import render_outline_pdf
from quartier.storage import Database

FORMATS = ("pdf", "html")


@dataclass(frozen=True)
class ReportFiles:
    """A generated report: the requested formats, whether the charts are missing
    (Chromium could not run), and how long it took."""

    data: ReportData
    pdf: bytes | None
    html: bytes | None
    charts_missing: bool
    seconds: float


def check_format(fmt: str) -> str:
    """``fmt`` if it is ``pdf`` or ``html`` (any case, with or without the dot).

    >>> check_format(".PDF")
    'pdf'
    """
    clean = fmt.lower().lstrip(".")
    if clean not in FORMATS:
        raise ValidationError("errors.report_format", field="out", suffix=fmt or "–")
    return clean


def report_filename(data: ReportData, fmt: str) -> str:
    """A file name such as ``sachbericht-musterviertel-2025.pdf``."""
    slug = re.sub(r"[^a-z0-9-]", "", data.quartier.slug) or "quartier"
    return f"sachbericht-{slug}-{data.year}.{check_format(fmt)}"


def produce(
    db: Database,
    quartier_id: int,
    year: int,
    formats: tuple[str, ...] = FORMATS,
    *,
    t: Translator | None = None,
    today: date | None = None,
) -> ReportFiles:
    """Generate the report in ``formats`` (no permission check: callers check)."""
    started = time.perf_counter()
    wanted = {check_format(f) for f in formats}
    t = t or translator("de")
    data = report_data(db, quartier_id, year, today=today)
    images = chart_images(data, t)
    doc = outline(data, t)
    pdf = render_outline_pdf(doc, images, t) if "pdf" in wanted else None
    html = render_outline_html(doc, images, t.code).encode("utf-8") if "html" in wanted else None
    missing = any(name not in images for name in CHARTS)
    return ReportFiles(data, pdf, html, missing, time.perf_counter() - started)


def build_both(
    db: Database, user: User, quartier_id: int, year: int, *, today: date | None = None
) -> ReportFiles:
    """PDF and HTML of the report (charts drawn once); PermissionDenied unless ``user``
    manages the Quartier."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    return produce(db, quartier_id, year, FORMATS, today=today)


def build_report(
    db: Database, user: User, quartier_id: int, year: int, fmt: str, *, today: date | None = None
) -> bytes:
    """The report as ``fmt`` ('pdf' or 'html'); PermissionDenied unless ``user``
    manages the Quartier, ValidationError for another format or a year out of range."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    fmt = check_format(fmt)
    files = produce(db, quartier_id, year, (fmt,), today=today)
    content = files.pdf if fmt == "pdf" else files.html
    assert content is not None  # produced above
    return content


def write_report(
    db: Database,
    quartier_id: int,
    year: int,
    out: Path,
    *,
    today: date | None = None,
    on_done: Callable[[ReportFiles], None] | None = None,
) -> Path:
    """Write the report to ``out``, its format from the suffix (.pdf or .html, else
    ValidationError, before anything is read). ``on_done`` is told about the result
    (the command line reports missing charts and the time). Raises ValidationError
    ``errors.cannot_write`` when the file cannot be written."""
    fmt = check_format(out.suffix)
    if not out.parent.is_dir():
        raise ValidationError("errors.cannot_write", field="out", path=str(out))
    files = produce(db, quartier_id, year, (fmt,), today=today)
    content = files.pdf if fmt == "pdf" else files.html
    assert content is not None
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise ValidationError("errors.cannot_write", field="out", path=str(out)) from exc
    if on_done is not None:
        on_done(files)
    return out
