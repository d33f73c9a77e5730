"""Benchmark data for ideas and prioritisation: a Quartier with tens of thousands of
ideas over ten years, and one working group with many members voting in one open
round per method.

What :func:`build_ideas_db` writes, all seeded (same seed, same database):

* two Quartiere: the benchmarked one with ``board_ideas`` ideas and a neighbour with a
  tenth of that (so every query has to filter by Quartier), 40 events;
* ideas in 7 languages (titles from phrase pools, a place, typos in some), submitted
  over ten years at a growing rate, with the moderation the app would have written:
  most published, some still submitted (mostly recent ones), rejected with a reason,
  or marked as duplicates of an earlier published idea (often with a similar title);
  channels, events, authors with consent, a few long descriptions, "me too" supports;
* idea_history as the app writes it: 'eingereicht', the moderation step,
  'zugewiesen' (the group id in ``detail``; ``ideas.group_id`` stays NULL, as after
  ``assign_idea``), a few re-assignments and edits;
* nine working groups per the benchmarked Quartier; in eight of them closed rounds
  twice a year whose stored results come from their own ballots through the pure rules
  (ties, some settled by hand), and measures for most chosen ideas with milestones
  and statuses by age — so the stage CTE has every stage to derive;
* the benchmark group: ``members`` member accounts (``password_hash`` NULL) and one
  open round per method over the same ``ideas`` published ideas, opened through
  :func:`quartier.prioritisation.open_round` (which validates them); every member casts
  two ballots per round (the second counts), inserted in bulk in the row shape the
  ``cast_*`` functions write. Criteria: every member scores every idea on the four
  default criteria (4 items per idea and ballot). Every bulk ballot is first checked
  with the ``rules.check_*`` function its ``cast_*`` would call.

Usage::

    .venv/bin/python bench/ideas_data.py [PATH] [--ideas 1000] [--members 200]
        [--board-ideas 50000] [--seed 1] [--quick] [--check]

``--check`` builds a small database and re-casts members' latest ballots through the
real ``cast_*`` functions: the results must not change (bulk rows == ``cast_*`` rows).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from quartier.auth import Role, User
from quartier.auth.accounts import create_user_in
from quartier.ideas.receipts import ALPHABET, receipt_hash
from quartier.network import FieldOfAction
from quartier.prioritisation import (
    DEFAULT_CRITERIA,
    FundVote,
    IdeaResult,
    Method,
    Outcome,
    open_round,
    rules,
)
from quartier.quartiers import create_quartier_in
from quartier.storage import Database, migrate, open_database

DEFAULT_DIR = Path(tempfile.gettempdir()) / "quartier-bench"
END = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)  # the data ends here (fixed: reproducible)
YEARS = 10
START = END - timedelta(days=365 * YEARS)
DAY = 86_400.0

LANGUAGES = ("de", "en", "tr", "ar", "ru", "uk", "pl")
LANGUAGE_WEIGHTS = (0.70, 0.06, 0.09, 0.05, 0.04, 0.04, 0.02)
CHANNELS = ("online", "qr", "kiosk", "papier")
CHANNEL_WEIGHTS = (0.50, 0.20, 0.15, 0.15)
EVENT_SHARE = {"online": 0.02, "qr": 0.40, "kiosk": 0.90, "papier": 0.50}
FIELDS = tuple(f.value for f in FieldOfAction)
FIELD_WEIGHTS = (0.22, 0.10, 0.09, 0.20, 0.20, 0.08, 0.05, 0.06)

# --- text pools ------------------------------------------------------------------------

PHRASES: dict[str, tuple[str, ...]] = {
    "de": (
        "Mehr Bänke", "Schatten auf dem Spielplatz", "Trinkbrunnen", "Tempo 30",
        "Ein Café im Park", "Bessere Beleuchtung", "Sicherer Radweg zur Schule",
        "Nachbarschaftsfest im Sommer", "Gemeinschaftsgarten", "Weniger Müll",
        "Offener Bücherschrank", "Sportgeräte für alle", "Offener Treff für Jugendliche",
        "Sprachcafé für Nachbarn", "Repair-Café jeden Monat", "Hochbeete für Kinder",
        "Mülleimer mit Deckel", "Überdachter Fahrradständer", "Hausaufgabenhilfe",
        "Seniorencafé", "Boulefeld", "Kinderflohmarkt", "Wandbild an der Brandmauer",
        "Zebrastreifen", "Tauschbörse für Werkzeug", "Stadtteilzeitung in mehreren Sprachen",
        "Beratung zu Nebenkosten", "Lastenrad zum Ausleihen", "Fußballturnier der Kulturen",
        "Grillplatz", "Toiletten im Park", "Kostenloses WLAN", "Erzählcafé", "Hundewiese",
        "Blühwiese statt Rasen", "Nachtbus-Haltestelle", "Spielgeräte für Kleinkinder",
        "Bewegungskurs für Ältere", "Interkulturelles Kochen", "Lernpaten für Grundschüler",
    ),
    "en": (
        "More benches", "Shade for the playground", "Drinking fountain", "Community garden",
        "Street party in summer", "Safer cycle lane", "Free wifi",
        "Youth club open on weekends", "Language exchange evening",
    ),
    "tr": (
        "Daha fazla bank", "Oyun parkına gölge", "Mahalle şenliği",
        "Çocuklar için ödev yardımı", "Parkta içme suyu", "Kadınlar için spor kursu",
        "Bisiklet yolu", "Komşular için kahvaltı",
    ),
    "ar": (
        "مزيد من المقاعد", "حديقة للجيران", "ملعب للأطفال", "دروس لغة ألمانية",
        "مقهى للجيران", "إضاءة أفضل في الشارع",
    ),
    "ru": (
        "Больше скамеек", "Детская площадка в тени", "Праздник соседей",
        "Курсы немецкого языка", "Питьевой фонтанчик", "Велосипедная дорожка",
    ),
    "uk": (
        "Більше лавок", "Тінь на дитячому майданчику", "Сусідське свято",
        "Розмовний клуб німецької", "Питний фонтанчик",
    ),
    "pl": (
        "Więcej ławek", "Cień na placu zabaw", "Festyn sąsiedzki", "Ogród społeczny",
        "Bezpieczna droga do szkoły",
    ),
}  # fmt: skip

# (place, the German phrase before it)
PLACES: tuple[tuple[str, str], ...] = (
    ("Lindenplatz", "am"), ("Anger", "am"), ("Kanalweg", "am"),
    ("Bahnhofstraße", "in der"), ("Marktplatz", "auf dem"), ("Rosenpark", "im"),
    ("Schulhof der Grundschule", "auf dem"), ("Goetheallee", "in der"),
    ("Wasserturm", "am"), ("Stadtteiltreff", "im"), ("Haltestelle Mühlenweg", "an der"),
    ("Spielplatz Eichenhof", "am"), ("Kirchplatz", "am"), ("Sportplatz Nord", "am"),
    ("Bücherei", "in der"), ("Uferpromenade", "an der"), ("Hinterhof Gartenstraße 12", "im"),
    ("Kita Sonnenschein", "an der"), ("Jugendclub", "im"), ("Brückenstraße", "in der"),
    ("Lessingplatz", "am"), ("Hafenbecken", "am"),
)  # fmt: skip

SENTENCES: dict[str, tuple[str, ...]] = {
    "de": (
        "Ich wohne seit vielen Jahren hier und wünsche mir mehr Grün.",
        "Abends ist es am Kanal sehr dunkel, das macht vielen Angst.",
        "Für Kinder fehlt ein sicherer Weg zur Schule.",
        "Der Stadtteiltreff ist toll, aber zu selten offen.",
        "Es gibt kaum Orte, an denen man sich ohne Konsum treffen kann.",
        "Am Wochenende ist der Park voll, es fehlen Mülleimer.",
        "Ältere Menschen brauchen mehr Bänke auf dem Weg zum Markt.",
        "Bitte mehr Angebote in mehreren Sprachen.",
        "Ich würde selbst mithelfen und kenne schon ein paar Nachbarn, die dabei wären.",
        "Im Sommer ist es auf dem Spielplatz viel zu heiß.",
        "Das kostet nicht viel und würde vielen Familien helfen.",
        "Wir haben darüber schon beim Stadtteilfest gesprochen.",
    ),
    "en": ("We would help to set it up.", "Many families with children live here.",
           "It would make the street friendlier."),
    "tr": ("Çocuklar için güvenli bir yer yok.", "Komşularla birlikte yardım ederiz."),
    "ar": ("نحن مستعدون للمساعدة.", "يعيش هنا كثير من العائلات."),
    "ru": ("Мы готовы помочь.", "Здесь живёт много семей с детьми."),
    "uk": ("Ми готові допомогти.", "Тут живе багато родин з дітьми."),
    "pl": ("Chętnie pomożemy.", "Mieszka tu wiele rodzin z dziećmi."),
}  # fmt: skip

REASONS = (
    "Das liegt nicht im Quartier; wir haben es an den Nachbarbezirk weitergegeben.",
    "Dafür ist die Stadt zuständig; wir haben die Idee an das Grünflächenamt geschickt.",
    "Der Text enthielt Beleidigungen.",
    "Bitte beschreiben Sie die Idee genauer und reichen Sie sie noch einmal ein.",
)
EDIT_NOTES = ("Tippfehler im Titel korrigiert", "Adresse aus der Beschreibung entfernt")
FIRST_NAMES = (
    "Aylin", "Jonas", "Mehmet", "Olga", "Fatima", "Lukas", "Anna", "Yusuf", "Marta",
    "Dmytro", "Sofia", "Karim", "Lena", "Hanna", "Ali", "Ewa", "Pavel", "Mia", "Omar",
    "Nele", "Svetlana", "Tomasz", "Zeynep", "Ibrahim", "Greta", "Oksana", "Felix", "Amira",
    "Jan", "Leyla",
)  # fmt: skip
LAST_NAMES = (
    "Yılmaz", "Schmidt", "Kowalski", "Ivanova", "Haddad", "Müller", "Demir", "Nowak",
    "Petrenko", "Schneider", "Öztürk", "Fischer", "Al-Khatib", "Wagner", "Kaya", "Becker",
    "Bondarenko", "Wójcik", "Hoffmann", "Şahin",
)  # fmt: skip
GROUPS = (
    ("Kinder & Jugend", "kinder_jugend"), ("Interkultureller Austausch", "interkulturelles"),
    ("Lernen & Bildung", "bildung"), ("Nachbarschaft & Feste", "nachbarschaft"),
    ("Wohnen & Grün", "wohnen_umfeld"), ("Gesund im Quartier", "gesundheit"),
    ("Arbeit & Ausbildung", "arbeit"), ("Beratung & Hilfe", "beratung"),
)  # fmt: skip
BENCH_GROUP = "Stadtteilbeirat"
OTHER_GROUPS = ("Spielplätze", "Nachbarschaftsgarten", "Sprachcafé")

# --- small helpers -----------------------------------------------------------------------


def _typo(rng: np.random.Generator, text: str) -> str:
    """One typing error in a longer word: swapped, dropped or doubled letter."""
    words = text.split(" ")
    long = [k for k, w in enumerate(words) if len(w) >= 5]
    if not long:
        return text
    k = long[int(rng.integers(len(long)))]
    w = list(words[k])
    i = int(rng.integers(1, len(w) - 1))
    kind = rng.random()
    if kind < 0.4:
        w[i], w[i + 1] = w[i + 1], w[i]
    elif kind < 0.7:
        del w[i]
    else:
        w.insert(i, w[i])
    words[k] = "".join(w)
    return " ".join(words)


def _title(rng: np.random.Generator, language: str) -> tuple[str, str]:
    """(title, place) in ``language``."""
    phrases = PHRASES[language]
    phrase = phrases[int(rng.integers(len(phrases)))]
    place = ""
    if rng.random() < 0.6:
        place, before = PLACES[int(rng.integers(len(PLACES)))]
        title = f"{phrase} {before} {place}" if language == "de" else f"{phrase} – {place}"
    else:
        title = phrase
    if rng.random() < 0.12:
        title = _typo(rng, title)
    if rng.random() < 0.08:
        title = title[0].lower() + title[1:]
    return title[:120], place


def _description(rng: np.random.Generator, language: str) -> str:
    pool = SENTENCES[language]
    if rng.random() < 0.03:  # a long one
        target = int(rng.integers(1500, 4001))
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < target:
            parts.append(pool[int(rng.integers(len(pool)))])
        return " ".join(parts)[:4000].strip()
    k = int(rng.integers(0, 5))
    return " ".join(pool[int(j)] for j in rng.integers(0, len(pool), k))


def _codes(rng: np.random.Generator, n: int) -> list[str]:
    """Receipt-code hashes for ``n`` seeded codes shaped like ``new_receipt_code()``."""
    letters = np.asarray(list(ALPHABET))[rng.integers(0, len(ALPHABET), size=(n, 10))]
    codes = ["".join(r) for r in letters]
    hashes = [receipt_hash(f"{c[:4]}-{c[4:8]}-{c[8:]}") for c in codes]
    if len(set(hashes)) != n:  # astronomically unlikely; the UNIQUE constraint would say so
        raise RuntimeError("receipt codes collided; use another seed")
    return hashes


def _ids(cur: Any, sequence: str, n: int) -> np.ndarray:
    """``n`` ids from ``sequence`` (so later inserts by the app continue after them)."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    assert sequence.isidentifier()
    got = cur.execute(f"SELECT nextval('{sequence}') AS id FROM range(?)", [n]).fetchnumpy()
    return np.sort(np.asarray(got["id"], dtype=np.int64))


