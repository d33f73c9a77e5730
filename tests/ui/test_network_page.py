"""Akteursnetzwerk: coordinators see their Quartier's network as of a date, filter it,
look at one actor's ego network, read the metrics and what changed; nobody else sees it.

The network of Quartier Nord (two triangles joined by the "Quartiersbüro"):

    Grundschule ─ Kita ─ Quartiersbüro ─ Sportverein ─ Moscheegemeinde   Bücherei
          └────────────────┘        └──────────────────────┘             (no ties)

Jugendamt (active until 31.12.2023) was tied to the Kita from 2020 to 30.06.2023. Ties to
the Sportverein and the Moscheegemeinde began in 2023, so on 01.06.2022 the network had
seven actors and five ties; today it has six actors and six ties.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from quartier.i18n import translator
from quartier.ideas.groups import add_member, create_group
from quartier.network.actions import create_actor, create_tie
from quartier.network.model import ActorDraft, ActorType, TieDraft, TieType
from tests.conftest import World
from tests.ui.conftest import DE, AppFactory, frames, titles, visible_texts

PAGE = "pages/network.py"
BROKER = "Quartiersbüro <b>Nord</b>"
SUMMARY = re.compile(r"\*\*(\d+) Akteure?, (\d+) Beziehung(?:en)? am (\d\d\.\d\d\.\d{4})")
T = ActorType


@pytest.fixture
def network(app_world: World) -> dict[str, int]:
    """Nord's network (see the module docstring); returns the actor ids by short name."""
    db, user, nord = app_world.db, app_world.coordinator, app_world.nord.id
    actors = {
        "schule": ActorDraft("Grundschule Am Park", T.SCHOOL),
        "kita": ActorDraft("Kita Sonnenschein", T.KITA),
        "buero": ActorDraft(BROKER, T.PROVIDER),
        "sport": ActorDraft("Sportverein Nord", T.SPORTS_CLUB),
        "moschee": ActorDraft("Moscheegemeinde", T.MOSQUE),
        "bibliothek": ActorDraft("Bücherei am Markt", T.LIBRARY),
        "jugendamt": ActorDraft("Jugendamt", T.YOUTH_OFFICE, active_from=date(2019, 1, 1),
                                active_to=date(2023, 12, 31)),
    }  # fmt: skip
    ids = {short: create_actor(db, user, nord, draft).id for short, draft in actors.items()}
    ties = [
        ("schule", "kita", TieType.COOPERATION, date(2020, 1, 1), None),
        ("schule", "buero", TieType.COOPERATION, date(2020, 6, 1), None),
        ("kita", "buero", TieType.CONTRACT, date(2021, 1, 1), None),
        ("buero", "sport", TieType.COOPERATION, date(2023, 3, 1), None),
        ("buero", "moschee", TieType.FUNDING, date(2023, 9, 1), None),
        ("sport", "moschee", TieType.MEMBERSHIP, date(2022, 1, 1), None),
        ("kita", "jugendamt", TieType.REFERRAL, date(2020, 1, 1), date(2023, 6, 30)),
    ]
    for source, target, kind, starts, ends in ties:
        draft = TieDraft(ids[source], ids[target], kind, 2, starts, ends)
        create_tie(db, user, nord, draft)
    group = create_group(db, user, nord, "Bildung im Quartier")
    add_member(db, user, group.id, app_world.member.id, actor_id=ids["schule"])
    return ids


def open_page(app_as: AppFactory, world: World, role: str = "coordinator") -> AppTest:
    at = app_as(getattr(world, role), page=PAGE)
    assert not at.exception, at.exception
    return at


def counts(at: AppTest) -> tuple[int, int, str]:
    """(actors, ties, date) of the summary line above the graph."""
    found = [m for node in at.markdown if (m := SUMMARY.search(str(node.value)))]
    assert len(found) == 1, [str(node.value) for node in at.markdown]
    return int(found[0][1]), int(found[0][2]), found[0][3]


def graph(at: AppTest) -> dict[str, Any]:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return dict(json.loads(charts[0].proto.spec))


def array(value: Any) -> list[Any]:
    """A trace attribute as a list: plotly sends numeric arrays as base64 typed arrays."""
    if isinstance(value, dict) and "bdata" in value:
        return list(np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]))
    return list(value)


def edge_count(figure: dict[str, Any]) -> int:
    """Edges are line traces with a None after every segment."""
    lines = [tr for tr in figure["data"] if tr.get("mode") == "lines"]
    return sum(array(tr["x"]).count(None) for tr in lines)


def node_ids(figure: dict[str, Any]) -> set[int]:
    return {int(i) for tr in figure["data"] if "markers" in tr.get("mode", "")
            for i in array(tr["customdata"])}  # fmt: skip


def key(world: World, name: str) -> str:
    return f"network_{world.nord.id}_{name}"


def markdown_texts(at: AppTest) -> list[str]:
    return [str(node.value) for node in at.markdown]


def today_text() -> str:
    return translator("de").date(date.today())


# --- what the coordinator sees -----------------------------------------------------------------


