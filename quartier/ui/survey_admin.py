"""The sections of the "Umfragen" page: the list, creating and importing, events and
the kiosk PIN, opening and closing, sharing (link, QR code, poster, kiosk) and exports."""

from __future__ import annotations

from datetime import UTC, datetime, time
from urllib.parse import urlencode

import streamlit as st

from quartier import config
from quartier.errors import QuartierError
from quartier.events import Event, create_event
from quartier.i18n import DISPLAY_TZ, LANGUAGES
from quartier.quartiers import Quartier
from quartier.surveys.editing import new_definition
from quartier.surveys.exports import ExportFormat, export_filename
from quartier.surveys.kiosk import set_kiosk_pin
from quartier.surveys.posters import poster_pdf, qr_png, survey_url
from quartier.surveys.store import (
    Survey,
    close_survey,
    create_survey,
    export_xlsform,
    import_xlsform,
    open_survey,
)
from quartier.ui.components import flash_and_rerun, plain, show_error
from quartier.ui.router import PageContext
from quartier.ui.survey_pages import export_bytes, show_survey, survey_label


def survey_table(ctx: PageContext, surveys: list[Survey]) -> None:
    t = ctx.t
    st.dataframe(
        [
            {
                t("surveys.col_id"): s.id,
                t("field.title"): s.title(t.code),
                t("surveys.col_status"): t(f"survey.status.{s.status}"),
                t("surveys.col_version"): s.version,
                t("surveys.col_responses"): s.responses,
            }
            for s in surveys
        ],
        hide_index=True,
    )


def manage_tabs(
    ctx: PageContext, quartier: Quartier, events: list[Event], *, expanded: bool, pin_set: bool
) -> None:
    """New survey, XLSForm import, events, kiosk PIN — folded away once there are surveys."""
    t = ctx.t
    manage = st.expander(t("surveys.manage"), expanded=expanded, icon=":material/add:")
    new_tab, import_tab, events_tab, kiosk_tab = manage.tabs(
        [t("surveys.new"), t("surveys.import"), t("surveys.events"), t("surveys.kiosk_pin")]
    )
    with new_tab:
        _new_survey(ctx, quartier)
    with import_tab:
        _import(ctx, quartier)
    with events_tab:
        _events(ctx, quartier, events)
    with kiosk_tab:
        _kiosk_pin(ctx, quartier, pin_set)


def _new_survey(ctx: PageContext, quartier: Quartier) -> None:
    t = ctx.t
    with st.form("new_survey", clear_on_submit=True):
        title = st.text_input(t("surveys.new_title"), max_chars=200)
        first = st.text_input(t("surveys.new_first_question"), max_chars=500)
        if st.form_submit_button(t("surveys.create"), type="primary"):
            try:
                created = create_survey(ctx.db, ctx.user, quartier.id, new_definition(title, first))
            except QuartierError as exc:
                show_error(t, exc)
            else:
                show_survey(created.id)
                flash_and_rerun(t("surveys.created", title=plain(created.title(t.code))))


def _import(ctx: PageContext, quartier: Quartier) -> None:
    t = ctx.t
    st.caption(t("surveys.import_help"))
    upload = st.file_uploader(t("surveys.import_file"), type=["xlsx"], key="xlsform_upload")
    if upload is not None and st.button(t("surveys.import_submit"), type="primary"):
        try:
            imported = import_xlsform(ctx.db, ctx.user, quartier.id, upload.getvalue())
        except QuartierError as exc:
            show_error(t, exc)
        else:
            show_survey(imported.id)
            flash_and_rerun(
                t("surveys.imported", title=plain(imported.title(t.code)),
                  skipped=len(imported.skipped))
            )  # fmt: skip


def _events(ctx: PageContext, quartier: Quartier, events: list[Event]) -> None:
    t = ctx.t
    with st.form("new_event", clear_on_submit=True):
        title = st.text_input(t("field.title"), max_chars=120)
        day = st.date_input(t("surveys.event_day"), format="DD.MM.YYYY")
        place = st.text_input(t("field.place"), max_chars=120)
        if st.form_submit_button(t("surveys.event_create")):
            try:
                create_event(ctx.db, ctx.user, quartier.id, title, day, place)
            except QuartierError as exc:
                show_error(t, exc)
            else:
                flash_and_rerun(t("surveys.event_created", title=plain(title.strip())))
    if events:
        st.dataframe(
            [
                {"ID": e.id, t("field.title"): e.title, t("surveys.event_day"): t.date(e.starts_on),
                 t("field.place"): e.place}
                for e in events
            ],
            hide_index=True,
        )  # fmt: skip


def _kiosk_pin(ctx: PageContext, quartier: Quartier, pin_set: bool) -> None:
    t = ctx.t
    st.caption(t("surveys.kiosk_pin_help"))
    if pin_set:
        st.success(t("surveys.kiosk_pin_set"), icon=":material/lock:")
    with st.form("kiosk_pin", clear_on_submit=True):
        pin = st.text_input(t("surveys.kiosk_pin_new"), type="password", max_chars=8)
        if st.form_submit_button(t("common.save")):
            try:
                set_kiosk_pin(ctx.db, ctx.user, quartier.id, pin)
            except QuartierError as exc:
                show_error(t, exc)
            else:
                flash_and_rerun(t("surveys.kiosk_pin_saved"))


