"""Invitations to a survey: its link, a QR code and an A4 poster to print.

The link carries the survey, the language, optionally the event it is shown at and
the channel (``via=qr``), so a response from a poster counts for that event. The
poster is one A4 page in the chosen language: title, event and Quartier, a QR code
of at least 11 cm, a call to action and the link as text. Texts are set in DejaVu Sans
(Debian ``fonts-dejavu-core``); Arabic is shaped and laid out right to left with
HarfBuzz (the ``uharfbuzz`` package).
"""

from __future__ import annotations

import importlib.util
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import segno
from fpdf import FPDF
from fpdf.enums import PathPaintRule, WrapMode

from quartier.errors import QuartierError
from quartier.i18n import translator

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FAMILY = "DejaVuSans"

PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0  # A4 portrait, mm
MARGIN = 18.0
QR_SIZE = 110.0  # the code itself in mm, without its quiet zone of 4 modules
QR_BORDER = 4
GAP = 6.0
LINE_FACTOR = 1.25
PT = 25.4 / 72  # one point in mm
INK, SOFT, ACCENT = (26, 26, 26), (85, 85, 85), (0, 92, 122)

#: Scripts that cannot be set without shaping (joined letters, right to left).
_NEEDS_SHAPING = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class _Style:
    """How one block of text is set: sizes to try (largest first) and lines allowed."""

    sizes: tuple[float, ...]
    max_lines: int
    bold: bool = False
    color: tuple[int, int, int] = INK
    wrap: WrapMode = WrapMode.WORD


@dataclass(frozen=True)
class _Block:
    text: str
    style: _Style
    size: float

    @property
    def line_height(self) -> float:
        return self.size * PT * LINE_FACTOR


QUARTIER = _Style(sizes=(15, 13, 11), max_lines=1, color=SOFT)
TITLE = _Style(sizes=(36, 32, 28, 25, 22, 20, 18), max_lines=3, bold=True)
EVENT = _Style(sizes=(20, 18, 16, 14), max_lines=2, color=ACCENT)
CALL = _Style(sizes=(26, 24, 22, 20, 18), max_lines=2, bold=True)
ANONYMOUS = _Style(sizes=(16, 14, 12), max_lines=2, color=SOFT)
LINK = _Style(sizes=(12, 11, 10, 9), max_lines=3, color=SOFT, wrap=WrapMode.CHAR)


