"""Settings, declared once: name, default, help. Read from the environment.

Every setting is documented in the README (a test keeps both in step).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "QUARTIER_DB",
        str(PROJECT_ROOT / "data" / "quartier.duckdb"),
        "Path of the DuckDB database file (created on first start).",
    ),
    Setting(
        "QUARTIER_SECRET",
        "",
        "Key that signs login cookies. Empty: a random key is created once and kept "
        "in a file next to the database (`.secret`).",
    ),
    Setting("QUARTIER_MEMORY_LIMIT", "2GB", "DuckDB memory_limit for the app process."),
    Setting("QUARTIER_THREADS", "2", "DuckDB worker threads for the app process."),
    Setting(
        "QUARTIER_SESSION_HOURS", "12", "How long a login stays valid without logging in again."
    ),
    Setting(
        "QUARTIER_LOGIN_MAX_FAILURES",
        "5",
        "Failed logins per account within the window before that account is paused.",
    ),
    Setting(
        "QUARTIER_LOGIN_MAX_CLIENT_FAILURES",
        "20",
        "Failed logins from one browser connection within the window before it is paused.",
    ),
    Setting("QUARTIER_LOGIN_WINDOW_MINUTES", "15", "Window for counting failed logins."),
    Setting(
        "QUARTIER_COOKIE_SECURE",
        "false",
        "Set to true behind HTTPS so the login cookie is only sent over HTTPS.",
    ),
    Setting(
        "QUARTIER_DEFAULT_LANGUAGE", "de", "UI language when the browser asks for none we have."
    ),
    Setting(
        "QUARTIER_PUBLIC_URL",
        "http://localhost:8501",
        "Address residents reach the app at; QR codes and posters link there.",
    ),
    Setting(
        "QUARTIER_DRAFT_HOURS",
        "48",
        "How long a half-filled survey form is kept for a reload or a dropped connection.",
    ),
    Setting(
        "QUARTIER_KIOSK_IDLE_MINUTES",
        "3",
        "Kiosk mode: minutes without input after which a half-filled form is discarded.",
    ),
    Setting(
        "QUARTIER_CHROMIUM",
        "/usr/bin/chromium",
        "Chromium that draws the charts of the yearly report (kaleido). Missing: the report "
        "is made without chart images, with a note in their place.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The value of setting ``name``: the environment, else its default."""
    setting = _BY_NAME[name]
    value = os.environ.get(name, "").strip()
    return value or setting.default


def get_int(name: str) -> int:
    """An integer setting; a non-number falls back to the default."""
    try:
        return int(get(name))
    except ValueError:
        return int(_BY_NAME[name].default)


def get_bool(name: str) -> bool:
    return get(name).lower() in {"1", "true", "yes", "ja", "on"}


def db_path() -> Path:
    return Path(get("QUARTIER_DB")).expanduser()
