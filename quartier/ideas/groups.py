"""Working groups (Arbeitsgruppen): name, theme, members, meeting days, their ideas."""

from __future__ import annotations

from datetime import date
from typing import Any

from quartier.auth.permissions import Action, User, can, ensure
from quartier.errors import NotFoundError, ValidationError
from quartier.ideas import checks
from quartier.ideas.model import GroupMember, Idea, WorkingGroup
from quartier.ideas.reading import fetch_ideas
from quartier.storage import Database
from quartier.storage.db import Cursor

_GROUP_SQL = """
SELECT g.id, g.quartier_id, g.name, g.theme, g.is_archived,
    (SELECT list(user_id ORDER BY user_id) FROM working_group_members m WHERE m.group_id = g.id),
    (SELECT list(struct_pack(day := meets_on, note := note) ORDER BY meets_on)
        FROM working_group_meetings t WHERE t.group_id = g.id)
FROM working_groups g
"""


def _group(row: tuple[Any, ...]) -> WorkingGroup:
    meetings = row[6] or []
    return WorkingGroup(
        id=int(row[0]),
        quartier_id=int(row[1]),
        name=str(row[2]),
        theme=str(row[3]),
        is_archived=bool(row[4]),
        member_ids=frozenset(int(u) for u in row[5] or ()),
        meetings=tuple((m["day"], str(m["note"])) for m in meetings),
    )


def _load(cur: Cursor, group_id: int) -> WorkingGroup:
    row = cur.execute(f"{_GROUP_SQL} WHERE g.id = ?", [group_id]).fetchone()
    if row is None:
        raise NotFoundError("errors.group_unknown", field="group")
    return _group(row)


def _managed(cur: Cursor, user: User, group_id: int) -> WorkingGroup:
    group = _load(cur, group_id)
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, group.quartier_id)
    return group


def _name_and_theme(
    cur: Cursor, quartier_id: int, name: str, theme: str, group_id: int | None
) -> tuple[str, str]:
    clean_name = checks.required(
        name, "name", "field.name", checks.GROUP_NAME_LIMIT, "errors.group_name_missing"
    )
    clean_theme = checks.limited(theme, "theme", "field.theme", checks.THEME_LIMIT)
    taken = cur.execute(
        "SELECT name FROM working_groups WHERE quartier_id = ? AND lower(name) = lower(?)"
        " AND id IS DISTINCT FROM ?",
        [quartier_id, clean_name, group_id],
    ).fetchone()
    if taken is not None:
        raise ValidationError("errors.group_name_taken", field="name", name=taken[0])
    return clean_name, clean_theme


