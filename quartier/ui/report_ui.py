"""The report page's parts: year choice, the explicit "Bericht erstellen" step with its
downloads and preview, and the open-data exports.

Generating takes seconds (Chromium draws the charts), so it runs only on the button;
the finished files stay in the session for the chosen Quartier and year.
"""

from __future__ import annotations

import base64

import streamlit as st

from quartier.errors import QuartierError
from quartier.i18n import berlin_today
from quartier.open_data import export_filename, export_parquet_zip, export_xlsx
from quartier.quartiers import Quartier
from quartier.report import ReportFiles, build_both, report_filename
from quartier.report.data import FIRST_YEAR
from quartier.ui.components import show_error
from quartier.ui.router import PageContext

YEARS_OFFERED = 6
PREVIEW_HEIGHT = 720


def _key(quartier: Quartier, year: int) -> str:
    return f"report_files_{quartier.id}_{year}"


def choose_year(ctx: PageContext, quartier: Quartier) -> int:
    """This year and the years before; the last finished year is preselected."""
    this_year = berlin_today().year
    years = [y for y in range(this_year, this_year - YEARS_OFFERED, -1) if y >= FIRST_YEAR]
    return int(st.selectbox(ctx.t("report.year"), years, index=min(1, len(years) - 1),
                            key=f"report_year_{quartier.id}"))  # fmt: skip


def generate(ctx: PageContext, quartier: Quartier, year: int) -> ReportFiles | None:
    """The button; on click the report is made (with a spinner) and kept in the session."""
    t = ctx.t
    key = _key(quartier, year)
    if st.button(t("report.generate"), type="primary", icon=":material/description:",
                 key="report_generate"):  # fmt: skip
        with st.spinner(t("report.generating")):
            try:
                st.session_state[key] = build_both(ctx.db, ctx.user, quartier.id, year)
            except QuartierError as exc:
                show_error(t, exc)
                return None
    files = st.session_state.get(key)
    return files if isinstance(files, ReportFiles) else None


def show_report(ctx: PageContext, files: ReportFiles) -> None:
    """Downloads (PDF, HTML), the note on missing charts, and the HTML preview."""
    t = ctx.t
    seconds = t.number(round(files.seconds, 1))
    st.success(t("report.done", year=files.data.year, seconds=seconds),
               icon=":material/check_circle:")  # fmt: skip
    if files.charts_missing:
        st.warning(t("report.no_charts"), icon=":material/warning:")
    row = st.container(horizontal=True, gap="small")
    if files.pdf is not None:
        row.download_button(
            t("report.download_pdf"), files.pdf, file_name=report_filename(files.data, "pdf"),
            mime="application/pdf", key="report_download_pdf", on_click="ignore",
            icon=":material/picture_as_pdf:",
        )  # fmt: skip
    if files.html is not None:
        row.download_button(
            t("report.download_html"), files.html,
            file_name=report_filename(files.data, "html"), mime="text/html",
            key="report_download_html", on_click="ignore", icon=":material/html:",
        )  # fmt: skip
        with st.expander(t("report.preview")):
            # A data: URL gives the preview an origin of its own (no access to the app);
            # every user text in it is escaped anyway (quartier.report.html).
            src = "data:text/html;base64," + base64.b64encode(files.html).decode("ascii")
            st.iframe(src, height=PREVIEW_HEIGHT)


def exports(ctx: PageContext, quartier: Quartier) -> None:
    """The open-data downloads; the files are made when a button is clicked."""
    t = ctx.t
    st.subheader(t("report.exports"))
    st.caption(t("report.exports_help"))
    today = berlin_today()
    db, user = ctx.db, ctx.user
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        t("report.download_xlsx"), lambda: export_xlsx(db, user, quartier.id),
        file_name=export_filename(quartier.slug, "xlsx", today),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="report_export_xlsx", on_click="ignore", icon=":material/table_view:",
    )  # fmt: skip
    row.download_button(
        t("report.download_parquet"), lambda: export_parquet_zip(db, user, quartier.id),
        file_name=export_filename(quartier.slug, "parquet", today), mime="application/zip",
        key="report_export_parquet", on_click="ignore", icon=":material/folder_zip:",
    )  # fmt: skip
