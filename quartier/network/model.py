"""The vocabulary of the actor network: actor and tie types, actors, ties, links.

Actors are organisations and roles ("Schulsozialarbeit"), never private persons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


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


class TieType(StrEnum):
    """Mirrors the CHECK constraint on ``ties.tie_type``; catalogue keys ``tie_type.*``."""

    COOPERATION = "kooperation"
    FUNDING = "foerderung"  # funder → funded
    MEMBERSHIP = "mitgliedschaft"  # member → umbrella
    REFERRAL = "vermittlung"  # Vermittlung/Weiterleitung: from → to
    CONTRACT = "kooperationsvertrag"


class EventRole(StrEnum):
    ORGANISER = "veranstalter"
    PARTNER = "partner"
    VENUE = "ort"


class MeasureRole(StrEnum):
    FUNDER = "foerderer"
    PARTNER = "partner"


#: Limits shared by the checks, the schema and the import.
NAME_LIMIT = 120
CONTACT_LIMIT = 120
NOTES_LIMIT = 2000
STRENGTHS = (1, 2, 3)


@dataclass(frozen=True)
class ActorDraft:
    """What a coordinator types (one form, one editor row, one imported row)."""

    name: str
    actor_type: ActorType
    fields_of_action: tuple[FieldOfAction, ...] = ()
    contact_role: str = ""
    active_from: date | None = None
    active_to: date | None = None
    notes: str = ""


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
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def active_on(self, day: date) -> bool:
        """Whether the actor exists on ``day`` (both ends inclusive)."""
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or self.active_to >= day
        )


@dataclass(frozen=True)
class TieDraft:
    source_id: int
    target_id: int
    tie_type: TieType
    strength: int = 2
    starts_on: date | None = None
    ends_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class Tie:
    id: int
    quartier_id: int
    source_id: int
    target_id: int
    tie_type: TieType
    strength: int
    starts_on: date | None
    ends_on: date | None
    notes: str
    created_by: int | None
    created_at: datetime
    #: Display name (or username) of who entered the tie; "" when unknown.
    entered_by: str = ""
    updated_at: datetime | None = None

    def active_on(self, day: date) -> bool:
        """Whether the tie holds on ``day``: a tie that ends on ``day`` still holds that day."""
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or self.ends_on >= day
        )

    @property
    def pair(self) -> tuple[int, int]:
        """The two actors, smaller id first (ties count as undirected for duplicates)."""
        return (min(self.source_id, self.target_id), max(self.source_id, self.target_id))
