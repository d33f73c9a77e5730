"""Actors of a Quartier: organisations and roles, never private persons.

This module grows into the actor network (ties, metrics, layout). For now it holds
the actors themselves, which the demo neighbourhood and the start page use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from quartier.errors import ValidationError
from quartier.storage import Database
from quartier.storage.db import Cursor


class ActorType(StrEnum):
    """Mirrors the CHECK constraint on ``actors.actor_type``."""

    SCHOOL = "schule"
    KITA = "kita"
    EARLY_HELP = "fruehe_hilfen"
    INTEGRATION_OFFICER = "integrationsbeauftragte"
    YOUTH_OFFICE = "jugendamt"
    HOUSING_COMPANY = "wohnungsunternehmen"
    CITY = "stadt"
    PROVIDER = "traeger"
    MOSQUE = "moscheegemeinde"
    CHURCH = "kirchengemeinde"
    SPORTS_CLUB = "sportverein"
    MIGRANT_ORGANISATION = "migrantenselbstorganisation"
    LIBRARY = "bibliothek"
    RESIDENT_INITIATIVE = "bewohnerinitiative"
    JOBCENTER = "jobcenter"
    POLICE = "polizei"
    FUNDER = "foerderer"
    OTHER = "andere"


class FieldOfAction(StrEnum):
    """Handlungsfelder."""

    CHILDREN_YOUTH = "kinder_jugend"
    INTERCULTURAL = "interkulturelles"
    EDUCATION = "bildung"
    NEIGHBOURHOOD = "nachbarschaft"
    HOUSING = "wohnen_umfeld"
    HEALTH = "gesundheit"
    WORK = "arbeit"
    COUNSELLING = "beratung"


@dataclass(frozen=True)
class Actor:
    id: int
    quartier_id: int
    name: str
    actor_type: ActorType
    fields_of_action: tuple[FieldOfAction, ...]
    contact_role: str
    active_from: date | None
    active_to: date | None


_COLUMNS = (
    "id, quartier_id, name, actor_type, fields_of_action, contact_role, active_from, active_to"
)


def _actor(row: tuple[object, ...]) -> Actor:
    return Actor(
        id=int(row[0]),  # type: ignore[call-overload]
        quartier_id=int(row[1]),  # type: ignore[call-overload]
        name=str(row[2]),
        actor_type=ActorType(str(row[3])),
        fields_of_action=tuple(FieldOfAction(f) for f in row[4]),  # type: ignore[attr-defined]
        contact_role=str(row[5]),
        active_from=row[6],  # type: ignore[arg-type]
        active_to=row[7],  # type: ignore[arg-type]
    )


def add_actor_in(
    cur: Cursor,
    quartier_id: int,
    name: str,
    actor_type: ActorType,
    fields_of_action: Sequence[FieldOfAction] = (),
    contact_role: str = "",
    active_from: date | None = None,
    active_to: date | None = None,
) -> Actor:
    """Insert one actor inside an open transaction."""
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise ValidationError(
            "errors.text_too_long", field="name", label="field.name", length=len(name), limit=120
        )
    if active_from and active_to and active_to < active_from:
        raise ValidationError("errors.active_period", field="active_to")
    row = cur.execute(
        "INSERT INTO actors (quartier_id, name, actor_type, fields_of_action, contact_role,"
        f" active_from, active_to) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
        [
            quartier_id,
            name,
            actor_type.value,
            [f.value for f in fields_of_action],
            contact_role.strip(),
            active_from,
            active_to,
        ],
    ).fetchone()
    assert row is not None
    return _actor(row)


def list_actors(db: Database, quartier_id: int) -> list[Actor]:
    """The actors of one Quartier, by name."""
    with db.read() as cur:
        rows = cur.execute(
            f"SELECT {_COLUMNS} FROM actors WHERE quartier_id = ? ORDER BY name", [quartier_id]
        ).fetchall()
    return [_actor(r) for r in rows]


def actor_counts_by_type(db: Database, quartier_id: int, day: date) -> list[tuple[ActorType, int]]:
    """How many actors of each type are active on ``day`` (largest first, "andere" last)."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT actor_type, count(*) AS n FROM actors WHERE quartier_id = ?"
            " AND (active_from IS NULL OR active_from <= ?)"
            " AND (active_to IS NULL OR active_to >= ?)"
            " GROUP BY actor_type ORDER BY actor_type = 'andere', n DESC, actor_type",
            [quartier_id, day, day],
        ).fetchall()
    return [(ActorType(r[0]), int(r[1])) for r in rows]
