"""Sicherung (admin): download a complete backup of the database."""

import tempfile
from datetime import datetime
from pathlib import Path

import streamlit as st

from quartier.auth import Action
from quartier.errors import QuartierError
from quartier.storage.backup import backup_to
from quartier.ui.components import require, show_error
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
require(ctx.user, Action.DOWNLOAD_BACKUP, t)
st.title(t("backup.title"))
st.write(t("backup.explain"))

if st.button(t("backup.create"), type="primary", icon=":material/backup:"):
    name = f"{t('backup.file_prefix')}-{datetime.now():%Y-%m-%d-%H%M}.duckdb"
    with tempfile.TemporaryDirectory() as folder:
        try:
            info = backup_to(ctx.db, Path(folder) / name)
        except QuartierError as exc:
            show_error(t, exc)
        else:
            st.session_state["_backup"] = (name, info.path.read_bytes(), sum(info.tables.values()))

if backup := st.session_state.get("_backup"):
    name, data, rows = backup
    st.success(t("backup.ready", rows=t.number(rows), size=t.number(round(len(data) / 1024))))
    st.download_button(
        t("backup.download", name=name),
        data=data,
        file_name=name,
        mime="application/octet-stream",
        icon=":material/download:",
        on_click="ignore",
    )

st.subheader(t("backup.restore_title"))
st.markdown(t("backup.restore_explain"))
st.code(f"quartier restore {t('backup.restore_example_path')}", language="bash")
