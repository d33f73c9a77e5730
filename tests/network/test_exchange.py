"""Export as CSV (ZIP), GraphML and GEXF; read back with networkx; round trips."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import networkx as nx
import pytest

from quartier.network.actors import insert_actor_in
from quartier.network.exchange import (
    ACTOR_FILE,
    ACTOR_HEADER,
    TIE_FILE,
    TIE_HEADER,
    export_filename,
    export_network,
    read_network_file,
)
from quartier.network.importing import import_network
from quartier.network.model import ActorDraft, ActorType, FieldOfAction, TieDraft, TieType
from quartier.network.ties import insert_tie_in
from quartier.storage import Database
from tests.conftest import World

A, T, F = ActorType, TieType, FieldOfAction

#: A small network with what can go wrong in a file: umlauts, HTML, formula-like text,
#: open and closed periods, directed and undirected ties, a tie that ended and began
#: again, an actor without ties.
ACTORS = [
    ActorDraft("Förderverein Süd", A.FUNDER, (F.EDUCATION, F.HEALTH), "Vorstand",
               date(2019, 1, 1), None, "=1+1 ist keine Formel"),
    ActorDraft("Grundschule am Park", A.SCHOOL, (F.CHILDREN_YOUTH,), "Schulsozialarbeit"),
    ActorDraft("Kita Regenbogen", A.KITA, (), "Leitung", None, date(2024, 7, 31)),
    ActorDraft("<b>Moscheegemeinde</b>", A.MOSQUE, (F.INTERCULTURAL,), notes="Zeile 1\nZeile 2"),
    ActorDraft("@Jugendtreff; Nord", A.RESIDENT_INITIATIVE, (F.NEIGHBOURHOOD, F.CHILDREN_YOUTH)),
    ActorDraft("Stadtteilbibliothek", A.LIBRARY),
]  # fmt: skip
TIES = [
    ("Förderverein Süd", "Grundschule am Park", T.FUNDING, 3, date(2020, 1, 1),
     date(2022, 12, 31), "Bücherkisten"),
    ("Grundschule am Park", "Kita Regenbogen", T.COOPERATION, 2, date(2019, 9, 1), None, ""),
    ("Kita Regenbogen", "Förderverein Süd", T.MEMBERSHIP, 1, None, None, "-Beitrag"),
    ("Grundschule am Park", "<b>Moscheegemeinde</b>", T.REFERRAL, 2, date(2021, 3, 1), None, ""),
    ("Grundschule am Park", "Kita Regenbogen", T.CONTRACT, 3, date(2021, 1, 1),
     date(2023, 12, 31), ""),
    ("<b>Moscheegemeinde</b>", "@Jugendtreff; Nord", T.COOPERATION, 1, date(2018, 1, 1),
     date(2019, 12, 31), ""),
    ("@Jugendtreff; Nord", "<b>Moscheegemeinde</b>", T.COOPERATION, 2, date(2021, 1, 1), None,
     "wieder aufgenommen"),
]  # fmt: skip
FORMATS = ["csv", "graphml", "gexf"]


def seed_network(world: World) -> dict[str, int]:
    """The small network in Quartier Nord; actor ids by name."""
    ids: dict[str, int] = {}
    with world.db.transaction() as cur:
        for draft in ACTORS:
            ids[draft.name] = insert_actor_in(cur, world.nord.id, draft, world.coordinator.id).id
        for source, target, kind, strength, start, end, notes in TIES:
            insert_tie_in(cur, world.nord.id, TieDraft(
                ids[source], ids[target], kind, strength, start, end, notes),
                world.coordinator.id)  # fmt: skip
    return ids


Rows = list[tuple[object, ...]]


def content(db: Database, quartier_id: int) -> tuple[Rows, Rows]:
    """Actors and ties of a Quartier, by name, without ids and timestamps."""
    with db.read() as cur:
        actors = cur.execute(
            "SELECT a.name, a.actor_type, coalesce((SELECT list(f.field ORDER BY f.field)"
            " FROM actor_fields f WHERE f.actor_id = a.id), []), a.contact_role, a.active_from,"
            " a.active_to, a.notes FROM actors a WHERE a.quartier_id = ? ORDER BY a.name",
            [quartier_id],
        ).fetchall()
        ties = cur.execute(
            "SELECT s.name, t2.name, t.tie_type, t.strength, t.starts_on, t.ends_on, t.notes"
            " FROM ties t JOIN actors s ON s.id = t.source_id JOIN actors t2 ON t2.id = t.target_id"
            " WHERE t.quartier_id = ? ORDER BY ALL",
            [quartier_id],
        ).fetchall()
    return actors, ties


def counts(db: Database) -> tuple[int, int, int]:
    """Rows in actors, actor_fields and ties (all Quartiere)."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT (SELECT count(*) FROM actors), (SELECT count(*) FROM actor_fields),"
            " (SELECT count(*) FROM ties)"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def file_name(fmt: str) -> str:
    return export_filename("nord", fmt)  # type: ignore[arg-type]


