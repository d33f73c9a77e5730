"""The Musterviertel's events, offerings and population shares for the demo.

Two years back from today and about two months ahead: the Internationales Kinderfest
every June, the neighbourhood and district festivals, the weekly Sprechstunde, monthly
meetings of the working groups, participation workshops, information evenings and
courses; attendance (most with age and language breakdowns) for most past events; the
four offerings with their sessions. The numbers follow the seasons (summer and
Christmas dips, the Kinderfest peak, homework help only in NRW school terms) and are
drawn from a seeded random generator, so every seed gives the same story.

The many rows are written in bulk in one transaction; the offerings and population
shares go through the pages' own functions.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from quartier.auth import User
from quartier.events import (
    AgeBand,
    EventType,
    OfferingDraft,
    OfferingKind,
    create_offering,
    set_population_shares,
)
from quartier.events.core import berlin_today
from quartier.ideas import list_groups
from quartier.storage import Database
from quartier.storage.db import Cursor

T = EventType
OFFICE = "Quartiersbüro, Lindenplatz 1"

POPULATION = {"de": 46, "tr": 17, "ar": 11, "ru": 6, "pl": 5, "uk": 5, "bg": 3, "ro": 3,
              "andere": 4}  # fmt: skip
POPULATION_SOURCE = "Stadt Musterstadt, Statistikstelle"

# Who comes, by age band (AgeBand order) and by language: weights per event type.
AGE_WEIGHTS: dict[EventType, tuple[int, ...]] = {
    T.FEST: (15, 30, 8, 10, 30, 7),
    T.SPRECHSTUNDE: (0, 0, 2, 20, 58, 20),
    T.KURS: (0, 0, 3, 25, 52, 20),
    T.AG_SITZUNG: (0, 0, 8, 15, 57, 20),
    T.WERKSTATT: (0, 5, 10, 20, 45, 20),
    T.INFO: (0, 0, 2, 20, 68, 10),
    T.OTHER: (5, 10, 5, 20, 45, 15),
}
# Bulgarian and Romanian speakers are in the statistics but hardly reached (the story
# the reach chart tells).
LANGUAGE_WEIGHTS = {"de": 45, "tr": 17, "ar": 13, "ru": 6, "uk": 8, "pl": 4, "en": 2, "andere": 3}

# title, month, weekday (Mon=0), which one in the month (-1 = last), type, start, end,
# place, organisers, partners, languages, attendance range
YEARLY: tuple[tuple[str, int, int, int, EventType, int, int, str, str, str, str, tuple[int, int]], ...] = (  # noqa: E501
    ("Internationales Kinderfest", 6, 5, 3, T.FEST, 14, 18, "Lindenplatz",
     "Quartiersbüro, Neue Nachbarschaftshilfe e. V.",
     "AWO Familienzentrum Nord, Deutsch-Türkischer Elternverein, Jugendzentrum Kompass",
     "de tr ar ru uk pl en", (650, 900)),
    ("Nachbarschaftsfest im Birkenweg", 5, 5, -1, T.FEST, 15, 20, "Innenhof Birkenweg",
     "Bewohnerinitiative Lindenplatz", "Wohnbau Musterstadt GmbH", "de tr ar ru", (140, 240)),
    ("Stadtteilfest Musterviertel", 9, 5, 2, T.FEST, 12, 19, "Park am Lindenplatz",
     "Quartiersbüro", "SV Musterviertel 1921 e. V., Moscheegemeinde Mevlana",
     "de tr ar ru uk pl", (900, 1300)),
    ("Lichterfest im Quartier", 12, 4, 1, T.FEST, 16, 20, "Lindenplatz",
     "Quartiersbüro", "Ev. Kirchengemeinde St. Markus, Kath. Pfarrei St. Josef",
     "de tr ar uk", (180, 300)),
    ("Beteiligungswerkstatt: Unser Lindenplatz", 3, 5, 2, T.WERKSTATT, 10, 14,
     "Grundschule am Lindenplatz", "Quartiersbüro", "Wohnbau Musterstadt GmbH",
     "de tr ar", (35, 60)),
    ("Beteiligungswerkstatt: Ideen für den Aktionsfonds", 10, 5, 1, T.WERKSTATT, 10, 14,
     OFFICE, "Quartiersbüro", "Bürgerstiftung Musterstadt", "de tr ar uk", (25, 45)),
    ("Infoabend Schulanmeldung", 11, 3, 2, T.INFO, 18, 20, "Gesamtschule Nord",
     "Gesamtschule Nord", "Quartiersbüro", "de tr ar uk", (40, 70)),
    ("Infoabend: Einen Kita-Platz finden", 1, 3, 3, T.INFO, 17, 19, "AWO Familienzentrum Nord",
     "AWO Familienzentrum Nord", "Kita Regenbogen, Kita St. Josef", "de ar uk", (25, 45)),
    ("Info: Nebenkosten verstehen", 3, 3, -1, T.INFO, 18, 20, OFFICE, "Quartiersbüro",
     "Wohnbau Musterstadt GmbH", "de ru uk", (20, 40)),
    ("Polizei informiert: Sicher im Viertel", 9, 2, 4, T.INFO, 18, 20, OFFICE,
     "Polizei – Bezirksdienst Nord", "Quartiersbüro", "de", (15, 30)),
    ("Erste Hilfe am Kind", 2, 5, 2, T.KURS, 9, 15, "AWO Familienzentrum Nord",
     "AWO Familienzentrum Nord", "Frühe Hilfen Musterstadt", "de ar", (12, 18)),
    ("Fahrradkurs für Frauen", 4, 5, 3, T.KURS, 10, 13, "Hof der Gesamtschule",
     "Neue Nachbarschaftshilfe e. V.", "", "de tr ar", (8, 15)),
    ("Computerkurs für Ältere", 10, 1, 2, T.KURS, 10, 12, "Stadtteilbibliothek Nord",
     "Stadtteilbibliothek Nord", "Seniorentreff Lindenhof", "de ru", (8, 14)),
    ("Nähkurs im Nähcafé", 2, 2, 4, T.KURS, 17, 20, "Nähcafé Fadenreich",
     "Nähcafé Fadenreich", "", "de tr uk", (6, 12)),
)  # fmt: skip

# title, kind, place, schedule, organisers, languages, weekdays, base people
OfferingSpec = tuple[str, OfferingKind, str, str, str, str, tuple[int, ...], int]
OFFERINGS: tuple[OfferingSpec, ...] = (
    ("Sozialberatung", OfferingKind.SOZIALBERATUNG, OFFICE, "dienstags 10–12 Uhr",
     "Caritas Migrationsberatung", "de tr ar ru", (1,), 10),
    ("Sprachkurs Deutsch", OfferingKind.SPRACHKURS, "Stadtteilbibliothek Nord",
     "montags und mittwochs 9–12 Uhr", "Neue Nachbarschaftshilfe e. V.", "de uk ar", (0, 2), 14),
    ("Behördenbegleitung", OfferingKind.BEHOERDENBEGLEITUNG, OFFICE, "donnerstags nach Termin",
     "Neue Nachbarschaftshilfe e. V.", "de ar uk ru", (3,), 3),
    ("Hausaufgabenhilfe", OfferingKind.HAUSAUFGABENHILFE, "Grundschule am Lindenplatz",
     "montags bis donnerstags 14–16 Uhr", "Hausaufgabenhilfe Lernbrücke", "de tr ar", (0, 1, 2, 3),
     14),
)  # fmt: skip

#: NRW school holidays, roughly (month, day) from – to, inclusive.
SCHOOL_HOLIDAYS = (((3, 30), (4, 11)), ((7, 7), (8, 19)), ((10, 13), (10, 25)),
                   ((12, 22), (12, 31)), ((1, 1), (1, 6)))  # fmt: skip
NOTES = ("Viele Fragen zu Briefen vom Jobcenter", "Neue Teilnehmende", "Dolmetscherin dabei",
         "Raum war zu klein", "Kurz wegen Krankheit")  # fmt: skip


@dataclass(frozen=True)
class EventsDemo:
    events: int
    with_attendance: int
    offerings: int
    sessions: int


@dataclass
class _Planned:
    title: str
    day: date
    event_type: EventType
    starts_at: time | None
    ends_at: time | None
    place: str
    organisers: str = ""
    partners: str = ""
    languages: tuple[str, ...] = ()
    group_id: int | None = None
    is_public: bool = True
    span: tuple[int, int] = (5, 15)


@dataclass(frozen=True)
class _Existing:
    id: int
    title: str
    starts_on: date


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 = last) ``weekday`` of a month.

    >>> nth_weekday(2026, 6, 5, 3), nth_weekday(2026, 5, 5, -1)
    (datetime.date(2026, 6, 20), datetime.date(2026, 5, 30))
    """
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _office_closed(day: date) -> bool:
    """Between Christmas and Epiphany the office is closed."""
    return (day.month == 12 and day.day >= 23) or (day.month == 1 and day.day <= 6)