def _moment(seconds: np.ndarray | float) -> Any:
    """Seconds after START as timestamps (numpy datetime64[us], UTC)."""
    base = np.datetime64(START.replace(tzinfo=None).isoformat(), "us")
    return base + (np.asarray(seconds) * 1e6).astype("timedelta64[us]")


def _insert(cur: Any, table: str, columns: Mapping[str, Any], order: str | None = None) -> None:
    """Bulk insert ``columns`` (name → pyarrow array or list) into ``table``."""
    data = pa.table(dict(columns))
    cur.register("bench_rows", data)
    try:
        names = ", ".join(columns)
        sort = f" ORDER BY {order}" if order else ""
        cur.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM bench_rows{sort}")
    finally:
        cur.unregister("bench_rows")


def _ts(values: Any) -> pa.Array:
    return pa.array(np.asarray(values, dtype="datetime64[us]"), type=pa.timestamp("us", tz="UTC"))


# --- what the build returns ---------------------------------------------------------------


@dataclass(frozen=True)
class BenchIdeas:
    """What :func:`build_ideas_db` made."""

    path: str
    quartier_id: int
    other_quartier_id: int
    group_id: int  # the benchmark group: its members vote in the four open rounds
    coordinator: User
    member_ids: tuple[int, ...]
    rounds: Mapping[Method, int]  # the open benchmark round per method
    round_idea_ids: tuple[int, ...]
    ideas: int  # in the benchmarked Quartier
    ballot_items: int  # of the benchmark rounds
    seconds: float


