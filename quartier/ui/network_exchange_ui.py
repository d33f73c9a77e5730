"""The "Tabellen bearbeiten" and "Import & Export" tabs of the page "Akteure & Beziehungen".

Tabellen: the actors and the ties as two ``st.data_editor`` tables; "Änderungen
speichern" hands the whole table to the domain, which stores all of it or nothing. A
refused table keeps the user's edits on screen together with every row problem.

The editor keeps its edits relative to the table it was first given, so that table is
kept in the session until it is saved or reloaded; a table that changed in the database
meanwhile is refused on saving instead of silently undoing the other change.

Import & Export: a file (CSV, ZIP, GraphML, GEXF) imported all-or-nothing with a report
naming every bad row; downloads of the network as GraphML, GEXF and CSV (ZIP).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import pandas as pd
import streamlit as st

from quartier.errors import QuartierError
from quartier.i18n import Translator
from quartier.network import bulk
from quartier.network.checks import BatchRejected
from quartier.network.exchange import (
    ACTOR_FILE,
    ACTOR_HEADER,
    MAX_FILE_MB,
    TIE_FILE,
    TIE_HEADER,
    export_network,
)
from quartier.network.importing import import_network
from quartier.network.model import (
    CONTACT_LIMIT,
    NAME_LIMIT,
    NOTES_LIMIT,
    ActorType,
    FieldOfAction,
    TieType,
)
from quartier.quartiers import Quartier
from quartier.storage import Database
from quartier.ui.actors_ui import DATE_FORMAT, field_name, tie_type_name, today, type_name
from quartier.ui.components import flash_and_rerun, plain, show_error
from quartier.ui.router import PageContext

#: Session keys: the table each editor started from, and a counter that renews an editor
#: (or the file uploader) after saving.
BASES = "bulk_bases"
VERSIONS = "bulk_versions"
ACTORS, TIES = "actors", "ties"
UPLOAD = "upload"
FORMATS: tuple[tuple[Literal["graphml", "gexf", "csv"], str, str], ...] = (
    ("graphml", "graphml", "application/graphml+xml"),
    ("gexf", "gexf", "application/gexf+xml"),
    ("csv", "zip", "application/zip"),
)


# --- the two tables -------------------------------------------------------------------------


def editor_key(table: str, quartier_id: int) -> str:
    """The session key of one editor (renewed after every save)."""
    version = st.session_state.setdefault(VERSIONS, {}).get((table, quartier_id), 0)
    return f"bulk_{table}_{quartier_id}_{version}"


def _renew(table: str, quartier_id: int) -> None:
    """Start the editor afresh from the database on the next run."""
    versions: dict[tuple[str, int], int] = st.session_state.setdefault(VERSIONS, {})
    versions[(table, quartier_id)] = versions.get((table, quartier_id), 0) + 1
    st.session_state.setdefault(BASES, {}).pop((table, quartier_id), None)


def _has_edits(key: str) -> bool:
    state = st.session_state.get(key)
    if not isinstance(state, Mapping):
        return False
    return any(state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


def _base(table: str, quartier_id: int, fresh: list[dict[str, object]]) -> list[dict[str, object]]:
    """The rows the editor shows: kept while there are unsaved edits, else the fresh ones."""
    bases: dict[tuple[str, int], list[dict[str, object]]] = st.session_state.setdefault(BASES, {})
    kept = bases.get((table, quartier_id))
    if kept is not None and kept != fresh and not _has_edits(editor_key(table, quartier_id)):
        _renew(table, quartier_id)  # nothing to lose: show the current table
        kept = None
    if kept is None:
        kept = bases[(table, quartier_id)] = fresh
    return kept


#: Date columns are handed over as datetimes: a column of ``date`` objects that starts
#: with empty cells would be shown as text ("None").
DATE_COLUMNS = ("active_from", "active_to", "starts_on", "ends_on")


def _frame(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["id", *columns])
    for column in DATE_COLUMNS:
        if column in frame:
            frame[column] = pd.to_datetime(frame[column])
    return frame


def _records(edited: pd.DataFrame) -> list[dict[str, Any]]:
    """The edited table as rows for the domain: blank cells None, no id for new rows."""
    rows: list[dict[str, Any]] = (
        edited.astype(object).where(edited.notna(), None).to_dict("records")
    )
    for row in rows:
        if row.get("id") is not None:
            row["id"] = int(row["id"])
    return rows


def _actor_config(t: Translator) -> dict[str, Any]:
    return {
        "id": None,
        "name": st.column_config.TextColumn(
            t("actors.col.name"), required=True, max_chars=NAME_LIMIT
        ),
        "actor_type": st.column_config.SelectboxColumn(
            t("actors.col.type"),
            options=[v.value for v in ActorType],
            required=True,
            default=ActorType.OTHER.value,
            format_func=lambda v: type_name(t, str(v)),
        ),
        "fields_of_action": st.column_config.MultiselectColumn(
            t("actors.col.fields"),
            options=[f.value for f in FieldOfAction],
            format_func=lambda v: field_name(t, v),
        ),
        "contact_role": st.column_config.TextColumn(
            t("actors.col.contact"), max_chars=CONTACT_LIMIT, help=t("actors.contact_help")
        ),
        "active_from": st.column_config.DateColumn(t("actors.active_from"), format=DATE_FORMAT),
        "active_to": st.column_config.DateColumn(t("actors.active_to"), format=DATE_FORMAT),
        "notes": st.column_config.TextColumn(t("actors.notes"), max_chars=NOTES_LIMIT),
    }


def _tie_config(t: Translator, names: list[str]) -> dict[str, Any]:
    return {
        "id": None,
        "source": st.column_config.SelectboxColumn(
            t("ties.col.source"), options=names, required=True
        ),
        "target": st.column_config.SelectboxColumn(
            t("ties.col.target"), options=names, required=True
        ),
        "tie_type": st.column_config.SelectboxColumn(
            t("ties.col.type"),
            options=[v.value for v in TieType],
            required=True,
            default=TieType.COOPERATION.value,
            format_func=lambda v: tie_type_name(t, str(v)),
        ),
        "strength": st.column_config.NumberColumn(
            t("ties.col.strength"),
            min_value=1,
            max_value=3,
            step=1,
            default=2,
            help=t("exchange.strength_help"),
        ),
        "starts_on": st.column_config.DateColumn(t("ties.starts_on"), format=DATE_FORMAT),
        "ends_on": st.column_config.DateColumn(t("ties.col.ends_on"), format=DATE_FORMAT),
        "notes": st.column_config.TextColumn(t("ties.col.notes"), max_chars=NOTES_LIMIT),
    }


def _editor(
    ctx: PageContext,
    quartier: Quartier,
    table: str,
    fresh: list[dict[str, object]],
    columns: Sequence[str],
    config: dict[str, Any],
    save: Callable[[Database, Any, int, list[dict[str, Any]]], bulk.BulkResult],
) -> None:
    t = ctx.t
    base = _base(table, quartier.id, fresh)
    key = editor_key(table, quartier.id)
    edited = st.data_editor(_frame(base, columns), key=key, num_rows="dynamic", hide_index=True,
                            column_config=config, width="stretch", placeholder="",
                            alt=t(f"exchange.{table}_heading"))  # fmt: skip
    row = st.container(horizontal=True, gap="small")
    saved = row.button(t("exchange.save"), key=f"{key}_save", type="primary",
                       icon=":material/save:")  # fmt: skip
    if row.button(t("exchange.reload"), key=f"{key}_reload", icon=":material/refresh:",
                  help=t("exchange.reload_help")):  # fmt: skip
        _renew(table, quartier.id)
        st.rerun()
    if not saved:
        return
    if fresh != base:
        st.error(t("exchange.outdated"), icon=":material/sync_problem:")
        return
    try:
        result = save(ctx.db, ctx.user, quartier.id, _records(edited))
    except BatchRejected as exc:
        show_report(t, exc)
    except QuartierError as exc:
        show_error(t, exc)
    else:
        _renew(table, quartier.id)
        flash_and_rerun(t(f"exchange.saved.{table}", added=result.added, changed=result.changed,
                          deleted=result.deleted))  # fmt: skip


def show_report(t: Translator, exc: BatchRejected) -> None:
    """The summary, then every row problem as a list (nothing was stored)."""
    show_error(t, exc)
    lines = exc.report(t.code, quote=plain)
    st.markdown("\n".join(f"- {line}" for line in lines))


def tables_tab(ctx: PageContext, quartier: Quartier) -> None:
    t = ctx.t
    st.caption(t("exchange.tables_intro"))
    st.subheader(t("exchange.actors_heading"), anchor=False)
    actor_rows = sorted(bulk.actor_rows(ctx.db, quartier.id),
                        key=lambda r: (str(r["name"]).casefold(), str(r["id"])))  # fmt: skip
    _editor(ctx, quartier, ACTORS, actor_rows, bulk.ACTOR_COLUMNS, _actor_config(t),
            bulk.save_actor_rows)  # fmt: skip
    st.subheader(t("exchange.ties_heading"), anchor=False)
    st.caption(t("exchange.ties_intro"))
    names = sorted((str(r["name"]) for r in actor_rows), key=str.casefold)
    _editor(ctx, quartier, TIES, bulk.tie_rows(ctx.db, quartier.id), bulk.TIE_COLUMNS,
            _tie_config(t, names), bulk.save_tie_rows)  # fmt: skip


# --- import and export ------------------------------------------------------------------------


def _upload_key(quartier_id: int) -> str:
    version = st.session_state.setdefault(VERSIONS, {}).get((UPLOAD, quartier_id), 0)
    return f"network_upload_{quartier_id}_{version}"


def import_section(ctx: PageContext, quartier: Quartier) -> None:
    t = ctx.t
    st.subheader(t("exchange.import_heading"), anchor=False)
    st.markdown(t("exchange.import_help"))
    st.markdown(t("exchange.csv_help", actors="; ".join(ACTOR_HEADER), ties="; ".join(TIE_HEADER),
                  actor_file=ACTOR_FILE, tie_file=TIE_FILE))  # fmt: skip
    upload = st.file_uploader(
        t("exchange.file"), type=["csv", "zip", "graphml", "gexf", "xml"],
        key=_upload_key(quartier.id), help=t("exchange.file_help", mb=MAX_FILE_MB),
    )  # fmt: skip
    if st.button(t("exchange.import"), type="primary", icon=":material/upload:",
                 disabled=upload is None, key="network_import"):  # fmt: skip
        assert upload is not None
        run_import(ctx, quartier, upload.name, upload.getvalue())


def run_import(ctx: PageContext, quartier: Quartier, name: str, data: bytes) -> None:
    """Import one uploaded file; a summary on success, the row report when refused."""
    t = ctx.t
    try:
        result = import_network(ctx.db, ctx.user, quartier.id, name, data)
    except BatchRejected as exc:
        show_report(t, exc)
    except QuartierError as exc:
        show_error(t, exc)
    else:
        versions: dict[tuple[str, int], int] = st.session_state.setdefault(VERSIONS, {})
        versions[(UPLOAD, quartier.id)] = versions.get((UPLOAD, quartier.id), 0) + 1
        for table in (ACTORS, TIES):
            _renew(table, quartier.id)
        flash_and_rerun(t("exchange.imported", name=plain(name), actors_added=result.actors_added,
                          actors_updated=result.actors_updated, ties_added=result.ties_added,
                          ties_unchanged=result.ties_unchanged,
                          actors_unchanged=result.actors_unchanged,
                          ties_updated=result.ties_updated))  # fmt: skip


def export_name(quartier: Quartier, extension: str) -> str:
    """ "netzwerk-musterviertel-2026-11-21.graphml" """
    return f"netzwerk-{quartier.slug}-{today().isoformat()}.{extension}"


def export_section(ctx: PageContext, quartier: Quartier) -> None:
    t = ctx.t
    st.subheader(t("exchange.export_heading"), anchor=False)
    st.caption(t("exchange.export_help"))
    row = st.container(horizontal=True, gap="small")
    for fmt, extension, mime in FORMATS:
        row.download_button(
            t(f"exchange.download.{fmt}"), export_network(ctx.db, quartier.id, fmt),
            file_name=export_name(quartier, extension), mime=mime, key=f"network_export_{fmt}",
            icon=":material/download:", on_click="ignore",
        )  # fmt: skip


def exchange_tab(ctx: PageContext, quartier: Quartier) -> None:
    import_section(ctx, quartier)
    st.divider()
    export_section(ctx, quartier)
