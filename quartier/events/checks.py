"""Pure checks of what a coordinator enters: events, attendance, offerings and sessions
(population shares: :mod:`quartier.events.population`). No database; every rule raises
a ValidationError naming the field (NeedsConfirmation for a count that is allowed but
unusual).

Text is stored as typed (trimmed; titles with whitespace collapsed) and never
interpreted. The limits match the CHECKs of migration 0005.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, time

from quartier.errors import ValidationError
from quartier.events.model import (
    LANGUAGES,
    MAX_NOTE,
    MAX_ORGANISERS,
    MAX_PARTNERS,
    MAX_PEOPLE,
    MAX_PLACE,
    MAX_SCHEDULE,
    MAX_TITLE,
    OTHER_LANGUAGE,
    PLAUSIBLE_ATTENDANCE,
    PLAUSIBLE_SESSION,
    AgeBand,
    EventDraft,
    EventType,
    NeedsConfirmation,
    OfferingDraft,
    OfferingKind,
    check_language,
    language_name,
)


def one_line(value: str) -> str:
    """Trimmed, runs of whitespace collapsed.

    >>> one_line("  Internationales \\n Kinderfest ")
    'Internationales Kinderfest'
    """
    return " ".join(value.split())


def limited(value: str, field: str, label: str, limit: int) -> str:
    """``value`` trimmed; ValidationError (errors.text_too_long) above ``limit``.

    >>> limited(" Lindenplatz ", "place", "field.place", 120)
    'Lindenplatz'
    >>> limited("x" * 121, "place", "field.place", 120)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: „Ort“ ist 121 Zeichen lang; erlaubt sind 1 bis 120 ...
    """
    value = value.strip()
    if len(value) > limit:
        raise ValidationError(
            "errors.text_too_long", field=field, label=label, length=len(value), limit=limit
        )
    return value


def title(value: str, missing_key: str) -> str:
    """A one-line title, not empty, at most MAX_TITLE characters."""
    value = one_line(value)
    if not value:
        raise ValidationError(missing_key, field="title")
    return limited(value, "title", "field.title", MAX_TITLE)


def language_rank(code: str) -> int:
    """Sort key: the order of LANGUAGES, 'andere' last.

    >>> sorted(["andere", "en", "de", "tr"], key=language_rank)
    ['de', 'tr', 'en', 'andere']
    """
    return LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES)


def languages(codes: Iterable[str], field: str = "languages") -> tuple[str, ...]:
    """Known language codes, without repeats, in the order of LANGUAGES.

    >>> languages(["ar", "de", "ar", "andere"])
    ('de', 'ar', 'andere')
    >>> languages(["de", "xx"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: „xx“ ist keine Sprache, die Quartier kennt. ...
    """
    return tuple(sorted({check_language(c.strip(), field) for c in codes}, key=language_rank))


def _moment(day: date, at: time | None) -> str:
    text = day.strftime("%d.%m.%Y")
    return f"{text}, {at.strftime('%H:%M')}" if at is not None else text


def check_end(
    starts_on: date, starts_at: time | None, ends_on: date | None, ends_at: time | None
) -> date | None:
    """The end day to store (None = the start day); refuses an end before the start.

    >>> check_end(date(2026, 6, 20), time(14), date(2026, 6, 21), time(2))
    datetime.date(2026, 6, 21)
    >>> check_end(date(2026, 6, 20), time(14), date(2026, 6, 20), time(18)) is None
    True
    >>> check_end(date(2026, 6, 20), None, date(2026, 6, 19), None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Das Ende (19.06.2026) muss nach dem Beginn (20.06.2026) ...
    >>> check_end(date(2026, 6, 20), time(18), None, time(14))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Das Ende (20.06.2026, 14:00) muss nach dem Beginn ...
    """
    end_day = ends_on or starts_on
    same_day = end_day == starts_on
    times_wrong = (
        same_day and starts_at is not None and ends_at is not None and ends_at <= starts_at
    )
    if end_day < starts_on or times_wrong:
        raise ValidationError(
            "errors.event_ends_before_start",
            field="ends_on",
            start=_moment(starts_on, starts_at),
            end=_moment(end_day, ends_at),
        )
    return None if same_day else end_day


def event_draft(draft: EventDraft) -> EventDraft:
    """The draft cleaned: texts trimmed and within their limits, a known type, known
    languages, an end not before the start. Raises ValidationError."""
    try:
        event_type = EventType(draft.event_type)
    except ValueError:
        raise ValidationError(
            "errors.event_type_unknown", field="event_type", value=str(draft.event_type)[:40]
        ) from None
    return replace(
        draft,
        title=title(draft.title, "errors.event_title_missing"),
        event_type=event_type,
        place=limited(draft.place, "place", "field.place", MAX_PLACE),
        organisers=limited(draft.organisers, "organisers", "field.organisers", MAX_ORGANISERS),
        partners=limited(draft.partners, "partners", "field.partners", MAX_PARTNERS),
        languages=languages(draft.languages),
        ends_on=check_end(draft.starts_on, draft.starts_at, draft.ends_on, draft.ends_at),
    )


def count(
    value: int, field: str, label: str, kind_label: str, plausible: int, confirmed: bool
) -> int:
    """A head count: not negative, at most MAX_PEOPLE, and above ``plausible`` only when
    ``confirmed`` (NeedsConfirmation otherwise).

    >>> count(40, "attendance", "field.attendance", "event_type.kurs", 60, False)
    40
    >>> count(-3, "attendance", "field.attendance", "event_type.kurs", 60, False)
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Die Zahl bei „Teilnehmende“ kann nicht negativ sein ...
    >>> count(600, "attendance", "field.attendance", "event_type.kurs", 60, False)
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.events.model.NeedsConfirmation: 600 Personen sind für „Kurs“ ungewöhnlich viele ...
    >>> count(600, "attendance", "field.attendance", "event_type.kurs", 60, True)
    600
    """
    value = int(value)
    if value < 0:
        raise ValidationError("errors.count_negative", field=field, label=label, value=value)
    if value > MAX_PEOPLE:
        raise ValidationError(
            "errors.count_too_large", field=field, label=label, value=value, limit=MAX_PEOPLE
        )
    if value > plausible and not confirmed:
        raise NeedsConfirmation(
            "errors.count_implausible", field=field, label=kind_label, value=value,
            plausible=plausible,
        )  # fmt: skip
    return value


def attendance_total(value: int, event_type: EventType, confirmed: bool) -> int:
    return count(
        value, "attendance", "field.attendance", f"event_type.{event_type.value}",
        PLAUSIBLE_ATTENDANCE[event_type], confirmed,
    )  # fmt: skip


def session_people(value: int, kind: OfferingKind, confirmed: bool) -> int:
    return count(
        value, "people", "field.people", f"offering_kind.{kind.value}", PLAUSIBLE_SESSION,
        confirmed,
    )  # fmt: skip


def category_name(code: str, is_language: bool) -> str:
    if not is_language:
        return code
    return "andere Sprachen" if code == OTHER_LANGUAGE else language_name(code, "de")


def breakdown(
    cells: Mapping[str, int | None] | None, field: str, total: int, *, by_language: bool
) -> dict[str, int]:
    """An attendance breakdown: known categories, no negative cell, zeros and empty cells
    dropped (not counted), the sum not above ``total``.

    >>> breakdown({"0-5": 12, "6-13": 0, "30-64": None}, "by_age", 40, by_language=False)
    {'0-5': 12}
    >>> breakdown({"de": 30, "tr": 15}, "by_language", 40, by_language=True)
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: „Nach Sprachen“ ergibt zusammen 45 Personen, mehr als ...
    """
    label = "field.by_language" if by_language else "field.by_age"
    cleaned: dict[str, int] = {}
    for raw_code, raw_value in (cells or {}).items():
        code = raw_code.strip()
        if by_language:
            check_language(code, field)
        elif code not in {band.value for band in AgeBand}:
            raise ValidationError("errors.age_band_unknown", field=field, value=code[:20])
        if raw_value is None:
            continue
        value = int(raw_value)
        if value < 0:
            raise ValidationError(
                "errors.breakdown_negative", field=field, label=label,
                category=category_name(code, by_language), value=value,
            )  # fmt: skip
        if value:
            cleaned[code] = value
    people = sum(cleaned.values())
    if people > total:
        raise ValidationError(
            "errors.breakdown_exceeds_total", field=field, label=label, sum=people, total=total
        )
    rank = language_rank if by_language else [b.value for b in AgeBand].index
    return dict(sorted(cleaned.items(), key=lambda item: rank(item[0])))


def offering_draft(draft: OfferingDraft) -> OfferingDraft:
    """The offering cleaned like an event draft. Raises ValidationError."""
    try:
        kind = OfferingKind(draft.kind)
    except ValueError:
        raise ValidationError(
            "errors.offering_kind_unknown", field="kind", value=str(draft.kind)[:40]
        ) from None
    return replace(
        draft,
        title=title(draft.title, "errors.offering_title_missing"),
        kind=kind,
        place=limited(draft.place, "place", "field.place", MAX_PLACE),
        schedule=limited(draft.schedule, "schedule", "field.schedule", MAX_SCHEDULE),
        organisers=limited(draft.organisers, "organisers", "field.organisers", MAX_ORGANISERS),
        languages=languages(draft.languages),
    )


def session_day(held_on: date, today: date) -> date:
    """A session's day: not in the future.

    >>> session_day(date(2026, 11, 20), date(2026, 11, 21))
    datetime.date(2026, 11, 20)
    >>> session_day(date(2026, 11, 22), date(2026, 11, 21))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Der 22.11.2026 liegt in der Zukunft. ...
    """
    if held_on > today:
        raise ValidationError(
            "errors.session_in_future", field="held_on", day=held_on.strftime("%d.%m.%Y")
        )
    return held_on


def note(value: str) -> str:
    return limited(value, "note", "field.session_note", MAX_NOTE)