def _school_holiday(day: date) -> bool:
    return any(lo <= (day.month, day.day) <= hi for lo, hi in SCHOOL_HOLIDAYS)


def season(day: date) -> float:
    """How many come, relative to an ordinary week: fewer in summer and before Christmas.

    >>> season(date(2026, 8, 4)), season(date(2026, 12, 18)), season(date(2026, 3, 3))
    (0.6, 0.7, 1.0)
    """
    if day.month in (7, 8):
        return 0.6
    if day.month == 12 and day.day >= 15:
        return 0.7
    return 1.0


def _days(start: date, end: date, weekdays: Sequence[int]) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)
            if (start + timedelta(days=i)).weekday() in weekdays]  # fmt: skip


def _plan(start: date, end: date, groups: Sequence[tuple[int, str]]) -> list[_Planned]:
    plan: list[_Planned] = []
    for year in range(start.year, end.year + 1):
        for (title, month, weekday, n, kind, h0, h1, place, organisers, partners, langs,
             span) in YEARLY:  # fmt: skip
            day = nth_weekday(year, month, weekday, n)
            plan.append(_Planned(title, day, kind, time(h0), time(h1), place, organisers,
                                 partners, tuple(langs.split()), span=span))  # fmt: skip
    for day in _days(start, end, [1]):
        if not _office_closed(day):
            plan.append(_Planned("Offene Sprechstunde im Quartiersbüro", day, T.SPRECHSTUNDE,
                                 time(15), time(18), OFFICE, "Quartiersbüro", "",
                                 ("de", "tr", "ar"), span=(6, 22)))  # fmt: skip
    for index, (group_id, name) in enumerate(groups):
        weekday, n = ((1, 2), (2, 3))[index % 2]
        first = date(start.year, start.month, 1)
        while first <= end:
            day = nth_weekday(first.year, first.month, weekday, n)
            if first.month not in (8, 12):  # summer and Christmas break
                plan.append(_Planned(f"AG-Sitzung {name}", day, T.AG_SITZUNG, time(18),
                                     time(19, 30), OFFICE, name, "", ("de",), group_id,
                                     is_public=False, span=(5, 12)))  # fmt: skip
            first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return sorted((p for p in plan if start <= p.day <= end), key=lambda p: (p.day, p.title))


