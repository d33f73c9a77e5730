"""The network page's pieces: the controls above the graph (as-of date, size, filters,
ego view), the summary line, the "what changed" tab and the CSV downloads.

Every name comes from the coordinators' own entries: it is shown as plain text (escaped
Markdown, a table cell or an option label), never as Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from quartier.i18n import DISPLAY_TZ, Translator
from quartier.network.changes import changes_between
from quartier.network.graph import (
    ActorInfo,
    Filters,
    KeyCache,
    NetworkData,
    apply_filters,
    date_range,
)
from quartier.network.model import Tie
from quartier.network_charts import SIZE_BY, NetworkView, network_view
from quartier.survey_charts import csv_bytes
from quartier.ui.components import plain

#: Plotly's tool bar is clutter on a phone; zoom and pan still work by gesture.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False}
DATE_FORMAT = "DD.MM.YYYY"
#: Pixels: with the controls above, most of the graph fits a laptop screen.
GRAPH_HEIGHT = 600
#: On a phone the legend takes one entry per line under the graph.
PHONE_GRAPH_HEIGHT = 1100
#: Positions are in [0, 1]; the margins keep the nodes at the edge and their names inside.
X_RANGE = (-0.06, 1.06)
Y_RANGE = (-0.04, 1.06)
LABEL_EDGE = 0.15


@dataclass(frozen=True)
class Controls:
    """What the coordinator chose above the graph."""

    day: date
    filters: Filters
    size_by: str

    @property
    def filtered(self) -> bool:
        return self.filters != Filters(depth=self.filters.depth)


# --- small helpers -----------------------------------------------------------------------------


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for a 29 February).

    >>> year_before(date(2024, 2, 29)), year_before(date(2025, 6, 1))
    (datetime.date(2023, 2, 28), datetime.date(2024, 6, 1))
    """
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def local_day(moment: datetime) -> date:
    """The calendar day of ``moment`` in the office's time zone."""
    return (moment.astimezone(DISPLAY_TZ) if moment.tzinfo else moment).date()


def count_text(t: Translator, key: str, count: int) -> str:
    """ "1 Akteur" / "12 Akteure": ``key`` + ``_one`` for exactly one."""
    return t(f"{key}_one") if count == 1 else t(key, count=t.number(count))


def names(data: NetworkData, ids: Sequence[int]) -> list[str]:
    """The actors' names, sorted alphabetically (case-insensitive)."""
    return sorted((data.actor(i).name for i in ids), key=str.casefold)


def name_list(items: Sequence[str]) -> str:
    """Names as one escaped Markdown line."""
    return ", ".join(plain(n) for n in items)