def test_coordinator_sees_the_network_of_today(app_as, app_world, network):
    at = open_page(app_as, app_world)
    assert titles(at) == [DE("network.title")] == ["Akteurs\u00adnetzwerk"]
    assert counts(at) == (6, 6, today_text())
    figure = graph(at)
    assert edge_count(figure) == 6
    assert node_ids(figure) == set(network.values()) - {network["jugendamt"]}
    captions = [str(c.value) for c in at.caption]
    assert any(c.startswith("Datenstand: zuletzt eingetragen am ") for c in captions)
    assert any("Gesprächsanlässe, keine Rangliste" in c for c in captions)
    assert not at.error and not at.warning


def test_moving_the_slider_back_shows_the_network_of_that_day(app_as, app_world, network):
    at = open_page(app_as, app_world)
    today_positions = positions_by_id(graph(at))
    at.slider(key=key(app_world, "day")).set_value(date(2022, 6, 1)).run()
    assert counts(at) == (7, 5, "01.06.2022")
    figure = graph(at)
    assert edge_count(figure) == 5
    assert network["jugendamt"] in node_ids(figure)
    then = positions_by_id(figure)
    shared = then.keys() & today_positions.keys()
    assert len(shared) == 6
    assert all(then[i] == today_positions[i] for i in shared)  # nodes stay in place


def positions_by_id(figure: dict[str, Any]) -> dict[int, tuple[float, float]]:
    return {
        int(i): (x, y)
        for tr in figure["data"]
        if "markers" in tr.get("mode", "")
        for i, x, y in zip(array(tr["customdata"]), array(tr["x"]), array(tr["y"]), strict=True)
    }


def test_actor_type_filter_narrows_the_graph(app_as, app_world, network):
    at = open_page(app_as, app_world)
    at.multiselect(key=key(app_world, "types")).set_value([T.SCHOOL, T.KITA]).run()
    assert counts(at) == (2, 1, today_text())
    assert "(gefiltert)" in markdown_texts(at)[0]
    assert node_ids(graph(at)) == {network["schule"], network["kita"]}
    # The metrics follow the view: the two are tied, nobody is isolated.
    assert "Bücherei am Markt" not in " ".join(markdown_texts(at))


@pytest.mark.parametrize(("depth", "expected"), [(1, ("buero", "sport", "moschee")),
                                                 (2, ("buero", "sport", "moschee", "schule",
                                                      "kita"))])  # fmt: skip
def test_ego_view_shows_only_the_neighbours(app_as, app_world, network, depth, expected):
    at = open_page(app_as, app_world)
    at.selectbox(key=key(app_world, "ego")).set_value(network["sport"]).run()
    at.radio(key=key(app_world, "depth")).set_value(depth).run()
    assert node_ids(graph(at)) == {network[n] for n in expected}
    assert counts(at)[:2] == (len(expected), 3 if depth == 1 else 6)


def test_group_filter_keeps_the_members_actors(app_as, app_world, network):
    at = open_page(app_as, app_world)
    groups = at.multiselect(key=key(app_world, "groups"))
    assert groups.options == ["Bildung im Quartier"]
    groups.set_value([_only_group_id(app_world)]).run()
    assert node_ids(graph(at)) == {network["schule"]}


def _only_group_id(world: World) -> int:
    with world.db.read() as cur:
        row = cur.execute("SELECT id FROM working_groups WHERE quartier_id = ?",
                          [world.nord.id]).fetchone()  # fmt: skip
    assert row is not None
    return int(row[0])


def test_size_by_changes_the_node_sizes(app_as, app_world, network):
    at = open_page(app_as, app_world)
    sizes = node_sizes(graph(at))
    at.selectbox(key=key(app_world, "size")).set_value("betweenness").run()
    by_betweenness = node_sizes(graph(at))
    assert by_betweenness[network["buero"]] == max(by_betweenness.values())
    assert by_betweenness != sizes
    assert at.selectbox(key=key(app_world, "size")).options == [
        "Verbindungen", "Gewichtete Verbindungen", "Vermittlerrolle (Betweenness)"]  # fmt: skip


def node_sizes(figure: dict[str, Any]) -> dict[int, float]:
    return {
        int(i): float(s)
        for tr in figure["data"]
        if "markers" in tr.get("mode", "")
        for i, s in zip(array(tr["customdata"]), array(tr["marker"]["size"]), strict=True)
    }