# --- ideas, history, supports ---------------------------------------------------------------


@dataclass
class _Ideas:
    """The generated ideas of both Quartiere, in id (= submission) order."""

    id: np.ndarray
    quartier: np.ndarray  # quartier id
    t: np.ndarray  # seconds after START
    status: np.ndarray  # str
    moderated: np.ndarray  # seconds after START, NaN for still submitted
    field: list[str | None]
    group: np.ndarray  # final assigned group id, 0 = none
    assigned: np.ndarray  # seconds of the last assignment, NaN = never


def _add_ideas(
    cur: Any,
    rng: np.random.Generator,
    quartiers: Sequence[tuple[int, int]],
    groups: Mapping[int, Sequence[tuple[int, str | None]]],
    events: Sequence[tuple[int, float]] | Mapping[int, Sequence[tuple[int, float]]],
    staff: int,
) -> _Ideas:
    """``quartiers`` = (quartier id, number of ideas); ``groups`` per Quartier (id, field
    the group usually takes); ``events`` = (event id, seconds) of the first Quartier, or
    a mapping Quartier id → its (event id, seconds), each sorted by time."""
    span = (END - START).total_seconds()
    quartier = np.concatenate([np.full(n, q, dtype=np.int64) for q, n in quartiers])
    n = len(quartier)
    rng.shuffle(quartier)
    # A growing rate: density rises linearly over the ten years.
    t = np.sort(np.sqrt(rng.random(n)) * span)
    age = (span - t) / DAY
    ids = _ids(cur, "ideas_id_seq", n)
    language = rng.choice(len(LANGUAGES), size=n, p=np.asarray(LANGUAGE_WEIGHTS))
    channel = rng.choice(len(CHANNELS), size=n, p=np.asarray(CHANNEL_WEIGHTS))
    p_submitted = np.where(age < 30, 0.6, np.where(age < 120, 0.1, 0.01))
    u = rng.random(n)
    status = np.where(
        u < p_submitted,
        "eingereicht",
        np.where(u < p_submitted + 0.08, "abgelehnt",
                 np.where(u < p_submitted + 0.18, "duplikat", "veroeffentlicht")),
    ).astype(object)  # fmt: skip
    moderated = np.where(status == "eingereicht", np.nan,
                         np.minimum(t + rng.uniform(0.3, 10, n) * DAY, span - 60))  # fmt: skip
    titles: list[str] = []
    places: list[str] = []
    descriptions: list[str] = []
    fields: list[str | None] = []
    duplicate_of: list[int | None] = [None] * n
    published_so_far: dict[int, list[int]] = {q: [] for q, _ in quartiers}
    index_of: dict[int, int] = {}
    field_pick = rng.choice(len(FIELDS), size=n, p=np.asarray(FIELD_WEIGHTS))
    for k in range(n):
        lang = LANGUAGES[int(language[k])]
        q = int(quartier[k])
        title, place = _title(rng, lang)
        if status[k] == "duplikat":
            earlier = published_so_far[q]
            if not earlier:
                status[k] = "veroeffentlicht"
            else:
                original = earlier[int(len(earlier) * rng.random() ** 0.5)]  # recent ones more
                duplicate_of[k] = original
                if rng.random() < 0.6:  # a duplicate usually says the same in other words
                    title = _typo(rng, titles[index_of[original]])
        titles.append(title)
        places.append(place)
        descriptions.append(_description(rng, lang))
        fields.append(None if rng.random() < 0.2 else FIELDS[int(field_pick[k])])
        index_of[int(ids[k])] = k
        if status[k] == "veroeffentlicht":
            published_so_far[q].append(int(ids[k]))
    with_author = rng.random(n) < 0.3
    author = [f"{FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]}" if a else None
              for a in with_author]  # fmt: skip
    contact = [f"{(a or '').lower()}{k}@example.org" if a else None for k, a in enumerate(author)]
    channel_name = np.asarray(CHANNELS)[channel]
    by_quartier = events if isinstance(events, Mapping) else {quartiers[0][0]: events}
    at_channel = rng.random(n) < np.asarray([EVENT_SHARE[c] for c in CHANNELS])[channel]
    event = np.zeros(n, dtype=np.int64)
    for q, listed in by_quartier.items():
        if not listed:
            continue
        event_ids = np.asarray([e for e, _ in listed], dtype=np.int64)
        event_t = np.asarray([s for _, s in listed])
        at_event = at_channel & (quartier == q)
        # the event just before the submission (or the first one)
        nearest = np.clip(np.searchsorted(event_t, t[at_event]) - 1, 0, len(event_ids) - 1)
        event[at_event] = event_ids[nearest]
    reason = [REASONS[int(rng.integers(len(REASONS)))] if s == "abgelehnt" else ""
              for s in status]  # fmt: skip
    edited = (status == "veroeffentlicht") & (rng.random(n) < 0.02)
    edit_note = [EDIT_NOTES[int(rng.integers(len(EDIT_NOTES)))] if e else "" for e in edited]
    submitted = _moment(t)
    _insert(cur, "ideas", {
        "id": pa.array(ids),
        "quartier_id": pa.array(quartier),
        "receipt_hash": pa.array(_codes(rng, n), type=pa.string()),
        "title": pa.array(titles, type=pa.string()),
        "description": pa.array(descriptions, type=pa.string()),
        "field_of_action": pa.array(fields, type=pa.string()),
        "place": pa.array(places, type=pa.string()),
        "language": pa.array(np.asarray(LANGUAGES)[language].astype(object), type=pa.string()),
        "author_name": pa.array(author, type=pa.string()),
        "author_contact": pa.array(contact, type=pa.string()),
        "consent_at": pa.array(np.asarray(submitted, dtype="datetime64[us]"),
                               type=pa.timestamp("us", tz="UTC"), mask=~with_author),
        "channel": pa.array(channel_name.astype(object), type=pa.string()),
        "event_id": pa.array(event, mask=event == 0),
        "submitted_at": _ts(submitted),
        "status": pa.array(status, type=pa.string()),
        "duplicate_of": pa.array(duplicate_of, type=pa.int64()),
        "reason": pa.array(reason, type=pa.string()),
        "edit_note": pa.array(edit_note, type=pa.string()),
    }, order="id")  # fmt: skip

    # Assignment to working groups (published ideas), by field with some noise.
    group = np.zeros(n, dtype=np.int64)
    assigned = np.full(n, np.nan)
    history: list[tuple[int, int, float, str, str]] = []  # quartier, idea, t, action, detail
    for k in range(n):
        q, idea = int(quartier[k]), int(ids[k])
        history.append((q, idea, float(t[k]), "eingereicht", ""))
        if status[k] == "eingereicht":
            continue
        m = float(moderated[k])
        detail = {"abgelehnt": reason[k], "duplikat": str(duplicate_of[k])}.get(str(status[k]), "")
        history.append((q, idea, m, str(status[k]), detail))
        if status[k] != "veroeffentlicht":
            continue
        if edited[k]:
            history.append((q, idea, m + 3600, "bearbeitet",
                            '{"title": "' + titles[k] + '", "description": ""}'))  # fmt: skip
        if rng.random() < 0.45:
            options = groups[q]
            matching = [g for g, f in options if f == fields[k]]
            pick = (matching[0] if matching and rng.random() < 0.8
                    else options[int(rng.integers(len(options)))][0])  # fmt: skip
            when = min(m + rng.uniform(1, 30) * DAY, span - 30)
            history.append((q, idea, when, "zugewiesen", str(pick)))
            group[k], assigned[k] = pick, when
            if rng.random() < 0.06:  # re-assigned or taken back later
                other = options[int(rng.integers(len(options)))][0]
                again = min(when + rng.uniform(1, 60) * DAY, span - 20)
                back = rng.random() < 0.3
                history.append((q, idea, again, "zugewiesen", "" if back else str(other)))
                group[k], assigned[k] = (0, np.nan) if back else (other, again)
    _add_history(cur, history, staff)

    # "Me too": a heavy tail on published ideas.
    published = np.flatnonzero(status == "veroeffentlicht")
    counts = np.minimum(np.floor(rng.lognormal(0.2, 1.3, len(published))), 400).astype(np.int64)
    idx = np.repeat(published, counts)
    supported = np.minimum(moderated[idx] + rng.exponential(60, len(idx)) * DAY, span - 10)
    order = np.argsort(supported, kind="stable")
    idx, supported = idx[order], supported[order]
    support_channel = np.asarray(CHANNELS)[rng.choice(4, size=len(idx), p=[0.6, 0.25, 0.1, 0.05])]
    _insert(cur, "idea_supports", {
        "quartier_id": pa.array(quartier[idx]),
        "idea_id": pa.array(ids[idx]),
        "channel": pa.array(support_channel.astype(object), type=pa.string()),
        "supported_at": _ts(_moment(supported)),
    })  # fmt: skip
    return _Ideas(ids, quartier, t, status, moderated, fields, group, assigned)


