"""The network figure and the cached page pipeline."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import plotly.graph_objects as go
import pytest

from quartier.i18n import catalogue_keys, translator
from quartier.network.graph import ActorInfo, Filters, NetworkData, as_of
from quartier.network.layout import positions
from quartier.network.metrics import compute_metrics
from quartier.network.model import ActorType, Tie, TieType
from quartier.network_charts import (
    AXIS_RANGE,
    LABEL_LIMIT,
    SIZE_BY,
    UIREVISION,
    clear_caches,
    network_figure,
    network_view,
)

D = date
DE = translator("de")


def tie(i: int, s: int, e: int, tie_type: TieType = TieType.COOPERATION,
        starts: date | None = None, ends: date | None = None) -> Tie:  # fmt: skip
    return Tie(i, 1, s, e, tie_type, 2, starts, ends, "", None, datetime(2020, 1, 1, tzinfo=UTC))


#  hub 1 (Stadt) ties to everyone; 4 joins in 2024; the funding tie ended in 2022
DATA = NetworkData(
    1,
    (
        ActorInfo(1, "Stadtteilbüro", ActorType.CITY, groups=("AG <Kinder> & Jugend",),
                  group_ids=(3,)),
        ActorInfo(2, "<b>Kita</b> Sonne", ActorType.KITA),
        ActorInfo(3, "Grundschule am Anger", ActorType.SCHOOL),
        ActorInfo(4, "Stiftung Lindenviertel", ActorType.FUNDER, active_from=D(2024, 1, 1)),
        ActorInfo(5, "Moscheegemeinde", ActorType.MOSQUE),
    ),
    (
        tie(1, 1, 2),
        tie(2, 1, 3, TieType.CONTRACT),
        tie(3, 4, 1, TieType.FUNDING, starts=D(2024, 2, 1)),
        tie(4, 1, 5, TieType.REFERRAL, starts=D(2021, 1, 1), ends=D(2022, 12, 31)),
        tie(5, 2, 3),
    ),
)  # fmt: skip


def figure(data: NetworkData = DATA, **kw: Any) -> go.Figure:
    return network_figure(data, positions(DATA), compute_metrics(data), t=DE, **kw)


def edge_traces(fig: go.Figure) -> list[Any]:
    return [t for t in fig.data if t.mode == "lines"]


def node_traces(fig: go.Figure) -> list[Any]:
    return [t for t in fig.data if t.mode != "lines"]


def node(fig: go.Figure, actor_id: int) -> dict[str, Any]:
    """Everything the figure says about one actor."""
    for trace in node_traces(fig):
        ids = list(trace.customdata)
        if actor_id in ids:
            k = ids.index(actor_id)
            return {
                "trace": trace.name, "xy": (trace.x[k], trace.y[k]), "size": trace.marker.size[k],
                "hover": trace.hovertext[k], "label": None if trace.text is None else trace.text[k],
                "outline": trace.marker.line.width[k],
            }  # fmt: skip
    raise KeyError(actor_id)


def test_one_edge_trace_per_tie_type_with_none_separators() -> None:
    fig = figure()
    edges = edge_traces(fig)
    assert [t.name for t in edges] == [
        "Kooperation",
        "Förderung",
        "Vermittlung/Weiterleitung",
        "Kooperationsvertrag",
    ]
    placed = positions(DATA)
    for trace, expected in zip(edges, [[(1, 2), (2, 3)], [(4, 1)], [(1, 5)], [(1, 3)]],
                               strict=True):  # fmt: skip
        assert len(trace.x) == len(trace.y) == 3 * len(expected)
        assert list(trace.x[2::3]) == list(trace.y[2::3]) == [None] * len(expected)
        segments = [((trace.x[k], trace.y[k]), (trace.x[k + 1], trace.y[k + 1]))
                    for k in range(0, len(trace.x), 3)]  # fmt: skip
        assert segments == [(placed[s], placed[e]) for s, e in expected]


def test_only_present_tie_types_get_a_trace() -> None:
    fig = figure(as_of(DATA, D(2023, 6, 1)))  # no funding yet, referral ended
    assert [t.name for t in edge_traces(fig)] == ["Kooperation", "Kooperationsvertrag"]


def test_nodes_by_actor_type_with_german_legend_names() -> None:
    fig = figure()
    assert [t.name for t in node_traces(fig)] == [
        "Schule",
        "Kita",
        "Stadt",
        "Moscheegemeinde",
        "Förderer",
    ]  # ActorType order
    colours = {t.marker.color for t in node_traces(fig)}
    assert len(colours) == 5
    assert {t.legendgrouptitle.text for t in node_traces(fig)} == {"Akteure"}
    assert {t.legendgrouptitle.text for t in edge_traces(fig)} == {"Beziehungen"}
    english = network_figure(DATA, positions(DATA), compute_metrics(DATA), t=translator("en"))
    assert [t.name for t in edge_traces(english)][:2] == ["Cooperation", "Funding"]


def test_names_and_groups_are_escaped() -> None:
    fig = figure()
    kita = node(fig, 2)
    assert kita["label"] == "&lt;b&gt;Kita&lt;/b&gt; Sonne"
    assert kita["hover"].startswith("<b>&lt;b&gt;Kita&lt;/b&gt; Sonne</b><br>Kita<br>")
    hub = node(fig, 1)["hover"]
    assert "Arbeitsgruppen: AG &lt;Kinder&gt; &amp; Jugend" in hub
    assert "<Kinder>" not in hub and "<b>Kita" not in kita["hover"]


def test_hover_tells_type_ties_groups_and_the_metric() -> None:
    hover = node(figure(size_by="betweenness"), 1)["hover"]
    assert hover.split("<br>") == [
        "<b>Stadtteilbüro</b>", "Stadt", "Beziehungen: 4",
        "Arbeitsgruppen: AG &lt;Kinder&gt; &amp; Jugend",
        "Vermittlungsposition (Betweenness): 0,833",
    ]  # fmt: skip
    assert node(figure(), 5)["hover"].split("<br>")[2:4] == ["Beziehungen: 1",
                                                             "Arbeitsgruppen: –"]  # fmt: skip


@pytest.mark.parametrize("size_by", SIZE_BY)
def test_sizes_follow_the_metric(size_by: str) -> None:
    fig = figure(size_by=size_by)
    values = getattr(compute_metrics(DATA), size_by)
    ranked = sorted(values, key=lambda i: values[i])
    sizes = [node(fig, i)["size"] for i in ranked]
    assert sizes == sorted(sizes)
    assert node(fig, 1)["size"] == max(sizes)  # the hub is the biggest by every metric
    top, bottom = max(values.values()), min(values.values())
    assert (node(fig, ranked[0])["size"] < max(sizes)) == (bottom < top)


def test_an_unknown_metric_is_refused() -> None:
    with pytest.raises(ValueError, match="size_by"):
        figure(size_by="pagerank")


def test_the_highlighted_actor_has_a_thick_outline() -> None:
    fig = figure(highlight=3)
    assert node(fig, 3)["outline"] > 3 * node(fig, 2)["outline"]
    assert node(figure(), 3)["outline"] == node(fig, 2)["outline"]


def test_fixed_axes_and_a_constant_ui_revision() -> None:
    fig = figure()
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert tuple(axis.range) == AXIS_RANGE
        assert axis.visible is False
    assert fig.layout.uirevision == UIREVISION


def test_labels_only_for_small_maps() -> None:
    assert node(figure(), 3)["label"] == "Grundschule am Anger"
    many = NetworkData(1, tuple(ActorInfo(i, f"Akteur {i}", ActorType.KITA)
                                for i in range(1, LABEL_LIMIT + 2)), ())  # fmt: skip
    big = network_figure(many, positions(many), compute_metrics(many), t=DE)
    assert node(big, 1)["label"] is None
    assert node_traces(big)[0].mode == "markers"


def test_large_maps_are_drawn_with_webgl() -> None:
    actors = tuple(ActorInfo(i, f"Akteur {i}", ActorType.KITA) for i in range(1, 1_202))
    many = NetworkData(1, actors, (tie(1, 1, 2), tie(2, 2, 3)))
    big = network_figure(many, positions(many), compute_metrics(many), t=DE)
    assert {t.type for t in big.data} == {"scattergl"}
    assert list(edge_traces(big)[0].x[2::3]) == [None, None]
    assert {t.type for t in figure().data} == {"scatter"}


def test_an_empty_view_says_so() -> None:
    empty = NetworkData(1, (), ())
    fig = network_figure(empty, {}, compute_metrics(empty), t=DE)
    assert fig.data == ()
    assert fig.layout.annotations[0].text.startswith("Für dieses Datum")


# --- the page pipeline ----------------------------------------------------------------------


def test_nodes_stay_in_place_when_the_date_changes() -> None:
    clear_caches()
    now = network_view(DATA, D(2026, 1, 1), Filters(), "degree", "de")
    before = network_view(DATA, D(2023, 6, 1), Filters(), "degree", "de")
    assert len(before.view.ties) < len(now.view.ties)
    assert 4 not in before.view
    for actor in before.view.actors:
        assert node(before.figure, actor.id)["xy"] == node(now.figure, actor.id)["xy"]
    filtered = network_view(DATA, None, Filters(actor_types=frozenset({ActorType.KITA,
                                                                         ActorType.SCHOOL})),
                            "degree", "de")  # fmt: skip
    assert node(filtered.figure, 2)["xy"] == node(now.figure, 2)["xy"]


def test_the_view_is_the_snapshot_with_its_metrics() -> None:
    result = network_view(DATA, D(2023, 6, 1), Filters(ego=2), "weighted_degree", "de")
    assert {a.id for a in result.view.actors} == {1, 2, 3}
    assert result.metrics == compute_metrics(result.view)
    assert node(result.figure, 2)["outline"] == 4.0


def test_views_are_cached_by_data_day_filters_metric_and_language() -> None:
    clear_caches()
    args = (DATA, D(2024, 6, 1), Filters(), "degree", "de")
    first = network_view(*args)
    same = NetworkData(1, DATA.actors[::-1], DATA.ties)  # same content, same key
    assert network_view(same, *args[1:]) is first
    assert network_view(DATA, D(2024, 6, 2), Filters(), "degree", "de") is not first
    assert network_view(DATA, D(2024, 6, 1), Filters(ego=1), "degree", "de") is not first
    assert network_view(DATA, D(2024, 6, 1), Filters(), "betweenness", "de") is not first
    english = network_view(DATA, D(2024, 6, 1), Filters(), "degree", "en")
    assert english is not first and edge_traces(english.figure)[0].name == "Cooperation"
    with pytest.raises(ValueError, match="size_by"):
        network_view(DATA, None, Filters(), "eigenvector", "de")


def test_run_time_keys_exist_in_german_and_english() -> None:
    keys = [f"tie_type.{t.value}" for t in TieType] + [f"network.metric.{m}" for m in SIZE_BY]
    for code in ("de", "en"):
        catalogue = catalogue_keys(code)
        assert [k for k in keys if not catalogue.get(k)] == []
    assert DE("tie_type.vermittlung") == "Vermittlung/Weiterleitung"
