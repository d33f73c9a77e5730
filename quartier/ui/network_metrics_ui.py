"""The "Kennzahlen" tab of the network page: metrics as prompts for a conversation.

Everything describes the network as the graph shows it (the as-of date and the
filters); only "Wer fehlt?" looks at the whole network on that date, because a filter
by type or group would make every other type look missing.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from quartier.i18n import Translator
from quartier.network.graph import NetworkData, as_of
from quartier.network.metrics import Metrics, involvement, missing_types
from quartier.ui.components import plain
from quartier.ui.network_ui import name_list, names, show_table

#: Communities smaller than this are isolates or pairs already visible in the graph.
MIN_COMMUNITY = 2


def metrics_tab(t: Translator, data: NetworkData, view: NetworkData, metrics: Metrics,
                day: date) -> None:  # fmt: skip
    """Key figures, single points of failure, groups, the centrality table, who is
    missing and who carries events and measures."""
    st.caption(t("network.caveat_long"))
    if not view.actors:
        st.info(t("network.view_empty"), icon=":material/info:")
        return
    _figures(t, metrics)
    left, right = st.columns(2)
    with left:
        _isolates(t, view, metrics)
        _articulation_points(t, view, metrics)
    with right:
        _bridges(t, view, metrics)
        _communities(t, view, metrics)
    _centrality(t, view, metrics)
    _missing(t, as_of(data, day))
    _involvement(t, view)


def _figures(t: Translator, m: Metrics) -> None:
    density, components, isolates, points = st.columns(4)
    density.metric(
        t("network.density"),
        t("network.percent", value=t.number(round(m.density * 100, 1))),
        help=t("network.density_help"),
    )
    components.metric(t("network.components"), t.number(len(m.components)),
                      help=t("network.components_help"))  # fmt: skip
    isolates.metric(t("network.isolates"), t.number(len(m.isolates)),
                    help=t("network.isolates_help"))  # fmt: skip
    points.metric(t("network.articulation_count"), t.number(len(m.articulation_points)),
                  help=t("network.articulation_help"))  # fmt: skip


def _heading(text: str) -> None:
    st.markdown(f"**{text}**")


def _names_or_none(t: Translator, items: list[str]) -> None:
    if items:
        st.markdown(name_list(items))
    else:
        st.caption(t("network.none"))


def _isolates(t: Translator, view: NetworkData, m: Metrics) -> None:
    _heading(t("network.isolates_heading"))
    st.caption(t("network.isolates_help"))
    _names_or_none(t, names(view, m.isolates))


def _articulation_points(t: Translator, view: NetworkData, m: Metrics) -> None:
    _heading(t("network.articulation_heading"))
    st.caption(t("network.articulation_help"))
    _names_or_none(t, names(view, m.articulation_points))


def _bridges(t: Translator, view: NetworkData, m: Metrics) -> None:
    _heading(t("network.bridges_heading"))
    st.caption(t("network.bridges_help"))
    pairs = sorted(
        (sorted((view.actor(a).name, view.actor(b).name), key=str.casefold) for a, b in m.bridges),
        key=lambda pair: (pair[0].casefold(), pair[1].casefold()),
    )
    if not pairs:
        st.caption(t("network.none"))
        return
    st.markdown("\n".join(f"- {plain(a)} – {plain(b)}" for a, b in pairs))


def _communities(t: Translator, view: NetworkData, m: Metrics) -> None:
    _heading(t("network.communities_heading"))
    st.caption(t("network.communities_help"))
    groups = [names(view, sorted(c)) for c in m.communities if len(c) >= MIN_COMMUNITY]
    if not groups:
        st.caption(t("network.none"))
        return
    st.markdown(
        "\n".join(
            f"- {t('network.community', number=i, count=len(g))} {name_list(g)}"
            for i, g in enumerate(groups, start=1)
        )
    )


def _centrality(t: Translator, view: NetworkData, m: Metrics) -> None:
    _heading(t("network.centrality_heading"))
    st.caption(t("network.centrality_help"))
    ranked = sorted(
        view.actors,
        key=lambda a: (-m.betweenness.get(a.id, 0.0), -m.degree.get(a.id, 0), a.name.casefold()),
    )
    betweenness = t("network.size.betweenness")
    rows = [
        {
            t("network.col_actor"): a.name,
            betweenness: round(m.betweenness.get(a.id, 0.0), 3),  # the order, so first
            t("network.size.degree"): m.degree.get(a.id, 0),
            t("network.size.weighted_degree"): m.weighted_degree.get(a.id, 0),
            t("network.col_actor_type"): t(f"actor_type.{a.actor_type}"),
        }
        for a in ranked
    ]
    show_table(t, rows, "kennzahlen", numbers={betweenness: "localized"})


def _missing(t: Translator, snapshot: NetworkData) -> None:
    _heading(t("network.missing_heading"))
    st.caption(t("network.missing_help"))
    missing = [t(f"actor_type.{x}") for x in missing_types(snapshot)]
    if missing:
        st.markdown(", ".join(plain(x) for x in missing))
    else:
        st.caption(t("network.missing_none"))


def _involvement(t: Translator, view: NetworkData) -> None:
    _heading(t("network.involvement_heading"))
    st.caption(t("network.involvement_help"))
    busy = involvement(view)
    if not busy:
        st.caption(t("network.involvement_none"))
        return
    rows = [
        {
            t("network.col_actor"): a.name,
            t("network.col_actor_type"): t(f"actor_type.{a.actor_type}"),
            t("network.col_events"): a.events,
            t("network.col_measures"): a.measures,
        }
        for a in busy
    ]
    show_table(t, rows, "veranstaltungen-massnahmen")