def _add_history(cur: Any, rows: list[tuple[int, int, float, str, str]], staff: int) -> None:
    """idea_history rows in time order (as the app appends them)."""
    rows.sort(key=lambda r: r[2])
    _insert(cur, "idea_history", {
        "quartier_id": pa.array([r[0] for r in rows], type=pa.int64()),
        "idea_id": pa.array([r[1] for r in rows], type=pa.int64()),
        "happened_at": _ts(_moment(np.asarray([r[2] for r in rows]))),
        "action": pa.array([r[3] for r in rows], type=pa.string()),
        "by_user": pa.array([None if r[3] == "eingereicht" else staff for r in rows],
                            type=pa.int64()),
        "detail": pa.array([r[4] for r in rows], type=pa.string()),
    })  # fmt: skip


# --- people and groups -----------------------------------------------------------------------


def _add_users(
    cur: Any, rng: np.random.Generator, prefix: str, n: int, quartier_id: int
) -> list[int]:
    """``n`` member accounts of ``quartier_id`` (no password: they never log in here)."""
    ids = _ids(cur, "users_id_seq", n)
    names = [f"{FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]} "
             f"{LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]}" for _ in range(n)]  # fmt: skip
    _insert(cur, "users", {
        "id": pa.array(ids),
        "username": pa.array([f"{prefix}{k + 1:04d}" for k in range(n)], type=pa.string()),
        "display_name": pa.array(names, type=pa.string()),
        "role": pa.array(["member"] * n, type=pa.string()),
    })  # fmt: skip
    _insert(cur, "user_quartiers", {
        "user_id": pa.array(ids), "quartier_id": pa.array(np.full(n, quartier_id)),
    })  # fmt: skip
    return [int(i) for i in ids]


def _add_group(cur: Any, quartier_id: int, name: str, members: Sequence[int]) -> int:
    row = cur.execute(
        "INSERT INTO working_groups (quartier_id, name, theme, created_at) VALUES (?, ?, ?, ?)"
        " RETURNING id",
        [quartier_id, name, f"Ideen rund um {name}", START],
    ).fetchone()
    assert row is not None
    group_id = int(row[0])
    if members:
        _insert(cur, "working_group_members", {
            "quartier_id": pa.array(np.full(len(members), quartier_id)),
            "group_id": pa.array(np.full(len(members), group_id)),
            "user_id": pa.array(np.asarray(members, dtype=np.int64)),
        })  # fmt: skip
    return group_id


# --- ballots (shared by the past rounds and the benchmark rounds) -----------------------------


def _dot_ballot(
    rng: np.random.Generator, weights: np.ndarray, dots: int, max_per: int
) -> dict[int, int]:
    """Positions → dots: a voter puts one dot on each of k favourites, the rest on some
    of them again (never more than ``max_per``); some leave dots unused."""
    n = len(weights)
    spend = dots if rng.random() < 0.85 else int(rng.integers(1, dots + 1))
    k = min(n, max(1, int(np.ceil(spend / max_per)) + int(rng.integers(0, spend + 1))), spend)
    keys = np.log(weights) + rng.gumbel(size=n)
    chosen = np.argsort(-keys)[:k]
    given = np.ones(k, dtype=np.int64)
    rest = spend - k
    while rest > 0:
        room = np.flatnonzero(given < max_per)
        if len(room) == 0:
            break
        given[room[int(rng.integers(len(room)))]] += 1
        rest -= 1
    return {int(p): int(d) for p, d in zip(chosen, given, strict=True)}


def _ballots(
    rng: np.random.Generator,
    method: Method,
    quality: np.ndarray,
    voters: int,
    *,
    dots: int = 0,
    max_per: int = 0,
    per_criterion: np.ndarray | None = None,
) -> list[list[tuple[int, int | None, int]]]:
    """One ballot per voter as (idea position, criterion, value) items, in the order the
    ``cast_*`` functions insert them. ``quality`` is a latent per idea."""
    n = len(quality)
    taste = rng.normal(0, 1.0, (voters, n))
    out: list[list[tuple[int, int | None, int]]] = []
    if method is Method.DOTS:
        w = np.exp(1.2 * quality)
        for v in range(voters):
            ballot = _dot_ballot(rng, w * np.exp(0.5 * taste[v]), dots, max_per)
            out.append([(p, None, d) for p, d in ballot.items()])
    elif method is Method.RANKING:
        keys = quality[None, :] + taste + rng.gumbel(size=(voters, n))
        for v in range(voters):
            order = np.argsort(-keys[v])
            out.append([(int(p), None, pos) for pos, p in enumerate(order)])
    elif method is Method.CRITERIA:
        assert per_criterion is not None
        c = per_criterion.shape[1]
        latent = quality[None, :, None] + per_criterion[None] + 0.8 * taste[:, :, None]
        latent = latent + rng.normal(0, 0.9, (voters, n, c))
        scores = np.digitize(latent, [-0.6, 0.6]) + 1  # 1..3
        inverted = np.asarray([cr.is_inverted for cr in DEFAULT_CRITERIA[:c]])
        scores = np.where(inverted[None, None, :], 4 - scores, scores)  # effort: low is good
        for v in range(voters):
            s = scores[v]
            out.append([(p, j, int(s[p, j])) for p in range(n) for j in range(c)])
    else:
        p_yes = 1 / (1 + np.exp(-(1.4 * quality[None, :] + 0.6 * taste - 0.2)))
        u = rng.random((voters, n))
        value = np.where(u < 0.05, -1, np.where(u < 0.05 + 0.95 * p_yes, 1, 0))
        for v in range(voters):
            out.append([(p, None, int(value[v, p])) for p in range(n)])
    return out


