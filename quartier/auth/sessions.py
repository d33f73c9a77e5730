"""Logging in and staying logged in.

The Streamlit login form checks the password (:func:`log_in`) and gets a one-time
*handoff code*. The browser then opens the web route ``/auth/handoff`` with that
code; the route starts a server-side session (:func:`redeem_handoff`) and sets a
signed, HttpOnly, SameSite=Strict cookie holding the session token. Every script run
looks the token up again (:func:`user_for_token`), so a reload or a second tab stays
logged in and a logout (:func:`end_session`) ends the session everywhere.

Only hashes of tokens and codes are stored. Failed logins are throttled per account
name (stored, append-only) and per browser connection (in memory only: no IP
address is ever written anywhere).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from itsdangerous import BadSignature, Signer

from quartier import config
from quartier.auth.accounts import load_user
from quartier.auth.passwords import verify_password
from quartier.auth.permissions import User
from quartier.errors import LoginFailed, LoginThrottled
from quartier.storage import Database
from quartier.storage.db import MEMORY, Cursor

COOKIE_NAME = "quartier_session"
HANDOFF_SECONDS = 60


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    max_client_failures: int = 20
    window: timedelta = timedelta(minutes=15)
    session_lifetime: timedelta = timedelta(hours=12)

    @classmethod
    def from_config(cls) -> LoginPolicy:
        return cls(
            max_failures=config.get_int("QUARTIER_LOGIN_MAX_FAILURES"),
            max_client_failures=config.get_int("QUARTIER_LOGIN_MAX_CLIENT_FAILURES"),
            window=timedelta(minutes=config.get_int("QUARTIER_LOGIN_WINDOW_MINUTES")),
            session_lifetime=timedelta(hours=config.get_int("QUARTIER_SESSION_HOURS")),
        )


class ClientThrottle:
    """Failed logins per client key, kept in memory only and forgotten after the window."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: datetime, window: timedelta) -> deque[datetime]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - window:
            times.popleft()
        return times

    def blocked_until(self, key: str, now: datetime, policy: LoginPolicy) -> datetime | None:
        with self._lock:
            times = self._recent(key, now, policy.window)
            if len(times) >= policy.max_client_failures:
                return times[0] + policy.window
            return None

    def record_failure(self, key: str, now: datetime, policy: LoginPolicy) -> None:
        with self._lock:
            self._recent(key, now, policy.window).append(now)

    def forget(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


CLIENT_THROTTLE = ClientThrottle()
_CLIENT_SALT = secrets.token_bytes(32)


def client_key(address: str | None, fallback: str) -> str:
    """An opaque key for one browser connection: a keyed hash of its address that
    exists only in this process's memory (``fallback`` when the address is unknown)."""
    raw = address or f"session:{fallback}"
    return hmac.new(_CLIENT_SALT, raw.encode(), hashlib.sha256).hexdigest()


def _throttled(until: datetime, now: datetime) -> LoginThrottled:
    minutes = max(1, int((until - now).total_seconds() // 60) + 1)
    return LoginThrottled("errors.login_throttled", minutes=minutes)


def _account_blocked_until(
    cur: Cursor, username: str, now: datetime, policy: LoginPolicy
) -> datetime | None:
    row = cur.execute(
        "WITH since AS ("
        "  SELECT coalesce(max(attempted_at) FILTER (WHERE succeeded), '-infinity') AS t"
        "  FROM login_attempts WHERE username = ?)"
        " SELECT count(*), min(attempted_at) FROM login_attempts, since"
        " WHERE username = ? AND NOT succeeded AND attempted_at > ? AND attempted_at > since.t",
        [username, username, now - policy.window],
    ).fetchone()
    if row is None or int(row[0]) < policy.max_failures:
        return None
    first: datetime = row[1]
    return first + policy.window


@dataclass(frozen=True)
class LoginResult:
    user: User
    handoff_code: str


def log_in(
    db: Database,
    username: str,
    password: str,
    *,
    client: str,
    now: datetime | None = None,
    policy: LoginPolicy | None = None,
    throttle: ClientThrottle = CLIENT_THROTTLE,
) -> LoginResult:
    """Check a username and password and issue a one-time handoff code.

    Raises LoginFailed with one message for every kind of failure (unknown name,
    wrong password, deactivated account) and LoginThrottled while the account name or
    the client has too many recent failures.
    """
    now = now or _now()
    policy = policy or LoginPolicy.from_config()
    name = username.strip().lower()[:80]
    until = throttle.blocked_until(client, now, policy)
    if until is not None:
        raise _throttled(until, now)
    with db.transaction() as cur:
        until = _account_blocked_until(cur, name, now, policy)
        if until is not None:
            raise _throttled(until, now)
        row = cur.execute(
            "SELECT id, password_hash, is_active FROM users WHERE username = ?", [name]
        ).fetchone()
        ok = verify_password(row[1] if row else None, password) and bool(row and row[2])
        cur.execute("INSERT INTO login_attempts VALUES (?, ?, ?)", [name, now, ok])
        if not ok or row is None:
            failed = True
        else:
            failed = False
            user = load_user(cur, int(row[0]))
            code = _insert_handoff(cur, int(row[0]), now)
    if failed:
        throttle.record_failure(client, now, policy)
        raise LoginFailed("errors.login_failed")
    assert user is not None
    return LoginResult(user=user, handoff_code=code)


def _insert_handoff(cur: Cursor, user_id: int, now: datetime) -> str:
    code = secrets.token_urlsafe(24)
    cur.execute(
        "INSERT INTO login_handoffs (code_hash, user_id, expires_at) VALUES (?, ?, ?)",
        [_digest(code), user_id, now + timedelta(seconds=HANDOFF_SECONDS)],
    )
    return code


def create_handoff(db: Database, user_id: int, *, now: datetime | None = None) -> str:
    """A one-time code that lets ``/auth/handoff`` set the cookie for an account that
    is already logged in in this tab (after onboarding)."""
    with db.transaction() as cur:
        return _insert_handoff(cur, user_id, now or _now())


def start_session(
    db: Database, user_id: int, *, now: datetime | None = None, policy: LoginPolicy | None = None
) -> str:
    """Start a server-side session for an active account; return its token."""
    now = now or _now()
    policy = policy or LoginPolicy.from_config()
    token = secrets.token_urlsafe(32)
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            [_digest(token), user_id, now, now + policy.session_lifetime],
        )
    return token


def redeem_handoff(db: Database, code: str, *, now: datetime | None = None) -> str | None:
    """Exchange a fresh, unused handoff code for a session token (``None`` if invalid)."""
    now = now or _now()
    with db.transaction() as cur:
        row = cur.execute(
            "UPDATE login_handoffs SET used_at = ? WHERE code_hash = ? AND used_at IS NULL"
            " AND expires_at > ? RETURNING user_id",
            [now, _digest(code), now],
        ).fetchone()
    if row is None:
        return None
    return start_session(db, int(row[0]), now=now)


def user_for_token(db: Database, token: str | None, *, now: datetime | None = None) -> User | None:
    """The active account behind a live session token, else ``None``."""
    if not token:
        return None
    now = now or _now()
    with db.read() as cur:
        row = cur.execute(
            "SELECT s.user_id FROM auth_sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.is_active",
            [_digest(token), now],
        ).fetchone()
        return None if row is None else load_user(cur, int(row[0]))


def end_session(db: Database, token: str | None) -> None:
    """Log out: the session ends on the server, whatever the browser still holds."""
    if not token:
        return
    with db.transaction() as cur:
        cur.execute(
            "UPDATE auth_sessions SET revoked_at = now()"
            " WHERE token_hash = ? AND revoked_at IS NULL",
            [_digest(token)],
        )


def secret_for(db_path: str) -> str:
    """The cookie-signing key: QUARTIER_SECRET, else a random key kept in ``.secret``
    beside the database file (created once, readable only by its owner)."""
    configured = config.get("QUARTIER_SECRET")
    if configured:
        return configured
    if db_path == MEMORY:
        return _MEMORY_SECRET
    file = Path(db_path).expanduser().resolve().parent / ".secret"
    if not file.exists():
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return file.read_text().strip()


_MEMORY_SECRET = secrets.token_urlsafe(48)


@functools.cache
def cookie_signer(db_path: str) -> CookieSigner:
    """The signer for the installation whose database is ``db_path`` (read once)."""
    return CookieSigner(secret_for(db_path))


class CookieSigner:
    """Signs session tokens for the cookie and checks them on the way back."""

    def __init__(self, secret: str) -> None:
        self._signer = Signer(secret, salt="quartier-session")

    def sign(self, token: str) -> str:
        return self._signer.sign(token).decode()

    def unsign(self, value: str | None) -> str | None:
        if not value:
            return None
        try:
            return self._signer.unsign(value).decode()
        except BadSignature:
            return None
