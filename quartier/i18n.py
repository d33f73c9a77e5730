"""UI text catalogues and locale formatting.

Catalogues are gettext ``.po`` files (``locales/<lang>/LC_MESSAGES/quartier.po``) whose
msgids are stable keys such as ``login.username``. They are compiled in memory with
Babel at first use, one :class:`Translator` per language; each Streamlit session picks
its own — nothing is installed process-wide (sessions are threads).
"""

from __future__ import annotations

import functools
import gettext
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from quartier import config

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "quartier"
DISPLAY_TZ = ZoneInfo("Europe/Berlin")


def berlin_today() -> date:
    """Today as the Quartier sees it: the date in Berlin."""
    return datetime.now(DISPLAY_TZ).date()


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    babel_locale: str
    rtl: bool = False


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("de", "Deutsch", "de_DE"),
        Language("en", "English", "en_GB"),
        Language("tr", "Türkçe", "tr_TR"),
        Language("ar", "العربية", "ar", rtl=True),
        Language("ru", "Русский", "ru_RU"),
        Language("uk", "Українська", "uk_UA"),
        Language("pl", "Polski", "pl_PL"),
    )
}
SOURCE_LANGUAGE = "de"


def catalogue_path(code: str) -> Path:
    return LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def available_languages() -> tuple[str, ...]:
    """Codes of the languages that have a UI catalogue, German first."""
    return tuple(code for code in LANGUAGES if catalogue_path(code).exists())


@functools.cache
def staff_languages() -> tuple[str, ...]:
    """Languages whose catalogue has every key — the whole app can be used in them.

    The other languages carry the resident texts (survey pages, posters) only.
    """
    source = set(catalogue_keys(SOURCE_LANGUAGE))
    return tuple(
        code
        for code in available_languages()
        if source <= {k for k, v in catalogue_keys(code).items() if v}
    )


def is_rtl(code: str) -> bool:
    """Whether ``code`` is written right to left.

    >>> is_rtl("ar"), is_rtl("de")
    (True, False)
    """
    lang = LANGUAGES.get(code)
    return bool(lang and lang.rtl)


def default_language() -> str:
    code = config.get("QUARTIER_DEFAULT_LANGUAGE")
    return code if code in available_languages() else SOURCE_LANGUAGE


def negotiate(browser_locale: str | None) -> str:
    """The UI language for a browser locale such as ``en-US``.

    >>> negotiate("en-US"), negotiate("de"), negotiate(None)
    ('en', 'de', 'de')
    >>> negotiate("xx-YY") == default_language()
    True
    """
    if browser_locale:
        primary = browser_locale.replace("_", "-").split("-")[0].lower()
        if primary in available_languages():
            return primary
    return default_language()


@functools.cache
def _compiled(code: str) -> gettext.GNUTranslations:
    with catalogue_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=LANGUAGES[code].babel_locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def catalogue_keys(code: str) -> dict[str, str]:
    """Every key of a catalogue with its text (empty when untranslated)."""
    with catalogue_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=LANGUAGES[code].babel_locale)
    return {str(m.id): str(m.string or "") for m in catalog if m.id}


class Translator:
    """``t(key, **values)`` for one language, falling back to German, then to the key."""

    def __init__(self, code: str) -> None:
        self.code = code if code in available_languages() else default_language()
        self.language = LANGUAGES[self.code]
        self._own = _compiled(self.code)
        self._source = _compiled(SOURCE_LANGUAGE)

    @property
    def rtl(self) -> bool:
        return self.language.rtl

    def t(self, key: str, /, **values: object) -> str:
        text = self._own.gettext(key)
        if text == key:
            text = self._source.gettext(key)
        return text.format(**values) if values else text

    __call__ = t

    def date(self, value: date) -> str:
        return str(_babel_date(value, format="medium", locale=self.language.babel_locale))

    def datetime(self, value: datetime) -> str:
        local = value.astimezone(DISPLAY_TZ) if value.tzinfo else value
        return str(_babel_datetime(local, format="short", locale=self.language.babel_locale))

    def number(self, value: float | int) -> str:
        return str(format_decimal(value, locale=self.language.babel_locale))


@functools.cache
def translator(code: str) -> Translator:
    """The shared, immutable Translator for ``code`` (safe to share between sessions)."""
    return Translator(code)
