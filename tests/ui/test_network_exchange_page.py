"""Akteure & Beziehungen, "Import & Export": a file is imported through the uploader all or
nothing (a German report names every bad row), and the downloads hold the network."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import networkx as nx
from streamlit.testing.v1 import AppTest

from quartier.i18n import DISPLAY_TZ
from quartier.network.actions import create_actor, create_tie
from quartier.network.actors import list_actors
from quartier.network.model import ActorDraft, ActorType, TieDraft, TieType
from quartier.network.ties import list_ties
from quartier.ui.actors_ui import AREA
from quartier.ui.components import plain
from tests.conftest import World
from tests.ui.conftest import DE, AppFactory, Download, button, errors, successes, values

PAGE = "pages/actors.py"
ACTORS_CSV = (
    "name;typ;handlungsfelder;kontakt_rolle;aktiv_von;aktiv_bis;notizen\n"
    "Kita Regenbogen;Kita;Bildung|Kinder und Jugend;Leitung;01.08.2019;;\n"
    "Grundschule am Park;Schule;Bildung;Schulsozialarbeit;;;\n"
    "Bürgerverein Nord;Bewohnerinitiative;;;;;\n"
)


def exchange_tab(app_as: AppFactory, world: World) -> AppTest:
    at = app_as(world.coordinator, page=PAGE)
    at.session_state[AREA] = DE("actors.tab.exchange")
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    [uploader] = at.file_uploader
    assert set(uploader.allowed_type) >= {".csv", ".zip", ".graphml", ".gexf"}
    uploader.set_value((name, data, "text/csv"))
    at.run()
    button(at, DE("exchange.import")).click().run()
    assert not at.exception, at.exception
    return at


def report_lines(at: AppTest) -> list[str]:
    lists = [m for m in values(at.markdown) if m.startswith("- ") and "Zeile" in m]
    assert len(lists) == 1, values(at.markdown)
    return lists[0].split("\n")


def test_the_help_names_the_csv_columns(app_world: World, app_as: AppFactory) -> None:
    at = exchange_tab(app_as, app_world)
    shown = "\n".join(values(at.markdown))
    assert "`name; typ; handlungsfelder; kontakt_rolle; aktiv_von; aktiv_bis; notizen`" in shown
    assert "`von; an; art; staerke; beginn; ende; notizen`" in shown
    assert DE("exchange.import_help") in values(at.markdown)


def test_a_coordinator_imports_actors_then_ties_from_csv_files(
    app_world: World, app_as: AppFactory
) -> None:
    at = upload(exchange_tab(app_as, app_world), "akteure.csv", ACTORS_CSV.encode("utf-8-sig"))
    assert errors(at) == []
    [message] = successes(at)
    assert message == DE("exchange.imported", name=plain("akteure.csv"), actors_added=3,
                         actors_updated=0, actors_unchanged=0, ties_added=0, ties_updated=0,
                         ties_unchanged=0)  # fmt: skip
    stored = {a.name: a for a in list_actors(app_world.db, app_world.nord.id)}
    assert set(stored) == {"Kita Regenbogen", "Grundschule am Park", "Bürgerverein Nord"}
    assert stored["Kita Regenbogen"].active_from == date(2019, 8, 1)
    assert not at.file_uploader[0].value  # the uploader starts empty again

    ties = (
        "von;an;art;staerke;beginn\nBürgerverein Nord;Grundschule am Park;Förderung;3;01.03.2021\n"
    )
    at = upload(at, "beziehungen.csv", ties.encode("cp1252"))  # as Excel saves it
    assert errors(at) == []
    [tie] = list_ties(app_world.db, app_world.nord.id)
    assert (tie.strength, tie.starts_on, tie.tie_type) == (3, date(2021, 3, 1), TieType.FUNDING)
    assert (tie.source_id, tie.target_id) == (
        stored["Bürgerverein Nord"].id, stored["Grundschule am Park"].id,
    )  # fmt: skip


def test_a_bad_file_is_refused_with_every_row_named(app_world: World, app_as: AppFactory) -> None:
    create_actor(app_world.db, app_world.coordinator, app_world.nord.id,
                 ActorDraft("Kita Regenbogen", ActorType.KITA))  # fmt: skip
    ties = (
        "von;an;art;staerke;beginn;ende\n"
        "Kita Regenbogen;Kita Regenbogen;Kooperation;2;;\n"
        "Kita Regenbogen;Unbekannte Schule;Kooperation;2;;\n"
        "Kita Regenbogen;Kita Regenbogen;Förderung;7;2022-01-01;2021-01-01\n"
    )
    at = upload(exchange_tab(app_as, app_world), "beziehungen.csv", ties.encode("utf-8"))

    [summary] = errors(at)
    assert summary.startswith(DE("errors.network_batch_rejected", count=3)[:20])
    lines = report_lines(at)
    source = plain("beziehungen.csv")  # Markdown-escaped like every value in the report
    assert [line.split(":")[0] for line in lines] == [
        f"- {source}, Zeile 2", f"- {source}, Zeile 3", f"- {source}, Zeile 4",
    ]  # fmt: skip
    assert "Unbekannte Schule" in lines[1]
    assert list_ties(app_world.db, app_world.nord.id) == []
    assert successes(at) == []


def test_a_broken_graph_file_is_refused(app_world: World, app_as: AppFactory) -> None:
    at = upload(exchange_tab(app_as, app_world), "netz.graphml", b"<graphml><graph><node id=")
    assert len(errors(at)) == 1
    assert list_actors(app_world.db, app_world.nord.id) == []


def test_the_downloads_hold_the_network_and_import_again_unchanged(
    app_world: World, app_as: AppFactory, downloads: dict[str, Download]
) -> None:
    w = app_world
    kita = create_actor(w.db, w.coordinator, w.nord.id, ActorDraft("Kita Regenbogen",
                                                                  ActorType.KITA))  # fmt: skip
    school = create_actor(w.db, w.coordinator, w.nord.id,
                          ActorDraft("Grundschule <am> Park", ActorType.SCHOOL))  # fmt: skip
    create_tie(w.db, w.coordinator, w.nord.id, TieDraft(kita.id, school.id, TieType.FUNDING))
    at = exchange_tab(app_as, w)
    day = datetime.now(DISPLAY_TZ).date().isoformat()
    assert [b.label for b in at.download_button] == [
        DE("exchange.download.graphml"), DE("exchange.download.gexf"), DE("exchange.download.csv"),
    ]  # fmt: skip
    files = {
        d.name: d.data
        for b in at.download_button
        for d in [downloads[b.proto.url.rsplit("/", 1)[-1].split(".")[0]]]
    }
    assert set(files) == {f"netzwerk-nord-{day}.{ext}" for ext in ("graphml", "gexf", "zip")}

    graphml = nx.read_graphml(io.BytesIO(files[f"netzwerk-nord-{day}.graphml"]))
    assert sorted(n["label"] for n in graphml.nodes.values()) == [
        "Grundschule <am> Park", "Kita Regenbogen",
    ]  # fmt: skip
    gexf = nx.read_gexf(io.BytesIO(files[f"netzwerk-nord-{day}.gexf"]))
    assert graphml.number_of_edges() == gexf.number_of_edges() == 1
    with zipfile.ZipFile(io.BytesIO(files[f"netzwerk-nord-{day}.zip"])) as archive:
        actors = archive.read("akteure.csv").decode("utf-8-sig")
    assert "Kita Regenbogen" in actors and "Grundschule <am> Park" in actors

    at = upload(at, f"netzwerk-nord-{day}.zip", files[f"netzwerk-nord-{day}.zip"])
    assert successes(at) == [
        DE("exchange.imported", name=plain(f"netzwerk-nord-{day}.zip"), actors_added=0,
           actors_updated=0, actors_unchanged=2, ties_added=0, ties_updated=0, ties_unchanged=1)
    ]  # fmt: skip
    assert len(list_ties(w.db, w.nord.id)) == 1


def test_the_other_quartiers_export_is_empty(
    app_world: World, app_as: AppFactory, downloads: dict[str, Download]
) -> None:
    create_actor(app_world.db, app_world.coordinator, app_world.nord.id,
                 ActorDraft("Kita Regenbogen", ActorType.KITA))  # fmt: skip
    at = app_as(app_world.coordinator_sued, page=PAGE)
    at.session_state[AREA] = DE("actors.tab.exchange")
    at.run()
    assert len(at.download_button) == 3
    assert not any(b"Regenbogen" in d.data for d in downloads.values())
