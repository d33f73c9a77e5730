"""Small-group suppression: no count below k leaves the database.

Every breakdown of responses hides cells with fewer than ``k`` respondents (default 5,
never below 3) *in the SQL itself*, and an empty cell (0) is hidden the same way, so a
reader cannot tell "nobody" from "a few". When exactly one cell of a breakdown is
hidden while its total is shown, the smallest visible cell is hidden as well, so the
total minus the visible cells never reveals a hidden one (secondary suppression).
"""

from __future__ import annotations

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import ValidationError
from quartier.storage import Database

DEFAULT_K = 5
MIN_K = 3


def check_k(k: int) -> int:
    """The threshold ``k`` if allowed.

    >>> check_k(5)
    5
    >>> check_k(2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Die Mindestgruppengröße muss mindestens 3 sein, ...
    """
    if k < MIN_K:
        raise ValidationError("errors.privacy_k_too_small", field="min_group_size", min=MIN_K)
    return k


def is_shown(n: int, k: int) -> bool:
    """Whether a count may be shown on its own.

    >>> is_shown(5, 5), is_shown(4, 5), is_shown(0, 5)
    (True, False, False)
    """
    return n >= k


def min_group_size(db: Database, quartier_id: int) -> int:
    """The Quartier's k (default 5)."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT min_group_size FROM quartier_privacy WHERE quartier_id = ?", [quartier_id]
        ).fetchone()
    return int(row[0]) if row else DEFAULT_K


def set_min_group_size(db: Database, user: User, quartier_id: int, k: int) -> None:
    """Set the Quartier's k; raises PermissionDenied unless ``user`` manages the
    Quartier's content, ValidationError when ``k`` is below MIN_K."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    check_k(k)
    with db.transaction() as cur:
        cur.execute(
            "INSERT OR REPLACE INTO quartier_privacy (quartier_id, min_group_size) VALUES (?, ?)",
            [quartier_id, k],
        )


def suppressed(cells_sql: str) -> str:
    """Wrap a query yielding ``(grp, cell, n)`` — every cell, zeros included — into one
    yielding ``(grp, cell, n)`` with hidden cells as NULL, and ``total`` per group (NULL
    when the group itself is below k). The caller binds ``$k``.

    The inner query is a constant of the calling module, never user text.
    """
    return f"""
        WITH cells AS ({cells_sql}),
        marked AS (
            SELECT grp, cell, n, n < $k AS small,
                   sum(n) OVER (PARTITION BY grp) AS total,
                   sum(CASE WHEN n < $k THEN 1 ELSE 0 END) OVER (PARTITION BY grp) AS n_small,
                   row_number() OVER (PARTITION BY grp, n < $k ORDER BY n, cell) AS rank_in_kind
            FROM cells
        )
        SELECT grp, cell,
               CASE WHEN small OR total < $k OR (n_small = 1 AND rank_in_kind = 1) THEN NULL
                    ELSE n END AS n,
               CASE WHEN total < $k THEN NULL ELSE total END AS total
        FROM marked
    """


Cell = tuple[str, str]


def protect_margins(cells: dict[Cell, int | None]) -> dict[Cell, int | None]:
    """Secondary suppression for a cross-tab: hide more cells until no row and no column
    has exactly one hidden cell.

    A cross-tab shows (group, option) cells whose rows add up to the group totals and
    whose columns add up to the unsplit counts shown elsewhere; a line with exactly one
    hidden cell would give it away by subtraction. Only shown values decide which cell
    to hide next (the smallest shown one of that line), so nothing hidden leaks in.

    >>> cells = {("a", "x"): 10, ("a", "y"): 12, ("a", "z"): 30,
    ...          ("b", "x"): 25, ("b", "y"): None, ("b", "z"): None,
    ...          ("c", "x"): 9, ("c", "y"): 20, ("c", "z"): 40}
    >>> protected = protect_margins(cells)
    >>> [protected[("a", c)] for c in "xyz"], [protected[("c", c)] for c in "xyz"]
    ([10, None, None], [9, 20, 40])
    >>> protected[("b", "x")]
    25
    """
    result = dict(cells)
    lines: list[list[Cell]] = []
    for axis in (0, 1):
        keys = sorted({cell[axis] for cell in result})
        lines += [[c for c in result if c[axis] == key] for key in keys]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [c for c in line if result[c] is None]
            shown = [c for c in line if result[c] is not None]
            if len(hidden) == 1 and shown:
                smallest = min(shown, key=lambda c: (result[c], c))
                result[smallest] = None
                changed = True
    return result