def _counted(rng: random.Random, total: int, codes: Sequence[str], weights: Sequence[int]
             ) -> dict[str, int]:  # fmt: skip
    """A breakdown of most (not all) of ``total`` people."""
    share = int(total * rng.uniform(0.6, 0.95))
    return dict(Counter(rng.choices(list(codes), weights=list(weights), k=share)))


def _next_ids(cur: Cursor, sequence: str, n: int) -> list[int]:
    """``n`` ids from ``sequence`` (a constant), to insert rows and their children in bulk."""
    rows = cur.execute(f"SELECT nextval('{sequence}') FROM range(?)", [n]).fetchall()
    return [int(r[0]) for r in rows]


def _bulk(
    cur: Cursor, table: str, columns: str, casts: Sequence[str],
    data: Sequence[Sequence[object]], verb: str = "INSERT",
) -> None:  # fmt: skip
    """INSERT INTO table SELECT unnest(list), ... — one statement for many rows (the
    table, columns and casts are constants of this module)."""
    if data and data[0]:
        select = ", ".join(f"unnest(?::{cast}[])" for cast in casts)
        cur.execute(f"{verb} INTO {table} ({columns}) SELECT {select}", [list(c) for c in data])


def _write_events(
    cur: Cursor, quartier_id: int, user_id: int | None, plan: list[_Planned], today: date,
    rng: random.Random,
) -> tuple[int, int]:  # fmt: skip
    """Insert (or complete) the planned events; returns (events, with attendance)."""
    existing = {(e.title, e.starts_on.year): e for e in _existing(cur, quartier_id)}
    keys = [(p.title, p.day.year) for p in plan]
    new_ids = iter(_next_ids(cur, "events_id_seq", sum(k not in existing for k in keys)))
    ids = [existing[k].id if k in existing else next(new_ids) for k in keys]
    reused = [existing[k].id for k in keys if k in existing]
    for p, key in zip(plan, keys, strict=True):
        if key in existing:
            p.day = existing[key].starts_on
    fresh = [(i, p) for i, p, k in zip(ids, plan, keys, strict=True) if k not in existing]
    _bulk(cur, "events", "id, quartier_id, title, starts_on, place",
          ["BIGINT", "BIGINT", "VARCHAR", "DATE", "VARCHAR"],
          [[i for i, _ in fresh], [quartier_id] * len(fresh), [p.title for _, p in fresh],
           [p.day for _, p in fresh], [p.place for _, p in fresh]])  # fmt: skip
    if reused:
        for table in ("event_languages", "event_attendance"):
            cur.execute(f"DELETE FROM {table} WHERE list_contains(?, event_id)", [reused])
    details: list[list[object]] = [[] for _ in range(13)]
    languages: list[list[object]] = [[], []]
    cells: list[list[object]] = [[], [], [], []]
    recorded = 0
    for event_id, p in zip(ids, plan, strict=True):
        total: int | None = None
        # The last fortnight is still waiting for the coordinator, and a few slipped
        # (never a festival: those are counted at the gate).
        slipped = rng.random() < 0.06 and p.event_type is not T.FEST
        if p.day <= today - timedelta(days=14) and not slipped:
            total = max(1, round(rng.randint(*p.span) * season(p.day)))
            recorded += 1
            if rng.random() < 0.85:
                for code, n in _counted(rng, total, [b.value for b in AgeBand],
                                        AGE_WEIGHTS[p.event_type]).items():  # fmt: skip
                    for column, value in zip(cells, (event_id, "alter", code, n), strict=True):
                        column.append(value)
                for code, n in _counted(rng, total, list(LANGUAGE_WEIGHTS),
                                        list(LANGUAGE_WEIGHTS.values())).items():  # fmt: skip
                    for column, value in zip(cells, (event_id, "sprache", code, n), strict=True):
                        column.append(value)
        # Recorded the morning after (stored in UTC; no time zone maths in SQL).
        at = None if total is None else datetime.combine(p.day + timedelta(days=1), time(9),
                                                        UTC)  # fmt: skip
        row = (event_id, quartier_id, p.event_type.value, p.starts_at, p.ends_at, p.organisers,
               p.partners, p.group_id, p.is_public, total, at, user_id if at else None,
               user_id)  # fmt: skip
        for column, value in zip(details, row, strict=True):
            column.append(value)
        for code in p.languages:
            languages[0].append(event_id)
            languages[1].append(code)
    _bulk(cur, "event_details",
          "event_id, quartier_id, event_type, starts_at, ends_at, organisers, partners,"
          " group_id, is_public, attendance, attendance_at, attendance_by, created_by",
          ["BIGINT", "BIGINT", "VARCHAR", "TIME", "TIME", "VARCHAR", "VARCHAR", "BIGINT",
           "BOOLEAN", "INTEGER", "TIMESTAMPTZ", "BIGINT", "BIGINT"],
          details, verb="INSERT OR REPLACE")  # fmt: skip
    _bulk(cur, "event_languages", "quartier_id, event_id, language",
          ["BIGINT", "BIGINT", "VARCHAR"],
          [[quartier_id] * len(languages[0]), *languages])  # fmt: skip
    _bulk(cur, "event_attendance", "quartier_id, event_id, dimension, category, people",
          ["BIGINT", "BIGINT", "VARCHAR", "VARCHAR", "INTEGER"],
          [[quartier_id] * len(cells[0]), *cells])  # fmt: skip
    return len(plan), recorded


