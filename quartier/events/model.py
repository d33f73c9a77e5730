"""Events, offerings, attendance and population shares: the vocabulary and the records.

Pure: no database, no Streamlit. Codes are stored; labels come from the catalogue
(``event_type.<code>``, ``offering_kind.<code>``, ``age_band.<code>``) and language names
from babel (:func:`language_name`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from babel import Locale, UnknownLocaleError

from quartier.errors import ValidationError


class EventType(StrEnum):
    FEST = "fest"
    SPRECHSTUNDE = "sprechstunde"
    KURS = "kurs"
    AG_SITZUNG = "ag_sitzung"
    WERKSTATT = "beteiligungswerkstatt"
    INFO = "infoveranstaltung"
    OTHER = "sonstiges"


class OfferingKind(StrEnum):
    SOZIALBERATUNG = "sozialberatung"
    SPRACHKURS = "sprachkurs"
    BEHOERDENBEGLEITUNG = "behoerdenbegleitung"
    HAUSAUFGABENHILFE = "hausaufgabenhilfe"
    OTHER = "sonstiges"


class AgeBand(StrEnum):
    CHILDREN = "0-5"
    SCHOOL = "6-13"
    TEENS = "14-17"
    YOUNG = "18-29"
    ADULTS = "30-64"
    SENIORS = "65+"


def age_band_key(code: str) -> str:
    """The catalogue key of an age band's label.

    >>> age_band_key("0-5"), age_band_key("65+")
    ('age_band.0_5', 'age_band.65_plus')
    """
    return "age_band." + code.replace("-", "_").replace("+", "_plus")


class Dimension(StrEnum):
    """The optional attendance breakdowns."""

    AGE = "alter"
    LANGUAGE = "sprache"


#: The languages events, offerings and population shares are recorded in: the seven
#: languages of the resident pages first, then the larger communities in German
#: neighbourhoods. ``OTHER`` collects the rest.
LANGUAGES: tuple[str, ...] = (
    "de", "tr", "ar", "ru", "uk", "pl", "en",
    "ku", "fa", "ro", "bg", "sr", "sq", "it", "el", "es", "fr", "vi", "ti", "so",
)  # fmt: skip
OTHER_LANGUAGE = "andere"

# Limits (they match the CHECKs in 0005_events.sql).
MAX_TITLE = 120
MAX_PLACE = 120
MAX_ORGANISERS = 200
MAX_PARTNERS = 500
MAX_SCHEDULE = 120
MAX_NOTE = 200
MAX_PEOPLE = 100_000

#: Above these, a count is accepted only after the coordinator confirms it
#: (NeedsConfirmation): a typo such as 1200 instead of 120 is the usual cause.
PLAUSIBLE_ATTENDANCE: dict[EventType, int] = {
    EventType.FEST: 3000,
    EventType.SPRECHSTUNDE: 80,
    EventType.KURS: 60,
    EventType.AG_SITZUNG: 60,
    EventType.WERKSTATT: 200,
    EventType.INFO: 300,
    EventType.OTHER: 500,
}
PLAUSIBLE_SESSION = 60

#: Population shares may miss 100 % by this much (rounded statistics).
SHARE_TOLERANCE = 0.5


class NeedsConfirmation(ValidationError):
    """A value that is allowed but unusual: the page asks, then calls again with
    ``confirmed=True``."""

    code = "needs_confirmation"


def language_name(code: str, locale: str = "de") -> str:
    """The language's name in ``locale`` (babel), or the code when babel has none.

    >>> language_name("tr"), language_name("ar", "en"), language_name("andere")
    ('Türkisch', 'Arabic', 'andere')
    """
    try:
        name = Locale.parse(locale).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or code


def check_language(code: str, field_name: str = "language") -> str:
    """``code`` if it is one of LANGUAGES or OTHER_LANGUAGE."""
    if code not in LANGUAGES and code != OTHER_LANGUAGE:
        raise ValidationError("errors.language_unknown", field=field_name, value=code)
    return code


@dataclass(frozen=True)
class EventDraft:
    """What a coordinator enters when planning an event (or changing it)."""

    title: str
    starts_on: date
    event_type: EventType = EventType.OTHER
    starts_at: time | None = None
    ends_on: date | None = None
    ends_at: time | None = None
    place: str = ""
    organisers: str = ""
    partners: str = ""
    languages: tuple[str, ...] = ()
    group_id: int | None = None
    is_public: bool = True


@dataclass(frozen=True)
class Event:
    """An event. The first five fields are the tag surveys and ideas carry."""

    id: int
    quartier_id: int
    title: str
    starts_on: date
    place: str
    event_type: EventType = EventType.OTHER
    starts_at: time | None = None
    ends_on: date | None = None
    ends_at: time | None = None
    organisers: str = ""
    partners: str = ""
    languages: tuple[str, ...] = ()
    group_id: int | None = None
    is_public: bool = True
    attendance: int | None = None  # None = not recorded yet
    attendance_at: datetime | None = None


@dataclass(frozen=True)
class Attendance:
    """Attendance of one event: the total and the optional breakdowns (code → people)."""

    event_id: int
    total: int | None
    by_age: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class OfferingDraft:
    title: str
    kind: OfferingKind
    place: str = ""
    schedule: str = ""
    organisers: str = ""
    languages: tuple[str, ...] = ()
    is_active: bool = True


@dataclass(frozen=True)
class Offering:
    id: int
    quartier_id: int
    title: str
    kind: OfferingKind
    place: str
    schedule: str
    organisers: str
    languages: tuple[str, ...]
    is_active: bool


@dataclass(frozen=True)
class Session:
    """One held session of an offering."""

    id: int
    quartier_id: int
    offering_id: int
    held_on: date
    people: int
    languages: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class PopulationShares:
    """A Quartier's population by language (percent, adding up to 100)."""

    quartier_id: int
    shares: dict[str, float]
    source: str = ""
    as_of_year: int | None = None
