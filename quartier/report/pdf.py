"""The report as an A4 PDF (fpdf2): a title page, then the sections with bookmarks,
tables that continue on the next page with their header repeated, charts as images,
and "Seite n von m" at the foot of every page after the title page.

Texts are set in DejaVu Sans like the survey posters; HarfBuzz shaping is switched on
when a text needs it (Arabic or Hebrew titles).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping

from fpdf import FPDF, FontFace
from fpdf.enums import Align, TableBordersLayout, XPos, YPos

from quartier.errors import QuartierError
from quartier.i18n import Translator
from quartier.report.data import ReportData
from quartier.report.outline import Block, Chart, Outline, Section, Table, Text, outline
from quartier.surveys.posters import FAMILY, FONT_BOLD, FONT_REGULAR

MARGIN = 18.0
BODY, SMALL, H2, H1 = 10.0, 8.5, 15.0, 28.0
INK, SOFT, ACCENT, HEAD_FILL = (26, 26, 26), (85, 85, 85), (0, 92, 122), (238, 243, 245)
CHART_RATIO = 420 / 900  # height / width of the chart images
_NEEDS_SHAPING = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


class _Document(FPDF):
    footer_text = ""
    page_label = ""

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FAMILY, "", SMALL)
        self.set_text_color(*SOFT)
        self.cell(0, 5, self.footer_text, align=Align.L)
        self.set_x(self.l_margin)
        self.cell(0, 5, self.page_label.replace("{page}", str(self.page_no())), align=Align.R)


def _texts(doc: Outline) -> Iterable[str]:
    yield from (doc.title, doc.subtitle, *doc.lines)
    for section in doc.sections:
        yield section.heading
        for block in section.blocks:
            if isinstance(block, Table):
                yield from block.headers
                yield from (cell for row in block.rows for cell in row)
            elif isinstance(block, Text):
                yield block.text


def _document(doc: Outline, t: Translator) -> _Document:
    for path in (FONT_REGULAR, FONT_BOLD):
        if not path.is_file():
            raise QuartierError("errors.poster_font_missing", code="font_missing", path=path)
    pdf = _Document(orientation="portrait", unit="mm", format="A4")
    pdf.footer_text = doc.footer
    # fpdf replaces the alias {nb} by the page count when the document is closed.
    pdf.page_label = t("report.page", page="{page}", pages="{nb}")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(f"{doc.title} – {doc.subtitle}")
    pdf.set_lang(t.code)
    pdf.set_creator("Quartier")
    pdf.add_font(FAMILY, "", FONT_REGULAR)
    pdf.add_font(FAMILY, "B", FONT_BOLD)
    if any(_NEEDS_SHAPING.search(text) for text in _texts(doc)):
        pdf.set_text_shaping(True)  # uharfbuzz is a dependency
    return pdf


def _title_page(pdf: _Document, doc: Outline) -> None:
    pdf.add_page()
    pdf.set_y(80)
    pdf.set_text_color(*ACCENT)
    pdf.set_font(FAMILY, "B", H1)
    pdf.multi_cell(0, H1 * 0.5, doc.title, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "", 16)
    pdf.multi_cell(0, 8, doc.subtitle, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.set_text_color(*SOFT)
    pdf.set_font(FAMILY, "", 11)
    for line in doc.lines:
        pdf.multi_cell(0, 6, line, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _room_needed(pdf: _Document, section: Section) -> float:
    """Height (mm) a section's start needs on the page: the heading with its first text
    and, when a chart comes that early, the chart too (else a lone heading is left)."""
    chart_early = any(isinstance(b, Chart) for b in section.blocks[:2])
    return 40 + ((pdf.w - 2 * MARGIN) * CHART_RATIO if chart_early else 0)


def _heading(pdf: _Document, section: Section) -> None:
    if pdf.get_y() + _room_needed(pdf, section) > pdf.h - pdf.b_margin:
        pdf.add_page()
    text = section.heading
    pdf.ln(4)
    pdf.start_section(text)
    pdf.set_text_color(*ACCENT)
    pdf.set_font(FAMILY, "B", H2)
    pdf.multi_cell(0, 8, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(200, 214, 220)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)


def _paragraph(pdf: _Document, block: Text) -> None:
    pdf.set_text_color(*(SOFT if block.note else INK))
    pdf.set_font(FAMILY, "", SMALL if block.note else BODY)
    height = 4.2 if block.note else 5
    pdf.multi_cell(0, height, block.text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _table(pdf: _Document, table: Table) -> None:
    if not table.rows:
        _paragraph(pdf, Text(table.empty, note=True))
        return
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "", 9)
    heading = FontFace(emphasis="BOLD", fill_color=HEAD_FILL)
    align = tuple("RIGHT" if num else "LEFT" for num in table.numeric)
    with pdf.table(
        col_widths=table.widths, text_align=align, headings_style=heading,
        borders_layout=TableBordersLayout.HORIZONTAL_LINES, line_height=5,
        padding=(1, 1.5), repeat_headings=1, first_row_as_headings=True,
    ) as grid:  # fmt: skip
        for row in (table.headers, *table.rows):
            cells = grid.row()
            for cell in row:
                cells.cell(cell)
    pdf.ln(3)


def _chart(pdf: _Document, chart: Chart, images: Mapping[str, bytes], missing: str) -> None:
    width = pdf.w - 2 * MARGIN
    png = images.get(chart.name)
    if png is None:
        pdf.set_draw_color(150, 150, 150)
        pdf.set_text_color(*SOFT)
        pdf.set_font(FAMILY, "", BODY)
        pdf.multi_cell(
            0, 5, missing, border=1, padding=3, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    else:
        height = width * CHART_RATIO
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.image(io.BytesIO(png), x=MARGIN, y=pdf.get_y(), w=width, h=height,
                  alt_text=chart.description)  # fmt: skip
        pdf.set_y(pdf.get_y() + height + 1)
    pdf.set_text_color(*SOFT)
    pdf.set_font(FAMILY, "", SMALL)
    pdf.multi_cell(0, 4.2, chart.description, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _block(pdf: _Document, block: Block, images: Mapping[str, bytes], doc: Outline) -> None:
    if isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Chart):
        _chart(pdf, block, images, doc.chart_missing)
    else:
        _paragraph(pdf, block)


def render_outline_pdf(doc: Outline, images: Mapping[str, bytes], t: Translator) -> bytes:
    pdf = _document(doc, t)
    _title_page(pdf, doc)
    pdf.add_page()
    for section in doc.sections:
        _heading(pdf, section)
        for block in section.blocks:
            _block(pdf, block, images, doc)
    return bytes(pdf.output())


def render_pdf(data: ReportData, images: Mapping[str, bytes], t: Translator) -> bytes:
    """The report as PDF bytes. Raises QuartierError ``errors.poster_font_missing``
    when DejaVu Sans is not installed."""
    return render_outline_pdf(outline(data, t), images, t)
