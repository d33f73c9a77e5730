"""Event kiosk: the staff PIN that leaves kiosk mode and the idle rule.

A shared tablet at a festival shows one survey full screen. Leaving kiosk mode needs
the Quartier's kiosk PIN (stored as an argon2 hash); after a few minutes without
input a half-filled form is discarded so the next person never sees it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from quartier import config
from quartier.auth.passwords import hash_password, verify_password
from quartier.auth.permissions import Action, User, ensure
from quartier.errors import ValidationError
from quartier.storage import Database

_PIN = re.compile(r"[0-9]{4,8}")


def check_pin_rule(pin: str) -> str:
    """The PIN if it has 4 to 8 digits.

    >>> check_pin_rule("2468")
    '2468'
    >>> check_pin_rule("12a4")
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Die Kiosk-PIN muss aus 4 bis 8 Ziffern bestehen.
    """
    if not _PIN.fullmatch(pin):
        raise ValidationError("errors.kiosk_pin_rule", field="pin")
    return pin


def set_kiosk_pin(db: Database, user: User, quartier_id: int, pin: str) -> None:
    """Set (or replace) the Quartier's kiosk PIN; coordinators of the Quartier only."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    pin_hash = hash_password(check_pin_rule(pin))
    with db.transaction() as cur:
        cur.execute(
            "INSERT OR REPLACE INTO kiosk_pins (quartier_id, pin_hash, set_by, set_at)"
            " VALUES (?, ?, ?, now())",
            [quartier_id, pin_hash, user.id],
        )


def has_kiosk_pin(db: Database, quartier_id: int) -> bool:
    with db.read() as cur:
        row = cur.execute("SELECT 1 FROM kiosk_pins WHERE quartier_id = ?", [quartier_id])
        return row.fetchone() is not None


def pin_matches(db: Database, quartier_id: int, pin: str) -> bool:
    """Whether ``pin`` is the Quartier's kiosk PIN (False when none is set)."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT pin_hash FROM kiosk_pins WHERE quartier_id = ?", [quartier_id]
        ).fetchone()
    return verify_password(str(row[0]) if row else None, pin.strip())


def idle_limit() -> timedelta:
    return timedelta(minutes=max(1, config.get_int("QUARTIER_KIOSK_IDLE_MINUTES")))


def is_idle(last_input: datetime, now: datetime, limit: timedelta) -> bool:
    """Whether a kiosk form has waited too long for input.

    >>> t0 = datetime(2026, 6, 20, 15, 0)
    >>> is_idle(t0, t0 + timedelta(minutes=2), timedelta(minutes=3))
    False
    >>> is_idle(t0, t0 + timedelta(minutes=3), timedelta(minutes=3))
    True
    """
    return now - last_input >= limit
