"""Benchmark data for a whole city: 25 Quartiere over ten years, shared by all benchmarks.

One generator, through the real migrations, reusing the per-area generators
(``survey_data``, ``ideas_data``, ``network_data``) once per Quartier. At ``--scale 1``:

* 25 Quartiere of different sizes (the first, "Lindenviertel", is the largest, about
  6.4% of everything: the one the benchmarks look at), a coordinator account for all of
  them (the office) and 30 helper accounts per Quartier in 8 working groups;
* the actor network: 2,000 actors and 10,000 ties in all (``network_data.generate`` per
  Quartier, with its working groups, events and measures naming actors);
* 20,000 events with ``event_details``: types with seasons (the Kinderfest in June,
  summer and Christmas dips, Sprechstunden on weekdays), start/end times, organisers,
  AG-Sitzungen of the working groups, languages offered, attendance for past events
  (a few not recorded yet) with breakdowns by age band and by language for a share;
* one 20-question survey per Quartier with 500,000 responses in all (about 18 answer
  rows each, ``survey_data.add_survey`` over ten years, responses at events pinned to
  the event's day);
* 50,000 ideas with moderation, history, supports, working-group assignments, closed
  rounds with ballots and results, measures with milestones (``ideas_data``), and a
  ``measure_status_changes`` history for every measure (planned → started → finished or
  cancelled, dated by start day and milestones);
* offerings (Sozialberatung, Sprachkurs, Behördenbegleitung, Hausaufgabenhilfe, …) with
  their languages and 100,000 sessions with seasonal pauses and session languages;
* population shares per Quartier (summing to 100 %) with their source.

Everything is bulk-inserted (Arrow tables / ``unnest``), seeded (same arguments, same
content). The file is cached by its arguments under ``/tmp/quartier-bench``: a second
run reuses it (after applying any newer migration); ``--rebuild`` makes it afresh. It is
written under a temporary name and renamed when complete, so a half-built file is never
reused.

Usage::

    .venv/bin/python bench/city_data.py [--scale 1.0] [--quartiere 25] [--seed 1]
        [--rebuild] [--path PATH]

Importable: :func:`city_db` (build or reuse, returns a :class:`City`), :func:`build_city_db`.
"""

from __future__ import annotations

import argparse
import base64
import math
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import ideas_data as I  # noqa: E741
import network_data as N
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import survey_data as S

from quartier.auth import Role
from quartier.auth.accounts import create_user_in
from quartier.events.model import LANGUAGES, OTHER_LANGUAGE, PLAUSIBLE_SESSION, AgeBand
from quartier.quartiers import create_quartier_in
from quartier.storage import Database, migrate, open_database

DEFAULT_DIR = Path(tempfile.gettempdir()) / "quartier-bench"
#: Bump when the generator changes what it writes: the cache file name carries it.
VERSION = 3
END = N.END  # 2026-11-01: the data ends here ("today" of the benchmarks)
START = N.START  # ten years earlier
DAYS = (END - START).days
AHEAD = 60  # events planned up to two months after END

# Full-scale totals (--scale multiplies them).
RESPONSES = 500_000
IDEAS = 50_000
EVENTS = 20_000
SESSIONS = 100_000
ACTORS = 2_000
TIES = 10_000
HELPERS = 30  # accounts per Quartier in the ideas' working groups
ROUND_IDEAS = 200  # ideas in the open rounds of the benchmarked Quartier
VOTERS = 160  # members voting there (two ballots each per round)

NAMES = (
    "Lindenviertel", "Rosenhof", "Altstadt-Nord", "Hafenkante", "Eichenhain", "Mühlenberg",
    "Schillerkiez", "Am Wasserturm", "Gartenstadt", "Bahnhofsviertel", "Südhang",
    "Lerchenfeld", "Kanalufer", "Birkenweg", "Marktviertel", "Nordstadt", "Weststadt",
    "Kirchfeld", "Sonnenhügel", "Auenviertel", "Ziegelei", "Goethehöhe", "Weidenau",
    "Brückenviertel", "Fuchsberg", "Ostpark", "Heideblick", "Am Anger", "Wiesengrund",
    "Kastanienhof",
)  # fmt: skip

# Languages of the neighbourhoods: a base mix, varied per Quartier (Dirichlet).
BASE_MIX = {
    "de": 48.0, "tr": 14.0, "ar": 9.0, "ru": 6.0, "uk": 5.0, "pl": 5.0, "en": 2.0,
    "ku": 2.0, "fa": 1.5, "ro": 2.5, "bg": 2.5, "sr": 1.0, "sq": 1.0, "it": 0.8,
    "el": 0.6, "es": 0.6, "fr": 0.4, "vi": 0.5, "ti": 0.3, "so": 0.3,
}  # fmt: skip
assert set(BASE_MIX) == set(LANGUAGES)

