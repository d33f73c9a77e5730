"""Dashboard figures and tables: traces, German labels, escaping, hidden cells."""

from __future__ import annotations

from datetime import date

import pytest

from quartier.dashboard import Breakdown, FunnelStep, GrowthPoint, Reach, ReachRow
from quartier.dashboard_charts import (
    breakdown_table,
    funnel_figure,
    funnel_table,
    group_colour,
    group_labels,
    growth_figure,
    growth_table,
    participation_figure,
    reach_figure,
    reach_table,
)
from quartier.i18n import Translator

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


@pytest.fixture
def t() -> Translator:
    return Translator("de")


def channels() -> Breakdown:
    return Breakdown(
        "channel",
        rows=(
            (JAN, "online", 10),
            (JAN, "papier", None),
            (JAN, "qr", None),
            (FEB, "online", 7),
            (FEB, "papier", 6),
            (FEB, "qr", 9),
        ),  # fmt: skip
        totals=((JAN, 14), (FEB, 22)),
        k=5,
    )


def test_participation_figure_has_a_trace_per_group_and_no_bar_for_hidden(
    t: Translator,
) -> None:
    fig = participation_figure(channels(), t)
    assert [trace.name for trace in fig.data] == ["Online", "QR-Code", "Papier"]
    online, qr, papier = fig.data
    assert list(online.x) == ["Jan. 2026", "Feb. 2026"]
    assert list(online.y) == [10, 7]
    assert list(qr.y) == [None, 9] and list(papier.y) == [None, 6]
    assert fig.layout.barmode == "stack"
    assert fig.layout.yaxis.title.text == "Anzahl"
    assert online.marker.color == group_colour("channel", "online", 0)


def test_group_colours_stay_with_the_group(t: Translator) -> None:
    only_papier = Breakdown("channel", ((JAN, "papier", 8),), ((JAN, 8),), 5)
    fig = participation_figure(only_papier, t)
    assert fig.data[0].marker.color == participation_figure(channels(), t).data[2].marker.color


def test_breakdown_table_shows_hidden_cells_as_below_k(t: Translator) -> None:
    table = breakdown_table(channels(), t)
    assert list(table.columns) == ["Monat", "Online", "QR-Code", "Papier", "Gesamt"]
    assert table.iloc[0].tolist() == ["Jan. 2026", 10, "verborgen", "verborgen", 14]
    assert table.iloc[1].tolist() == ["Feb. 2026", 7, 9, 6, 22]
    hidden_total = Breakdown("channel", ((JAN, "online", None),), ((JAN, None),), 3)
    first = breakdown_table(hidden_total, t).iloc[0].tolist()
    assert first == ["Jan. 2026", "verborgen", "verborgen"]


def test_working_group_names_are_escaped_in_the_figure_not_in_the_table(t: Translator) -> None:
    name = "<b>AG Spielplatz</b> & Co"
    b = Breakdown("working_group", ((JAN, name, 12),), ((JAN, 12),), 5)
    fig = participation_figure(b, t)
    assert fig.data[0].name == "&lt;b&gt;AG Spielplatz&lt;/b&gt; &amp; Co"
    assert "<b>" not in fig.data[0].hovertemplate
    assert name in breakdown_table(b, t).columns  # plain text; st.dataframe shows it as is


def test_group_labels_per_dimension(t: Translator) -> None:
    assert group_labels("event_type", ["angebote", "kurs", "fest"], t) == {
        "fest": "Fest", "kurs": "Kurs", "angebote": "Angebote"
    }  # fmt: skip
    assert group_labels("language", ["tr", "andere", "de"], t) == {
        "de": "Deutsch", "tr": "Türkisch", "andere": "andere Sprachen"
    }  # fmt: skip
    assert list(group_labels("working_group", ["Zebra", "AG A"], t)) == ["AG A", "Zebra"]


def test_an_empty_breakdown_says_so(t: Translator) -> None:
    empty = Breakdown("language", (), ((JAN, None), (FEB, None)), 5)
    fig = participation_figure(empty, t)
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "Keine Daten für diesen Zeitraum"
    assert breakdown_table(empty, t)["Gesamt"].tolist() == ["verborgen", "verborgen"]


def reach() -> Reach:
    return Reach(
        rows=(
            ReachRow("de", 20, 60.6, 50.0, 1.212),
            ReachRow("tr", 6, 18.2, 25.0, 0.727),
            ReachRow("andere", None, None, 10.0, None),
            ReachRow("ru", None, None, None, None),
        ),
        total_reached=33,
        k=5,
        has_population=True,
    )


def test_reach_figure_compares_reached_and_population_shares(t: Translator) -> None:
    fig = reach_figure(reach(), t)
    reached, population = fig.data
    assert list(reached.y) == ["Deutsch", "Türkisch", "andere Sprachen", "Russisch"]
    assert list(reached.x) == [60.6, 18.2, None, None]
    assert list(reached.text) == ["60,6 %", "18,2 %", "", ""]
    assert list(population.x) == [50.0, 25.0, 10.0, None]
    without = Reach(reach().rows[:1], 20, 5, has_population=False)
    assert len(reach_figure(without, t).data) == 1


def test_reach_table(t: Translator) -> None:
    table = reach_table(reach(), t)
    assert list(table.columns) == ["Sprache", "Erreicht", "Anteil an den Erreichten (%)",
                                   "Anteil an der Bevölkerung (%)", "Verhältnis"]  # fmt: skip
    assert table.iloc[0].tolist() == ["Deutsch", 20, 60.6, 50.0, 1.21]
    assert table.iloc[2]["Erreicht"] == "verborgen"


def test_funnel_figure_and_table(t: Translator) -> None:
    steps = [FunnelStep(s, n) for s, n in (("eingereicht", 8), ("veroeffentlicht", 7),
             ("priorisiert", 5), ("massnahme", 3), ("umgesetzt", 1))]  # fmt: skip
    fig = funnel_figure(steps, t)
    assert list(fig.data[0].y) == ["Eingereicht", "Veröffentlicht", "Priorisiert", "Maßnahme",
                                   "Umgesetzt"]  # fmt: skip
    assert list(fig.data[0].x) == [8, 7, 5, 3, 1]
    assert fig.data[0].text[1] == "7 (87,5 %)"
    table = funnel_table(steps, t)
    assert table.iloc[4].tolist() == ["Umgesetzt", 1, 12.5]
    zeros = [FunnelStep(s.stage, 0) for s in steps]
    assert funnel_table(zeros, t)["Anteil an den eingereichten Ideen (%)"].isna().all()
    assert funnel_figure(zeros, t).layout.annotations


def test_growth_figure_and_table(t: Translator) -> None:
    points = [GrowthPoint(date(2026, 1, 31), 4, 3), GrowthPoint(date(2026, 2, 10), 5, 6)]
    fig = growth_figure(points, t)
    assert [trace.name for trace in fig.data] == ["Akteure", "Beziehungen"]
    assert list(fig.data[0].x) == ["31.01.2026", "10.02.2026"]
    assert list(fig.data[1].y) == [3, 6]
    assert growth_table(points, t).iloc[1].tolist() == ["10.02.2026", 5, 6]


def test_figures_have_no_widgets(t: Translator) -> None:
    for fig in (participation_figure(channels(), t), reach_figure(reach(), t),
                growth_figure([GrowthPoint(JAN, 1, 0)], t)):  # fmt: skip
        assert not fig.layout.updatemenus and not fig.layout.sliders
        fig.to_json()  # serialisable for the static export