def create_group(
    db: Database, user: User, quartier_id: int, name: str, theme: str = ""
) -> WorkingGroup:
    """A new working group; its name is unique in the Quartier regardless of case."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    with db.transaction() as cur:
        clean_name, clean_theme = _name_and_theme(cur, quartier_id, name, theme, None)
        row = cur.execute(
            "INSERT INTO working_groups (quartier_id, name, theme) VALUES (?, ?, ?) RETURNING id",
            [quartier_id, clean_name, clean_theme],
        ).fetchone()
        assert row is not None
        return _load(cur, int(row[0]))


def update_group(
    db: Database, user: User, group_id: int, name: str, theme: str, is_archived: bool = False
) -> WorkingGroup:
    """Rename, re-describe, archive or restore a group (its ideas and members stay)."""
    with db.transaction() as cur:
        group = _managed(cur, user, group_id)
        clean_name, clean_theme = _name_and_theme(cur, group.quartier_id, name, theme, group.id)
        cur.execute(
            "UPDATE working_groups SET name = ?, theme = ?, is_archived = ? WHERE id = ?",
            [clean_name, clean_theme, is_archived, group.id],
        )
        return _load(cur, group.id)


def add_member(
    db: Database, user: User, group_id: int, member_id: int, actor_id: int | None = None
) -> WorkingGroup:
    """Add an active account of the group's Quartier (any role; admins serve every
    Quartier), optionally standing for an actor of the same Quartier."""
    with db.transaction() as cur:
        group = _managed(cur, user, group_id)
        account = cur.execute(
            "SELECT u.username, u.display_name FROM users u WHERE u.id = ? AND u.is_active"
            " AND (u.role = 'admin' OR EXISTS (SELECT 1 FROM user_quartiers q"
            " WHERE q.user_id = u.id AND q.quartier_id = ?))",
            [member_id, group.quartier_id],
        ).fetchone()
        if account is None:
            raise ValidationError("errors.group_member_not_in_quartier", field="member")
        shown = account[1] or account[0]
        if member_id in group.member_ids:
            raise ValidationError(
                "errors.group_member_exists", field="member", name=shown, group=group.name
            )
        _check_actor(cur, group, actor_id)
        cur.execute(
            "INSERT INTO working_group_members (quartier_id, group_id, user_id, actor_id)"
            " VALUES (?, ?, ?, ?)",
            [group.quartier_id, group.id, member_id, actor_id],
        )
        return _load(cur, group.id)


def _check_actor(cur: Cursor, group: WorkingGroup, actor_id: int | None) -> None:
    if actor_id is None:
        return
    actor = cur.execute(
        "SELECT 1 FROM actors WHERE id = ? AND quartier_id = ?", [actor_id, group.quartier_id]
    ).fetchone()
    if actor is None:
        raise NotFoundError("errors.group_actor_unknown", field="actor")


def set_member_actor(
    db: Database, user: User, group_id: int, member_id: int, actor_id: int | None
) -> WorkingGroup:
    """Which actor a member stands for in the group (``None``: only for themselves); the
    actor network shows the actor in this group."""
    with db.transaction() as cur:
        group = _managed(cur, user, group_id)
        if member_id not in group.member_ids:
            raise NotFoundError("errors.group_member_unknown", field="member", group=group.name)
        _check_actor(cur, group, actor_id)
        cur.execute(
            "UPDATE working_group_members SET actor_id = ? WHERE group_id = ? AND user_id = ?",
            [actor_id, group.id, member_id],
        )
        return _load(cur, group.id)


def remove_member(db: Database, user: User, group_id: int, member_id: int) -> WorkingGroup:
    with db.transaction() as cur:
        group = _managed(cur, user, group_id)
        if member_id not in group.member_ids:
            raise NotFoundError("errors.group_member_unknown", field="member", group=group.name)
        cur.execute(
            "DELETE FROM working_group_members WHERE group_id = ? AND user_id = ?",
            [group.id, member_id],
        )
        return _load(cur, group.id)


def _german_day(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def add_meeting(db: Database, user: User, group_id: int, day: date, note: str = "") -> WorkingGroup:
    """Note a meeting day (one per day and group) with an optional note (≤ 200)."""
    clean_note = checks.limited(note, "note", "field.meeting_note", checks.MEETING_NOTE_LIMIT)
    with db.transaction() as cur:
        group = _managed(cur, user, group_id)
        if any(existing == day for existing, _ in group.meetings):
            raise ValidationError("errors.group_meeting_exists", field="day", day=_german_day(day))
        cur.execute(
            "INSERT INTO working_group_meetings (quartier_id, group_id, meets_on, note)"
            " VALUES (?, ?, ?, ?)",
            [group.quartier_id, group.id, day, clean_note],
        )
        return _load(cur, group.id)


def remove_meeting(db: Database, user: User, group_id: int, day: date) -> WorkingGroup:
    with db.transaction() as cur:
        group = _managed(cur, user, group_id)
        if all(existing != day for existing, _ in group.meetings):
            raise NotFoundError("errors.group_meeting_unknown", field="day", day=_german_day(day))
        cur.execute(
            "DELETE FROM working_group_meetings WHERE group_id = ? AND meets_on = ?",
            [group.id, day],
        )
        return _load(cur, group.id)


def get_group(db: Database, group_id: int) -> WorkingGroup:
    """Raises NotFoundError (errors.group_unknown)."""
    with db.read() as cur:
        return _load(cur, group_id)


def list_groups(
    db: Database, quartier_id: int, include_archived: bool = False
) -> list[WorkingGroup]:
    """The Quartier's groups by name."""
    with db.read() as cur:
        rows = cur.execute(
            f"{_GROUP_SQL} WHERE g.quartier_id = ? AND (? OR NOT g.is_archived)"
            " ORDER BY lower(g.name), g.id",
            [quartier_id, include_archived],
        ).fetchall()
    return [_group(r) for r in rows]


def groups_of(
    db: Database, user: User, quartier_id: int, *, include_archived: bool = False
) -> list[WorkingGroup]:
    """The groups ``user`` works with: staff all of the Quartier, members their own."""
    groups = list_groups(db, quartier_id, include_archived)
    if can(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id):
        return groups
    return [g for g in groups if can(user, Action.VIEW_GROUP, g)]


def group_members(db: Database, group_id: int) -> list[GroupMember]:
    """The group's members by display name."""
    with db.read() as cur:
        _load(cur, group_id)
        rows = cur.execute(
            "SELECT u.id, u.username, u.display_name, m.actor_id FROM working_group_members m"
            " JOIN users u ON u.id = m.user_id WHERE m.group_id = ?"
            " ORDER BY lower(coalesce(nullif(u.display_name, ''), u.username)), u.id",
            [group_id],
        ).fetchall()
    return [
        GroupMember(int(r[0]), str(r[1]), str(r[2]), None if r[3] is None else int(r[3]))
        for r in rows
    ]


def group_ideas(db: Database, user: User, group_id: int) -> list[Idea]:
    """Published ideas assigned to the group, newest first (VIEW_GROUP: staff of the
    Quartier or members of this group). Author fields only for staff."""
    with db.read() as cur:
        group = _load(cur, group_id)
        ensure(user, Action.VIEW_GROUP, group)
        ideas, _ = fetch_ideas(
            cur,
            group.quartier_id,
            "i.status = 'veroeffentlicht' AND assigned_group = $group",
            {"group": group.id},
            with_author=can(user, Action.MANAGE_QUARTIER_CONTENT, group),
        )
    return ideas
