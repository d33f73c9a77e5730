"""Input checks shared by submission, moderation and working groups.

Text is stored as typed (trimmed; titles and names with whitespace collapsed) and never
interpreted: HTML or Markdown stays literal text for the UI to show as plain text. The
limits match the CHECK constraints of migration 0003.
"""

from __future__ import annotations

import re

from quartier.errors import ValidationError
from quartier.i18n import LANGUAGES

TITLE_LIMIT = 120
DESCRIPTION_LIMIT = 4000
PLACE_LIMIT = 200
AUTHOR_NAME_LIMIT = 80
AUTHOR_CONTACT_LIMIT = 200
REASON_LIMIT = 1000
EDIT_NOTE_LIMIT = 300
GROUP_NAME_LIMIT = 80
THEME_LIMIT = 1000
MEETING_NOTE_LIMIT = 200

# A language tag such as "fa", "ckb" or "sr-Latn": ideas may come in any language.
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")


def one_line(value: str) -> str:
    """Trimmed, with runs of whitespace (including line breaks) collapsed to one space.

    >>> one_line("  Spielplatz \\n am   Lindenplatz ")
    'Spielplatz am Lindenplatz'
    """
    return " ".join(value.split())


def too_long(field: str, label: str, value: str, limit: int) -> ValidationError:
    return ValidationError(
        "errors.text_too_long", field=field, label=label, length=len(value), limit=limit
    )


def limited(value: str, field: str, label: str, limit: int) -> str:
    """``value`` trimmed; raises ValidationError (errors.text_too_long) above ``limit``."""
    value = value.strip()
    if len(value) > limit:
        raise too_long(field, label, value, limit)
    return value


def required(value: str, field: str, label: str, limit: int, missing_key: str) -> str:
    """Like :func:`limited` but one line and not empty (``missing_key`` names the error)."""
    value = one_line(value)
    if not value:
        raise ValidationError(missing_key, field=field)
    if len(value) > limit:
        raise too_long(field, label, value, limit)
    return value


def title(value: str) -> str:
    return required(value, "title", "field.title", TITLE_LIMIT, "errors.idea_title_missing")


def description(value: str) -> str:
    return limited(value, "description", "field.description", DESCRIPTION_LIMIT)


def language(value: str) -> str:
    """A known UI language or any language tag (2–12 characters, e.g. ``fa``, ``sr-Latn``).

    >>> language("DE"), language("sr_Latn"), language("ckb")
    ('de', 'sr-latn', 'ckb')
    """
    code = value.strip().replace("_", "-").lower()
    if code in LANGUAGES or (len(code) <= 12 and _LANGUAGE_TAG.fullmatch(code)):
        return code
    raise ValidationError("errors.idea_language_invalid", field="language", value=value[:20])
