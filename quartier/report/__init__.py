"""The yearly Sachbericht for the funders (housing company and city): HTML and PDF.

``data`` reads what the report shows (:func:`report_data`), ``images`` draws the charts
with kaleido (:func:`chart_images`), ``outline`` lays the report out as sections,
``html`` and ``pdf`` render it, ``build`` ties it together for the page and the
command line.
"""

from quartier.report.build import (
    FORMATS,
    ReportFiles,
    build_both,
    build_report,
    check_format,
    produce,
    report_filename,
    write_report,
)
from quartier.report.data import ReportData, report_data
from quartier.report.html import render_html
from quartier.report.images import CHARTS, chart_images
from quartier.report.pdf import render_pdf

__all__ = [
    "CHARTS",
    "FORMATS",
    "ReportData",
    "ReportFiles",
    "build_both",
    "build_report",
    "chart_images",
    "check_format",
    "produce",
    "render_html",
    "render_pdf",
    "report_data",
    "report_filename",
    "write_report",
]
