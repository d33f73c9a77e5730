"""Neighbourhoods (Quartiere): several in one installation, each record belongs to one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quartier.auth.permissions import Action, User, can
from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.storage import Database
from quartier.storage.db import Cursor

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_COLUMNS = "id, slug, name, city, description, office_address, office_hours"


@dataclass(frozen=True)
class Quartier:
    id: int
    slug: str
    name: str
    city: str = ""
    description: str = ""
    office_address: str = ""
    office_hours: str = ""

    @property
    def quartier_id(self) -> int:
        return self.id


def _row(row: tuple[object, ...]) -> Quartier:
    return Quartier(*row)  # type: ignore[arg-type]


def list_quartiers(db: Database) -> list[Quartier]:
    """All Quartiere, by name. Their names and public texts are public."""
    with db.read() as cur:
        rows = cur.execute(f"SELECT {_COLUMNS} FROM quartiers ORDER BY name").fetchall()
    return [_row(r) for r in rows]


def get_quartier(db: Database, slug: str) -> Quartier:
    """The Quartier with ``slug``; NotFoundError if there is none."""
    with db.read() as cur:
        row = cur.execute(f"SELECT {_COLUMNS} FROM quartiers WHERE slug = ?", [slug]).fetchone()
    if row is None:
        raise NotFoundError("errors.quartier_unknown", field="slug", value=slug)
    return _row(row)


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("errors.quartier_name_missing", field="name")
    if len(name) > 80:
        raise ValidationError(
            "errors.text_too_long", field="name", label="field.name", length=len(name), limit=80
        )
    return name


def _check_text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ValidationError(
            "errors.text_too_long",
            field=field,
            label=f"field.{field}",
            length=len(value),
            limit=limit,
        )
    return value


def create_quartier_in(cur: Cursor, slug: str, name: str, city: str = "") -> Quartier:
    """Insert a Quartier inside an open transaction (used by the demo seeder too)."""
    slug = slug.strip().lower()
    if not _SLUG.fullmatch(slug) or len(slug) > 40:
        raise ValidationError("errors.slug_format", field="slug", value=slug)
    name = _check_name(name)
    city = _check_text(city, "city", 80)
    if cur.execute("SELECT 1 FROM quartiers WHERE slug = ?", [slug]).fetchone():
        raise ValidationError("errors.slug_taken", field="slug", value=slug)
    row = cur.execute(
        f"INSERT INTO quartiers (slug, name, city) VALUES (?, ?, ?) RETURNING {_COLUMNS}",
        [slug, name, city],
    ).fetchone()
    assert row is not None
    return _row(row)


def create_quartier(db: Database, by: User, slug: str, name: str, city: str = "") -> Quartier:
    """Create a Quartier. Only admins; the slug (used in links) cannot change later."""
    if not can(by, Action.MANAGE_QUARTIERS):
        raise PermissionDenied("errors.admin_only_quartiers")
    with db.transaction() as cur:
        return create_quartier_in(cur, slug, name, city)


def update_quartier(
    db: Database,
    by: User,
    quartier_id: int,
    *,
    name: str,
    city: str = "",
    description: str = "",
    office_address: str = "",
    office_hours: str = "",
) -> Quartier:
    """Rename a Quartier and update its public texts (the slug stays)."""
    if not can(by, Action.MANAGE_QUARTIERS):
        raise PermissionDenied("errors.admin_only_quartiers")
    values = [
        _check_name(name),
        _check_text(city, "city", 80),
        _check_text(description, "description", 2000),
        _check_text(office_address, "office_address", 200),
        _check_text(office_hours, "office_hours", 200),
    ]
    with db.transaction() as cur:
        # No RETURNING: DuckDB refuses UPDATE ... RETURNING on a row that other tables
        # reference (users, actors), while the plain UPDATE of unindexed columns works.
        cur.execute(
            "UPDATE quartiers SET name = ?, city = ?, description = ?, office_address = ?,"
            " office_hours = ? WHERE id = ?",
            [*values, quartier_id],
        )
        row = cur.execute(
            f"SELECT {_COLUMNS} FROM quartiers WHERE id = ?", [quartier_id]
        ).fetchone()
    if row is None:
        raise NotFoundError("errors.quartier_missing", field="quartier")
    return _row(row)


def quartiers_of(db: Database, user: User) -> list[Quartier]:
    """The Quartiere whose internal data ``user`` may see."""
    return [q for q in list_quartiers(db) if can(user, Action.VIEW_QUARTIER_INTERNAL, q)]