def _check_ballot(
    method: Method, items: list[tuple[int, int | None, int]], ideas: Sequence[int],
    dots: int, max_per: int,
) -> None:  # fmt: skip
    """What ``cast_*`` checks, with the rules it calls (raises ValidationError)."""
    if method is Method.DOTS:
        rules.check_dots({ideas[p]: v for p, _, v in items}, ideas, dots, max_per)
    elif method is Method.CRITERIA:
        scores = {(ideas[p], c): v for p, c, v in items if c is not None}
        rules.check_scores(scores, ideas, DEFAULT_CRITERIA)
    elif method is Method.RANKING:
        order = [ideas[p] for p, _, _ in sorted(items, key=lambda i: i[2])]
        rules.check_ranking(order, ideas)
    else:
        rules.check_fund_votes({ideas[p]: FundVote(v) for p, _, v in items}, ideas)


@dataclass
class _BallotRows:
    ballot_id: list[int]
    round_id: list[int]
    user_id: list[int]
    cast_at: list[float]  # seconds after START
    item_ballot: list[np.ndarray]
    item_idea: list[np.ndarray]
    item_criterion: list[np.ndarray]
    item_value: list[np.ndarray]


def _ballot_rows() -> _BallotRows:
    return _BallotRows([], [], [], [], [], [], [], [])


def _append_ballot(
    rows: _BallotRows, ballot_id: int, round_id: int, user_id: int, cast_at: float,
    items: list[tuple[int, int | None, int]], ideas: np.ndarray,
) -> None:  # fmt: skip
    rows.ballot_id.append(ballot_id)
    rows.round_id.append(round_id)
    rows.user_id.append(user_id)
    rows.cast_at.append(cast_at)
    positions = np.asarray([i[0] for i in items], dtype=np.int64)
    rows.item_ballot.append(np.full(len(items), ballot_id, dtype=np.int64))
    rows.item_idea.append(ideas[positions] if len(items) else np.zeros(0, dtype=np.int64))
    rows.item_criterion.append(np.asarray([-1 if i[1] is None else i[1] for i in items],
                                          dtype=np.int64))  # fmt: skip
    rows.item_value.append(np.asarray([i[2] for i in items], dtype=np.int64))


def _write_ballots(cur: Any, quartier_id: int, rows: _BallotRows) -> int:
    """The ballots and their items, in ballot-id order; returns the number of items."""
    if not rows.ballot_id:
        return 0
    _insert(cur, "ballots", {
        "id": pa.array(rows.ballot_id, type=pa.int64()),
        "quartier_id": pa.array([quartier_id] * len(rows.ballot_id), type=pa.int64()),
        "round_id": pa.array(rows.round_id, type=pa.int64()),
        "user_id": pa.array(rows.user_id, type=pa.int64()),
        "cast_at": _ts(_moment(np.asarray(rows.cast_at))),
    }, order="id")  # fmt: skip
    ballot = np.concatenate(rows.item_ballot)
    criterion = np.concatenate(rows.item_criterion)
    _insert(cur, "ballot_items", {
        "quartier_id": pa.array(np.full(len(ballot), quartier_id)),
        "ballot_id": pa.array(ballot),
        "idea_id": pa.array(np.concatenate(rows.item_idea)),
        "criterion": pa.array(criterion, type=pa.int32(), mask=criterion < 0),
        "value": pa.array(np.concatenate(rows.item_value), type=pa.int32()),
    })  # fmt: skip
    return len(ballot)


# --- past rounds and measures ------------------------------------------------------------------


def _decide(
    method: Method, ballots: list[list[tuple[int, int | None, int]]], ideas: Sequence[int],
    winners: int, requested: Mapping[int, int], jury: int,
) -> list[IdeaResult]:  # fmt: skip
    """The stored result of a past round: its latest ballots through the pure rules."""
    if method is Method.DOTS:
        tally = rules.tally_dots([{ideas[p]: v for p, _, v in b} for b in ballots], ideas)
        return rules.choose({i: float(s) for i, s in tally.items()}, winners)
    if method is Method.RANKING:
        orders = [[ideas[p] for p, _, _ in sorted(b, key=lambda i: i[2])] for b in ballots]
        borda = rules.tally_borda(orders, ideas)
        return rules.choose({i: float(s) for i, s in borda.items()}, winners)
    if method is Method.CRITERIA:
        crit = rules.tally_criteria(
            [{(ideas[p], c): v for p, c, v in b if c is not None} for b in ballots],
            ideas, DEFAULT_CRITERIA,
        )  # fmt: skip
        return rules.choose({i: t.mean for i, t in crit.items()}, winners)
    counts = rules.tally_fund([{ideas[p]: v for p, _, v in b} for b in ballots], ideas)
    return rules.allocate_fund(
        requested, counts, jury, rules.DEFAULT_BUDGET_CENTS, rules.DEFAULT_CAP_CENTS
    )