def test_metrics_name_the_broker_and_the_isolate(app_as, app_world, network):
    at = open_page(app_as, app_world)
    texts = markdown_texts(at)
    heading = "**Einzelne Knotenpunkte: Wer hält Teile des Netzwerks zusammen?**"
    assert texts[texts.index(heading) + 1] == r"Quartiersbüro \<b\>Nord\</b\>"
    isolates = texts.index("**Ohne Verbindung: Wen erreicht niemand?**")
    assert texts[isolates + 1] == "Bücherei am Markt"
    tables = frames(at)
    centrality = tables[0].to_dict("records")
    assert centrality[0]["Akteur"] == BROKER  # a table cell: shown literally
    assert centrality[0]["Verbindungen"] == 4
    assert centrality[0]["Vermittlerrolle (Betweenness)"] == pytest.approx(0.4)
    assert [r["Akteur"] for r in centrality][-1] == "Bücherei am Markt"
    # Only the Grundschule sits in a working group: the Kita's type is missing, not the school's.
    missing = texts[texts.index("**Wer fehlt?**") + 1].split(", ")
    assert "Kita" in missing and "Schule" not in missing and "Andere" not in missing
    assert "Gruppe 1 (3):" in " ".join(texts)
    metrics = {str(m.label): str(m.value) for m in at.metric}
    assert metrics["Ohne Verbindung"] == "1"
    assert metrics["Einzelne Knotenpunkte"] == "1"
    assert metrics["Getrennte Teile"] == "2"
    assert metrics["Dichte"] == "40 %"  # 6 of 15 pairs


def test_changes_list_new_and_ended_ties(app_as, app_world, network):
    at = open_page(app_as, app_world)
    today = date.today()
    at.date_input(key=key(app_world, f"since_{today}")).set_value(date(2023, 1, 1))
    at.date_input(key=key(app_world, f"until_{today}")).set_value(date(2024, 1, 31)).run()
    texts = markdown_texts(at)
    assert "**Neue Beziehungen (2)**" in texts
    assert "**Beendete Beziehungen (1)**" in texts
    assert "**Nicht mehr aktive Akteure (1)**" in texts
    tables = [f.to_dict("records") for f in frames(at)]
    new = next(t for t in tables if t and "Beziehung" in t[0] and t[0]["Datum"] == date(2023, 3, 1))
    assert [(r["Beziehung"], r["Art"]) for r in new] == [
        (f"{BROKER} – Sportverein Nord", "Kooperation"),
        (f"{BROKER} – Moscheegemeinde", "Förderung"),
    ]
    ended = next(t for t in tables if t and t[0].get("Datum") == date(2023, 6, 30))
    assert ended == [{"Beziehung": "Kita Sonnenschein – Jugendamt",
                      "Art": "Vermittlung/Weiterleitung", "Datum": date(2023, 6, 30)}]  # fmt: skip


def test_changes_say_honestly_when_nothing_changed(app_as, app_world, network):
    at = open_page(app_as, app_world)
    today = date.today()
    at.date_input(key=key(app_world, f"since_{today}")).set_value(date(2024, 2, 1))
    at.date_input(key=key(app_world, f"until_{today}")).set_value(date(2024, 3, 1)).run()
    assert any("Zwischen dem 01.02.2024 und dem 01.03.2024" in str(i.value) for i in at.info)
    at.date_input(key=key(app_world, f"since_{today}")).set_value(date(2024, 4, 1)).run()
    assert [str(w.value) for w in at.warning] == [DE("network.since_after_until")]


def test_tables_can_be_downloaded(app_as, app_world, network):
    at = open_page(app_as, app_world)
    downloads = at.get("download_button")
    assert len(downloads) >= 1
    assert {d.proto.label for d in downloads} == {"Als CSV herunterladen"}


# --- empty states and who may see it -----------------------------------------------------------


def test_empty_quartier_points_to_the_actors_page(app_as, app_world):
    at = open_page(app_as, app_world)
    assert [str(i.value) for i in at.info] == [DE("network.no_actors")]
    links = at.get("page_link")
    assert [link.proto.label for link in links] == ["Akteure & Beziehungen"]
    assert not at.get("plotly_chart")


def test_coordinator_of_another_quartier_sees_none_of_nords_actors(app_as, app_world, network):
    at = open_page(app_as, app_world, "coordinator_sued")
    assert [str(i.value) for i in at.info] == [DE("network.no_actors")]
    shown = " ".join(visible_texts(at))
    assert "Grundschule" not in shown and "Quartiersbüro" not in shown


def test_admin_chooses_the_quartier(app_as, app_world, network):
    at = open_page(app_as, app_world, "admin")
    assert counts(at)[:2] == (6, 6)
    at.selectbox(key="network_quartier").set_value(app_world.sued.id).run()
    assert [str(i.value) for i in at.info] == [DE("network.no_actors")]


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_others_cannot_open_the_page(app_as, app_world, role):
    at = app_as(None if role == "anonymous" else app_world.member)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_page_in_english(app_as, app_world, network):
    at = app_as(app_world.coordinator, page=PAGE, lang="en")
    assert not at.exception
    assert any(re.search(r"6 actors, 6 ties on ", str(m.value)) for m in at.markdown)
    labels = [str(label) for label in at.multiselect(key=key(app_world, "types")).options]
    assert "Day-care centre" in labels


def test_names_with_markup_show_literally(app_as, app_world, network):
    at = open_page(app_as, app_world)
    assert BROKER in at.selectbox(key=key(app_world, "ego")).options  # option labels: plain text
    escaped = r"Quartiersbüro \<b\>Nord\</b\>"
    assert any(escaped in text for text in markdown_texts(at))
    assert not any("<b>" in text for text in markdown_texts(at))
    cells = [str(v) for frame in frames(at) for v in frame.to_numpy().ravel()]
    assert BROKER in cells
