"""The report as one self-contained HTML file: styles inline, charts as base64 PNG,
every text escaped (titles and places are user text), a print stylesheet for A4."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from html import escape

from quartier.i18n import Translator
from quartier.report.data import ReportData
from quartier.report.outline import Block, Chart, Outline, Table, outline

_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1a1a1a;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
header.title { border-bottom: 3px solid #005c7a; margin-bottom: 2rem; padding-bottom: 1rem; }
h1 { font-size: 2rem; margin: 0 0 .25rem; color: #005c7a; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; color: #005c7a;
     border-bottom: 1px solid #c8d6dc; padding-bottom: .2rem; }
.subtitle { font-size: 1.2rem; margin: 0 0 .5rem; }
.meta { color: #555; margin: .1rem 0; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border-bottom: 1px solid #d9d9d9; padding: .3rem .45rem; text-align: left;
         vertical-align: top; }
th { background: #eef3f5; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: .8rem 0 1.2rem; }
figure img { width: 100%; height: auto; border: 1px solid #e3e3e3; }
figcaption, .note { color: #555; font-size: .88rem; }
.missing { border: 1px dashed #999; padding: .8rem; color: #555; background: #fafafa; }
.wide { overflow-x: auto; }
@media (max-width: 40rem) {
  body { margin: 1rem auto; padding: 0 .6rem; }
  h1 { font-size: 1.6rem; }
  h2 { font-size: 1.15rem; }
  table { font-size: .8rem; }
  th, td { padding: .25rem .3rem; }
}
@media print {
  @page { size: A4; margin: 16mm 14mm 18mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  header.title { break-after: page; border: none; }
  figure, tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _table(table: Table) -> str:
    if not table.rows:
        return f'<p class="note">{escape(table.empty)}</p>'
    head = "".join(
        f'<th scope="col"{" class=num" if num else ""}>{escape(h)}</th>'
        for h, num in zip(table.headers, table.numeric, strict=True)
    )
    body = "".join(
        "<tr>" + "".join(
            f'<td{" class=num" if num else ""}>{escape(cell)}</td>'
            for cell, num in zip(row, table.numeric, strict=True)
        ) + "</tr>"
        for row in table.rows
    )  # fmt: skip
    table_html = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="wide">{table_html}</div>'


def _chart(chart: Chart, images: Mapping[str, bytes], missing: str) -> str:
    png = images.get(chart.name)
    caption = f"<figcaption>{escape(chart.description)}</figcaption>"
    if png is None:
        return f'<figure><p class="missing">{escape(missing)}</p>{caption}</figure>'
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return f'<figure><img src="{src}" alt="{escape(chart.description)}">{caption}</figure>'


def _block(block: Block, images: Mapping[str, bytes], doc: Outline) -> str:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        return _chart(block, images, doc.chart_missing)
    css = ' class="note"' if block.note else ""
    return f"<p{css}>{escape(block.text)}</p>"


def render_outline_html(doc: Outline, images: Mapping[str, bytes], language: str = "de") -> str:
    sections = "".join(
        f"<section><h2>{escape(s.heading)}</h2>"
        + "".join(_block(b, images, doc) for b in s.blocks)
        + "</section>"
        for s in doc.sections
    )
    meta = "".join(f'<p class="meta">{escape(line)}</p>' for line in doc.lines)
    return (
        f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(doc.title)} – {escape(doc.subtitle)}</title><style>{_CSS}</style>"
        f'</head><body><header class="title"><h1>{escape(doc.title)}</h1>'
        f'<p class="subtitle">{escape(doc.subtitle)}</p>{meta}</header>'
        f'<main>{sections}</main><footer class="note"><p>{escape(doc.footer)}</p></footer>'
        "</body></html>\n"
    )


def render_html(data: ReportData, images: Mapping[str, bytes], t: Translator) -> str:
    """The report as a self-contained HTML page (no external resources)."""
    return render_outline_html(outline(data, t), images, t.code)


__all__ = ["render_html", "render_outline_html"]