def zip_tables(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def csv_rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def file_content(fmt: str, data: bytes) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    """What an export says, by actor name, read with csv or networkx's own readers."""
    if fmt == "csv":
        tables = zip_tables(data)
        actors = {tuple(r) for r in csv_rows(tables[ACTOR_FILE])[1:]}
        ties = {tuple(r) for r in csv_rows(tables[TIE_FILE])[1:]}
        return actors, ties
    if fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    else:
        graph = nx.read_gexf(io.BytesIO(data))
    names = {n: d["name"] for n, d in graph.nodes(data=True)}
    node_keys = ("name", "typ", "handlungsfelder", "kontakt_rolle", "aktiv_von", "aktiv_bis",
                 "notizen")  # fmt: skip
    edge_keys = ("art", "staerke", "beginn", "ende", "notizen")
    actors = {tuple(d[k] for k in node_keys) for _, d in graph.nodes(data=True)}
    ties = {(names[u], names[v], *(d[k] for k in edge_keys)) for u, v, d in graph.edges(data=True)}
    return actors, ties


def test_csv_export_is_a_zip_for_german_excel(world: World) -> None:
    seed_network(world)
    tables = zip_tables(export_network(world.db, world.nord.id, "csv"))
    assert sorted(tables) == [ACTOR_FILE, TIE_FILE]
    for raw in tables.values():
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    actors = csv_rows(tables[ACTOR_FILE])
    assert actors[0] == list(ACTOR_HEADER)
    assert tables[ACTOR_FILE].decode("utf-8-sig").splitlines()[0] == ";".join(ACTOR_HEADER)
    by_name = {row[0]: row for row in actors[1:]}
    assert by_name["Förderverein Süd"] == [
        "Förderverein Süd", "Förderer", "Bildung|Gesundheit", "Vorstand", "2019-01-01", "",
        "'=1+1 ist keine Formel",
    ]  # fmt: skip
    assert by_name["Kita Regenbogen"][1:] == ["Kita", "", "Leitung", "", "2024-07-31", ""]
    # HTML stays literal text; a leading @ is neutralised, the separator is quoted.
    assert "<b>Moscheegemeinde</b>" in by_name
    assert by_name["<b>Moscheegemeinde</b>"][6] == "Zeile 1\nZeile 2"
    assert "'@Jugendtreff; Nord" in by_name
    ties = csv_rows(tables[TIE_FILE])
    assert ties[0] == list(TIE_HEADER)
    assert ["Förderverein Süd", "Grundschule am Park", "Förderung", "3", "2020-01-01",
            "2022-12-31", "Bücherkisten"] in ties  # fmt: skip
    assert ["Kita Regenbogen", "Förderverein Süd", "Mitgliedschaft", "1", "", "",
            "'-Beitrag"] in ties  # fmt: skip
    assert ["Grundschule am Park", "<b>Moscheegemeinde</b>", "Vermittlung/Weiterleitung", "2",
            "2021-03-01", "", ""] in ties  # fmt: skip


def test_graphml_reads_back_with_networkx_and_every_attribute(world: World) -> None:
    ids = seed_network(world)
    graph = nx.read_graphml(io.BytesIO(export_network(world.db, world.nord.id, "graphml")))
    assert graph.is_directed() and graph.is_multigraph()
    assert graph.number_of_nodes() == len(ACTORS) and graph.number_of_edges() == len(TIES)
    node = graph.nodes[f"a{ids['Förderverein Süd']}"]
    assert node == {
        "label": "Förderverein Süd", "name": "Förderverein Süd", "typ": "foerderer",
        "handlungsfelder": "bildung|gesundheit", "kontakt_rolle": "Vorstand",
        "aktiv_von": "2019-01-01", "aktiv_bis": "", "notizen": "=1+1 ist keine Formel",
    }  # fmt: skip
    edges = graph.get_edge_data(f"a{ids['Förderverein Süd']}", f"a{ids['Grundschule am Park']}")
    ((key, edge),) = edges.items()
    assert key.startswith("t")
    assert edge == {"art": "foerderung", "staerke": 3, "weight": 3.0, "beginn": "2020-01-01",
                    "ende": "2022-12-31", "notizen": "Bücherkisten"}  # fmt: skip
    assert isinstance(edge["staerke"], int)


def test_gexf_reads_back_with_labels_for_gephi(world: World) -> None:
    ids = seed_network(world)
    data = export_network(world.db, world.nord.id, "gexf")
    graph = nx.read_gexf(io.BytesIO(data))
    assert graph.number_of_nodes() == len(ACTORS) and graph.number_of_edges() == len(TIES)
    node = graph.nodes[f"a{ids['Kita Regenbogen']}"]
    assert node["label"] == node["name"] == "Kita Regenbogen"
    assert (node["typ"], node["aktiv_bis"], node["kontakt_rolle"]) == ("kita", "2024-07-31",
                                                                       "Leitung")  # fmt: skip
    edges = graph.get_edge_data(f"a{ids['Kita Regenbogen']}", f"a{ids['Förderverein Süd']}")
    (edge,) = edges.values()
    assert (edge["art"], edge["staerke"], edge["weight"]) == ("mitgliedschaft", 1, 1.0)
    assert b'label="&lt;b&gt;Moscheegemeinde&lt;/b&gt;"' in data


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_into_an_empty_quartier(world: World, fmt: str) -> None:
    seed_network(world)
    first = export_network(world.db, world.nord.id, fmt)  # type: ignore[arg-type]
    result = import_network(world.db, world.coordinator_sued, world.sued.id, file_name(fmt), first)
    assert (result.actors_added, result.ties_added) == (len(ACTORS), len(TIES))
    assert (result.actors_updated, result.ties_unchanged) == (0, 0)
    assert content(world.db, world.sued.id) == content(world.db, world.nord.id)
    second = export_network(world.db, world.sued.id, fmt)  # type: ignore[arg-type]
    assert file_content(fmt, second) == file_content(fmt, first)


@pytest.mark.parametrize("fmt", FORMATS)
def test_reimporting_an_export_changes_nothing(world: World, fmt: str) -> None:
    seed_network(world)
    before = content(world.db, world.nord.id), counts(world.db)
    data = export_network(world.db, world.nord.id, fmt)  # type: ignore[arg-type]
    result = import_network(world.db, world.coordinator, world.nord.id, file_name(fmt), data)
    assert result.actors_unchanged == len(ACTORS) and result.ties_unchanged == len(TIES)
    assert (result.actors_added, result.actors_updated, result.ties_added,
            result.ties_updated) == (0, 0, 0, 0)  # fmt: skip
    assert (content(world.db, world.nord.id), counts(world.db)) == before


def test_each_csv_table_alone(world: World) -> None:
    seed_network(world)
    tables = zip_tables(export_network(world.db, world.nord.id, "csv"))
    actors_only = read_network_file(ACTOR_FILE, tables[ACTOR_FILE])
    assert [a.draft.name for a in actors_only.actors][:2] == ["<b>Moscheegemeinde</b>",
                                                              "@Jugendtreff; Nord"]  # fmt: skip
    assert actors_only.ties == []
    ties_only = read_network_file("irgendwas.csv", tables[TIE_FILE])  # told by its header
    assert ties_only.actors == [] and len(ties_only.ties) == len(TIES)
    assert [t.place.row for t in ties_only.ties] == list(range(2, 2 + len(TIES)))
    result = import_network(world.db, world.coordinator_sued, world.sued.id, ACTOR_FILE,
                            tables[ACTOR_FILE])  # fmt: skip
    assert (result.actors_added, result.ties_added) == (len(ACTORS), 0)
    result = import_network(world.db, world.coordinator_sued, world.sued.id, TIE_FILE,
                            tables[TIE_FILE])  # fmt: skip
    assert (result.actors_unchanged, result.ties_added) == (0, len(TIES))
    assert content(world.db, world.sued.id) == content(world.db, world.nord.id)


def test_formulas_and_html_are_stored_literally_and_neutralised_only_in_csv(world: World) -> None:
    rows = 'name;typ;notizen\n=HYPERLINK("http://x");Andere;+49 30 1234\n<script>x</script>;;\n'
    import_network(world.db, world.coordinator, world.nord.id, "a.csv", rows.encode())
    actors, _ = content(world.db, world.nord.id)
    assert [(a[0], a[6]) for a in actors] == [
        ("<script>x</script>", ""), ('=HYPERLINK("http://x")', "+49 30 1234"),
    ]  # fmt: skip
    exported = csv_rows(zip_tables(export_network(world.db, world.nord.id, "csv"))[ACTOR_FILE])
    assert exported[2][0] == '\'=HYPERLINK("http://x")' and exported[2][6] == "'+49 30 1234"
    graph = nx.read_graphml(io.BytesIO(export_network(world.db, world.nord.id, "graphml")))
    assert {d["name"] for d in graph.nodes.values()} == {"<script>x</script>",
                                                          '=HYPERLINK("http://x")'}  # fmt: skip


def test_control_characters_do_not_break_the_xml(world: World) -> None:
    with world.db.transaction() as cur:
        insert_actor_in(cur, world.nord.id, ActorDraft("Kita\x07 Nord", A.KITA, notes="a\x01b"))
    for fmt in ("graphml", "gexf"):
        data = export_network(world.db, world.nord.id, fmt)  # type: ignore[arg-type]
        parsed = read_network_file(file_name(fmt), data)
        assert [(a.draft.name, a.draft.notes) for a in parsed.actors] == [("Kita Nord", "ab")]


def test_an_empty_quartier_exports_empty_files(world: World) -> None:
    for fmt in FORMATS:
        data = export_network(world.db, world.sued.id, fmt)  # type: ignore[arg-type]
        assert file_content(fmt, data) == (set(), set())


def test_gephi_graphml_without_our_attributes(world: World) -> None:
    """Gephi writes labels and weights only: type "andere", Kooperation of strength 2."""
    ids = seed_network(world)
    gephi = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key attr.name="label" attr.type="string" for="node" id="label"/>
  <key attr.name="Weight" attr.type="double" for="edge" id="weight"/>
  <key attr.name="x" attr.type="float" for="node" id="x"/>
  <graph edgedefault="undirected">
    <node id="0"><data key="label">Kita Sonnenschein</data><data key="x">12.5</data></node>
    <node id="1"><data key="label">grundschule AM park</data></node>
    <node id="2"/>
    <edge source="0" target="1"><data key="weight">1.0</data></edge>
    <edge id="e7" source="1" target="2"/>
  </graph>
</graphml>"""
    result = import_network(world.db, world.coordinator, world.nord.id, "gephi.graphml", gephi)
    assert (result.actors_added, result.actors_updated, result.ties_added) == (2, 1, 2)
    actors, ties = content(world.db, world.nord.id)
    by_name = {a[0]: a for a in actors}
    assert by_name["Kita Sonnenschein"][1:] == ("andere", [], "", None, None, "")
    assert by_name["2"][1] == "andere"  # a node without label is named by its id
    # A matched actor keeps what the file does not say; only the spelling follows the file.
    assert "Grundschule am Park" not in by_name
    assert by_name["grundschule AM park"][1:4] == ("schule", ["kinder_jugend"],
                                                   "Schulsozialarbeit")  # fmt: skip
    assert ("Kita Sonnenschein", "grundschule AM park", "kooperation", 2, None, None, "") in ties
    assert ("grundschule AM park", "2", "kooperation", 2, None, None, "") in ties
    assert len(actors) == len(ACTORS) + 2 and len(ties) == len(TIES) + 2
    with world.db.read() as cur:
        row = cur.execute("SELECT id FROM actors WHERE name = 'grundschule AM park'").fetchone()
    assert row == (ids["Grundschule am Park"],)


def test_gexf_13_from_gephi(world: World) -> None:
    gexf = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="directed">
    <attributes class="node"><attribute id="typ" title="typ" type="string"/></attributes>
    <nodes>
      <node id="n1" label="Jobcenter Mitte"><attvalues><attvalue for="typ" value="Jobcenter"/>
      </attvalues></node>
      <node id="n2" label="Förderverein Süd"/>
    </nodes>
    <edges><edge id="e1" source="n2" target="n1" weight="3.0"/></edges>
  </graph>
</gexf>""".encode()
    result = import_network(world.db, world.coordinator, world.nord.id, "netz.gexf", gexf)
    assert (result.actors_added, result.ties_added) == (2, 1)
    actors, ties = content(world.db, world.nord.id)
    assert [(a[0], a[1]) for a in actors] == [("Förderverein Süd", "andere"),
                                              ("Jobcenter Mitte", "jobcenter")]  # fmt: skip
    assert ties == [("Förderverein Süd", "Jobcenter Mitte", "kooperation", 2, None, None, "")]


def test_an_edited_csv_updates_ties_and_actors(world: World) -> None:
    seed_network(world)
    tables = zip_tables(export_network(world.db, world.nord.id, "csv"))
    ties = csv_rows(tables[TIE_FILE])
    for row in ties:
        if row[:3] == ["Grundschule am Park", "Kita Regenbogen", "Kooperation"]:
            row[3], row[5] = "3", "31.12.2025"  # stronger, and it ended
    ties.append(["Kita Regenbogen", "Stadtteilbibliothek", "Kooperation", "", "01.01.2026", "",
                 ""])  # fmt: skip
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(ties)
    actors = "name;kontakt_rolle\nKITA REGENBOGEN;Kita-Leitung\nNeue Initiative;\n"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("akteure.csv", actors)
        out.writestr("beziehungen.csv", buffer.getvalue().encode("utf-8-sig"))
    result = import_network(world.db, world.coordinator, world.nord.id, "x.zip",
                            archive.getvalue())  # fmt: skip
    assert (result.actors_added, result.actors_updated, result.actors_unchanged) == (1, 1, 0)
    assert (result.ties_added, result.ties_updated, result.ties_unchanged) == (1, 1, 6)
    actors_now, ties_now = content(world.db, world.nord.id)
    kita = next(a for a in actors_now if a[0] == "KITA REGENBOGEN")
    assert kita[1:] == ("kita", [], "Kita-Leitung", None, date(2024, 7, 31), "")
    assert ("Grundschule am Park", "KITA REGENBOGEN", "kooperation", 3, date(2019, 9, 1),
            date(2025, 12, 31), "") in ties_now  # fmt: skip
    assert ("KITA REGENBOGEN", "Stadtteilbibliothek", "kooperation", 2, date(2026, 1, 1), None,
            "") in ties_now  # fmt: skip


def test_who_entered_an_import(world: World) -> None:
    data = b"von;an\nKita;Schule\n"
    actors = b"name;typ\nKita;Kita\nSchule;Schule\n"
    import_network(world.db, world.coordinator, world.nord.id, "akteure.csv", actors)
    import_network(world.db, None, world.nord.id, "beziehungen.csv", data)
    with world.db.read() as cur:
        assert cur.execute("SELECT DISTINCT created_by FROM actors").fetchall() == [
            (world.coordinator.id,)
        ]
        assert cur.execute("SELECT created_by FROM ties").fetchall() == [(None,)]
