"""Bad input: every problem is reported in German with its row or element; nothing is
stored. Also: permissions, the report limit, a refusal by the database."""

from __future__ import annotations

import io
import zipfile

import pytest

from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.network import exchange, importing
from quartier.network.checks import BatchRejected
from quartier.network.importing import import_network
from tests.conftest import World
from tests.network.test_exchange import content, counts, seed_network

GRAPHML = '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">{}</graphml>'
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="n1"><data key="name">&lol9;</data></node></graph></graphml>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="&secret;"/></graph></graphml>"""


def rejected(world: World, name: str, data: bytes, quartier_id: int | None = None) -> list[str]:
    """The German report of an import that must fail; asserts that nothing changed."""
    before = counts(world.db), content(world.db, world.nord.id)
    with pytest.raises(BatchRejected) as caught:
        import_network(world.db, world.coordinator, quartier_id or world.nord.id, name, data)
    assert (counts(world.db), content(world.db, world.nord.id)) == before
    assert caught.value.message.startswith("Nichts wurde gespeichert:")
    return caught.value.report()


def zipped(**tables: bytes | str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in tables.items():
            archive.writestr(name.replace("_", ".", 1), data)
    return buffer.getvalue()


# --- ties -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            "Kita Regenbogen;Grundschule am Park;Förderung\n"
            "Kita Regenbogen;Unbekannte Schule;Kooperation\n",
            "beziehungen.csv, Zeile 3: „An“: Einen Akteur „Unbekannte Schule“ gibt es in diesem "
            "Quartier nicht.",
            id="unknown-actor",
        ),
        pytest.param(
            "Kita Regenbogen;kita  regenbogen;Kooperation\n",
            "beziehungen.csv, Zeile 2: Eine Beziehung braucht zwei verschiedene Akteure.",
            id="self-tie",
        ),
        pytest.param(
            "Förderverein Süd;Stadtteilbibliothek;Förderung;;2020-01-01\n"
            "Förderverein Süd;Stadtteilbibliothek;Förderung;;01.06.2021\n",
            "beziehungen.csv, Zeile 3: Diese Beziehung kommt doppelt vor (siehe Zeile 2): gleiche "
            "Akteure, gleiche Art, überlappender Zeitraum.",
            id="duplicate",
        ),
        pytest.param(
            "Stadtteilbibliothek;Kita Regenbogen;Kooperation;2;2020-01-01;2020-12-31\n"
            "kita regenbogen;STADTTEILBIBLIOTHEK;kooperation;3;01.06.2020\n",
            "beziehungen.csv, Zeile 3: Diese Beziehung kommt doppelt vor (siehe Zeile 2)",
            id="reversed",
        ),
        pytest.param(
            "Stadtteilbibliothek;Kita Regenbogen;Kooperation;2;01.06.2020;01.01.2020\n",
            "beziehungen.csv, Zeile 2: Das Ende (01.01.2020) liegt vor dem Beginn (01.06.2020).",
            id="end-before-start",
        ),
        pytest.param(
            "Kita Regenbogen;Grundschule am Park;Kooperation;2;2020-05-01\n",
            "beziehungen.csv, Zeile 2: Zwischen diesen beiden Akteuren ist schon eine Beziehung "
            "dieser Art gespeichert (01.09.2019 bis offen)",
            id="overlaps-stored",
        ),
        pytest.param(
            "Kita Regenbogen;Stadtteilbibliothek;Freundschaft\n",
            "beziehungen.csv, Zeile 2: Die Beziehungsart „Freundschaft“ kennt Quartier nicht.",
            id="tie-type",
        ),
        pytest.param(
            "Kita Regenbogen;Stadtteilbibliothek;Kooperation;5\n",
            "beziehungen.csv, Zeile 2: Die Stärke „5“ ist ungültig.",
            id="strength",
        ),
        pytest.param(
            "Kita Regenbogen;Stadtteilbibliothek;Kooperation;2;31.02.2020\n",
            "beziehungen.csv, Zeile 2: „Beginn“: „31.02.2020“ ist kein gültiges Datum.",
            id="date",
        ),
    ],
)
def test_bad_tie_rows_are_named(world: World, rows: str, expected: str) -> None:
    seed_network(world)
    report = rejected(world, "beziehungen.csv", f"von;an;art;staerke;beginn;ende\n{rows}".encode())
    assert len(report) == 1
    assert report[0].startswith(expected), report


def test_every_problem_is_reported_in_file_order(world: World) -> None:
    actors = (
        "name;typ\n"
        "Kita;Kita\n"  # 2: fine
        ";Schule\n"  # 3: no name
        "KITA;Kita\n"  # 4: twice
        "Sportfreunde;Verein\n"  # 5: unknown type — its ties are not checked again
        "Schule;Schule\n"  # 6: fine
    )
    ties = (
        "von;an;art;staerke;beginn;ende\n"
        "Kita;Schule;Kooperation;2;;\n"  # 2: fine
        "Kita;kita;;;;\n"  # 3: self-tie
        "Kita;Bibliothek;;;;\n"  # 4: unknown actor
        "Schule;Kita;Förderung;2;2021-01-01;2020-01-01\n"  # 5: end before start
        "Sportfreunde;Kita;;;;\n"  # 6: the actor row has the problem
    )
    report = rejected(world, "netz.zip", zipped(beziehungen_csv=ties, akteure_csv=actors))
    assert [line.split(":")[0] for line in report] == [
        "akteure.csv, Zeile 3", "akteure.csv, Zeile 4", "akteure.csv, Zeile 5",
        "beziehungen.csv, Zeile 3", "beziehungen.csv, Zeile 4", "beziehungen.csv, Zeile 5",
    ]  # fmt: skip
    assert report[0].endswith("Bitte geben Sie einen Namen für den Akteur ein (eine Einrichtung "
                              "oder Rolle, keine Privatperson).")  # fmt: skip
    assert "Der Akteur „KITA“ kommt doppelt vor (siehe Zeile 2)." in report[1]
    assert "Die Art „Verein“ kennt Quartier nicht." in report[2]


def test_a_long_report_ends_with_how_many_more(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exchange, "REPORT_LIMIT", 3)
    rows = "".join(f"Kita {i};Kita {i};\n" for i in range(5))
    report = rejected(world, "b.csv", f"von;an;art\n{rows}".encode())
    assert len(report) == 4
    assert report[-1] == (
        "b.csv: … und 2 weitere Probleme. Bitte beheben Sie zuerst die genannten und versuchen "
        "Sie es erneut."
    )


# --- files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        pytest.param("leer.csv", b"", "leer.csv: Die Datei „leer.csv“ ist leer.", id="empty"),
        pytest.param("leer.csv", b"\xef\xbb\xbf\r\n", "leer.csv: Die Datei „leer.csv“ ist leer.",
                     id="only-bom"),
        pytest.param("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
                     "bild.csv: Die Datei „bild.csv“ ist keine Textdatei", id="binary"),
        pytest.param("akteure.xlsx", zipped(xl_workbook_xml="<workbook/>"),
                     "akteure.xlsx: Die Datei „akteure.xlsx“ ist keine Textdatei und damit keine "
                     "CSV-Tabelle. Bitte speichern Sie die Tabelle in Excel mit „Speichern unter“ "
                     "als „CSV UTF-8 (durch Trennzeichen getrennt)“.", id="excel-workbook"),
        pytest.param("seite.csv", b"<!DOCTYPE html><html><body>Hallo</body></html>\n",
                     "seite.csv, Zeile 1: Die Spalten von „seite.csv“ (<!DOCTYPE html><html>"
                     "<body>Hallo</body></html>) passen weder zu einer Akteurs- noch zu einer "
                     "Beziehungstabelle. Erwartet wird für Akteure die Kopfzeile „name;typ;"
                     "handlungsfelder;kontakt_rolle;aktiv_von;aktiv_bis;notizen“", id="html"),
        pytest.param("a.csv", b"Titel;Datum\nFest;01.01.2020\n",
                     "a.csv, Zeile 1: Die Spalten von „a.csv“ (Titel; Datum) passen weder",
                     id="foreign-columns"),
        pytest.param("a.csv", b"Name;Art;Telefon\nKita;Kita;0301234\n",
                     "a.csv, Zeile 1: Unbekannte Spalte(n) „Telefon“. Erwartet wird die Kopfzeile "
                     "„name;typ;handlungsfelder;kontakt_rolle;aktiv_von;aktiv_bis;notizen“.",
                     id="extra-column"),
        pytest.param("b.csv", b"von;art\nKita;Kooperation\n",
                     "b.csv, Zeile 1: Es fehlt die Spalte „an“. Erwartet wird die Kopfzeile "
                     "„von;an;art;staerke;beginn;ende;notizen“.", id="missing-column"),
        pytest.param("a.csv", b"name;Name\nKita;Kita\n",
                     "a.csv, Zeile 1: Die Spalte „name“ kommt mehrfach vor.", id="twice"),
        pytest.param("a.csv", b"name;typ\nKita;Kita;Bildung\n",
                     "a.csv, Zeile 2: Die Zeile hat 3 Zellen, die Kopfzeile aber nur 2 Spalten.",
                     id="row-too-long"),
        pytest.param("x.zip", b"PK\x03\x04kaputt", "x.zip: Die ZIP-Datei „x.zip“ lässt sich "
                     "nicht öffnen", id="broken-zip"),
        pytest.param("x.zip", zipped(liesmich_txt="Hallo"),
                     "x.zip: Die ZIP-Datei „x.zip“ enthält keine CSV-Datei.", id="zip-no-csv"),
        pytest.param("x.zip", zipped(a_csv="name\nA\n", b_csv="name\nB\n"),
                     "b.csv: „b.csv“ ist dieselbe Art von Tabelle wie „a.csv“.", id="zip-twice"),
        pytest.param("kaputt.graphml", GRAPHML.format("<graph><node id='a'></graph>").encode(),
                     "GraphML: Die Datei ist keine gültige GraphML-Datei: mismatched tag: line 1",
                     id="malformed-graphml"),
        pytest.param("typ.graphml", GRAPHML.format(
            '<key id="d0" for="node" attr.name="n" attr.type="int"/><graph edgedefault="directed">'
            '<node id="a"><data key="d0">viele</data></node></graph>').encode(),
                     "GraphML: Die Datei ist keine gültige GraphML-Datei: invalid literal",
                     id="graphml-bad-value"),
        pytest.param("kaputt.gexf", b"<gexf><graph><nodes>",
                     "GEXF: Die Datei ist keine gültige GEXF-Datei: no element found", id="gexf"),
        pytest.param("netz.gexf", b'<gexf xmlns="http://www.gexf.net/1.2draft"/>',
                     "GEXF: Die Datei ist keine gültige GEXF-Datei: No <graph> element",
                     id="gexf-without-graph"),
        pytest.param("seite.xml", b"<html><body/></html>",
                     "GraphML: Die Datei „seite.xml“ ist weder GraphML noch GEXF (sie beginnt mit "
                     "„html“).", id="xml-not-a-graph"),
        pytest.param("bombe.graphml", BILLION_LAUGHS,
                     "GraphML: Die GraphML-Datei enthält Entitäten oder Verweise auf andere "
                     "Dateien, die Quartier aus Sicherheitsgründen nicht liest.",
                     id="billion-laughs"),
        pytest.param("xxe.graphml", EXTERNAL_ENTITY,
                     "GraphML: Die GraphML-Datei enthält Entitäten", id="external-entity"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_with_a_clear_message(
    world: World, name: str, data: bytes, expected: str
) -> None:
    seed_network(world)
    report = rejected(world, name, data)
    assert len(report) == 1, report
    assert report[0].startswith(expected), report


def test_a_huge_graphml_is_refused_before_parsing(world: World) -> None:
    nodes = "".join(f'<node id="n{i}"><data key="name">Akteur {i}</data></node>'
                    for i in range(250_000))  # fmt: skip
    data = GRAPHML.format(f'<graph edgedefault="directed">{nodes}</graph>').encode()
    assert len(data) > exchange.MAX_FILE_BYTES
    report = rejected(world, "riesig.graphml", data)
    size = f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")
    assert report == [
        f"riesig.graphml: Die Datei „riesig.graphml“ ist {size} MB groß; erlaubt sind höchstens "
        "10 MB. Bitte teilen Sie das Netzwerk auf mehrere Dateien auf oder entfernen Sie nicht "
        "benötigte Angaben (etwa Positionen und Farben aus Gephi)."
    ]


def test_a_zip_bomb_member_is_refused(world: World) -> None:
    data = zipped(akteure_csv=b"name\n" + b" " * (exchange.MAX_FILE_BYTES + 10))
    assert len(data) < 100_000
    report = rejected(world, "netz.zip", data)
    assert len(report) == 1 and report[0].startswith(
        "akteure.csv: Die Datei „akteure.csv“ ist 10,0 MB groß; erlaubt sind höchstens 10 MB."
    )


def test_too_many_nodes_and_rows(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exchange, "MAX_ACTORS", 3)
    monkeypatch.setattr(exchange, "MAX_TIES", 2)
    nodes = "".join(f'<node id="n{i}"/>' for i in range(4))
    edges = "".join(f'<edge source="n{i}" target="n{i + 1}"/>' for i in range(3))
    graph = GRAPHML.format(f'<graph edgedefault="directed">{nodes}{edges}</graph>').encode()
    assert rejected(world, "g.graphml", graph) == [
        "GraphML: Die Datei enthält mehr als 3 Akteure; so viele können nicht auf einmal "
        "importiert werden. Bitte teilen Sie die Datei auf.",
        "GraphML: Die Datei enthält mehr als 2 Beziehungen; so viele können nicht auf einmal "
        "importiert werden. Bitte teilen Sie die Datei auf.",
    ]
    rows = "name\n" + "".join(f"A{i}\n" for i in range(4))
    assert rejected(world, "a.csv", rows.encode()) == [
        "a.csv: Die Datei enthält mehr als 3 Akteure; so viele können nicht auf einmal "
        "importiert werden. Bitte teilen Sie die Datei auf."
    ]


def test_graph_problems_name_the_node_or_edge(world: World) -> None:
    data = GRAPHML.format(
        '<key id="t" for="node" attr.name="typ" attr.type="string"/>'
        '<key id="s" for="edge" attr.name="staerke" attr.type="int"/>'
        '<key id="b" for="edge" attr.name="beginn" attr.type="string"/>'
        '<key id="e" for="edge" attr.name="ende" attr.type="string"/>'
        '<graph edgedefault="directed">'
        '<node id="n1"><data key="t">Kita</data></node>'
        '<node id="n2"/>'
        '<node id="n3"><data key="t">Fussballverein</data></node>'
        '<edge id="e9" source="n1" target="n2"><data key="b">2021-01-01</data>'
        '<data key="e">2020-01-01</data></edge>'
        '<edge id="e7" source="n2" target="n1"><data key="s">7</data></edge>'
        '<edge source="n1" target="n1"/>'
        "</graph>"
    ).encode()
    assert rejected(world, "netz.graphml", data) == [
        "GraphML, Knoten „n3“: Die Art „Fussballverein“ kennt Quartier nicht. Bitte wählen Sie "
        "eine dieser Arten: Schule, Kita, Frühe Hilfen, Integrationsbeauftragte*r, Jugendamt, "
        "Wohnungsunternehmen, Stadt, Träger, Moscheegemeinde, Kirchengemeinde, Sportverein, "
        "Migrantenselbstorganisation, Stadtteilbibliothek, Bewohnerinitiative, Jobcenter, "
        "Polizei (Bezirksdienst), Förderer, Andere.",
        "GraphML, Kante „e9“: Das Ende (01.01.2020) liegt vor dem Beginn (01.01.2021). Bitte "
        "prüfen Sie die beiden Daten.",
        "GraphML, Kante „e7“: Die Stärke „7“ ist ungültig. Bitte geben Sie 1 (schwach), 2 (mittel) "
        "oder 3 (stark) an.",
        "GraphML, Kante „n1 → n1“: Eine Beziehung braucht zwei verschiedene Akteure. Bitte wählen "
        "Sie als Ziel einen anderen Akteur.",
    ]


# --- encodings and separators ---------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("name;typ;notizen\nFörderverein Süd;Förderer;5 €\n".encode("cp1252"),
                     id="excel-cp1252"),
        pytest.param("name;typ;notizen\nFörderverein Süd;Förderer;5 €\n".encode("utf-8-sig"),
                     id="utf8-bom"),
        pytest.param("name,typ,notizen\r\nFörderverein Süd,foerderer,5 €\r\n".encode(),
                     id="utf8-commas"),
        pytest.param("Name\tTyp\tNotizen\nFörderverein Süd\tFÖRDERER\t5 €\n".encode(),
                     id="tabs"),
        pytest.param('\ufeff"name";"typ";"notizen"\n"Förderverein Süd";"Förderer";"5 €"\n\n'
                     .encode(), id="quoted"),
    ],
)  # fmt: skip
def test_encodings_and_separators(world: World, data: bytes) -> None:
    result = import_network(world.db, world.coordinator, world.nord.id, "akteure.csv", data)
    assert result.actors_added == 1
    actors, _ = content(world.db, world.nord.id)
    assert actors == [("Förderverein Süd", "foerderer", [], "", None, None, "5 €")]


def test_latin1_umlauts_in_ties(world: World) -> None:
    seed_network(world)
    data = "von;an;art\nFörderverein Süd;Stadtteilbibliothek;Förderung\n".encode("latin-1")
    result = import_network(world.db, world.coordinator, world.nord.id, "beziehungen.csv", data)
    assert result.ties_added == 1


def test_commas_inside_quoted_cells(world: World) -> None:
    data = 'name,typ,handlungsfelder\n"Kita, Süd",Kita,"Bildung, Gesundheit"\n'.encode()
    import_network(world.db, world.coordinator, world.nord.id, "a.csv", data)
    actors, _ = content(world.db, world.nord.id)
    assert actors[0][:3] == ("Kita, Süd", "kita", ["bildung", "gesundheit"])


def test_header_only_imports_nothing(world: World) -> None:
    result = import_network(world.db, world.coordinator, world.nord.id, "a.csv", b"name;typ\n")
    assert (result.actors_added, result.ties_added) == (0, 0)


# --- who and where --------------------------------------------------------------------------


def test_only_the_coordination_of_the_quartier_may_import(world: World) -> None:
    data = b"name;typ\nKita;Kita\n"
    for user in (world.member, world.coordinator_sued):
        with pytest.raises(PermissionDenied):
            import_network(world.db, user, world.nord.id, "a.csv", data)
    assert counts(world.db) == (0, 0, 0)
    import_network(world.db, world.admin, world.nord.id, "a.csv", data)
    assert counts(world.db) == (1, 0, 0)


def test_an_unknown_quartier(world: World) -> None:
    with pytest.raises(NotFoundError):
        import_network(world.db, None, 999, "a.csv", b"name\nKita\n")


def test_a_refusal_by_the_database_rolls_everything_back(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_network(world)
    before = counts(world.db), content(world.db, world.nord.id)

    def refuse(*args: object) -> None:
        raise ValidationError("errors.actor_name_missing", field="name")

    monkeypatch.setattr(importing, "update_actor_in", refuse)
    data = b"name;kontakt_rolle\nNeu;\nKita Regenbogen;Leitung und Stellvertretung\n"
    with pytest.raises(BatchRejected) as caught:
        import_network(world.db, world.coordinator, world.nord.id, "akteure.csv", data)
    assert caught.value.report() == [
        "akteure.csv, Zeile 3: Bitte geben Sie einen Namen für den Akteur ein (eine Einrichtung "
        "oder Rolle, keine Privatperson)."
    ]
    assert (counts(world.db), content(world.db, world.nord.id)) == before


def test_an_actor_update_that_breaks_the_active_period(world: World) -> None:
    seed_network(world)  # Kita Regenbogen is active until 31.07.2024
    data = b"name;aktiv_von\nKita Regenbogen;01.01.2025\n"
    assert rejected(world, "akteure.csv", data) == [
        "akteure.csv, Zeile 2: „Aktiv bis“ liegt vor „Aktiv seit“. Bitte prüfen Sie die beiden "
        "Daten."
    ]


def test_english_report(world: World) -> None:
    with pytest.raises(BatchRejected) as caught:
        import_network(world.db, None, world.nord.id, "b.csv", b"von;an\nA;A\n")
    assert caught.value.report("en") == [
        "b.csv, row 2: “From”: there is no actor “A” in this Quartier. Please check the spelling "
        "or add the actor first (when importing, a row in the actors table is enough)."
    ]