def _existing(cur: Cursor, quartier_id: int) -> list[_Existing]:
    rows = cur.execute(
        "SELECT id, title, starts_on FROM events WHERE quartier_id = ?", [quartier_id]
    ).fetchall()
    return [_Existing(int(r[0]), str(r[1]), r[2]) for r in rows]


def _session_rows(
    rng: random.Random, offering_id: int, spec: OfferingSpec, start: date, today: date
) -> list[tuple[int, date, int, tuple[str, ...], str]]:
    _, kind, _, _, _, langs, weekdays, base = spec
    codes = langs.split()
    rows = []
    for day in _days(start, today, weekdays):
        if _office_closed(day):
            continue
        if kind is OfferingKind.SPRACHKURS and (day.month, day.day) >= (7, 15) and day.month < 9:
            continue  # summer pause of the course
        if kind is OfferingKind.HAUSAUFGABENHILFE and _school_holiday(day):
            continue
        if rng.random() < 0.05:
            continue  # cancelled
        people = max(1, round((base + rng.randint(-3, 4)) * season(day)))
        spoken = ("de", *[c for c in codes[1:] if rng.random() < 0.45])
        note = rng.choice(NOTES) if rng.random() < 0.06 else ""
        rows.append((offering_id, day, people, spoken, note))
    return rows


