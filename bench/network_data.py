"""Benchmark data for the actor network: one Quartier with thousands of actors and ties
over ten years, with working groups, events and measures that name actors.

What :func:`build_network_db` writes, all seeded (same seed, same content):

* one Quartier and a coordinator account;
* ``actors`` actors (default 2,000) of every type, with plausible German names, a
  contact role, 1–3 fields of action; 45% were there before the data starts (no
  "Aktiv ab"), the others appear over the ten years; 8% have ended ("Aktiv bis");
* ``ties`` ties (default 10,000) of the five types, strength 1–3. Actors belong to
  neighbourhood clusters (about 50 actors each) and a few hubs (the city, the big
  providers) attract many ties, so communities, brokers and bridges exist. A tie starts
  when both actors exist (or has no start when both were always there), about a fifth
  end, ties of an actor that ended end with it, and a few cooperations end and start
  again later. No duplicates: every tie passes the checks of ``insert_tie_in``;
* working groups (one archived) whose members stand for actors (one member account per
  membership), events with organisers, partners and venues (``event_actors``), and
  measures with a responsible actor, funders and partners (``measure_actors``).

:func:`generate` gives the content as plain data, :func:`add_network` bulk-inserts it
into an open transaction of an existing database (a city-scale generator calls it once
per Quartier), :func:`build_network_db` makes a fresh file. Everything is inserted with
``INSERT … SELECT unnest(?) …``.

Usage::

    .venv/bin/python bench/network_data.py [PATH] [--actors 2000] [--ties 10000] [--seed 1]
    .venv/bin/python bench/network_data.py --check

``--check`` writes a small network twice, once in bulk and once actor by actor and tie by
tie through ``insert_actor_in``/``insert_tie_in`` (which validate every row and refuse
duplicates), and compares what ``load_network`` reads back (expected: the same key).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from quartier.auth import Role, User
from quartier.auth.accounts import create_user_in
from quartier.network.actors import insert_actor_in
from quartier.network.graph import load_network
from quartier.network.model import (
    ActorDraft,
    ActorType,
    EventRole,
    FieldOfAction,
    MeasureRole,
    TieDraft,
    TieType,
)
from quartier.network.ties import insert_tie_in
from quartier.quartiers import create_quartier_in
from quartier.storage import Database, migrate, open_database

DEFAULT_DIR = Path(tempfile.gettempdir()) / "quartier-bench"
END = date(2026, 11, 1)  # the data ends here (fixed: reproducible)
YEARS = 10
START = END - timedelta(days=365 * YEARS)

# (type, share of actors, name stems, contact roles)
TYPES: tuple[tuple[ActorType, float, tuple[str, ...], tuple[str, ...]], ...] = (
    (ActorType.SCHOOL, 0.08, ("Grundschule", "Gesamtschule", "Gymnasium", "Förderzentrum"),
     ("Schulsozialarbeit", "Schulleitung", "Ganztagskoordination")),
    (ActorType.KITA, 0.12, ("Kita", "Familienzentrum", "Kinderladen"), ("Kita-Leitung",)),
    (ActorType.EARLY_HELP, 0.03, ("Frühe Hilfen", "Babylotsen"), ("Familienhebamme",)),
    (ActorType.INTEGRATION_OFFICER, 0.01, ("Integrationsbeauftragte",), ("Integrationsbüro",)),
    (ActorType.YOUTH_OFFICE, 0.02, ("Jugendamt, ASD", "Jugendamt, Jugendarbeit"),
     ("Regionalteam", "Bezirkssozialarbeit")),
    (ActorType.HOUSING_COMPANY, 0.04, ("Wohnungsgenossenschaft", "Wohnungsbaugesellschaft"),
     ("Sozialmanagement", "Quartiersbetreuung")),
    (ActorType.CITY, 0.04, ("Stadtteilbüro", "Amt für Stadtentwicklung", "Grünflächenamt"),
     ("Quartiersmanagement", "Sachgebietsleitung")),
    (ActorType.PROVIDER, 0.16, ("Diakonie", "Caritas", "AWO", "Paritätischer", "DRK",
                                "Stadtteilverein"), ("Migrationsberatung", "Stadtteilarbeit",
                                                     "Jugendhilfe", "Seniorenarbeit")),
    (ActorType.MOSQUE, 0.03, ("Moscheegemeinde", "Türkisch-Islamische Gemeinde"),
     ("Vorstand", "Jugendarbeit")),
    (ActorType.CHURCH, 0.04, ("Ev. Kirchengemeinde", "Kath. Pfarrei"), ("Gemeindebüro",)),
    (ActorType.SPORTS_CLUB, 0.07, ("SV", "TSV", "Boxclub", "Tanzschule"), ("Jugendwart",)),
    (ActorType.MIGRANT_ORGANISATION, 0.06, ("Elternverein", "Kulturverein", "Frauentreff"),
     ("Vorstand", "Beratung")),
    (ActorType.LIBRARY, 0.02, ("Stadtteilbibliothek",), ("Leseförderung",)),
    (ActorType.RESIDENT_INITIATIVE, 0.10, ("Initiative", "Nachbarschaftsgarten", "Mieterbeirat"),
     ("Sprecherin", "Sprecher")),
    (ActorType.JOBCENTER, 0.01, ("Jobcenter",), ("Beauftragte für Chancengleichheit",)),
    (ActorType.POLICE, 0.01, ("Polizei, Bezirksdienst",), ("Kontaktbereichsbeamte",)),
    (ActorType.FUNDER, 0.03, ("Stiftung", "Bürgerstiftung", "Förderverein"), ("Programmleitung",)),
    (ActorType.OTHER, 0.13, ("Café", "Ärztehaus", "Apotheke", "Buchhandlung", "Werkstatt"),
     ("Inhaberin", "Inhaber", "Praxisleitung")),
)  # fmt: skip
PLACES = (
    "Lindenplatz", "Anger", "Kanalweg", "Bahnhofstraße", "Marktplatz", "Rosenpark",
    "Goetheallee", "Wasserturm", "Mühlenweg", "Eichenhof", "Kirchplatz", "Sportplatz Nord",
    "Uferpromenade", "Gartenstraße", "Brückenstraße", "Lessingplatz", "Hafenbecken",
    "Schillerstraße", "Am Weiher", "Birkenweg", "Lerchenfeld", "Nordstadt", "Südhang",
)  # fmt: skip
TIE_TYPES = (TieType.COOPERATION, TieType.REFERRAL, TieType.MEMBERSHIP, TieType.CONTRACT)
TIE_WEIGHTS = (0.55, 0.22, 0.13, 0.10)
FUNDING_SOURCES = frozenset({ActorType.FUNDER, ActorType.CITY, ActorType.JOBCENTER})
GROUPS = (
    "Kinder & Jugend", "Interkultureller Austausch", "Lernen & Bildung", "Nachbarschaft & Feste",
    "Wohnen & Grün", "Gesund im Quartier", "Arbeit & Ausbildung", "Beratung & Hilfe",
    "Stadtteilkonferenz", "Runder Tisch Frühe Hilfen", "Sicherheit im Quartier", "Sprachcafé",
)  # fmt: skip
EVENT_TITLES = ("Stadtteilfest", "Fachtag", "Interkulturelles Frühstück", "Lesefest",
                "Aktionstag Sauberes Quartier", "Sportfest", "Nachbarschaftsflohmarkt")  # fmt: skip
MEASURE_TITLES = ("Hausaufgabenhilfe", "Sprachkurs für Eltern", "Spielplatzumbau",
                  "Mieterberatung", "Quartierszeitung", "Bewegungskurs", "Hochbeete")  # fmt: skip


@dataclass(frozen=True)
class TieSpec:
    """A tie between actors by their position in :attr:`NetworkPlan.actors`."""

    source: int
    target: int
    tie_type: TieType
    strength: int
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class NetworkPlan:
    """What :func:`generate` made: actors, ties and links, actors by position."""

    actors: tuple[ActorDraft, ...]
    ties: tuple[TieSpec, ...]
    groups: tuple[tuple[str, bool, tuple[int, ...]], ...]  # name, archived, member actors
    events: tuple[tuple[str, date, tuple[tuple[int, EventRole], ...]], ...]
    measures: tuple[tuple[str, int | None, tuple[tuple[int, MeasureRole], ...]], ...]


def _day(rng: np.random.Generator, low: date, high: date) -> date:
    span = (high - low).days
    return low + timedelta(days=int(rng.integers(0, span + 1))) if span > 0 else low


def _actors(rng: np.random.Generator, n: int) -> list[ActorDraft]:
    shares = np.asarray([s for _, s, _, _ in TYPES])
    kinds = rng.choice(len(TYPES), size=n, p=shares / shares.sum())
    fields = list(FieldOfAction)
    taken: set[str] = set()
    out: list[ActorDraft] = []
    for k in kinds:
        actor_type, _, stems, roles = TYPES[int(k)]
        base = f"{stems[int(rng.integers(len(stems)))]} {PLACES[int(rng.integers(len(PLACES)))]}"
        name, number = base, 2
        while name.casefold() in taken:
            name, number = f"{base} {number}", number + 1
        taken.add(name.casefold())
        active_from = None if rng.random() < 0.45 else _day(rng, START, END - timedelta(days=30))
        active_to = None
        if rng.random() < 0.08:
            active_to = _day(rng, (active_from or START) + timedelta(days=180), END)
            active_to = min(active_to, END - timedelta(days=1))
        picked = rng.choice(len(fields), size=int(rng.integers(1, 4)), replace=False)
        out.append(ActorDraft(
            name=name, actor_type=actor_type,
            fields_of_action=tuple(fields[int(i)] for i in sorted(picked)),
            contact_role=roles[int(rng.integers(len(roles)))],
            active_from=active_from, active_to=active_to,
        ))  # fmt: skip
    return out


def _ties(rng: np.random.Generator, actors: Sequence[ActorDraft], count: int) -> list[TieSpec]:
    n = len(actors)
    if n < 2:
        return []
    popularity = rng.pareto(1.6, n) + 1.0
    for i, a in enumerate(actors):  # the city and big providers are hubs
        if a.actor_type in (ActorType.CITY, ActorType.PROVIDER):
            popularity[i] *= 3
    cluster = rng.integers(0, max(1, n // 50), n)
    members = {int(c): np.flatnonzero(cluster == c) for c in np.unique(cluster)}
    cum_all = np.cumsum(popularity) / popularity.sum()
    cum = {c: np.cumsum(popularity[m]) / popularity[m].sum() for c, m in members.items()}
    used: set[tuple[int, int, TieType]] = set()
    out: list[TieSpec] = []
    attempts = 0
    while len(out) < count and attempts < count * 50:
        attempts += 1
        s = min(int(np.searchsorted(cum_all, rng.random())), n - 1)
        if rng.random() < 0.8:
            c = int(cluster[s])
            e = int(members[c][min(int(np.searchsorted(cum[c], rng.random())), len(cum[c]) - 1)])
        else:
            e = min(int(np.searchsorted(cum_all, rng.random())), n - 1)
        if s == e:
            continue
        a, b = actors[s], actors[e]
        if b.actor_type in FUNDING_SOURCES and a.actor_type not in FUNDING_SOURCES:
            s, e, a, b = e, s, b, a
        if a.actor_type in FUNDING_SOURCES and rng.random() < 0.5:
            tie_type = TieType.FUNDING
        else:
            tie_type = TIE_TYPES[int(rng.choice(len(TIE_TYPES), p=TIE_WEIGHTS))]
        key = (min(s, e), max(s, e), tie_type)
        if key in used:
            continue
        low = max([START] + [d for d in (a.active_from, b.active_from) if d])
        high = min([END] + [d for d in (a.active_to, b.active_to) if d])
        if high < low:
            continue  # the two never existed at the same time
        used.add(key)
        always = a.active_from is None and b.active_from is None and rng.random() < 0.3
        starts = None if always else _day(rng, low, high)
        ends = None
        if high < END and rng.random() < 0.8:
            ends = high  # one of them ended: so did the tie
        elif rng.random() < 0.18:
            ends = _day(rng, starts or low, min(high, END - timedelta(days=1)))
        strength = int(rng.choice(3, p=(0.3, 0.45, 0.25))) + 1
        out.append(TieSpec(s, e, tie_type, strength, starts, ends))
        if (
            ends is not None
            and (high - ends).days > 400
            and rng.random() < 0.1
            and len(out) < count
        ):
            again = _day(rng, ends + timedelta(days=200), high)  # ended, later started again
            out.append(TieSpec(s, e, tie_type, strength, again, None))
    return out


def generate(actors: int = 2_000, ties: int = 10_000, seed: int = 1) -> NetworkPlan:
    """The network as plain data (same arguments, same plan)."""
    rng = np.random.default_rng(seed)
    drafts = _actors(rng, actors)
    specs = _ties(rng, drafts, ties)
    n = len(drafts)
    weight = np.asarray([3.0 if a.actor_type in (ActorType.CITY, ActorType.PROVIDER) else 1.0
                         for a in drafts])  # fmt: skip
    p = weight / weight.sum() if n else weight
    groups = []
    for k, name in enumerate(GROUPS[: max(2, min(len(GROUPS), n // 150))] if n else ()):
        size = min(n, int(rng.integers(4, 14)))
        picked = tuple(sorted(int(i) for i in rng.choice(n, size=size, replace=False, p=p)))
        groups.append((name, k == 1, picked))  # the second group is archived
    events = []
    for k in range(max(3, n // 10) if n else 0):
        picked = rng.choice(n, size=min(n, int(rng.integers(1, 5))), replace=False, p=p)
        roles = (EventRole.ORGANISER, EventRole.PARTNER, EventRole.PARTNER, EventRole.VENUE)
        links = tuple((int(i), roles[j]) for j, i in enumerate(picked))
        events.append((f"{EVENT_TITLES[k % len(EVENT_TITLES)]} {k + 1}", _day(rng, START, END),
                       links))  # fmt: skip
    measures = []
    for k in range(max(2, n // 20) if n else 0):
        responsible = int(rng.choice(n, p=p)) if rng.random() < 0.7 else None
        others = rng.choice(n, size=min(n, int(rng.integers(0, 4))), replace=False, p=p)
        links = tuple((int(i), MeasureRole.FUNDER if j == 0 else MeasureRole.PARTNER)
                      for j, i in enumerate(others))  # fmt: skip
        measures.append((f"{MEASURE_TITLES[k % len(MEASURE_TITLES)]} {k + 1}", responsible, links))
    return NetworkPlan(tuple(drafts), tuple(specs), tuple(groups), tuple(events), tuple(measures))


# --- writing ----------------------------------------------------------------------------------


def _ids(cur: Any, sequence: str, n: int) -> list[int]:
    """``n`` ids from ``sequence`` (so later inserts by the app continue after them)."""
    if n == 0:
        return []
    assert sequence.isidentifier()
    rows = cur.execute(f"SELECT nextval('{sequence}') FROM range(?)", [n]).fetchall()
    return sorted(int(r[0]) for r in rows)


def _entered(day: date | None) -> datetime:
    """When a row was typed in: the day after it started, at ten (UTC)."""
    return datetime.combine(day or START, datetime.min.time(), UTC) + timedelta(days=1, hours=10)


def _write_actors(cur: Any, quartier_id: int, plan: NetworkPlan) -> list[int]:
    ids = _ids(cur, "actors_id_seq", len(plan.actors))
    a = plan.actors
    cur.execute(
        "INSERT INTO actors (id, quartier_id, name, actor_type, contact_role, active_from,"
        " active_to, notes, created_at)"
        " SELECT unnest($id), $q, unnest($name), unnest($type), unnest($role),"
        " unnest($from::DATE[]), unnest($to::DATE[]), '', unnest($at::TIMESTAMPTZ[])",
        {"id": ids, "q": quartier_id, "name": [x.name for x in a],
         "type": [x.actor_type.value for x in a], "role": [x.contact_role for x in a],
         "from": [x.active_from for x in a], "to": [x.active_to for x in a],
         "at": [_entered(x.active_from) for x in a]},
    )  # fmt: skip
    pairs = [(i, f.value) for i, x in zip(ids, a, strict=True) for f in x.fields_of_action]
    _write_fields(cur, quartier_id, pairs)
    return ids


def _write_fields(cur: Any, quartier_id: int, pairs: Sequence[tuple[int, str]]) -> None:
    if pairs:
        cur.execute(
            "INSERT INTO actor_fields (quartier_id, actor_id, field)"
            " SELECT $q, unnest($a), unnest($f)",
            {"q": quartier_id, "a": [p[0] for p in pairs], "f": [p[1] for p in pairs]},
        )


def _write_ties(cur: Any, quartier_id: int, plan: NetworkPlan, actor_ids: Sequence[int]) -> None:
    t = plan.ties
    if not t:
        return
    cur.execute(
        "INSERT INTO ties (id, quartier_id, source_id, target_id, tie_type, strength, starts_on,"
        " ends_on, notes, created_at)"
        " SELECT unnest($id), $q, unnest($s), unnest($e), unnest($type), unnest($strength),"
        " unnest($from::DATE[]), unnest($to::DATE[]), '', unnest($at::TIMESTAMPTZ[])",
        {"id": _ids(cur, "ties_id_seq", len(t)), "q": quartier_id,
         "s": [actor_ids[x.source] for x in t], "e": [actor_ids[x.target] for x in t],
         "type": [x.tie_type.value for x in t], "strength": [x.strength for x in t],
         "from": [x.starts_on for x in t], "to": [x.ends_on for x in t],
         "at": [_entered(x.starts_on) for x in t]},
    )  # fmt: skip


def _write_links(
    cur: Any, quartier_id: int, plan: NetworkPlan, actor_ids: Sequence[int], prefix: str
) -> None:
    """Working groups with member accounts standing for actors, events and measures."""
    memberships = [(g, i) for g, (_, _, members) in enumerate(plan.groups) for i in members]
    user_ids = _ids(cur, "users_id_seq", len(memberships))
    if memberships:
        cur.execute(
            "INSERT INTO users (id, username, display_name, role) SELECT unnest($id),"
            " unnest($name), unnest($shown), 'member'",
            {"id": user_ids, "name": [f"{prefix}{k + 1:05d}" for k in range(len(user_ids))],
             "shown": [f"Vertretung {plan.actors[i].name}"[:80] for _, i in memberships]},
        )  # fmt: skip
        cur.execute(
            "INSERT INTO user_quartiers (user_id, quartier_id) SELECT unnest($id), $q",
            {"id": user_ids, "q": quartier_id},
        )
    group_ids = _ids(cur, "working_groups_id_seq", len(plan.groups))
    if plan.groups:
        cur.execute(
            "INSERT INTO working_groups (id, quartier_id, name, theme, is_archived)"
            " SELECT unnest($id), $q, unnest($name), '', unnest($archived)",
            {"id": group_ids, "q": quartier_id, "name": [g[0] for g in plan.groups],
             "archived": [g[1] for g in plan.groups]},
        )  # fmt: skip
    if memberships:
        cur.execute(
            "INSERT INTO working_group_members (quartier_id, group_id, user_id, actor_id)"
            " SELECT $q, unnest($g), unnest($u), unnest($a)",
            {"q": quartier_id, "g": [group_ids[g] for g, _ in memberships], "u": user_ids,
             "a": [actor_ids[i] for _, i in memberships]},
        )  # fmt: skip
    event_ids = _ids(cur, "events_id_seq", len(plan.events))
    if plan.events:
        cur.execute(
            "INSERT INTO events (id, quartier_id, title, starts_on) SELECT unnest($id), $q,"
            " unnest($title), unnest($day::DATE[])",
            {"id": event_ids, "q": quartier_id, "title": [e[0] for e in plan.events],
             "day": [e[1] for e in plan.events]},
        )  # fmt: skip
        links = [(event_ids[k], actor_ids[i], role.value)
                 for k, e in enumerate(plan.events) for i, role in e[2]]  # fmt: skip
        cur.execute(
            "INSERT INTO event_actors (quartier_id, event_id, actor_id, role)"
            " SELECT $q, unnest($e), unnest($a), unnest($r)",
            {"q": quartier_id, "e": [x[0] for x in links], "a": [x[1] for x in links],
             "r": [x[2] for x in links]},
        )  # fmt: skip
    measure_ids = _ids(cur, "measures_id_seq", len(plan.measures))
    if plan.measures:
        cur.execute(
            "INSERT INTO measures (id, quartier_id, title, responsible_actor_id)"
            " SELECT unnest($id), $q, unnest($title), unnest($who::BIGINT[])",
            {"id": measure_ids, "q": quartier_id, "title": [m[0] for m in plan.measures],
             "who": [None if m[1] is None else actor_ids[m[1]] for m in plan.measures]},
        )  # fmt: skip
        links = [(measure_ids[k], actor_ids[i], role.value)
                 for k, m in enumerate(plan.measures) for i, role in m[2]]  # fmt: skip
        if links:
            cur.execute(
                "INSERT INTO measure_actors (quartier_id, measure_id, actor_id, role)"
                " SELECT $q, unnest($m), unnest($a), unnest($r)",
                {"q": quartier_id, "m": [x[0] for x in links], "a": [x[1] for x in links],
                 "r": [x[2] for x in links]},
            )  # fmt: skip


def add_network(cur: Any, quartier_id: int, plan: NetworkPlan, prefix: str = "bench-n") -> None:
    """Bulk-insert ``plan`` into an open transaction for an existing Quartier; member
    accounts are called ``{prefix}00001`` … (use a prefix per Quartier)."""
    actor_ids = _write_actors(cur, quartier_id, plan)
    _write_ties(cur, quartier_id, plan, actor_ids)
    _write_links(cur, quartier_id, plan, actor_ids, prefix)


def add_network_one_by_one(db: Database, quartier_id: int, plan: NetworkPlan) -> None:
    """The same content through the app's own inserts (validated, duplicates refused);
    the links go in as :func:`add_network` writes them."""
    with db.transaction() as cur:
        actor_ids = [insert_actor_in(cur, quartier_id, a).id for a in plan.actors]
        for t in plan.ties:
            draft = TieDraft(actor_ids[t.source], actor_ids[t.target], t.tie_type, t.strength,
                             t.starts_on, t.ends_on)  # fmt: skip
            insert_tie_in(cur, quartier_id, draft)
        _write_links(cur, quartier_id, plan, actor_ids, "bench-n")


@dataclass(frozen=True)
class BenchNetwork:
    """What :func:`build_network_db` made."""

    path: str
    quartier_id: int
    coordinator: User
    actors: int
    ties: int
    seconds: float


def _fresh(path: Path) -> Database:
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    db = open_database(path)
    migrate(db)
    return db


def _quartier(db: Database) -> tuple[int, User]:
    with db.transaction() as cur:
        quartier = create_quartier_in(cur, "lindenviertel", "Lindenviertel", "Musterstadt")
        coordinator = create_user_in(cur, "bench-koordination", None, Role.COORDINATOR,
                                     "Kim Koordination", [quartier.id])  # fmt: skip
    return quartier.id, coordinator


def build_network_db(
    path: str | Path, *, actors: int = 2_000, ties: int = 10_000, seed: int = 1
) -> BenchNetwork:
    """A fresh database file at ``path`` (replaced if present); see the module docstring."""
    started = time.perf_counter()
    plan = generate(actors, ties, seed)
    db = _fresh(Path(path))
    try:
        quartier_id, coordinator = _quartier(db)
        with db.transaction() as cur:
            add_network(cur, quartier_id, plan)
        with db.transaction() as cur:
            cur.execute("CHECKPOINT")
    finally:
        db.close()
    return BenchNetwork(str(path), quartier_id, coordinator, len(plan.actors), len(plan.ties),
                        time.perf_counter() - started)  # fmt: skip


def check_row_shape(actors: int = 150, ties: int = 600, seed: int = 7) -> bool:
    """Bulk rows == what ``insert_actor_in``/``insert_tie_in`` store (prints the verdict)."""
    plan = generate(actors, ties, seed)
    keys = []
    with tempfile.TemporaryDirectory(prefix="quartier-bench-") as tmp:
        for way in ("bulk", "one_by_one"):
            db = _fresh(Path(tmp) / f"{way}.duckdb")
            try:
                quartier_id, _ = _quartier(db)
                if way == "bulk":
                    with db.transaction() as cur:
                        add_network(cur, quartier_id, plan)
                else:
                    add_network_one_by_one(db, quartier_id, plan)
                keys.append(load_network(db, quartier_id).key)
            finally:
                db.close()
    same = keys[0] == keys[1]
    verdict = "read back the same network" if same else "DIFFER"
    print(f"{len(plan.actors)} actors, {len(plan.ties)} ties: bulk and one-by-one {verdict}"
          f" ({keys[0]} / {keys[1]})")  # fmt: skip
    return same


def default_path(actors: int, ties: int, seed: int) -> Path:
    return DEFAULT_DIR / f"network-{actors}x{ties}-s{seed}.duckdb"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=None)
    parser.add_argument("--actors", type=int, default=2_000)
    parser.add_argument("--ties", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true",
                        help="bulk rows == what insert_actor_in/insert_tie_in store")  # fmt: skip
    args = parser.parse_args(argv)
    if args.check:
        return 0 if check_row_shape() else 1
    path = args.path or default_path(args.actors, args.ties, args.seed)
    made = build_network_db(path, actors=args.actors, ties=args.ties, seed=args.seed)
    size = Path(made.path).stat().st_size / 1e6
    print(f"{made.path}: {made.actors} actors and {made.ties} ties in Quartier"
          f" {made.quartier_id}; {size:.1f} MB, built in {made.seconds:.1f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