def _add_past_rounds(
    cur: Any,
    rng: np.random.Generator,
    quartier_id: int,
    made: _Ideas,
    group_members: Mapping[int, Sequence[int]],
    staff: int,
    exclude: set[int],
) -> set[int]:
    """Closed rounds twice a year per group over its ideas, results from their ballots;
    measures for most chosen ideas. Returns the ideas that were in a round."""
    span = (END - START).total_seconds()
    mine = (made.quartier == quartier_id) & (made.status == "veroeffentlicht")
    in_round: set[int] = set()
    chosen: list[tuple[int, int, float]] = []  # idea, group, closed at
    round_rows: list[tuple[Any, ...]] = []
    idea_rows: list[tuple[int, int, int | None]] = []
    voter_rows: list[tuple[int, int]] = []
    criteria_rows: list[tuple[int, int]] = []
    result_rows: list[tuple[int, int, int, float, str, str]] = []
    decision_rows: list[tuple[int, int, bool, float]] = []
    ballots = _ballot_rows()
    methods = (Method.DOTS, Method.CRITERIA, Method.RANKING, Method.FUND)
    # Every six months from the second year on.
    closes = np.arange(365 * DAY, span - 30 * DAY, 182 * DAY)
    planned: list[tuple[int, float, Method, list[int]]] = []
    for group_id, members in group_members.items():
        if len(members) < 3:
            continue
        previous = 0.0
        for closed_at in closes:
            pool = np.flatnonzero(mine & (made.group == group_id) & (made.assigned > previous)
                                  & (made.assigned <= closed_at - 14 * DAY))  # fmt: skip
            previous = float(closed_at)
            pool = np.asarray([k for k in pool if int(made.id[k]) not in exclude], dtype=np.int64)
            if len(pool) < 4:
                continue
            take = rng.choice(pool, size=min(len(pool), int(rng.integers(6, 26))), replace=False)
            method = methods[int(rng.choice(4, p=[0.5, 0.2, 0.2, 0.1]))]
            planned.append(
                (group_id, float(closed_at), method, sorted(int(made.id[k]) for k in take))
            )
    round_ids = _ids(cur, "rounds_id_seq", len(planned))
    ballot_ids = iter(_ids(cur, "ballots_id_seq", sum(len(group_members[g])
                                                       for g, *_ in planned)))  # fmt: skip
    for round_id, (group_id, closed_at, method, ideas) in zip(round_ids, planned, strict=True):
        rid = int(round_id)
        members = list(group_members[group_id])
        n = len(ideas)
        winners = min(3, n - 1)
        requested = {i: int(rng.integers(5, 151)) * 1000 for i in ideas} \
            if method is Method.FUND else {}  # fmt: skip
        opened = closed_at - 21 * DAY
        round_rows.append((rid, group_id, f"Runde {_moment(closed_at).astype('datetime64[D]')}",
                           method.value, None if method is Method.FUND else winners,
                           10 if method is Method.DOTS else None,
                           3 if method is Method.DOTS else None,
                           rules.DEFAULT_BUDGET_CENTS if method is Method.FUND else None,
                           rules.DEFAULT_CAP_CENTS if method is Method.FUND else None,
                           closed_at, closed_at, opened))  # fmt: skip
        idea_rows += [(rid, i, requested.get(i)) for i in ideas]
        voter_rows += [(rid, u) for u in members]
        if method is Method.CRITERIA:
            criteria_rows += [(rid, p) for p in range(len(DEFAULT_CRITERIA))]
        quality = rng.normal(0, 1, n)
        per_criterion = rng.normal(0, 0.7, (n, len(DEFAULT_CRITERIA)))
        cast = _ballots(rng, method, quality, len(members), dots=10, max_per=3,
                        per_criterion=per_criterion)  # fmt: skip
        voted = rng.random(len(members)) < 0.85
        counted = [b for b, v in zip(cast, voted, strict=True) if v]
        for k, (user, items) in enumerate(zip(members, cast, strict=True)):
            bid = int(next(ballot_ids))
            if voted[k]:
                _append_ballot(ballots, bid, rid, user, opened + (k + 1) * 3600, items,
                               np.asarray(ideas, dtype=np.int64))  # fmt: skip
        results = _decide(method, counted, ideas, winners, requested, len(members))
        for r in results:
            result_rows.append((rid, r.idea_id, r.rank, r.score, r.outcome.value,
                                r.reason.value))  # fmt: skip
            is_chosen = r.outcome is Outcome.CHOSEN
            if r.outcome is Outcome.TIE and rng.random() < 0.7:
                is_chosen = bool(rng.random() < 0.5)
                if method is Method.FUND:
                    is_chosen = False  # settling a fund tie must fit the budget; keep it simple
                decision_rows.append((rid, r.idea_id, is_chosen, closed_at + 7 * DAY))
            if is_chosen:
                chosen.append((r.idea_id, group_id, closed_at))
        in_round.update(ideas)
    # unused ballot ids of non-voters are simply skipped (as failed casts would leave them)
    if planned:
        _insert(cur, "rounds", {
            "id": pa.array([r[0] for r in round_rows], type=pa.int64()),
            "quartier_id": pa.array([quartier_id] * len(round_rows), type=pa.int64()),
            "group_id": pa.array([r[1] for r in round_rows], type=pa.int64()),
            "title": pa.array([r[2] for r in round_rows], type=pa.string()),
            "method": pa.array([r[3] for r in round_rows], type=pa.string()),
            "winners": pa.array([r[4] for r in round_rows], type=pa.int32()),
            "dots_per_member": pa.array([r[5] for r in round_rows], type=pa.int32()),
            "max_dots_per_idea": pa.array([r[6] for r in round_rows], type=pa.int32()),
            "budget_cents": pa.array([r[7] for r in round_rows], type=pa.int64()),
            "cap_cents": pa.array([r[8] for r in round_rows], type=pa.int64()),
            "closes_at": _ts(_moment(np.asarray([r[9] for r in round_rows]))),
            "closed_at": _ts(_moment(np.asarray([r[10] for r in round_rows]))),
            "created_by": pa.array([staff] * len(round_rows), type=pa.int64()),
            "created_at": _ts(_moment(np.asarray([r[11] for r in round_rows]))),
        }, order="id")  # fmt: skip
        _insert(cur, "round_ideas", {
            "quartier_id": pa.array([quartier_id] * len(idea_rows), type=pa.int64()),
            "round_id": pa.array([r[0] for r in idea_rows], type=pa.int64()),
            "idea_id": pa.array([r[1] for r in idea_rows], type=pa.int64()),
            "requested_cents": pa.array([r[2] for r in idea_rows], type=pa.int64()),
        })  # fmt: skip
        _insert(cur, "round_voters", {
            "quartier_id": pa.array([quartier_id] * len(voter_rows), type=pa.int64()),
            "round_id": pa.array([r[0] for r in voter_rows], type=pa.int64()),
            "user_id": pa.array([r[1] for r in voter_rows], type=pa.int64()),
        })  # fmt: skip
        if criteria_rows:
            crit = DEFAULT_CRITERIA
            _insert(cur, "round_criteria", {
                "quartier_id": pa.array([quartier_id] * len(criteria_rows), type=pa.int64()),
                "round_id": pa.array([r[0] for r in criteria_rows], type=pa.int64()),
                "position": pa.array([r[1] for r in criteria_rows], type=pa.int32()),
                "name": pa.array([crit[r[1]].name for r in criteria_rows], type=pa.string()),
                "weight": pa.array([crit[r[1]].weight for r in criteria_rows]),
                "is_inverted": pa.array([crit[r[1]].is_inverted for r in criteria_rows]),
            })  # fmt: skip
        _write_ballots(cur, quartier_id, ballots)
        _insert(cur, "round_results", {
            "quartier_id": pa.array([quartier_id] * len(result_rows), type=pa.int64()),
            "round_id": pa.array([r[0] for r in result_rows], type=pa.int64()),
            "idea_id": pa.array([r[1] for r in result_rows], type=pa.int64()),
            "rank": pa.array([r[2] for r in result_rows], type=pa.int32()),
            "score": pa.array([r[3] for r in result_rows], type=pa.float64()),
            "outcome": pa.array([r[4] for r in result_rows], type=pa.string()),
            "reason": pa.array([r[5] for r in result_rows], type=pa.string()),
        })  # fmt: skip
        if decision_rows:
            _insert(cur, "round_decisions", {
                "quartier_id": pa.array([quartier_id] * len(decision_rows), type=pa.int64()),
                "round_id": pa.array([r[0] for r in decision_rows], type=pa.int64()),
                "idea_id": pa.array([r[1] for r in decision_rows], type=pa.int64()),
                "is_chosen": pa.array([r[2] for r in decision_rows]),
                "note": pa.array(["In der Sitzung per Handzeichen entschieden"]
                                 * len(decision_rows), type=pa.string()),
                "decided_by": pa.array([staff] * len(decision_rows), type=pa.int64()),
                "decided_at": _ts(_moment(np.asarray([r[3] for r in decision_rows]))),
            })  # fmt: skip
    _add_measures(cur, rng, quartier_id, chosen, staff, span)
    return in_round