# Event types: share, typical attendance (lognormal median), cap, weekday weights Mo–So,
# hours (start, duration), season (per month Jan–Dec).
_FLAT = (1.0,) * 12
_DIPS = (0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.45, 1.0, 1.0, 1.0, 0.6)  # August, December
EVENT_TYPES: dict[str, dict[str, Any]] = {
    "sprechstunde": dict(share=0.30, median=9, cap=80, week=(1, 1, 1, 1, 1, 0, 0),
                         hours=(10, 2), season=_DIPS),
    "ag_sitzung": dict(share=0.20, median=9, cap=60, week=(1, 1, 1, 1, 0.5, 0, 0),
                       hours=(18, 2), season=_DIPS),
    "kurs": dict(share=0.15, median=11, cap=60, week=(1, 1, 1, 1, 1, 0.6, 0),
                 hours=(16, 2), season=(1, 1, 1, 1, 1, 1, 0.5, 0.2, 1, 1, 1, 0.7)),
    "infoveranstaltung": dict(share=0.10, median=35, cap=300, week=(1, 1, 1, 1, 0.5, 0.3, 0),
                              hours=(18, 2), season=_DIPS),
    "beteiligungswerkstatt": dict(share=0.06, median=30, cap=200, week=(0.5, 0.5, 0.7, 0.7,
                                  0.7, 1, 0.3), hours=(14, 3), season=_DIPS),
    "fest": dict(share=0.06, median=220, cap=3000, week=(0, 0, 0, 0, 0.5, 1, 1),
                 hours=(14, 5), season=(0.1, 0.1, 0.3, 0.6, 1.2, 2.5, 2.0, 1.6, 1.8, 0.8,
                                        0.3, 0.9)),
    "sonstiges": dict(share=0.13, median=20, cap=500, week=(1, 1, 1, 1, 1, 0.8, 0.4),
                      hours=(15, 2), season=_DIPS),
}  # fmt: skip
EVENT_TITLES = {
    "sprechstunde": ("Sprechstunde im Quartiersbüro", "Mieterberatung", "Offene Sprechstunde"),
    "ag_sitzung": ("AG-Sitzung",),
    "kurs": ("Deutschkurs für Eltern", "Nähkurs", "Computerkurs für Ältere", "Kochkurs"),
    "infoveranstaltung": ("Infoabend Nebenkosten", "Info: Umbau Spielplatz",
                          "Infoveranstaltung Kita-Plätze", "Bürgerinfo Verkehr"),
    "beteiligungswerkstatt": ("Beteiligungswerkstatt Spielplatz", "Werkstatt Grünflächen",
                              "Planungswerkstatt Marktplatz"),
    "fest": ("Nachbarschaftsfest", "Sommerfest", "Lichterfest", "Flohmarkt"),
    "sonstiges": ("Kiezspaziergang", "Aufräumaktion", "Lesung", "Filmabend"),
}  # fmt: skip
AGE_BANDS = tuple(a.value for a in AgeBand)
AGE_MIX = {  # attendance by age band, per event type
    "fest": (0.14, 0.22, 0.08, 0.14, 0.32, 0.10),
    "kurs": (0.02, 0.10, 0.06, 0.20, 0.45, 0.17),
    "default": (0.02, 0.05, 0.05, 0.18, 0.50, 0.20),
}

OFFERINGS = (  # kind, title, weekdays per week, people (Poisson mean), usual languages
    ("sozialberatung", "Sozialberatung", 1, 6, ("de", "tr", "ar")),
    ("sprachkurs", "Sprachkurs Deutsch", 2, 11, ("de",)),
    ("behoerdenbegleitung", "Behördenbegleitung", 1, 2, ("de", "ar", "uk")),
    ("hausaufgabenhilfe", "Hausaufgabenhilfe", 2, 9, ("de", "tr")),
    ("sozialberatung", "Beratung auf Türkisch", 1, 5, ("tr", "de")),
    ("sprachkurs", "Sprachcafé", 1, 10, ("de", "uk", "ru")),
    ("sonstiges", "Nähcafé", 1, 8, ("de", "tr", "ar")),
    ("sonstiges", "Bewerbungshilfe", 1, 4, ("de", "pl", "ro")),
    ("hausaufgabenhilfe", "Lernhilfe Oberstufe", 1, 7, ("de",)),
    ("sozialberatung", "Mieterberatung", 1, 5, ("de", "ru", "bg")),
)  # fmt: skip

SOURCE = "Stadt Musterstadt, Statistikstelle"


def _as_date(d: np.datetime64) -> date:
    return date.fromisoformat(str(np.datetime64(d, "D")))


@dataclass(frozen=True)
class City:
    """What :func:`city_db` made or found."""

    path: str
    scale: float
    quartier_ids: tuple[int, ...]  # the first is the largest (the benchmarked one)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0  # build time (0 when reused)
    reused: bool = False
    size_mb: float = 0.0

    @property
    def quartier_id(self) -> int:
        return self.quartier_ids[0]


# --- per Quartier sizes and languages ------------------------------------------------------


def weights(quartiere: int) -> np.ndarray:
    """Each Quartier's share of the city's activity: the first four times the last."""
    w = np.linspace(2.0, 0.5, quartiere) if quartiere > 1 else np.ones(1)
    return w / w.sum()


