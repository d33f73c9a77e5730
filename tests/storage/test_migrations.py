import subprocess
import sys
from pathlib import Path

import pytest

from quartier.errors import DatabaseUnavailable
from quartier.storage import migrate, open_database
from quartier.storage.migrations import Migration, load_migrations, schema_version


def tables(db):
    with db.read() as cur:
        return {r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_migrations_from_empty_create_schema_and_records(tmp_path):
    db = open_database(tmp_path / "q.duckdb")
    applied = migrate(db)
    assert applied == [f"{m.version:04d}_{m.name}" for m in load_migrations()]
    assert {"quartiers", "users", "auth_sessions", "actors", "schema_migrations"} <= tables(db)
    assert schema_version(db) == max(m.version for m in load_migrations())


def test_running_migrations_twice_changes_nothing(db):
    before = tables(db)
    with db.read() as cur:
        records = cur.execute("SELECT version, name, applied_at FROM schema_migrations").fetchall()
    assert migrate(db) == []
    with db.read() as cur:
        assert (
            cur.execute("SELECT version, name, applied_at FROM schema_migrations").fetchall()
            == records
        )
    assert tables(db) == before


def test_failing_migration_rolls_back_schema_and_record(db):
    good = Migration(900, "good", "CREATE TABLE good_one (x INTEGER);")
    bad = Migration(901, "bad", "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;")
    with pytest.raises(Exception, match="no_such_table"):
        migrate(db, [good, bad])
    assert "good_one" in tables(db)
    assert "half_done" not in tables(db)
    with db.read() as cur:
        versions = {r[0] for r in cur.execute("SELECT version FROM schema_migrations").fetchall()}
    assert 900 in versions and 901 not in versions


def test_migration_files_are_numbered_and_unique():
    migrations = load_migrations()
    assert [m.version for m in migrations] == sorted({m.version for m in migrations})


def test_database_locked_by_another_process_gets_german_message(tmp_path):
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,sys; c=duckdb.connect({str(path)!r}); "
         "print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseUnavailable) as err:
            open_database(path)
        assert err.value.code == "db_locked"
        assert "wird gerade von einem anderen Programm benutzt" in err.value.message
        assert str(holder.pid) in err.value.message
    finally:
        holder.communicate("")


def test_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("Einkaufsliste: Milch, Brot\n" * 200)
    with pytest.raises(DatabaseUnavailable) as err:
        open_database(path)
    assert err.value.code == "db_corrupt"
    assert "keine Quartier-Datenbank" in err.value.message
    assert path.read_text().startswith("Einkaufsliste")


def test_unwritable_location_is_refused(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable) as err:
        open_database(Path(blocker) / "sub" / "q.duckdb")
    assert err.value.code == "db_cannot_open"
    assert "kann nicht geöffnet oder angelegt werden" in err.value.message


def test_transaction_rolls_back_on_error(db):
    with pytest.raises(RuntimeError), db.transaction() as cur:
        cur.execute("INSERT INTO app_meta VALUES ('probe', 'x')")
        raise RuntimeError("boom")
    with db.read() as cur:
        assert cur.execute("SELECT count(*) FROM app_meta WHERE key = 'probe'").fetchone()[0] == 0


def test_0004_moves_fields_of_action_into_rows_even_for_referenced_actors(tmp_path):
    """A database from before the network issue keeps its actors' fields of action, and
    an actor a working-group member stands for can then get new fields (the old list
    column could not be updated once referenced)."""
    from quartier.network.actions import update_actor  # noqa: PLC0415
    from quartier.network.actors import get_actor_in  # noqa: PLC0415
    from quartier.network.model import ActorDraft, ActorType, FieldOfAction  # noqa: PLC0415

    db = open_database(tmp_path / "old.duckdb")
    older = [m for m in load_migrations() if m.version < 4]
    migrate(db, older)
    with db.transaction() as cur:
        cur.execute("INSERT INTO quartiers (id, slug, name, city) VALUES (1, 'nord', 'Nord', 'M')")
        cur.execute(
            "INSERT INTO users (id, username, password_hash, role, display_name)"
            " VALUES (1, 'koordination', 'x', 'admin', 'K')"
        )
        cur.execute(
            "INSERT INTO actors (id, quartier_id, name, actor_type, fields_of_action)"
            " VALUES (5, 1, 'Kita Regenbogen', 'kita', ['kinder_jugend', 'bildung'])"
        )
        cur.execute("INSERT INTO working_groups (id, quartier_id, name) VALUES (1, 1, 'AG')")
        cur.execute(
            "INSERT INTO working_group_members (quartier_id, group_id, user_id, actor_id)"
            " VALUES (1, 1, 1, 5)"
        )
    assert "0004_network" in migrate(db)
    with db.read() as cur:
        actor = get_actor_in(cur, 5)
        admin = cur.execute("SELECT id FROM users").fetchone()
    assert actor is not None and admin is not None
    assert set(actor.fields_of_action) == {FieldOfAction.CHILDREN_YOUTH, FieldOfAction.EDUCATION}
    from quartier.auth import Role, User  # noqa: PLC0415

    user = User(1, "koordination", "K", Role.ADMIN)
    draft = ActorDraft("Kita Regenbogen", ActorType.KITA, (FieldOfAction.HEALTH,))
    assert update_actor(db, user, 5, draft).fields_of_action == (FieldOfAction.HEALTH,)