def _add_measures(
    cur: Any, rng: np.random.Generator, quartier_id: int,
    chosen: list[tuple[int, int, float]], staff: int, span: float,
) -> None:  # fmt: skip
    """Measures for most chosen ideas (status by age) plus a few without an idea."""
    rows: list[tuple[Any, ...]] = []
    for idea_id, group_id, closed_at in chosen:
        if rng.random() < 0.85:
            rows.append((idea_id, group_id, closed_at))
    for _ in range(max(1, len(rows) // 20)):
        rows.append((None, None, float(rng.uniform(365 * DAY, span - 30 * DAY))))
    ids = _ids(cur, "measures_id_seq", len(rows))
    measure_rows: list[tuple[Any, ...]] = []
    milestones: list[tuple[int, str, float, float | None]] = []
    for measure_id, (idea_id, group_id, created) in zip(ids, rows, strict=True):
        age = (span - created) / (365 * DAY)
        u = rng.random()
        if age < 0.5:
            status = "geplant" if u < 0.5 else "in_umsetzung"
        elif age < 2:
            status = ("in_umsetzung", "umgesetzt", "abgebrochen", "geplant")[
                int(np.searchsorted([0.4, 0.85, 0.95], u))]  # fmt: skip
        else:
            status = ("umgesetzt", "abgebrochen", "in_umsetzung")[
                int(np.searchsorted([0.8, 0.95], u))]  # fmt: skip
        starts = created + rng.uniform(7, 60) * DAY
        ends = starts + rng.uniform(30, 400) * DAY
        measure_rows.append((int(measure_id), idea_id, group_id, created, starts, ends, status,
                             int(rng.integers(2, 151)) * 1000))  # fmt: skip
        k = int(rng.integers(2, 6))
        for j, due in enumerate(np.linspace(starts + 14 * DAY, ends, k)):
            done: float | None = None
            if status == "umgesetzt" or (status == "in_umsetzung" and j < k // 2):
                done = min(float(due) + rng.uniform(-10, 20) * DAY, span - DAY)
            milestones.append((int(measure_id), f"Schritt {j + 1}", float(due), done))
    titles = ("Umsetzung: Bänke und Schatten", "Sommerfest organisieren", "Beete anlegen",
              "Treff öffnen", "Kurs starten")  # fmt: skip
    _insert(cur, "measures", {
        "id": pa.array([r[0] for r in measure_rows], type=pa.int64()),
        "quartier_id": pa.array([quartier_id] * len(measure_rows), type=pa.int64()),
        "idea_id": pa.array([r[1] for r in measure_rows], type=pa.int64()),
        "group_id": pa.array([r[2] for r in measure_rows], type=pa.int64()),
        "title": pa.array([titles[k % len(titles)] for k in range(len(measure_rows))],
                          type=pa.string()),
        "responsible": pa.array(["Quartiersbüro"] * len(measure_rows), type=pa.string()),
        "budget_cents": pa.array([r[7] for r in measure_rows], type=pa.int64()),
        "starts_on": pa.array(_moment(np.asarray([r[4] for r in measure_rows]))
                              .astype("datetime64[D]")),
        "ends_on": pa.array(_moment(np.asarray([r[5] for r in measure_rows]))
                            .astype("datetime64[D]")),
        "status": pa.array([r[6] for r in measure_rows], type=pa.string()),
        "created_by": pa.array([staff] * len(measure_rows), type=pa.int64()),
        "created_at": _ts(_moment(np.asarray([r[3] for r in measure_rows]))),
    }, order="id")  # fmt: skip
    ms_ids = _ids(cur, "milestones_id_seq", len(milestones))
    done_on = np.asarray([m[3] if m[3] is not None else 0.0 for m in milestones])
    _insert(cur, "milestones", {
        "id": pa.array(ms_ids),
        "quartier_id": pa.array([quartier_id] * len(milestones), type=pa.int64()),
        "measure_id": pa.array([m[0] for m in milestones], type=pa.int64()),
        "title": pa.array([m[1] for m in milestones], type=pa.string()),
        "due_on": pa.array(_moment(np.asarray([m[2] for m in milestones])).astype("datetime64[D]")),
        "done_on": pa.array(_moment(done_on).astype("datetime64[D]"),
                            mask=np.asarray([m[3] is None for m in milestones])),
    }, order="id")  # fmt: skip


# --- the benchmark rounds ------------------------------------------------------------------------


def _bench_rounds(
    db: Database,
    rng: np.random.Generator,
    coordinator: User,
    quartier_id: int,
    group_id: int,
    idea_ids: list[int],
    members: list[int],
) -> tuple[dict[Method, int], int]:
    """One open round per method through ``open_round``; two ballots per member each."""
    n = len(idea_ids)
    winners = max(1, min(10, n - 1))
    closes = max(datetime.now(UTC), END) + timedelta(days=3650)
    requested_raw = rng.integers(5, 151, n) * 1000  # 50 € … 1.500 € (the cap)
    requested_raw[rng.random(n) < 0.01] = 0
    requested = {i: int(c) for i, c in zip(idea_ids, requested_raw, strict=True)}
    settings: dict[Method, dict[str, Any]] = {
        Method.DOTS: {"winners": winners, "dots_per_member": 20, "max_dots_per_idea": 3},
        Method.CRITERIA: {"winners": winners},
        Method.RANKING: {"winners": winners},
        Method.FUND: {"requested_cents": requested},
    }
    titles = {
        Method.DOTS: "Punkte für das Jahresprogramm",
        Method.CRITERIA: "Bewertung 2027",
        Method.RANKING: "Rangfolge der Vorschläge",
        Method.FUND: "Aktionsfonds 2027",
    }
    rounds = {
        m: open_round(db, coordinator, group_id, titles[m], m, idea_ids, members, closes,
                      **settings[m]).id
        for m in (Method.DOTS, Method.CRITERIA, Method.RANKING, Method.FUND)
    }  # fmt: skip
    opened = (datetime.now(UTC) - START).total_seconds()  # ballots come after the opening
    quality = rng.normal(0, 1, n)  # the same ideas are good in every method
    per_criterion = rng.normal(0, 0.7, (n, len(DEFAULT_CRITERIA)))
    ideas = np.asarray(idea_ids, dtype=np.int64)
    total = 0
    with db.transaction() as cur:
        for method, round_id in rounds.items():
            rows = _ballot_rows()
            cast = [
                _ballots(rng, method, quality, len(members), dots=20, max_per=3,
                         per_criterion=per_criterion)
                for _ in range(2)  # a first ballot and a changed one, which counts
            ]  # fmt: skip
            ballot_ids = _ids(cur, "ballots_id_seq", 2 * len(members))
            order = [(rnd, v) for rnd in range(2) for v in rng.permutation(len(members))]
            for k, (rnd, v) in enumerate(order):
                items = cast[rnd][int(v)]
                _check_ballot(method, items, idea_ids, 20, 3)
                _append_ballot(rows, int(ballot_ids[k]), round_id, members[int(v)],
                               opened + k / 1000, items, ideas)  # fmt: skip
            total += _write_ballots(cur, quartier_id, rows)
    return rounds, total


# --- the whole database ------------------------------------------------------------------------


def build_ideas_db(
    path: str | Path,
    *,
    ideas: int = 1_000,
    members: int = 200,
    board_ideas: int = 50_000,
    seed: int = 1,
    other_share: float = 0.1,
) -> BenchIdeas:
    """A fresh database file at ``path`` (replaced if present); see the module docstring."""
    started = time.perf_counter()
    if ideas < 2 or members < 1:
        raise ValueError("a round needs at least 2 ideas and 1 member")
    target = Path(path)
    for stale in (target, target.with_name(target.name + ".wal")):
        stale.unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    db = open_database(target)
    try:
        migrate(db)
        with db.transaction() as cur:
            main = create_quartier_in(cur, "lindenviertel", "Lindenviertel", "Musterstadt")
            other = create_quartier_in(cur, "rosenhof", "Rosenhof", "Musterstadt")
            coordinator = create_user_in(cur, "bench-koordination", None, Role.COORDINATOR,
                                         "Kim Koordination", [main.id, other.id])  # fmt: skip
            staff = coordinator.id
            assert staff is not None
            event_t = np.sort(rng.uniform(0, (END - START).total_seconds() - DAY, 40))
            event_ids = _ids(cur, "events_id_seq", len(event_t))
            _insert(cur, "events", {
                "id": pa.array(event_ids),
                "quartier_id": pa.array(np.full(len(event_t), main.id)),
                "title": pa.array([f"Stadtteilfest {k + 1}" for k in range(len(event_t))],
                                  type=pa.string()),
                "starts_on": pa.array(_moment(event_t).astype("datetime64[D]")),
                "place": pa.array(["Lindenplatz"] * len(event_t), type=pa.string()),
            })  # fmt: skip
            bench_members = _add_users(cur, rng, "bench-m", members, main.id)
            helpers = _add_users(cur, rng, "bench-a", 60, main.id)
            others = _add_users(cur, rng, "bench-r", 20, other.id)
            group_members: dict[int, list[int]] = {}
            groups: dict[int, list[tuple[int, str | None]]] = {main.id: [], other.id: []}
            for name, field in GROUPS:
                picked = [int(u) for u in rng.choice(helpers, size=int(rng.integers(5, 14)),
                                                     replace=False)]  # fmt: skip
                gid = _add_group(cur, main.id, name, picked)
                group_members[gid] = picked
                groups[main.id].append((gid, field))
            bench_group = _add_group(cur, main.id, BENCH_GROUP, bench_members)
            for name in OTHER_GROUPS:
                picked = [int(u) for u in rng.choice(others, size=6, replace=False)]
                groups[other.id].append((_add_group(cur, other.id, name, picked), None))
            made = _add_ideas(
                cur, rng, [(main.id, board_ideas), (other.id, round(board_ideas * other_share))],
                groups, list(zip((int(e) for e in event_ids), event_t, strict=True)), staff,
            )  # fmt: skip
            # The benchmark round's ideas: recent published ideas of the main Quartier
            # (kept out of the past rounds), handed to the benchmark group.
            span = (END - START).total_seconds()
            recent = np.flatnonzero((made.quartier == main.id)
                                    & (made.status == "veroeffentlicht")
                                    & (made.t > span - 3 * 365 * DAY))  # fmt: skip
            if len(recent) < ideas:
                raise ValueError(
                    f"only {len(recent)} recent published ideas for a round of {ideas};"
                    " raise --board-ideas"
                )
            picked_k = np.sort(rng.choice(recent, size=ideas, replace=False))
            round_ideas = [int(made.id[k]) for k in picked_k]
            _add_past_rounds(cur, rng, main.id, made, group_members, staff, set(round_ideas))
            when = span - 5 + np.arange(ideas) * 1e-3  # after every earlier assignment
            _add_history(cur, [(main.id, i, float(w), "zugewiesen", str(bench_group))
                               for i, w in zip(round_ideas, when, strict=True)], staff)  # fmt: skip
        rounds, items = _bench_rounds(db, rng, coordinator, main.id, bench_group, round_ideas,
                                      bench_members)  # fmt: skip
        with db.transaction() as cur:
            cur.execute("CHECKPOINT")
    finally:
        db.close()
    return BenchIdeas(
        path=str(target), quartier_id=main.id, other_quartier_id=other.id, group_id=bench_group,
        coordinator=coordinator, member_ids=tuple(bench_members), rounds=rounds,
        round_idea_ids=tuple(round_ideas), ideas=board_ideas, ballot_items=items,
        seconds=time.perf_counter() - started,
    )  # fmt: skip


# --- self-check: bulk ballots == cast_* ballots -------------------------------------------------


def recast_latest(db: Database, made: BenchIdeas, voters: int = 3) -> None:
    """Cast the latest ballot of the first ``voters`` members again through the real
    ``cast_*`` function (``my_ballot`` gives it in the shape ``cast_*`` takes). The
    results must not change if the bulk rows have the shape ``cast_*`` writes."""
    from quartier.auth.accounts import load_user
    from quartier.prioritisation import (
        cast_dots,
        cast_fund_votes,
        cast_ranking,
        cast_scores,
        my_ballot,
    )

    casts: dict[Method, Callable[..., None]] = {
        Method.DOTS: cast_dots, Method.CRITERIA: cast_scores,
        Method.FUND: cast_fund_votes, Method.RANKING: cast_ranking,
    }  # fmt: skip
    for user_id in made.member_ids[:voters]:
        with db.read() as cur:
            user = load_user(cur, user_id)
        assert user is not None
        for method, round_id in made.rounds.items():
            ballot = my_ballot(db, user, round_id)
            if method is Method.RANKING:
                casts[method](db, user, round_id, sorted(ballot, key=ballot.__getitem__))
            else:
                casts[method](db, user, round_id, ballot)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def results_agree(ours: Sequence[IdeaResult], theirs: Sequence[IdeaResult]) -> bool:
    """The same ideas with the same rank, outcome, reason and votes, and scores and
    spreads equal up to rounding (a float sum depends on the order of its terms, and
    DuckDB does not promise one)."""
    return len(ours) == len(theirs) and all(
        a.idea_id == b.idea_id and a.rank == b.rank and a.outcome is b.outcome
        and a.reason is b.reason and (a.yes, a.no, a.abstain) == (b.yes, b.no, b.abstain)
        and a.requested_cents == b.requested_cents and a.note == b.note
        and _close(a.score, b.score) and _close(a.spread, b.spread)
        for a, b in zip(ours, theirs, strict=True)
    )  # fmt: skip


def check_row_shape(members: int = 8, ideas: int = 12) -> bool:
    """Build a small database, compare every round's result before and after re-casting
    members' latest ballots through ``cast_*``; True if nothing changed."""
    from quartier.prioritisation import round_result

    with tempfile.TemporaryDirectory() as tmp:
        made = build_ideas_db(Path(tmp) / "check.duckdb", ideas=ideas, members=members,
                              board_ideas=600)  # fmt: skip
        db = open_database(made.path)
        try:
            before = {m: round_result(db, r) for m, r in made.rounds.items()}
            recast_latest(db, made, voters=members)
            after = {m: round_result(db, r) for m, r in made.rounds.items()}
            with db.read() as cur:
                row = cur.execute(
                    "SELECT count(*) FROM ballots WHERE round_id IN (SELECT unnest(?))",
                    [list(made.rounds.values())],
                ).fetchone()
        finally:
            db.close()
    same = all(results_agree(before[m].results, after[m].results)
               and before[m].voted == after[m].voted for m in made.rounds)  # fmt: skip
    print(f"check: {members} members re-cast their latest ballot in 4 rounds through cast_*"
          f" ({row[0] if row else '?'} ballots now); results unchanged: {same}")  # fmt: skip
    return same


def default_path(ideas: int, members: int, board_ideas: int, seed: int) -> Path:
    return DEFAULT_DIR / f"ideas-{board_ideas}-{ideas}x{members}-s{seed}.duckdb"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=None)
    parser.add_argument("--ideas", type=int, default=1_000, help="ideas in each round")
    parser.add_argument("--members", type=int, default=200, help="members voting")
    parser.add_argument("--board-ideas", type=int, default=50_000,
                        help="ideas of the benchmarked Quartier")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true",
                        help="small: 60 ideas, 12 members, 3,000 board ideas")  # fmt: skip
    parser.add_argument("--check", action="store_true",
                        help="check that bulk ballots equal what cast_* stores")  # fmt: skip
    args = parser.parse_args(argv)
    if args.check:
        return 0 if check_row_shape() else 1
    if args.quick:
        args.ideas, args.members, args.board_ideas = 60, 12, 3_000
    path = args.path or default_path(args.ideas, args.members, args.board_ideas, args.seed)
    made = build_ideas_db(path, ideas=args.ideas, members=args.members,
                          board_ideas=args.board_ideas, seed=args.seed)  # fmt: skip
    size = Path(made.path).stat().st_size / 1e6
    print(f"{made.path}: {made.ideas} ideas in Quartier {made.quartier_id}, rounds"
          f" {dict((m.value, r) for m, r in made.rounds.items())} over {len(made.round_idea_ids)}"
          f" ideas with {len(made.member_ids)} members, {made.ballot_items} ballot items;"
          f" {size:.1f} MB, built in {made.seconds:.1f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