def split(total: int, w: np.ndarray, minimum: int = 0) -> list[int]:
    """``total`` split by ``w`` (largest remainder), at least ``minimum`` each."""
    raw = total * w
    out = np.floor(raw).astype(int)
    rest = total - int(out.sum())
    if rest > 0:
        out[np.argsort(-(raw - out))[:rest]] += 1
    return [max(minimum, int(x)) for x in out]


def language_mix(rng: np.random.Generator, quartiere: int) -> list[dict[str, float]]:
    """Per Quartier: language → share (sums to 1)."""
    base = np.asarray(list(BASE_MIX.values()))
    mixes = []
    for _ in range(quartiere):
        shares = rng.dirichlet(base * 3.0)
        mixes.append(dict(zip(BASE_MIX, shares, strict=True)))
    return mixes


def population_shares(mix: dict[str, float], top: int = 8) -> dict[str, float]:
    """The statistics office's table: the ``top`` languages in percent with two decimals
    and the rest as 'andere', summing to exactly 100.00."""
    ranked = sorted(mix.items(), key=lambda kv: -kv[1])
    listed = dict(ranked[:top])
    listed[OTHER_LANGUAGE] = sum(v for _, v in ranked[top:])
    cents = {k: v * 10_000 for k, v in listed.items()}
    floor = {k: int(math.floor(v)) for k, v in cents.items()}
    rest = 10_000 - sum(floor.values())
    for k in sorted(cents, key=lambda k: floor[k] - cents[k])[:rest]:
        floor[k] += 1
    return {k: v / 100 for k, v in floor.items() if v > 0}


# --- events -----------------------------------------------------------------------------------


@dataclass
class _Events:
    ids: np.ndarray
    days: np.ndarray  # days after START
    types: np.ndarray  # str


def _event_days(rng: np.random.Generator, kind: dict[str, Any], n: int) -> np.ndarray:
    """``n`` days after START (up to AHEAD after END) with the type's week and season and
    a rising activity over the ten years."""
    days = np.arange(DAYS + AHEAD)
    dates = np.datetime64(START.isoformat(), "D") + days
    weekday = (dates.astype("datetime64[D]").view("int64") - 4) % 7  # 1970-01-01: Thursday
    month = dates.astype("datetime64[M]").astype(int) % 12
    p = (np.asarray(kind["week"])[weekday] * np.asarray(kind["season"])[month]
         * np.linspace(0.6, 1.4, len(days)))  # fmt: skip
    return np.sort(rng.choice(days, size=n, p=p / p.sum()))


