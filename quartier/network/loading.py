"""Reading the network of one Quartier from the database: :func:`load_network`.

Everything the network page needs comes in one read transaction: a fingerprint query of
every row the load reads, then (only if that changed since the last load) three queries
for the actors with their links, the ties and the latest entry time. The result is kept
per database and Quartier, so an unchanged network is the same :class:`NetworkData`
object again; :func:`clear_cache` forgets them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from quartier.network.data import ActorInfo, KeyCache, NetworkData
from quartier.network.model import ActorType, FieldOfAction, Tie, TieType
from quartier.storage import Database
from quartier.storage.db import Cursor

_ACTORS_SQL = """
WITH grp AS (
    SELECT DISTINCT m.actor_id, g.id, g.name
    FROM working_group_members m JOIN working_groups g ON g.id = m.group_id
    WHERE m.quartier_id = $q AND g.quartier_id = $q AND NOT g.is_archived
        AND m.actor_id IS NOT NULL
), grp_list AS (
    SELECT actor_id, list(id ORDER BY name, id) AS ids, list(name ORDER BY name, id) AS names
    FROM grp GROUP BY actor_id
), fld AS (
    SELECT actor_id, list(field ORDER BY field) AS fields
    FROM actor_fields WHERE quartier_id = $q GROUP BY actor_id
), ev AS (
    SELECT l.actor_id, count(DISTINCT l.event_id) AS n
    FROM event_actors l JOIN events e ON e.id = l.event_id AND e.quartier_id = $q
    WHERE l.quartier_id = $q GROUP BY l.actor_id
), ms AS (
    SELECT actor_id, count(DISTINCT measure_id) AS n FROM (
        SELECT l.actor_id, l.measure_id
        FROM measure_actors l JOIN measures m ON m.id = l.measure_id AND m.quartier_id = $q
        WHERE l.quartier_id = $q
        UNION ALL
        SELECT responsible_actor_id, id FROM measures
        WHERE quartier_id = $q AND responsible_actor_id IS NOT NULL
    ) GROUP BY actor_id
)
SELECT a.id, a.name, a.actor_type, coalesce(fld.fields, []), a.contact_role, a.active_from,
    a.active_to, coalesce(grp_list.ids, []), coalesce(grp_list.names, []),
    coalesce(ev.n, 0), coalesce(ms.n, 0)
FROM actors a
LEFT JOIN fld ON fld.actor_id = a.id
LEFT JOIN grp_list ON grp_list.actor_id = a.id
LEFT JOIN ev ON ev.actor_id = a.id
LEFT JOIN ms ON ms.actor_id = a.id
WHERE a.quartier_id = $q
ORDER BY a.id
"""

_ENTERED_SQL = """
SELECT greatest(
    (SELECT greatest(max(created_at), max(updated_at)) FROM actors WHERE quartier_id = $q),
    (SELECT greatest(max(created_at), max(updated_at)) FROM ties WHERE quartier_id = $q))
"""

# The columns of ties.TIE_SELECT, with the timestamps read as UTC without a time zone:
# converting 10,000 TIMESTAMPTZ values to Python costs more than the rest of the load.
_TIES_SQL = """
SELECT t.id, t.quartier_id, t.source_id, t.target_id, t.tie_type, t.strength, t.starts_on,
    t.ends_on, t.notes, t.created_by, t.created_at::TIMESTAMP,
    coalesce(nullif(u.display_name, ''), u.username, ''), t.updated_at::TIMESTAMP
FROM ties t LEFT JOIN users u ON u.id = t.created_by
WHERE t.quartier_id = $q
ORDER BY t.id
"""

# A fingerprint of every row load_network reads (count and XOR of row hashes per
# table): a few milliseconds, against tens for the load itself.
_VERSION_SQL = " UNION ALL ".join((
    "SELECT 1 AS part, count(*) AS n, bit_xor(hash(id, name, actor_type, contact_role,"
    " active_from, active_to, notes, created_at, updated_at)) AS h FROM actors"
    " WHERE quartier_id = $q",
    "SELECT 2, count(*), bit_xor(hash(actor_id, field)) FROM actor_fields WHERE quartier_id = $q",
    "SELECT 3, count(*), bit_xor(hash(t.id, t.source_id, t.target_id, t.tie_type, t.strength,"
    " t.starts_on, t.ends_on, t.notes, t.created_by, t.created_at, t.updated_at,"
    " u.display_name, u.username)) FROM ties t LEFT JOIN users u ON u.id = t.created_by"
    " WHERE t.quartier_id = $q",
    "SELECT 4, count(*), bit_xor(hash(id, name, is_archived)) FROM working_groups"
    " WHERE quartier_id = $q",
    "SELECT 5, count(*), bit_xor(hash(group_id, user_id, actor_id)) FROM working_group_members"
    " WHERE quartier_id = $q",
    "SELECT 6, count(*), bit_xor(hash(id)) FROM events WHERE quartier_id = $q",
    "SELECT 7, count(*), bit_xor(hash(event_id, actor_id, role)) FROM event_actors"
    " WHERE quartier_id = $q",
    "SELECT 8, count(*), bit_xor(hash(id, responsible_actor_id)) FROM measures"
    " WHERE quartier_id = $q",
    "SELECT 9, count(*), bit_xor(hash(measure_id, actor_id, role)) FROM measure_actors"
    " WHERE quartier_id = $q",
))  # fmt: skip

_TYPES = {t.value: t for t in ActorType}
_FIELDS = {f.value: f for f in FieldOfAction}
_TIE_TYPES = {t.value: t for t in TieType}
_LOADED: KeyCache[tuple[object, NetworkData]] = KeyCache(16)


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


def _read(cur: Cursor, quartier_id: int) -> NetworkData:
    params = {"q": quartier_id}
    actors = tuple(
        ActorInfo(
            r[0], r[1], _TYPES[r[2]], tuple(_FIELDS[f] for f in r[3]), r[4], r[5], r[6],
            tuple(r[7]), tuple(r[8]), r[9], r[10],
        )
        for r in cur.execute(_ACTORS_SQL, params).fetchall()
    )  # fmt: skip
    ties = tuple(
        Tie(r[0], r[1], r[2], r[3], _TIE_TYPES[r[4]], r[5], r[6], r[7], r[8], r[9],
            r[10].replace(tzinfo=UTC), r[11], _utc(r[12]))
        for r in cur.execute(_TIES_SQL, params).fetchall()
    )  # fmt: skip
    entered = cur.execute(_ENTERED_SQL, params).fetchone()
    return NetworkData(quartier_id, actors, ties, None if entered is None else entered[0])


def load_network(db: Database, quartier_id: int) -> NetworkData:
    """Every actor and tie of the Quartier, past and present (the union of all dates),
    read in one read transaction.

    While nothing the network shows has changed (a fingerprint query of a few
    milliseconds says so), the same :class:`NetworkData` is returned again, so its key
    and everything cached by it stay valid.
    """
    with db.read() as cur:
        cur.begin()
        try:
            version = tuple(sorted(cur.execute(_VERSION_SQL, {"q": quartier_id}).fetchall()))
            known = _LOADED.get((db.path, quartier_id))
            if known is not None and known[0] == version:
                return known[1]
            data = _read(cur, quartier_id)
        finally:
            cur.rollback()
    _LOADED.put((db.path, quartier_id), (version, data))
    return data


def clear_cache() -> None:
    """Forget the networks read so far (benchmarks: the cold path)."""
    _LOADED.clear()
