"""Shared pieces of the coordinators' survey pages: which Quartier, which survey."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from quartier.auth import Action, can
from quartier.errors import NotFoundError
from quartier.quartiers import Quartier, list_quartiers
from quartier.storage import Database
from quartier.surveys.exports import ExportFormat, export_responses
from quartier.surveys.store import Survey, get_survey, list_surveys
from quartier.ui.components import plain
from quartier.ui.router import PageContext

SURVEY_PARAM = "survey"


def managed_quartiers(ctx: PageContext) -> list[Quartier]:
    """The Quartiere whose surveys this user manages."""
    return [q for q in list_quartiers(ctx.db) if can(ctx.user, Action.MANAGE_QUARTIER_CONTENT, q)]


def choose_quartier(ctx: PageContext, key: str = "survey_quartier") -> Quartier:
    """A Quartier picker (only when there is a choice); stops the page when there is none."""
    quartiers = managed_quartiers(ctx)
    t = ctx.t
    if not quartiers:
        st.info(t("surveys.no_quartier"), icon=":material/info:")
        st.stop()
    if len(quartiers) == 1:
        return quartiers[0]
    by_id = {q.id: q for q in quartiers}
    if key not in st.session_state:  # a link ?survey=ID opens that survey's Quartier
        linked = _linked_quartier(ctx)
        if linked in by_id:
            st.session_state[key] = linked
    chosen = st.selectbox(
        t("start.choose_quartier"), list(by_id), format_func=lambda i: by_id[i].name, key=key
    )
    return by_id[int(chosen)]


def _linked_quartier(ctx: PageContext) -> int | None:
    requested = str(st.query_params.get(SURVEY_PARAM, ""))
    if not (requested.isascii() and requested.isdigit()):
        return None
    try:
        return get_survey(ctx.db, int(requested)).quartier_id
    except NotFoundError:
        return None


def survey_label(survey: Survey, lang: str) -> str:
    return f"{survey.id} · {survey.title(lang)}"


def choose_survey(ctx: PageContext, quartier: Quartier, key: str = "survey_pick") -> Survey:
    """A survey picker that follows ``?survey=ID`` (links between the survey pages keep
    the survey); stops the page when the Quartier has none."""
    t = ctx.t
    surveys = list_surveys(ctx.db, quartier.id)
    if not surveys:
        st.info(t("surveys.none"), icon=":material/info:")
        st.stop()
    by_id = {s.id: s for s in surveys}
    requested = str(st.query_params.get(SURVEY_PARAM, ""))
    wanted = int(requested) if requested.isascii() and requested.isdigit() else None
    if key not in st.session_state and wanted in by_id:
        st.session_state[key] = wanted
    if st.session_state.get(key) not in by_id:
        st.session_state.pop(key, None)
    chosen = st.selectbox(
        t("surveys.choose"),
        list(by_id),
        format_func=lambda i: plain(survey_label(by_id[i], t.code)),
        key=key,
    )
    st.query_params[SURVEY_PARAM] = str(chosen)
    return by_id[int(chosen)]


def show_survey(survey_id: int, key: str = "survey_pick") -> None:
    """Make ``choose_survey`` pick ``survey_id`` on the next run (after creating or
    importing one): the URL names it, and the picker forgets its previous choice."""
    st.query_params[SURVEY_PARAM] = str(survey_id)
    st.session_state.pop(key, None)


def export_bytes(db: Database, survey_id: int, fmt: ExportFormat, language: str) -> bytes:
    """The responses export as bytes (written to a temporary file first)."""
    with tempfile.TemporaryDirectory(prefix="quartier-export-") as folder:
        path = Path(folder) / f"export.{fmt.value}"
        export_responses(db, survey_id, fmt, language, path)
        return path.read_bytes()
