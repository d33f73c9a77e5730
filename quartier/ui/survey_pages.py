"""Pickers the staff pages share (which Quartier, which survey) and survey exports."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from quartier.auth import Action, can
from quartier.errors import NotFoundError
from quartier.quartiers import Quartier, list_quartiers, quartiers_of
from quartier.storage import Database
from quartier.surveys.exports import ExportFormat, export_responses
from quartier.surveys.store import Survey, get_survey, list_surveys
from quartier.ui.components import linked_pick, pick, plain, show_linked
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
    return pick(t("start.choose_quartier"), by_id, key, lambda i: by_id[i].name)


def own_quartier(ctx: PageContext, key: str, empty_key: str) -> Quartier:
    """The Quartiere this account works in — members too — with a picker only when there
    is a choice; stops the page with ``empty_key``'s message when there is none."""
    quartiers = quartiers_of(ctx.db, ctx.user)
    if not quartiers:
        st.info(ctx.t(empty_key), icon=":material/info:")
        st.stop()
    if len(quartiers) == 1:
        return quartiers[0]
    by_id = {q.id: q for q in quartiers}
    return pick(ctx.t("start.choose_quartier"), by_id, key, lambda i: by_id[i].name)


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
    return linked_pick(t("surveys.choose"), by_id, key, SURVEY_PARAM,
                       lambda i: plain(survey_label(by_id[i], t.code)))  # fmt: skip


def show_survey(survey_id: int, key: str = "survey_pick") -> None:
    """Make ``choose_survey`` pick ``survey_id`` on the next run (after creating or
    importing one): the URL names it, and the picker forgets its previous choice."""
    show_linked(SURVEY_PARAM, survey_id, key)


def export_bytes(db: Database, survey_id: int, fmt: ExportFormat, language: str) -> bytes:
    """The responses export as bytes (written to a temporary file first)."""
    with tempfile.TemporaryDirectory(prefix="quartier-export-") as folder:
        path = Path(folder) / f"export.{fmt.value}"
        export_responses(db, survey_id, fmt, language, path)
        return path.read_bytes()