def survey_url(
    base_url: str, survey_id: int, language: str, event_id: int | None, channel: str = "qr"
) -> str:
    """The resident link to a survey.

    >>> survey_url("https://quartier.example/", 4, "tr", 9)
    'https://quartier.example/umfrage?survey=4&lang=tr&event=9&via=qr'
    >>> survey_url("https://quartier.example", 4, "de", None, "online")
    'https://quartier.example/umfrage?survey=4&lang=de&via=online'
    """
    params: dict[str, str | int] = {"survey": survey_id, "lang": language}
    if event_id is not None:
        params["event"] = event_id
    params["via"] = channel
    return f"{base_url.rstrip('/')}/umfrage?{urlencode(params)}"


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False, boost_error=False)


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A PNG of the QR code for ``url`` (error correction M, quiet zone of 4 modules).

    Raises segno's DataOverflowError for a text too long for any QR code.
    """
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=QR_BORDER)
    return buffer.getvalue()


def poster_pdf(
    *, title: str, url: str, language: str, quartier_name: str, event_title: str | None
) -> bytes:
    """One A4 page inviting residents to a survey, in ``language``; the PDF's bytes.

    Long texts get smaller and, at the smallest size, are cut with "…". Raises
    QuartierError ``errors.poster_font_missing`` when DejaVu Sans is not installed and
    ``errors.poster_shaping_missing`` for Arabic (or Hebrew) text without uharfbuzz,
    and segno's DataOverflowError for a link too long for a QR code.
    """
    t = translator(language)
    call, anonymous = t("poster.call_to_action"), t("poster.anonymous")
    pdf = _document(title, language, [title, quartier_name, event_title or "", call, anonymous])
    width = PAGE_WIDTH - 2 * MARGIN
    top = [_fit(pdf, quartier_name, QUARTIER, width), _fit(pdf, title, TITLE, width)]
    if event_title:
        top.append(_fit(pdf, event_title, EVENT, width))
    bottom = [
        _fit(pdf, call, CALL, width),
        _fit(pdf, anonymous, ANONYMOUS, width),
        _fit(pdf, url, LINK, width),
    ]
    y = _draw_blocks(pdf, top, MARGIN, width)
    bottom_height = sum(_gap(i, b) + _height(pdf, b, width) for i, b in enumerate(bottom))
    bottom_top = PAGE_HEIGHT - MARGIN - bottom_height
    _draw_qr(pdf, url, top=y + GAP, bottom=bottom_top - GAP)
    _draw_blocks(pdf, bottom, bottom_top, width)
    return bytes(pdf.output())


def _document(title: str, language: str, texts: list[str]) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("Quartier")
    for path in (FONT_REGULAR, FONT_BOLD):
        if not path.is_file():
            raise QuartierError("errors.poster_font_missing", code="font_missing", path=path)
    pdf.add_font(FAMILY, "", FONT_REGULAR)
    pdf.add_font(FAMILY, "B", FONT_BOLD)
    _enable_shaping(pdf, texts)
    pdf.add_page()
    return pdf


def _harfbuzz_available() -> bool:
    return importlib.util.find_spec("uharfbuzz") is not None


def _enable_shaping(pdf: FPDF, texts: list[str]) -> None:
    """Shape text with HarfBuzz when it is installed; it is required for Arabic."""
    if _harfbuzz_available():
        pdf.set_text_shaping(True)
    elif any(_NEEDS_SHAPING.search(text) for text in texts):
        raise QuartierError("errors.poster_shaping_missing", code="shaping_missing")


def _use(pdf: FPDF, style: _Style, size: float) -> None:
    pdf.set_font(FAMILY, "B" if style.bold else "", size)
    pdf.set_text_color(*style.color)


def _lines(pdf: FPDF, text: str, style: _Style, size: float, width: float) -> int:
    _use(pdf, style, size)
    lines = pdf.multi_cell(
        width, size * PT * LINE_FACTOR, text, align="C", wrapmode=style.wrap,
        dry_run=True, output="LINES",
    )  # fmt: skip
    return len(lines) if isinstance(lines, list) else 1


def _fit(pdf: FPDF, text: str, style: _Style, width: float) -> _Block:
    """The largest size at which ``text`` fits its lines, else the smallest, cut short."""
    text = " ".join(text.split())
    for size in style.sizes:
        if _lines(pdf, text, style, size, width) <= style.max_lines:
            return _Block(text, style, size)
    smallest = style.sizes[-1]
    return _Block(_cut(pdf, text, style, smallest, width), style, smallest)


def _cut(pdf: FPDF, text: str, style: _Style, size: float, width: float) -> str:
    """The longest start of ``text`` (at a word's end where possible) that fits with "…"."""
    fits, longer = 0, len(text)  # text[:fits] fits; text[:longer + 1] does not
    while fits < longer:
        middle = (fits + longer + 1) // 2
        if _lines(pdf, text[:middle].rstrip() + " …", style, size, width) <= style.max_lines:
            fits = middle
        else:
            longer = middle - 1
    start = text[:fits]
    if " " in start.strip() and text[fits : fits + 1] not in ("", " "):
        start = start.rstrip().rsplit(" ", 1)[0]
    return start.rstrip() + " …"


def _height(pdf: FPDF, block: _Block, width: float) -> float:
    return _lines(pdf, block.text, block.style, block.size, width) * block.line_height


def _gap(index: int, block: _Block) -> float:
    """Space above a block: none for the first, more above the call to action."""
    if not index:
        return 0.0
    return GAP if block.style is CALL else GAP / 2


def _draw_blocks(pdf: FPDF, blocks: list[_Block], y: float, width: float) -> float:
    """Draw the blocks centred one below the other from ``y``; returns the y below."""
    for index, block in enumerate(blocks):
        y += _gap(index, block)
        _use(pdf, block.style, block.size)
        pdf.set_xy(MARGIN, y)
        pdf.multi_cell(width, block.line_height, block.text, align="C", wrapmode=block.style.wrap)
        y = pdf.get_y()
    return y


def _draw_qr(pdf: FPDF, url: str, *, top: float, bottom: float) -> None:
    """The code as one vector path of dark modules, centred between ``top`` and ``bottom``."""
    code = _qr(url)
    modules = len(code.matrix)
    module = QR_SIZE / modules
    x0 = (PAGE_WIDTH - QR_SIZE) / 2
    y0 = max(top + QR_BORDER * module, (top + bottom - QR_SIZE) / 2)
    with pdf.new_path(paint_rule=PathPaintRule.FILL_NONZERO) as path:
        path.style.fill_color = "#000000"
        for row, bits in enumerate(code.matrix):
            for start, length in _dark_runs(bits):
                path.rectangle(x0 + start * module, y0 + row * module, length * module, module)


def _dark_runs(bits: bytearray | bytes) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in one row.

    >>> _dark_runs(bytes([1, 1, 0, 1, 0, 0, 1]))
    [(0, 2), (3, 1), (6, 1)]
    """
    runs: list[tuple[int, int]] = []
    for index, bit in enumerate(bits):
        if not bit:
            continue
        if runs and runs[-1][0] + runs[-1][1] == index:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((index, 1))
    return runs


__all__ = ["poster_pdf", "qr_png", "survey_url"]