def _keep_valid(key: str, allowed: Sequence[Any]) -> None:
    """Drop remembered choices that the current data no longer offers (an actor deleted,
    a filter value gone), before the widget is drawn."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    if isinstance(value, list):
        st.session_state[key] = [v for v in value if v in allowed]
    elif value not in allowed:
        del st.session_state[key]


def _sorted_by_label[T](items: set[T], label: Callable[[T], str]) -> list[T]:
    return sorted(items, key=lambda v: label(v).casefold())


# --- controls ---------------------------------------------------------------------------------


def controls(t: Translator, data: NetworkData, key: str) -> Controls:
    """The as-of slider, the size choice and the filters (in a popover) in one row."""
    start, end = date_range(data)
    if start >= end:  # a slider needs two different ends
        start = end - timedelta(days=365)
    day_key = f"{key}_day"
    kept = st.session_state.get(day_key)
    if not isinstance(kept, date) or not start <= kept <= end:
        st.session_state[day_key] = end
    slider, size, more = st.columns([5, 2, 2], vertical_alignment="bottom")
    day = slider.slider(
        t("network.as_of"), min_value=start, max_value=end, step=timedelta(days=1),
        format=DATE_FORMAT, key=day_key, help=t("network.as_of_help"),
    )  # fmt: skip
    _keep_valid(f"{key}_size", SIZE_BY)
    size_by = size.selectbox(
        t("network.size_by"), SIZE_BY, format_func=lambda s: t(f"network.size.{s}"),
        key=f"{key}_size", help=t("network.size_by_help"),
    )  # fmt: skip
    with more.popover(t("network.filters"), icon=":material/filter_alt:", width="stretch",
                      help=t("network.filters_help"), key=f"{key}_filters"):  # fmt: skip
        filters = _filters(t, data, key)
    return Controls(day, filters, str(size_by))


def _filters(t: Translator, data: NetworkData, key: str) -> Filters:
    placeholder = t("network.filter_all")

    def select[T](column: Any, label: str, options: list[T], label_of: Callable[[T], str],
                  suffix: str) -> frozenset[T]:  # fmt: skip
        widget_key = f"{key}_{suffix}"
        _keep_valid(widget_key, options)
        chosen = column.multiselect(
            label, options, format_func=label_of, key=widget_key, disabled=not options,
            placeholder=placeholder, select_all=False,
        )  # fmt: skip
        return frozenset(chosen)

    def type_label(v: Any) -> str:
        return t(f"actor_type.{v}")

    def tie_label(v: Any) -> str:
        return t(f"tie_type.{v}")

    def field_label(v: Any) -> str:
        return t(f"field_of_action.{v}")

    groups = {g: n for a in data.actors for g, n in zip(a.group_ids, a.groups, strict=True)}
    first, second = st.columns(2)
    actor_types = select(first, t("network.filter_actor_types"),
                         _sorted_by_label({a.actor_type for a in data.actors}, type_label),
                         type_label, "types")  # fmt: skip
    tie_types = select(second, t("network.filter_tie_types"),
                       _sorted_by_label({x.tie_type for x in data.ties}, tie_label),
                       tie_label, "tie_types")  # fmt: skip
    first, second = st.columns(2)
    group_ids = select(first, t("network.filter_groups"),
                       _sorted_by_label(set(groups), lambda g: groups[g]),
                       lambda g: groups[g], "groups")  # fmt: skip
    fields = select(second, t("network.filter_fields"),
                    _sorted_by_label({f for a in data.actors for f in a.fields_of_action},
                                     field_label),
                    field_label, "fields")  # fmt: skip
    ego, depth = _ego(t, data, key)
    return Filters(actor_types, tie_types, group_ids, fields, ego, depth)


def _ego(t: Translator, data: NetworkData, key: str) -> tuple[int | None, int]:
    """The ego view: one actor and its neighbours up to depth 1 or 2."""
    by_name = sorted(data.actors, key=lambda a: a.name.casefold())
    options: list[int | None] = [None, *(a.id for a in by_name)]
    ego_key = f"{key}_ego"
    _keep_valid(ego_key, options)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    ego = left.selectbox(
        t("network.ego"), options,
        format_func=lambda i: t("network.ego_all") if i is None else data.actor(i).name,
        key=ego_key, help=t("network.ego_help"),
    )  # fmt: skip
    depth = right.radio(t("network.depth"), [1, 2], horizontal=True, key=f"{key}_depth",
                        disabled=ego is None, help=t("network.depth_help"))  # fmt: skip
    return (None if ego is None else int(ego)), int(depth or 1)


# --- above the graph --------------------------------------------------------------------------


def summary(t: Translator, data: NetworkData, view: NetworkData, chosen: Controls) -> None:
    """ "12 Akteure, 20 Beziehungen am 01.03.2024", when the data was entered, and that
    the sizes are prompts for a conversation, not a ranking."""
    line = t(
        "network.summary",
        actors=count_text(t, "network.count_actors", len(view.actors)),
        ties=count_text(t, "network.count_ties", len(view.ties)),
        date=t.date(chosen.day),
    )
    if chosen.filtered:
        line = t("network.summary_filtered", summary=line)
    st.markdown(f"**{line}**")
    notes = []
    if data.entered_at is not None:
        notes.append(t("network.entered_at", date=t.date(local_day(data.entered_at))))
    notes.append(t("network.caveat"))
    st.caption(" ".join(notes))


def empty_state(t: Translator) -> None:
    st.info(t("network.no_actors"), icon=":material/info:")
    st.page_link("pages/actors.py", label=t("nav.actors"), icon=":material/account_tree:")


def _label_side(x: float) -> str:
    """Names of nodes near the left or right edge grow inwards, not off the graph."""
    return "top right" if x < LABEL_EDGE else "top left" if x > 1 - LABEL_EDGE else "top center"


def on_phone() -> bool:
    """Whether the browser says it is a phone ("Mobi" in its user agent, as MDN advises):
    the graph then gets a two-column legend, smaller labels and more height."""
    agent = st.context.headers.get("User-Agent") or ""
    return "Mobi" in agent


_SHOWN: KeyCache[go.Figure] = KeyCache(16)


def network_graph(
    data: NetworkData, chosen: Controls, language: str
) -> tuple[NetworkView, go.Figure]:
    """The view for the chosen date, filters and size, and its figure as the page shows it
    (:func:`graph_spec`), both cached: Streamlit re-validates a figure given as a dict on
    every run, but takes a ``go.Figure`` as it is."""
    shown = network_view(data, chosen.day, chosen.filters, chosen.size_by, language)
    phone = on_phone()
    key = (data.key, chosen.day, chosen.filters, chosen.size_by, language, phone)
    figure = _SHOWN.get_or_make(key, lambda: go.Figure(graph_spec(shown.figure, phone=phone)))
    return shown, figure


def graph_spec(figure: go.Figure, *, phone: bool = False) -> dict[str, Any]:
    """The figure for ``st.plotly_chart`` with the legend flowing in rows under the graph
    (beside it, the legend would squeeze the graph to half a phone's width; line and dot
    symbols tell tie types from actor types without group titles) and room at the sides
    for the labels of the outermost nodes. A copy: the cached figure stays unchanged."""
    spec: dict[str, Any] = figure.to_dict()
    for source, trace in zip(figure.data, spec.get("data", []), strict=True):
        trace.pop("legendgrouptitle", None)
        if "text" in str(trace.get("mode", "")):
            trace["textposition"] = [_label_side(float(x)) for x in source.x]
            if phone:
                trace["textfont"] = {**trace.get("textfont", {}), "size": 9}
    layout = spec.setdefault("layout", {})
    layout["height"] = PHONE_GRAPH_HEIGHT if phone else GRAPH_HEIGHT
    # On a phone one entry per line: two columns would overlap the longer type names.
    columns = {"entrywidthmode": "fraction", "entrywidth": 1} if phone else {"entrywidth": 0}
    layout["legend"] = {
        **layout.get("legend", {}),
        "orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top",
        "traceorder": "normal", "font": {"size": 11}, "maxheight": 1 if phone else 400,
        **columns,
    }  # fmt: skip
    for axis, (low, high) in (("xaxis", X_RANGE), ("yaxis", Y_RANGE)):
        layout[axis] = {**layout.get(axis, {}), "range": [low, high]}
    return spec


# --- tables and downloads ---------------------------------------------------------------------


def show_table(
    t: Translator,
    rows: Sequence[Mapping[str, object]],
    name: str,
    dates: Sequence[str] = (),
    numbers: Mapping[str, str] | None = None,
) -> None:
    """A table (dates shown dd.mm.yyyy) with its CSV download below it."""
    frame = pd.DataFrame(list(rows))
    date_format = DATE_FORMAT if t.code == "de" else "D MMM YYYY"
    config: dict[str, Any] = {c: st.column_config.DateColumn(format=date_format) for c in dates}
    for column, number_format in (numbers or {}).items():
        config[column] = st.column_config.NumberColumn(format=number_format)
    st.dataframe(frame, hide_index=True, column_config=config)
    download(t, list(frame.columns), [list(r.values()) for r in rows], name)


def download(t: Translator, headers: Sequence[str], rows: Sequence[Sequence[object]],
             name: str) -> None:  # fmt: skip
    """The same rows as CSV for Excel (formula-like cells neutralised)."""
    st.download_button(
        t("network.download"), csv_bytes(headers, rows), file_name=f"netzwerk-{name}.csv",
        mime="text/csv", key=f"network_csv_{name}", on_click="ignore",
        icon=":material/download:", type="tertiary",
    )  # fmt: skip


# --- what changed -----------------------------------------------------------------------------


def changes_tab(t: Translator, data: NetworkData, chosen: Controls, key: str) -> None:
    """New and ended ties and actors between two dates (the filters apply, the as-of date
    is only the default end)."""
    start, end = date_range(data)
    until_default = chosen.day
    since_default = max(year_before(until_default), date(1900, 1, 1))
    since_key, until_key = f"{key}_since_{chosen.day}", f"{key}_until_{chosen.day}"
    lowest = min(start, since_default)
    for widget_key, default in ((since_key, since_default), (until_key, until_default)):
        if widget_key not in st.session_state:
            st.session_state[widget_key] = default
    left, right = st.columns(2)
    since = left.date_input(t("network.since"), min_value=lowest, max_value=end,
                            format=DATE_FORMAT, key=since_key)  # fmt: skip
    until = right.date_input(t("network.until"), min_value=lowest, max_value=end,
                             format=DATE_FORMAT, key=until_key)  # fmt: skip
    if not isinstance(since, date) or not isinstance(until, date):
        return
    if since >= until:
        st.warning(t("network.since_after_until"), icon=":material/warning:")
        return
    scope = apply_filters(data, chosen.filters)
    changes = changes_between(scope, since, until)
    period = {"since": t.date(since), "until": t.date(until)}
    st.caption(t("network.changes_note"))
    if changes.is_empty:
        st.info(t("network.no_changes", **period), icon=":material/info:")
        return
    _tie_section(t, scope, changes.new_ties, "network.new_ties", "neue-beziehungen", ended=False)
    _tie_section(t, scope, changes.ended_ties, "network.ended_ties", "beendete-beziehungen",
                 ended=True)  # fmt: skip
    _actor_section(t, changes.new_actors, "network.new_actors", "neue-akteure", ended=False)
    _actor_section(t, changes.ended_actors, "network.ended_actors", "beendete-akteure",
                   ended=True)  # fmt: skip


def tie_label(data: NetworkData, tie: Tie) -> str:
    return f"{data.actor(tie.source_id).name} – {data.actor(tie.target_id).name}"


def _tie_section(t: Translator, data: NetworkData, ties: Sequence[Tie], heading: str,
                 name: str, *, ended: bool) -> None:  # fmt: skip
    st.markdown(f"**{t(heading, count=len(ties))}**")
    if not ties:
        st.caption(t("network.none"))
        return
    rows = [
        {
            t("network.col_tie"): tie_label(data, x),
            t("network.col_tie_type"): t(f"tie_type.{x.tie_type}"),
            t("network.col_date"): x.ends_on if ended else x.starts_on,
        }
        for x in ties  # already by date
    ]
    show_table(t, rows, name, dates=[t("network.col_date")])


def _actor_section(t: Translator, actors: Sequence[ActorInfo], heading: str, name: str,
                   *, ended: bool) -> None:  # fmt: skip
    st.markdown(f"**{t(heading, count=len(actors))}**")
    if not actors:
        st.caption(t("network.none"))
        return
    rows = [
        {
            t("network.col_actor"): a.name,
            t("network.col_actor_type"): t(f"actor_type.{a.actor_type}"),
            t("network.col_date"): a.active_to if ended else a.active_from,
        }
        for a in actors  # already by date
    ]
    show_table(t, rows, name, dates=[t("network.col_date")])
