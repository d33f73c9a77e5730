"""A coordinator of one Quartier never sees another Quartier's data."""

import pytest

from quartier.errors import PermissionDenied
from quartier.network import ActorType, add_actor_in
from quartier.overview import internal_overview
from quartier.quartiers import quartiers_of


@pytest.fixture
def actors(world):
    with world.db.transaction() as cur:
        add_actor_in(cur, world.nord.id, "Kita Nord", ActorType.KITA)
        add_actor_in(cur, world.sued.id, "Kita Süd", ActorType.KITA)
    return world


def test_coordinator_sees_only_own_quartier(actors):
    w = actors
    assert [q.slug for q in quartiers_of(w.db, w.coordinator)] == ["nord"]
    overview = internal_overview(w.db, w.coordinator, w.nord)
    assert [a.name for a in overview.actors] == ["Kita Nord"]
    assert "koordination-sued" not in {m.username for m in overview.team}
    with pytest.raises(PermissionDenied):
        internal_overview(w.db, w.coordinator, w.sued)
    with pytest.raises(PermissionDenied):
        internal_overview(w.db, w.coordinator_sued, w.nord)


def test_member_sees_own_and_admin_sees_all(actors):
    w = actors
    assert [q.slug for q in quartiers_of(w.db, w.member)] == ["nord"]
    assert {q.slug for q in quartiers_of(w.db, w.admin)} == {"nord", "sued"}
    assert [a.name for a in internal_overview(w.db, w.admin, w.sued).actors] == ["Kita Süd"]


def test_every_domain_table_belongs_to_a_quartier(db):
    """New domain tables must carry quartier_id (accounts and login tables excepted)."""
    infrastructure = {
        "app_meta", "schema_migrations", "quartiers", "users", "user_quartiers",
        "user_identities", "auth_sessions", "login_handoffs", "login_attempts",
    }  # fmt: skip
    with db.read() as cur:
        rows = cur.execute(
            "SELECT table_name, list(column_name) FROM duckdb_columns()"
            " WHERE NOT internal AND schema_name = 'main' GROUP BY table_name"
        ).fetchall()
    missing = [t for t, cols in rows if t not in infrastructure and "quartier_id" not in cols]
    assert missing == []
