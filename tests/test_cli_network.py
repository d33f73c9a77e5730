"""``quartier network export|import``: files out, files in, every problem on stderr."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from quartier.cli import main
from quartier.network.actors import insert_actor_in
from quartier.network.model import TieDraft
from quartier.network.ties import insert_tie_in
from quartier.quartiers import create_quartier_in
from quartier.storage import migrate, open_database
from tests.network.test_exchange import ACTORS, TIES
from tests.test_cli_survey import query, run


def network_of(path: Path, slug: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    actors = query(
        path,
        "SELECT a.name, a.actor_type, a.contact_role, a.active_from, a.active_to, a.notes,"
        " coalesce((SELECT list(f.field ORDER BY f.field) FROM actor_fields f"
        " WHERE f.actor_id = a.id), []) FROM actors a JOIN quartiers q ON q.id = a.quartier_id"
        " WHERE q.slug = ? ORDER BY a.name",
        [slug],
    )
    ties = query(
        path,
        "SELECT s.name, t2.name, t.tie_type, t.strength, t.starts_on, t.ends_on, t.notes,"
        " t.created_by FROM ties t JOIN actors s ON s.id = t.source_id"
        " JOIN actors t2 ON t2.id = t.target_id JOIN quartiers q ON q.id = t.quartier_id"
        " WHERE q.slug = ? ORDER BY ALL",
        [slug],
    )
    return actors, ties


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    """Quartier "nord" with the small test network and an empty Quartier "sued"."""
    path = tmp_path / "q.duckdb"
    db = open_database(path)
    try:
        migrate(db)
        with db.transaction() as cur:
            nord = create_quartier_in(cur, "nord", "Quartier Nord", "Musterstadt")
            create_quartier_in(cur, "sued", "Quartier Süd", "Musterstadt")
            ids = {d.name: insert_actor_in(cur, nord.id, d).id for d in ACTORS}
            for source, target, kind, strength, start, end, notes in TIES:
                draft = TieDraft(ids[source], ids[target], kind, strength, start, end, notes)
                insert_tie_in(cur, nord.id, draft)
    finally:
        db.close()
    return path


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_export_then_import_into_another_quartier(
    capsys: pytest.CaptureFixture[str], dbfile: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"netz.{'zip' if fmt == 'csv' else fmt}"
    code, out, err = run(capsys, "network", "export", "--quartier", "nord", "--format", fmt,
                         "--out", target, "--db", dbfile)  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (
        f"Netzwerk mit {len(ACTORS)} Akteuren und {len(TIES)} Beziehungen nach {target} "
        "geschrieben.\n"
    )
    if fmt == "csv":
        assert sorted(zipfile.ZipFile(target).namelist()) == ["akteure.csv", "beziehungen.csv"]
    else:
        reader = nx.read_gexf if fmt == "gexf" else nx.read_graphml
        graph = reader(io.BytesIO(target.read_bytes()))
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(ACTORS), len(TIES))

    code, out, err = run(capsys, "network", "import", target, "--quartier", "sued",
                         "--db", dbfile)  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (
        f"Import in „Quartier Süd“ abgeschlossen: {len(ACTORS)} Akteure neu, 0 geändert, "
        f"0 unverändert; {len(TIES)} Beziehungen neu, 0 geändert, 0 unverändert.\n"
    )
    assert network_of(dbfile, "sued") == network_of(dbfile, "nord")
    assert {t[-1] for t in network_of(dbfile, "sued")[1]} == {None}  # entered by nobody

    code, out, _ = run(capsys, "network", "import", target, "--quartier", "sued", "--db", dbfile)
    assert code == 0 and f"0 Akteure neu, 0 geändert, {len(ACTORS)} unverändert" in out


def test_a_failing_import_prints_every_problem_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], dbfile: Path, tmp_path: Path
) -> None:
    path = tmp_path / "beziehungen.csv"
    path.write_bytes(
        "von;an;art;staerke;beginn;ende\n"
        "Kita Regenbogen;Stadtteilbibliothek;Kooperation;2;;\n"
        "Kita Regenbogen;Unbekannt;Kooperation;2;;\n"
        "Stadtteilbibliothek;stadtteilbibliothek;;;;\n"
        "Stadtteilbibliothek;Kita Regenbogen;Kooperation;;2021-01-01;2020-01-01\n"
        "Kita Regenbogen;Stadtteilbibliothek;Kooperation;2;;\n".encode("cp1252")
    )
    before = network_of(dbfile, "nord")
    code, out, err = run(capsys, "network", "import", path, "--quartier", "nord", "--db", dbfile)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "beziehungen.csv, Zeile 3", "beziehungen.csv, Zeile 4", "beziehungen.csv, Zeile 5",
        "beziehungen.csv, Zeile 6",
    ]  # fmt: skip
    assert "Einen Akteur „Unbekannt“ gibt es in diesem Quartier nicht." in lines[0]
    assert "Diese Beziehung kommt doppelt vor (siehe Zeile 2)" in lines[3]
    assert lines[-1] == (
        "Fehler: Nichts wurde gespeichert: 4 Problem(e) gefunden. Bitte korrigieren Sie die "
        "genannten Zeilen und versuchen Sie es erneut."
    )
    assert "Traceback" not in err
    assert network_of(dbfile, "nord") == before


def test_english_output(capsys: pytest.CaptureFixture[str], dbfile: Path, tmp_path: Path) -> None:
    target = tmp_path / "netz.gexf"
    code, out, _ = run(capsys, "network", "export", "--quartier", "nord", "--format", "gexf",
                       "--out", target, "--lang", "en", "--db", dbfile)  # fmt: skip
    assert code == 0 and out.startswith(f"Network with {len(ACTORS)} actors")
    bad = tmp_path / "b.csv"
    bad.write_text("von;an\nA;B\n", encoding="utf-8")
    code, out, err = run(capsys, "network", "import", bad, "--quartier", "nord", "--lang", "en",
                         "--db", dbfile)  # fmt: skip
    assert code == 1 and out == ""
    assert err.splitlines()[0] == (
        "b.csv, row 2: “From”: there is no actor “A” in this Quartier. Please check the spelling "
        "or add the actor first (when importing, a row in the actors table is enough)."
    )


def test_unknown_quartier(capsys: pytest.CaptureFixture[str], dbfile: Path, tmp_path: Path) -> None:
    for args in (("export", "--format", "csv", "--out", tmp_path / "x.zip"),
                 ("import", tmp_path / "x.zip")):  # fmt: skip
        (tmp_path / "x.zip").write_bytes(b"")
        code, out, err = run(capsys, "network", *args, "--quartier", "west", "--db", dbfile)
        assert code == 1 and out == ""
        assert err == "Fehler: Es gibt kein Quartier mit der Kennung „west“.\n"


def test_unwritable_target_and_unreadable_source(
    capsys: pytest.CaptureFixture[str], dbfile: Path, tmp_path: Path
) -> None:
    target = tmp_path / "fehlt" / "netz.graphml"
    code, out, err = run(capsys, "network", "export", "--quartier", "nord", "--format",
                         "graphml", "--out", target, "--db", dbfile)  # fmt: skip
    assert code == 1 and out == ""
    assert err.startswith(f"Fehler: In {target} kann nicht geschrieben werden.")
    missing = tmp_path / "gibt-es-nicht.csv"
    code, out, err = run(capsys, "network", "import", missing, "--quartier", "nord",
                         "--db", dbfile)  # fmt: skip
    assert code == 1 and out == ""
    assert err == (
        f"Fehler: Die Datei {missing} lässt sich nicht lesen. Bitte prüfen Sie Pfad und "
        "Zugriffsrechte.\n"
    )


def test_wrong_usage_exits_with_2(capsys: pytest.CaptureFixture[str], dbfile: Path,
                                  tmp_path: Path) -> None:  # fmt: skip
    for args in (["network", "export", "--quartier", "nord", "--format", "json", "--out",
                  str(tmp_path / "x")],
                 ["network", "import", "x.csv"],
                 ["network"]):  # fmt: skip
        with pytest.raises(SystemExit) as done:
            main([*args, "--db", str(dbfile)] if len(args) > 1 else args)
        assert done.value.code == 2
    assert "json" in capsys.readouterr().err


def test_help_lists_the_network_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["network", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "export" in out and "import" in out