def survey_state(ctx: PageContext, survey: Survey) -> None:
    """Title, status line and the rows of an import residents will not see."""
    t = ctx.t
    st.subheader(plain(survey_label(survey, t.code)))
    st.write(
        t("surveys.state", status=t(f"survey.status.{survey.status}"), version=survey.version,
          responses=survey.responses)
    )  # fmt: skip
    if survey.skipped:
        st.warning(t("surveys.skipped_intro", count=len(survey.skipped)), icon=":material/warning:")
        st.dataframe(
            [
                {t("surveys.col_sheet"): i["sheet"], t("surveys.col_row"): i["row"],
                 t("field.name"): i["name"], t("surveys.col_type"): i["type"],
                 t("surveys.col_reason"): t(i["reason_key"])}
                for i in survey.skipped
            ],
            hide_index=True,
        )  # fmt: skip


def status_controls(ctx: PageContext, survey: Survey) -> None:
    """Open (optionally until a day) or close, and links to the survey's other pages."""
    t = ctx.t
    left, right = st.columns(2)
    if survey.status != "open":
        with left.form(f"open_{survey.id}"):
            until = st.date_input(t("surveys.open_until"), value=None, format="DD.MM.YYYY")
            if st.form_submit_button(t("surveys.open"), type="primary"):
                closes = (
                    datetime.combine(until, time(23, 59), DISPLAY_TZ).astimezone(UTC)
                    if until
                    else None
                )
                try:
                    open_survey(ctx.db, ctx.user, survey.id, None, closes)
                except QuartierError as exc:
                    show_error(t, exc)
                else:
                    flash_and_rerun(t("surveys.opened"))
    else:
        if survey.closes_at:
            left.caption(t("surveys.open_until_value", when=t.datetime(survey.closes_at)))
        if left.button(t("surveys.close"), icon=":material/stop_circle:"):
            close_survey(ctx.db, ctx.user, survey.id)
            flash_and_rerun(t("surveys.closed"))
    link = {"survey": str(survey.id)}
    right.page_link("pages/survey_builder.py", label=t("nav.survey_builder"),
                    icon=":material/edit:", query_params=link)  # fmt: skip
    right.page_link("pages/survey_results.py", label=t("nav.survey_results"),
                    icon=":material/bar_chart:", query_params=link)  # fmt: skip
    right.page_link("pages/paper_entry.py", label=t("nav.paper_entry"),
                    icon=":material/keyboard:", query_params=link)  # fmt: skip


def _languages(survey: Survey) -> list[str]:
    return [c for c in survey.definition.languages if c in LANGUAGES]


def share_section(
    ctx: PageContext, quartier: Quartier, survey: Survey, events: list[Event], *, pin_set: bool
) -> None:
    """The resident link per language and event, its QR code, the A4 poster and the kiosk."""
    t = ctx.t
    st.subheader(t("surveys.share"))
    titles = {e.id: e.title for e in events}
    c1, c2 = st.columns(2)
    lang = c1.selectbox(t("surveys.language"), _languages(survey),
                        format_func=lambda c: LANGUAGES[c].native_name)  # fmt: skip
    event_id = c2.selectbox(t("surveys.event"), [None, *titles],
                            format_func=lambda e: t("surveys.no_event") if e is None
                            else titles[e])  # fmt: skip
    qr_link = survey_url(config.get("QUARTIER_PUBLIC_URL"), survey.id, lang, event_id, "qr")
    st.code(qr_link, language=None)
    if survey.status != "open":
        st.caption(t("surveys.not_open_hint"))
    png = qr_png(qr_link, scale=8)
    q1, q2 = st.columns([1, 2])
    q1.image(png, width=220)
    stem = f"umfrage-{survey.id}-{lang}" + (f"-veranstaltung-{event_id}" if event_id else "")
    q2.download_button(t("surveys.download_qr"), png, f"{stem}-qr.png", "image/png",
                       icon=":material/qr_code:")  # fmt: skip

    def poster() -> bytes:
        """Built when clicked (takes most of a second)."""
        return poster_pdf(
            title=survey.title(lang), url=qr_link, language=lang, quartier_name=quartier.name,
            event_title=titles.get(event_id) if event_id else None,
        )  # fmt: skip

    q2.download_button(t("surveys.download_poster"), poster, f"{stem}-plakat.pdf",
                       "application/pdf", icon=":material/picture_as_pdf:")  # fmt: skip
    kiosk = {"survey": survey.id, **({"event": event_id} if event_id else {}), "kiosk": 1}
    q2.link_button(t("surveys.start_kiosk"), f"/umfrage?{urlencode(kiosk)}",
                   icon=":material/tablet:")  # fmt: skip
    if not pin_set:
        q2.caption(t("surveys.kiosk_needs_pin"))


def export_section(ctx: PageContext, survey: Survey) -> None:
    """The questionnaire as XLSForm or the responses as CSV/XLSX/Parquet, built on click."""
    t = ctx.t
    st.subheader(t("surveys.export"))
    e1, e2 = st.columns(2)
    fmt = e1.selectbox(t("surveys.export_format"), ["xlsform", *[f.value for f in ExportFormat]],
                       format_func=lambda f: t(f"surveys.format.{f}"))  # fmt: skip
    label_lang = e2.selectbox(t("surveys.export_language"), _languages(survey),
                              format_func=lambda c: LANGUAGES[c].native_name)  # fmt: skip
    if fmt == "xlsform":
        name = export_filename(survey, ExportFormat.XLSX).replace(".xlsx", "-xlsform.xlsx")
        st.download_button(t("surveys.download"),
                           lambda: export_xlsform(ctx.db, ctx.user, survey.id),
                           name, icon=":material/download:")  # fmt: skip
        return
    chosen = ExportFormat(fmt)
    st.download_button(t("surveys.download"),
                       lambda: export_bytes(ctx.db, survey.id, chosen, label_lang),
                       export_filename(survey, chosen), icon=":material/download:")  # fmt: skip
