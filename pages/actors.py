"""Akteure & Beziehungen (coordinators, admins): the actors of the network and their ties,
one by one and as tables, their links to events and measures, import and export."""

import streamlit as st

from quartier.auth import Action
from quartier.events import list_events
from quartier.measures import list_measures
from quartier.network.graph import load_network
from quartier.network.links import event_links, measure_links
from quartier.ui import actors_ui, ties_ui
from quartier.ui import network_exchange_ui as exchange
from quartier.ui.components import require, show_flash
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier

ctx = page_context()
t = ctx.t
st.title(t("actors.title"))
show_flash()
quartier = choose_quartier(ctx, key="actors_quartier")
require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, t, quartier.id)
st.caption(t("actors.caption"))

data = load_network(ctx.db, quartier.id)
actors_tab, ties_tab, tables_tab, links_tab, exchange_tab = st.tabs(
    [
        t("actors.tab.actors"),
        t("actors.tab.ties"),
        t("actors.tab.tables"),
        t("actors.tab.links"),
        t("actors.tab.exchange"),
    ],
    key=actors_ui.AREA,
    on_change="rerun",  # only the open tab runs
)
if actors_tab.open:
    with actors_tab:
        actors_ui.actors_tab(ctx, quartier, data)
if ties_tab.open:
    with ties_tab:
        ties_ui.ties_tab(ctx, quartier, data)
if tables_tab.open:
    with tables_tab:
        exchange.tables_tab(ctx, quartier)
if links_tab.open:
    with links_tab:
        links = (event_links(ctx.db, quartier.id), measure_links(ctx.db, quartier.id))
        events, measures = list_events(ctx.db, quartier.id), list_measures(ctx.db, quartier.id)
        ties_ui.links_tab(ctx, data, events, measures, links)
if exchange_tab.open:
    with exchange_tab:
        exchange.exchange_tab(ctx, quartier)
