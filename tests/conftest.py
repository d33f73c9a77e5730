"""Shared fixtures: a migrated database per test, users of every role, two Quartiere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from quartier.auth import Role, User
from quartier.auth.accounts import create_user_in
from quartier.quartiers import Quartier, create_quartier_in
from quartier.storage import Database, migrate, open_database

PASSWORD = "Lindenplatz-2026!"
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database file under tmp_path."""
    database = open_database(tmp_path / "test.duckdb")
    migrate(database)
    yield database
    database.close()


@dataclass(frozen=True)
class World:
    """Two Quartiere (nord, sued) and one account of each role, per Quartier."""

    db: Database
    nord: Quartier
    sued: Quartier
    admin: User
    coordinator: User
    member: User
    coordinator_sued: User


def build_world(db: Database) -> World:
    with db.transaction() as cur:
        nord = create_quartier_in(cur, "nord", "Quartier Nord", "Musterstadt")
        sued = create_quartier_in(cur, "sued", "Quartier Süd", "Musterstadt")
        admin = create_user_in(cur, "admin", PASSWORD, Role.ADMIN, "Ada Admin")
        coordinator = create_user_in(
            cur, "koordination", PASSWORD, Role.COORDINATOR, "Kim Koordination", [nord.id]
        )
        member = create_user_in(cur, "mitglied", PASSWORD, Role.MEMBER, "Mo Mitglied", [nord.id])
        coordinator_sued = create_user_in(
            cur, "koordination-sued", PASSWORD, Role.COORDINATOR, "Sam Süd", [sued.id]
        )
    return World(db, nord, sued, admin, coordinator, member, coordinator_sued)


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)
