"""Akteursnetzwerk: the Quartier's actors and ties as an interactive graph, as of any date.

The slider picks the day; filters and the ego view narrow the graph; node positions
come from one layout of all dates, so nodes stay put while the date moves. Under the
graph: the metrics of what is shown (prompts for a conversation, not a ranking) and
what changed between two dates.
"""

import streamlit as st

from quartier.auth import Action
from quartier.network.graph import load_network
from quartier.ui.components import require, show_flash
from quartier.ui.network_metrics_ui import metrics_tab
from quartier.ui.network_ui import (
    PLOTLY_CONFIG,
    changes_tab,
    controls,
    empty_state,
    network_graph,
    summary,
)
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier

ctx = page_context()
t = ctx.t
st.title(t("network.title"))
show_flash()

quartier = choose_quartier(ctx, key="network_quartier")
require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, t, quartier.id)
key = f"network_{quartier.id}"
data = load_network(ctx.db, quartier.id)
if not data.actors:
    empty_state(t)
    st.stop()

chosen = controls(t, data, key)
shown, figure = network_graph(data, chosen, t.code)
summary(t, data, shown.view, chosen)
st.plotly_chart(figure, key="network_graph", config=PLOTLY_CONFIG)

metrics, changes = st.tabs([t("network.tab_metrics"), t("network.tab_changes")])
with metrics:
    metrics_tab(t, data, shown.view, shown.metrics, chosen.day)
with changes:
    changes_tab(t, data, chosen, key)
