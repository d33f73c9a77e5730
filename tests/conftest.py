"""Shared fixtures: a migrated database per test, users of every role, two Quartiere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from quartier.auth import Role, User, passwords
from quartier.auth.accounts import create_user_in
from quartier.quartiers import Quartier, create_quartier_in
from quartier.storage import Database, migrate, open_database

PASSWORD = "Lindenplatz-2026!"
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


#: The hasher the app really uses, kept for the test that checks its cost.
PRODUCTION_HASHER = passwords._HASHER


@pytest.fixture(autouse=True)
def _quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every world hashes several passwords: the same argon2id hashing and checking at
    its smallest cost, a fraction of the time (tests/auth checks the real cost)."""
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )


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