def _write_sessions(
    cur: Cursor, quartier_id: int, user_id: int | None,
    rows: list[tuple[int, date, int, tuple[str, ...], str]],
) -> None:  # fmt: skip
    ids = _next_ids(cur, "offering_sessions_id_seq", len(rows))
    _bulk(cur, "offering_sessions",
          "id, quartier_id, offering_id, held_on, people, note, created_by",
          ["BIGINT", "BIGINT", "BIGINT", "DATE", "INTEGER", "VARCHAR", "BIGINT"],
          [ids, [quartier_id] * len(rows), [r[0] for r in rows], [r[1] for r in rows],
           [r[2] for r in rows], [r[4] for r in rows], [user_id] * len(rows)])  # fmt: skip
    pairs = [(i, code) for i, r in zip(ids, rows, strict=True) for code in r[3]]
    _bulk(cur, "offering_session_languages", "quartier_id, session_id, language",
          ["BIGINT", "BIGINT", "VARCHAR"],
          [[quartier_id] * len(pairs), [p[0] for p in pairs], [p[1] for p in pairs]])  # fmt: skip


def seed_events(
    db: Database, quartier_id: int, coordinator: User, *, today: date | None = None
) -> EventsDemo:
    """Events, attendance, offerings with sessions and population shares for the demo.

    Events the Quartier has already (the demo survey's Kinderfest and Stadtteilfest) are
    completed with details instead of duplicated.
    """
    today = today or berlin_today()
    start = today.replace(year=today.year - 2, day=min(today.day, 28))
    end = today + timedelta(days=61)
    rng = random.Random(20240620)
    groups = [(g.id, g.name) for g in list_groups(db, quartier_id)]
    plan = _plan(start, end, groups)
    offerings = [
        create_offering(db, coordinator, quartier_id, OfferingDraft(
            title, kind, place, schedule, organisers, tuple(langs.split())))
        for title, kind, place, schedule, organisers, langs, _, _ in OFFERINGS
    ]  # fmt: skip
    sessions = [row for offering, spec in zip(offerings, OFFERINGS, strict=True)
                for row in _session_rows(rng, offering.id, spec, start, today)]  # fmt: skip
    with db.transaction() as cur:
        events, recorded = _write_events(cur, quartier_id, coordinator.id, plan, today, rng)
        _write_sessions(cur, quartier_id, coordinator.id, sessions)
    set_population_shares(db, coordinator, quartier_id, POPULATION, POPULATION_SOURCE,
                          today.year - 1)  # fmt: skip
    return EventsDemo(events, recorded, len(offerings), len(sessions))
