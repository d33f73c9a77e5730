"""Catalogues: complete in German and English, every key used in code exists."""

import re
import string
from pathlib import Path

import pytest

from quartier.i18n import (
    LANGUAGES,
    Translator,
    available_languages,
    catalogue_keys,
    is_rtl,
    negotiate,
)
from quartier.network import ActorType, FieldOfAction
from tests.conftest import ROOT

DE = catalogue_keys("de")
EN = catalogue_keys("en")
KEY_IN_CODE = re.compile(
    r"""(?:\bt\(\s*|(?:Error|Denied|Failed|Throttled|Unavailable|Invalid|Done)\(\s*)"([a-z_]+\.[a-z_.]+)\""""
)
SOURCES = [*ROOT.glob("pages/*.py"), *ROOT.glob("quartier/**/*.py"), ROOT / "app.py"]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_german_and_english_are_complete_and_aligned():
    assert DE.keys() == EN.keys()
    assert all(DE.values()), [k for k, v in DE.items() if not v]
    assert all(EN.values()), [k for k, v in EN.items() if not v]
    mismatched = [k for k in DE if placeholders(DE[k]) != placeholders(EN[k])]
    assert mismatched == []


def test_every_key_used_in_code_is_in_the_catalogues():
    used = set()
    for source in SOURCES:
        used |= set(KEY_IN_CODE.findall(Path(source).read_text(encoding="utf-8")))
    assert len(used) > 100
    assert sorted(used - DE.keys()) == []


@pytest.mark.parametrize(
    ("prefix", "codes"),
    [
        ("actor_type", [t.value for t in ActorType]),
        ("field_of_action", [f.value for f in FieldOfAction]),
        ("role", ["resident", "member", "coordinator", "admin"]),
        ("errors.password", ["short", "long", "no_letter", "no_digit", "username", "repetitive"]),
    ],
)
def test_keys_built_at_run_time_exist(prefix, codes):
    sep = "_" if prefix == "errors.password" else "."
    assert [c for c in codes if f"{prefix}{sep}{c}" not in DE] == []


def test_german_is_the_source_and_fallback():
    assert available_languages()[0] == "de"
    assert Translator("en")("nav.start") == "Home"
    assert Translator("de")("nav.start") == "Start"
    assert Translator("xx").code == "de"
    assert Translator("en")("gibt.es.nicht") == "gibt.es.nicht"


def test_placeholders_are_filled():
    assert Translator("de")("users.created", username="aylin") == "Konto „aylin“ angelegt."


def test_browser_locale_negotiation():
    assert negotiate("en-US") == "en"
    assert negotiate("de-AT") == "de"
    assert negotiate("en_GB") == "en"
    assert negotiate("zh-CN") == "de"
    assert negotiate("") == "de"


def test_right_to_left_languages_are_known():
    assert is_rtl("ar") and not is_rtl("de") and not is_rtl("tr")
    assert LANGUAGES["ar"].native_name == "العربية"
    assert set(LANGUAGES) == {"de", "en", "tr", "ar", "ru", "uk", "pl"}


def test_dates_and_numbers_follow_the_locale():
    from datetime import UTC, date, datetime

    de, en = Translator("de"), Translator("en")
    assert de.date(date(2026, 3, 5)) == "05.03.2026"
    assert en.date(date(2026, 3, 5)) == "5 Mar 2026"
    assert de.number(12345.5) == "12.345,5"
    assert en.number(12345.5) == "12,345.5"
    # stored in UTC, shown in Berlin time
    assert de.datetime(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "01.07.26, 12:00"


def test_translators_are_per_session_not_process_global():
    import builtins

    assert not hasattr(builtins, "_")