def _add_events(
    cur: Any,
    rng: np.random.Generator,
    quartier_id: int,
    count: int,
    mix: dict[str, float],
    groups: Sequence[tuple[int, str]],
    staff: int,
) -> _Events:
    """``count`` events with details, languages and attendance (set-based inserts)."""
    types = list(EVENT_TYPES)
    shares = np.asarray([EVENT_TYPES[t]["share"] for t in types])
    per_type = split(count, shares / shares.sum())
    day_parts, type_parts = [], []
    for t, n in zip(types, per_type, strict=True):
        if n:
            day_parts.append(_event_days(rng, EVENT_TYPES[t], n))
            type_parts.append(np.full(n, t, dtype=object))
    days = np.concatenate(day_parts)
    etype = np.concatenate(type_parts)
    order = np.argsort(days, kind="stable")
    days, etype = days[order], etype[order]
    n = len(days)
    # The Internationales Kinderfest: the biggest fest of each June.
    starts_on = np.datetime64(START.isoformat(), "D") + days
    year = starts_on.astype("datetime64[Y]").astype(int) + 1970
    month = starts_on.astype("datetime64[M]").astype(int) % 12 + 1
    ids = I._ids(cur, "events_id_seq", n)
    titles = np.empty(n, dtype=object)
    for t in types:
        mask = etype == t
        pool = np.asarray(EVENT_TITLES[t], dtype=object)
        titles[mask] = pool[rng.integers(0, len(pool), int(mask.sum()))]
    june_fests = np.flatnonzero((etype == "fest") & (month == 6))
    for y in np.unique(year[june_fests]):
        first = june_fests[year[june_fests] == y][0]
        titles[first] = "Internationales Kinderfest"
    group = np.zeros(n, dtype=np.int64)
    ag = np.flatnonzero(etype == "ag_sitzung")
    if groups and len(ag):
        pick = rng.integers(0, len(groups), len(ag))
        group[ag] = np.asarray([g for g, _ in groups])[pick]
        names = np.asarray([name for _, name in groups], dtype=object)[pick]
        titles[ag] = "Sitzung " + names
    werk = np.flatnonzero((etype == "beteiligungswerkstatt") & (rng.random(n) < 0.4))
    if groups and len(werk):
        group[werk] = np.asarray([g for g, _ in groups])[rng.integers(0, len(groups), len(werk))]
    titles = np.asarray([str(x)[:120] for x in titles], dtype=object)
    hour0 = np.asarray([EVENT_TYPES[t]["hours"][0] for t in etype])
    length = np.asarray([EVENT_TYPES[t]["hours"][1] for t in etype])
    start_min = (hour0 + rng.integers(-1, 2, n)) * 60 + rng.choice([0, 30], n)
    all_day = rng.random(n) < 0.03
    end_min = np.minimum(start_min + length * 60, 23 * 60 + 30)
    places = np.asarray(N.PLACES, dtype=object)[rng.integers(0, len(N.PLACES), n)]
    public = ~np.isin(etype, ["ag_sitzung"]) | (rng.random(n) < 0.2)
    # Attendance: past events, most recorded; lognormal around the type's median.
    past = days <= DAYS
    recorded = past & (rng.random(n) < np.where(days > DAYS - 21, 0.5, 0.96))
    median = np.asarray([EVENT_TYPES[t]["median"] for t in etype], dtype=float)
    cap = np.asarray([EVENT_TYPES[t]["cap"] for t in etype])
    attendance = np.minimum(np.round(median * rng.lognormal(0, 0.55, n)), cap).astype(np.int64)
    attendance = np.maximum(attendance, 1)
    attended_at = (np.datetime64(START.isoformat(), "s") + (days + rng.integers(1, 4, n))
                   .astype("timedelta64[D]") + np.timedelta64(9, "h"))  # fmt: skip
    organisers = np.where(rng.random(n) < 0.7, "Quartiersbüro", "Quartiersbüro und Nachbarn")
    partners = np.where(rng.random(n) < 0.3, "Familienzentrum, Stadtteilbibliothek", "")
    I._insert(cur, "events", {
        "id": pa.array(ids),
        "quartier_id": pa.array(np.full(n, quartier_id)),
        "title": pa.array(titles, type=pa.string()),
        "starts_on": pa.array(starts_on),
        "place": pa.array(places, type=pa.string()),
    }, order="id")  # fmt: skip
    details = pa.table({
        "event_id": pa.array(ids),
        "event_type": pa.array(etype, type=pa.string()),
        "start_min": pa.array(start_min, mask=all_day),
        "end_min": pa.array(end_min, mask=all_day),
        "organisers": pa.array(organisers.astype(object), type=pa.string()),
        "partners": pa.array(partners.astype(object), type=pa.string()),
        "group_id": pa.array(group, mask=group == 0),
        "is_public": pa.array(public),
        "attendance": pa.array(attendance, mask=~recorded),
        "attendance_at": pa.array(attended_at.astype("datetime64[us]"),
                                  type=pa.timestamp("us", tz="UTC"), mask=~recorded),
    })  # fmt: skip
    cur.register("city_details", details)
    cur.execute(
        "INSERT INTO event_details (event_id, quartier_id, event_type, starts_at, ends_on,"
        " ends_at, organisers, partners, group_id, is_public, attendance, attendance_at,"
        " attendance_by, created_by)"
        " SELECT event_id, ?, event_type, TIME '00:00' + to_minutes(start_min), NULL,"
        " TIME '00:00' + to_minutes(end_min), organisers, partners, group_id, is_public,"
        " attendance, attendance_at, CASE WHEN attendance IS NULL THEN NULL ELSE ? END, ?"
        " FROM city_details ORDER BY event_id",
        [quartier_id, staff, staff],
    )
    cur.unregister("city_details")
    langs = list(mix)
    p_lang = np.asarray([mix[x] for x in langs])
    # Languages offered: 55% of events offer some (German plus 1–2 of the Quartier's).
    offered = np.flatnonzero(rng.random(n) < 0.55)
    e_rows: list[np.ndarray] = [ids[offered]]
    l_rows: list[np.ndarray] = [np.full(len(offered), "de", dtype=object)]
    extra = rng.choice(len(langs), size=(len(offered), 2), p=p_lang)
    for j, keep in enumerate((np.ones(len(offered), bool), rng.random(len(offered)) < 0.4)):
        code = np.asarray(langs, dtype=object)[extra[:, j]]
        ok = keep & (code != "de") & ((j == 0) | (extra[:, 1] != extra[:, 0]))
        e_rows.append(ids[offered][ok])
        l_rows.append(code[ok])
    _insert_pairs(cur, "event_languages", quartier_id, "event_id", np.concatenate(e_rows),
                  "language", np.concatenate(l_rows))  # fmt: skip
    # Breakdowns: by age for 40%, by language for 50% of the recorded events; the cells
    # cover 60–100% of the total and zeros are not stored.
    cells_e, cells_d, cells_c, cells_n = [], [], [], []
    for dim, share, cats, pick in (
        ("alter", 0.40, AGE_BANDS, None),
        ("sprache", 0.50, tuple(langs), p_lang),
    ):
        chosen = np.flatnonzero(recorded & (rng.random(n) < share))
        if not len(chosen):
            continue
        counted = np.floor(attendance[chosen] * rng.uniform(0.6, 1.0, len(chosen))).astype(int)
        if pick is None:
            probs = np.asarray([AGE_MIX.get(str(t), AGE_MIX["default"]) for t in etype[chosen]])
        else:
            # events lean towards the Quartier's mix, with the event's own accent
            probs = rng.dirichlet(pick * 40 + 0.05, size=len(chosen))
        probs = probs / probs.sum(axis=1, keepdims=True)
        split_cells = np.vstack(
            [rng.multinomial(c, pr) for c, pr in zip(counted, probs, strict=True)]
        )
        ev, cat = np.nonzero(split_cells)
        cells_e.append(ids[chosen][ev])
        cells_d.append(np.full(len(ev), dim, dtype=object))
        cells_c.append(np.asarray(cats, dtype=object)[cat])
        cells_n.append(split_cells[ev, cat])
    if cells_e:
        I._insert(cur, "event_attendance", {
            "quartier_id": pa.array(np.full(sum(len(x) for x in cells_e), quartier_id)),
            "event_id": pa.array(np.concatenate(cells_e)),
            "dimension": pa.array(np.concatenate(cells_d), type=pa.string()),
            "category": pa.array(np.concatenate(cells_c), type=pa.string()),
            "people": pa.array(np.concatenate(cells_n).astype(np.int32)),
        })  # fmt: skip
    return _Events(ids, days, etype)


