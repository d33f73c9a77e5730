import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quartier import demo
from quartier.auth import sessions
from quartier.cli import main
from quartier.storage import open_database
from quartier.storage.db import close_shared
from tests.conftest import PASSWORD


@pytest.fixture
def dbfile(tmp_path):
    return tmp_path / "data" / "q.duckdb"


def run(capsys, *args, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def count(path, sql):
    db = open_database(path)
    try:
        with db.read() as cur:
            return cur.execute(sql).fetchone()[0]
    finally:
        db.close()


def test_init_creates_and_is_idempotent(capsys, dbfile):
    code, out, _ = run(capsys, "init", "--db", dbfile)
    assert code == 0 and "Datenbank bereit" in out and dbfile.exists()
    assert run(capsys, "init", "--db", dbfile)[0] == 0


def test_create_admin_reads_password_from_stdin(capsys, monkeypatch, dbfile):
    code, out, _ = run(capsys, "create-admin", "chefin", "--db", dbfile, stdin=PASSWORD + "\n",
                       monkeypatch=monkeypatch)  # fmt: skip
    assert code == 0 and "„chefin“ angelegt" in out
    db = open_database(dbfile)
    try:
        assert sessions.log_in(db, "chefin", PASSWORD, client="cli").user.role == "admin"
    finally:
        db.close()


def test_create_admin_refuses_weak_password_and_stores_nothing(capsys, monkeypatch, dbfile):
    code, out, err = run(capsys, "create-admin", "chefin", "--db", dbfile, stdin="kurz\n",
                         monkeypatch=monkeypatch)  # fmt: skip
    assert code == 1 and out == ""
    assert "Das Passwort ist zu kurz" in err and "mindestens 12 Zeichen" in err
    assert count(dbfile, "SELECT count(*) FROM users") == 0


def test_demo_prints_accounts_and_refuses_twice(capsys, dbfile):
    code, out, err = run(capsys, "demo", "--db", dbfile)
    assert code == 0 and "Musterviertel" in err
    lines = [line.split(" ") for line in out.strip().splitlines()]
    assert [(role, name) for role, name, _ in lines] == [(r.value, u) for r, u, _ in demo.ACCOUNTS]
    db = open_database(dbfile)
    try:
        for _, name, password in lines:
            assert sessions.log_in(db, name, password, client="cli").user.username == name
    finally:
        db.close()
    code, out, err = run(capsys, "demo", "--db", dbfile)
    assert code == 1 and out == "" and "schon geladen" in err
    assert count(dbfile, "SELECT count(*) FROM quartiers") == 1


def test_backup_and_restore_give_identical_data(capsys, dbfile, tmp_path):
    run(capsys, "demo", "--db", dbfile)
    backup = tmp_path / "sicherung.duckdb"
    code, out, _ = run(capsys, "backup", backup, "--db", dbfile)
    assert code == 0 and "Sicherung geschrieben" in out
    before = dump(dbfile)
    db = open_database(dbfile)
    with db.transaction() as cur:
        cur.execute("UPDATE actors SET name = 'Überschrieben ' || id")
    db.close()
    assert dump(dbfile) != before
    code, out, _ = run(capsys, "restore", backup, "--db", dbfile)
    assert code == 0 and "Wiederhergestellt" in out and "bisherige Datenbank" in out
    assert dump(dbfile) == before
    kept = list(dbfile.parent.glob("q.vor-wiederherstellung-*.duckdb"))
    assert len(kept) == 1
    assert count(kept[0], "SELECT count(*) FROM actors WHERE name LIKE 'Überschrieben%'") > 0


def test_backup_refuses_existing_target(capsys, dbfile, tmp_path):
    target = tmp_path / "schon-da.duckdb"
    target.write_text("wichtig")
    code, _, err = run(capsys, "backup", target, "--db", dbfile)
    assert code == 1 and "gibt es schon" in err and target.read_text() == "wichtig"


@pytest.mark.parametrize("content", ["kein backup", None])
def test_restore_of_a_non_backup_is_refused_and_data_untouched(capsys, dbfile, tmp_path, content):
    run(capsys, "demo", "--db", dbfile)
    before = dump(dbfile)
    bogus = tmp_path / "bogus.duckdb"
    if content is None:  # a DuckDB file, but not ours
        import duckdb

        duckdb.connect(str(bogus)).execute("CREATE TABLE t (x INT)").close()
    else:
        bogus.write_text(content)
    code, out, err = run(capsys, "restore", bogus, "--db", dbfile)
    assert code == 1 and out == ""
    assert "keine Sicherung von Quartier" in err and "bleibt unverändert" in err
    assert dump(dbfile) == before


def test_commands_refuse_a_locked_database_in_german(capsys, dbfile, tmp_path):
    run(capsys, "init", "--db", dbfile)
    backup = tmp_path / "gut.duckdb"
    run(capsys, "backup", backup, "--db", dbfile)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,sys; c=duckdb.connect({str(dbfile)!r}); "
         "print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        for args in (
            ["demo"],
            ["backup", tmp_path / "b.duckdb"],
            ["restore", backup],
            ["restore", dbfile],
        ):
            code, _, err = run(capsys, *args, "--db", dbfile)
            assert code == 1, args
            assert "wird gerade von einem anderen Programm benutzt" in err
            assert "Traceback" not in err
    finally:
        holder.communicate("")


def test_help_in_german_and_english(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert "Kommandozeile für die Administration" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    out = capsys.readouterr().out
    assert "Command line for administering Quartier" in out and "create-admin" in out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "backup", "--help"])
    assert "write a complete backup" in capsys.readouterr().out


def test_console_script_is_installed(tmp_path):
    script = Path(sys.executable).parent / "quartier"
    assert script.exists()
    env = {**os.environ, "QUARTIER_DB": str(tmp_path / "env.duckdb")}
    result = subprocess.run([str(script), "init"], capture_output=True, text=True, env=env)
    assert result.returncode == 0 and str(tmp_path / "env.duckdb") in result.stdout


def dump(path):
    close_shared()
    db = open_database(path)
    try:
        with db.read() as cur:
            names = [r[0] for r in cur.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
            ).fetchall()]  # fmt: skip
            return {
                n: sorted(map(repr, cur.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names
            }
    finally:
        db.close()
