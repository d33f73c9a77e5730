"""Ideen: the public board of a Quartier's ideas and what became of them, at /ideen."""

import streamlit as st

from quartier.ui import ideas_public as ideas
from quartier.ui.components import plain
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t

st.title(t("resident.board.title"), anchor=False)
quartier = ideas.public_quartier(ctx.db, t)
st.write(t("resident.board.intro", quartier=plain(quartier.name)))
st.page_link("pages/idea_submit.py", label=t("resident.idea.title"), icon=":material/add:")
ideas.board(ctx.db, quartier, t)