def _insert_pairs(
    cur: Any, table: str, quartier_id: int, key: str, keys: np.ndarray, col: str,
    values: np.ndarray,
) -> None:  # fmt: skip
    if len(keys):
        I._insert(cur, table, {
            "quartier_id": pa.array(np.full(len(keys), quartier_id)),
            key: pa.array(np.asarray(keys, dtype=np.int64)),
            col: pa.array(values, type=pa.string()),
        })  # fmt: skip


# --- offerings ------------------------------------------------------------------------------


def _paused(kind: str, dates: np.ndarray) -> np.ndarray:
    """Days an offering of ``kind`` does not run: Christmas for all, school holidays for
    homework help (NRW, roughly), the summer break of language courses."""
    m = dates.astype("datetime64[M]").astype(int) % 12 + 1
    d = (dates - dates.astype("datetime64[M]")).astype(int) + 1
    md = m * 100 + d
    off = (md >= 1223) | (md <= 102)
    if kind == "hausaufgabenhilfe":
        off |= ((md >= 701) & (md <= 815)) | ((md >= 1010) & (md <= 1024))
        off |= ((md >= 325) & (md <= 408)) | (md <= 106) | (md >= 1221)
    elif kind == "sprachkurs":
        off |= (md >= 715) & (md <= 831)
    return off


def _add_offerings(
    cur: Any, rng: np.random.Generator, quartier_id: int, sessions: int, staff: int
) -> int:
    """Offerings and about ``sessions`` held sessions with languages; returns the count."""
    count = min(len(OFFERINGS), max(4, math.ceil(sessions / 700)))
    chosen = OFFERINGS[:count]
    ids = I._ids(cur, "offerings_id_seq", count)
    begin = np.sort(rng.integers(0, DAYS // 2, count))
    begin[:4] = np.minimum(begin[:4], rng.integers(0, 200, min(4, count)))  # the core four
    ended = rng.random(count) < 0.15
    finish = np.where(ended, np.minimum(begin + rng.integers(700, 2500, count), DAYS), DAYS)
    # Weekdays: the usual number, more when the Quartier's volume needs them.
    capacity = sum(per * 0.65 * (finish[k] - begin[k]) / 7
                   for k, (_, _, per, _, _) in enumerate(chosen))  # fmt: skip
    extra = max(0, math.ceil((sessions * 1.15 - capacity) / (0.65 * DAYS / 7 * count)))
    weekdays = [rng.choice(5, size=min(5, per + extra), replace=False)
                for _, _, per, _, _ in chosen]  # fmt: skip
    created = (np.datetime64(START.isoformat(), "us") + begin.astype("timedelta64[D]")
               - np.timedelta64(7, "D"))  # fmt: skip
    I._insert(cur, "offerings", {
        "id": pa.array(ids),
        "quartier_id": pa.array(np.full(count, quartier_id)),
        "title": pa.array([c[1] for c in chosen], type=pa.string()),
        "kind": pa.array([c[0] for c in chosen], type=pa.string()),
        "place": pa.array(["Quartiersbüro"] * count, type=pa.string()),
        "schedule": pa.array([", ".join(("montags", "dienstags", "mittwochs", "donnerstags",
                                         "freitags")[w] for w in sorted(ws)) + " 10–12 Uhr"
                              for ws in weekdays], type=pa.string()),
        "organisers": pa.array(["Quartiersbüro"] * count, type=pa.string()),
        "is_active": pa.array(~ended),
        "created_by": pa.array(np.full(count, staff)),
        "created_at": pa.array(created, type=pa.timestamp("us", tz="UTC")),
    }, order="id")  # fmt: skip
    o_keys = np.concatenate([np.full(len(c[4]), i) for i, c in zip(ids, chosen, strict=True)])
    o_langs = np.concatenate([np.asarray(c[4], dtype=object) for c in chosen])
    _insert_pairs(cur, "offering_languages", quartier_id, "offering_id", o_keys, "language",
                  o_langs)  # fmt: skip
    # Candidate days: the weekdays between begin and finish, not paused, 90% held.
    cand_o, cand_d = [], []
    for k, (kind, _, _, _, _) in enumerate(chosen):
        days = np.arange(begin[k], finish[k] + 1)
        dates = np.datetime64(START.isoformat(), "D") + days
        weekday = (dates.view("int64") - 4) % 7
        ok = np.isin(weekday, weekdays[k]) & ~_paused(kind, dates) & (rng.random(len(days)) < 0.9)
        cand_o.append(np.full(int(ok.sum()), k))
        cand_d.append(days[ok])
    all_o, all_d = np.concatenate(cand_o), np.concatenate(cand_d)
    take = np.sort(rng.choice(len(all_o), size=min(sessions, len(all_o)), replace=False))
    s_o, s_d = all_o[take], all_d[take]
    order = np.lexsort((s_o, s_d))
    s_o, s_d = s_o[order], s_d[order]
    n = len(s_o)
    mean = np.asarray([c[3] for c in chosen], dtype=float)[s_o]
    month = (np.datetime64(START.isoformat(), "D") + s_d).astype("datetime64[M]").astype(int) % 12
    season = np.asarray(_DIPS)[month]
    people = np.minimum(rng.poisson(mean * season * np.linspace(0.7, 1.3, n)), PLAUSIBLE_SESSION)
    s_ids = I._ids(cur, "offering_sessions_id_seq", n)
    raw = rng.integers(0, 256, size=(n, 18), dtype=np.uint8)
    tokens = [base64.urlsafe_b64encode(r.tobytes()).decode() for r in raw]
    created_at = (np.datetime64(START.isoformat(), "us") + s_d.astype("timedelta64[D]")
                  + np.timedelta64(13, "h"))  # fmt: skip
    I._insert(cur, "offering_sessions", {
        "id": pa.array(s_ids),
        "quartier_id": pa.array(np.full(n, quartier_id)),
        "offering_id": pa.array(ids[s_o]),
        "held_on": pa.array(np.datetime64(START.isoformat(), "D") + s_d),
        "people": pa.array(people.astype(np.int32)),
        "note": pa.array(np.where(rng.random(n) < 0.05, "mit Dolmetscherin", "").astype(object),
                         type=pa.string()),
        "token": pa.array(tokens, type=pa.string()),
        "created_by": pa.array(np.full(n, staff)),
        "created_at": pa.array(created_at, type=pa.timestamp("us", tz="UTC")),
    }, order="id")  # fmt: skip
    # Session languages: the offering's first language always, the others often.
    keys, langs = [], []
    for k, c in enumerate(chosen):
        rows = np.flatnonzero(s_o == k)
        mask = rng.random((len(rows), len(c[4]))) < 0.55
        mask[:, 0] = True
        r, j = np.nonzero(mask)
        keys.append(s_ids[rows][r])
        langs.append(np.asarray(c[4], dtype=object)[j])
    _insert_pairs(cur, "offering_session_languages", quartier_id, "session_id",
                  np.concatenate(keys), "language", np.concatenate(langs))  # fmt: skip
    return n


# --- measures' status history ------------------------------------------------------------------


def _status_history(cur: Any) -> None:
    """Every measure's statuses with dates, as the app records them from issue 6 on:
    planned at creation; started on its start day; finished when its last milestone
    was done (or its end day); cancelled halfway. Network measures (no idea) get a
    creation time inside the ten years first."""
    end = datetime.combine(END, datetime.min.time(), UTC)
    cur.execute(
        "UPDATE measures SET created_at = ?::TIMESTAMPTZ - to_days((hash(id) % 3000)::INTEGER)"
        " WHERE created_at > ?",
        [end, end],
    )
    cur.execute(
        "INSERT INTO measure_status_changes (quartier_id, measure_id, status, changed_at,"
        " changed_by) SELECT quartier_id, id, 'geplant', created_at, created_by FROM measures"
    )
    cur.execute(
        "INSERT INTO measure_status_changes (quartier_id, measure_id, status, changed_at,"
        " changed_by) SELECT quartier_id, id, 'in_umsetzung',"
        " greatest(created_at + INTERVAL 1 HOUR, starts_on + INTERVAL 9 HOUR), created_by"
        " FROM measures WHERE status IN ('in_umsetzung', 'umgesetzt', 'abgebrochen')"
        " AND starts_on IS NOT NULL"
    )
    cur.execute(
        "WITH done AS (SELECT measure_id, max(done_on) AS day FROM milestones"
        " GROUP BY measure_id)"
        " INSERT INTO measure_status_changes (quartier_id, measure_id, status, changed_at,"
        " changed_by) SELECT m.quartier_id, m.id, 'umgesetzt',"
        " least(greatest(m.created_at + INTERVAL 2 HOUR,"
        " coalesce(d.day, m.ends_on, m.created_at::DATE) + INTERVAL 15 HOUR), ?::TIMESTAMPTZ),"
        " m.created_by FROM measures m LEFT JOIN done d ON d.measure_id = m.id"
        " WHERE m.status = 'umgesetzt'",
        [end],
    )
    cur.execute(
        "INSERT INTO measure_status_changes (quartier_id, measure_id, status, changed_at,"
        " changed_by) SELECT quartier_id, id, 'abgebrochen',"
        " least(greatest(created_at + INTERVAL 2 HOUR, coalesce(starts_on, created_at::DATE)"
        " + to_days(((coalesce(ends_on, starts_on, created_at::DATE)"
        " - coalesce(starts_on, created_at::DATE)) // 2)::INTEGER) + INTERVAL 11 HOUR),"
        " ?::TIMESTAMPTZ), created_by FROM measures WHERE status = 'abgebrochen'",
        [end],
    )


# --- the whole city ------------------------------------------------------------------------------


def default_path(scale: float, quartiere: int, seed: int) -> Path:
    return DEFAULT_DIR / f"city-v{VERSION}-x{scale:g}-q{quartiere}-s{seed}.duckdb"


def _scaled(total: int, scale: float) -> int:
    return max(1, round(total * scale))


def build_city_db(
    path: str | Path, *, scale: float = 1.0, quartiere: int = 25, seed: int = 1,
    log: Any = None,
) -> City:  # fmt: skip
    """A fresh database file at ``path`` (written as ``path.tmp`` and renamed when done)."""
    say = log or (lambda _msg: None)
    if not 1 <= quartiere <= len(NAMES):
        raise ValueError(f"1 to {len(NAMES)} Quartiere")
    started = time.perf_counter()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    w = weights(quartiere)
    n_actors = split(_scaled(ACTORS, scale), w, minimum=6)
    n_ties = [
        min(t, a * (a - 1) // 2)
        for t, a in zip(split(_scaled(TIES, scale), w, minimum=10), n_actors, strict=True)
    ]
    n_events = split(_scaled(EVENTS, scale), w, minimum=20)
    n_responses = split(_scaled(RESPONSES, scale), w, minimum=20)
    n_ideas = split(_scaled(IDEAS, scale), w, minimum=40)
    n_sessions = split(_scaled(SESSIONS, scale), w, minimum=20)
    mixes = language_mix(rng, quartiere)
    db = open_database(tmp)
    try:
        migrate(db)
        step = time.perf_counter()
        with db.transaction() as cur:
            made = []
            for k in range(quartiere):
                slug = NAMES[k].lower().replace("ü", "ue").replace("ö", "oe").replace(" ", "-")
                made.append(create_quartier_in(cur, slug, NAMES[k], "Musterstadt").id)
            office = create_user_in(cur, "city-buero", None, Role.COORDINATOR,
                                    "Quartiersbüro Musterstadt", made)  # fmt: skip
            staff = office.id
            assert staff is not None
            groups: dict[int, list[tuple[int, str | None]]] = {}
            group_names: dict[int, list[tuple[int, str]]] = {}
            group_members: dict[int, dict[int, list[int]]] = {}
            for k, q in enumerate(made):
                plan = N.generate(n_actors[k], n_ties[k], seed=seed * 1000 + k)
                N.add_network(cur, q, plan, prefix=f"q{k + 1:02d}-n")
                helpers = I._add_users(cur, rng, f"q{k + 1:02d}-a", HELPERS, q)
                groups[q], group_names[q], group_members[q] = [], [], {}
                for plain, field_of_action in I.GROUPS:
                    name = f"AG {plain}"  # the network's groups may have the plain names
                    picked = [int(u) for u in rng.choice(helpers, size=int(rng.integers(5, 14)),
                                                         replace=False)]  # fmt: skip
                    gid = I._add_group(cur, q, name, picked)
                    groups[q].append((gid, field_of_action))
                    group_names[q].append((gid, name))
                    group_members[q][gid] = picked
        say(f"Quartiere, accounts, network: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        events: dict[int, _Events] = {}
        with db.transaction() as cur:
            for k, q in enumerate(made):
                events[q] = _add_events(cur, rng, q, n_events[k], mixes[k], group_names[q], staff)
        say(f"events: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        survey_types = ("fest", "beteiligungswerkstatt", "infoveranstaltung")
        for k, q in enumerate(made):
            ev = events[q]
            at = np.flatnonzero(np.isin(ev.types, survey_types) & (ev.days <= DAYS - 1))
            at = rng.permutation(at)[:60]  # the events with a survey kiosk, in no order
            S.add_survey(db, q, tuple(int(i) for i in ev.ids[at]), responses=n_responses[k],
                         seed=seed * 1000 + k, entered_by=staff, start=START, days=DAYS,
                         event_days=ev.days[at])  # fmt: skip
        say(f"surveys: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        with db.transaction() as cur:
            day0 = (datetime.combine(START, datetime.min.time(), UTC) - I.START).total_seconds()
            by_q = {}
            for q in made:
                ev = events[q]
                past = ev.days <= DAYS
                by_q[q] = list(
                    zip(
                        (int(i) for i in ev.ids[past]),
                        (day0 + ev.days[past] * I.DAY + 15 * 3600),
                        strict=True,
                    )
                )
            ideas = I._add_ideas(cur, rng, list(zip(made, n_ideas, strict=True)), groups, by_q,
                                 staff)  # fmt: skip
            # The benchmarked Quartier's Stadtteilbeirat votes on recent published ideas
            # in one open round per method (ideas_data's benchmark rounds, smaller).
            q1, span = made[0], (I.END - I.START).total_seconds()
            recent = np.flatnonzero((ideas.quartier == q1) & (ideas.status == "veroeffentlicht")
                                    & (ideas.t > span - 3 * 365 * I.DAY))  # fmt: skip
            size = min(len(recent), max(4, round(ROUND_IDEAS * scale)))
            round_ideas = [int(ideas.id[k]) for k in np.sort(rng.choice(recent, size, False))]
            voters = I._add_users(cur, rng, "q01-m", max(2, round(VOTERS * scale)), q1)
            council = I._add_group(cur, q1, I.BENCH_GROUP, voters)
            when = span - 5 + np.arange(size) * 1e-3  # after every earlier assignment
            assigned = zip(round_ideas, when, strict=True)
            I._add_history(cur, [(q1, i, float(t), "zugewiesen", str(council))
                                 for i, t in assigned], staff)  # fmt: skip
            for q in made:
                exclude = set(round_ideas) if q == q1 else set()
                I._add_past_rounds(cur, rng, q, ideas, group_members[q], staff, exclude)
        if size >= 2:
            I._bench_rounds(db, rng, office, q1, council, round_ideas, voters)
        say(f"ideas, rounds, ballots, measures: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        with db.transaction() as cur:
            for k, q in enumerate(made):
                _add_offerings(cur, rng, q, n_sessions[k], staff)
                shares = population_shares(mixes[k])
                cur.execute(
                    "INSERT INTO population_shares (quartier_id, language, share)"
                    " SELECT ?, unnest(?), unnest(?)",
                    [q, list(shares), list(shares.values())],
                )
                cur.execute(
                    "INSERT INTO population_sources (quartier_id, source, as_of_year, entered_by,"
                    " entered_at) VALUES (?, ?, ?, ?, ?)",
                    [q, SOURCE, END.year - 1, staff,
                     datetime(END.year, 3, 1, 9, 0, tzinfo=UTC)],
                )  # fmt: skip
            # Events written by the network generator have no details yet: give them
            # the defaults, as the migration does for older events.
            cur.execute(
                "INSERT INTO event_details (event_id, quartier_id, event_type)"
                " SELECT e.id, e.quartier_id, 'sonstiges' FROM events e"
                " WHERE NOT EXISTS (SELECT 1 FROM event_details d WHERE d.event_id = e.id)"
            )
            _status_history(cur)
        say(f"offerings, population, status history: {time.perf_counter() - step:.1f} s")
        with db.transaction() as cur:
            cur.execute("CHECKPOINT")
        counts = _counts(db)
    finally:
        db.close()
    tmp.replace(target)
    tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    return City(str(target), scale, tuple(made), counts, time.perf_counter() - started,
                False, target.stat().st_size / 1e6)  # fmt: skip


COUNTED = (
    "quartiers", "users", "events", "event_details", "event_languages", "event_attendance",
    "responses", "answers", "ideas", "idea_history", "idea_supports", "rounds", "ballots",
    "ballot_items", "measures", "milestones", "measure_status_changes", "offerings",
    "offering_sessions", "offering_session_languages", "population_shares", "actors", "ties",
    "working_groups",
)  # fmt: skip


def _counts(db: Database) -> dict[str, int]:
    with db.read() as cur:
        sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in COUNTED)
        return {str(t): int(n) for t, n in cur.execute(sql).fetchall()}


def city_db(
    *, scale: float = 1.0, quartiere: int = 25, seed: int = 1, path: str | Path | None = None,
    rebuild: bool = False, log: Any = None,
) -> City:  # fmt: skip
    """The city database for these arguments: reused when the file exists (newer
    migrations are applied), else built."""
    target = Path(path) if path else default_path(scale, quartiere, seed)
    if target.exists() and not rebuild:
        db = open_database(target)
        try:
            migrate(db)
            counts = _counts(db)
            with db.read() as cur:
                ids = tuple(int(r[0]) for r in cur.execute(
                    "SELECT id FROM quartiers ORDER BY id").fetchall())  # fmt: skip
        finally:
            db.close()
        return City(str(target), scale, ids, counts, 0.0, True, target.stat().st_size / 1e6)
    return build_city_db(target, scale=scale, quartiere=quartiere, seed=seed, log=log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiplies every count (0.05 for a quick run)")  # fmt: skip
    parser.add_argument("--quartiere", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--path", default=None)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    city = city_db(scale=args.scale, quartiere=args.quartiere, seed=args.seed, path=args.path,
                   rebuild=args.rebuild, log=lambda m: print("  " + m, flush=True))  # fmt: skip
    how = "reused" if city.reused else f"built in {city.seconds:.0f} s"
    print(f"{city.path}: {city.size_mb:.0f} MB, {how}; benchmarked Quartier {city.quartier_id}")
    for table, n in city.counts.items():
        print(f"  {table:28} {n:>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
