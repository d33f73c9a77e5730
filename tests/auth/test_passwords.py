import pytest
from hypothesis import given
from hypothesis import strategies as st

from quartier.auth.passwords import (
    check_password_rule,
    generate_password,
    hash_password,
    verify_password,
)
from quartier.errors import ValidationError


def test_hash_is_argon2id_and_verifies():
    stored = hash_password("Lindenplatz-2026!")
    assert stored.startswith("$argon2id$")
    assert "Lindenplatz-2026!" not in stored
    assert verify_password(stored, "Lindenplatz-2026!")
    assert not verify_password(stored, "lindenplatz-2026!")
    assert not verify_password(None, "Lindenplatz-2026!")
    assert not verify_password("kein-hash", "Lindenplatz-2026!")


@pytest.mark.parametrize(
    ("password", "username", "problem"),
    [
        ("kurz-1", "", "zu kurz"),
        ("x" * 257 + "1", "", "länger als 256"),
        ("123456789012345", "", "keine Buchstaben"),
        ("Sonnenblumenfeld", "", "weder eine Ziffer"),
        ("mein-admin-name-1", "admin-name", "Benutzernamen"),
        ("aaaa1aaaa1aaaa", "", "zu wenigen verschiedenen"),
    ],
)
def test_weak_passwords_are_refused_with_the_rule(password, username, problem):
    with pytest.raises(ValidationError) as err:
        check_password_rule(password, username)
    assert err.value.field == "password"
    assert problem in err.value.message
    if problem != "länger als 256":
        assert "mindestens 12 Zeichen" in err.value.message


@given(st.integers(min_value=0, max_value=50))
def test_generated_passwords_satisfy_the_rule(_):
    check_password_rule(generate_password(), "demo-koordination")


def test_the_app_hashes_at_argon2s_recommended_cost():
    """Tests hash cheaply (tests/conftest.py); the app itself uses the library's
    recommended parameters (RFC 9106, low memory: t=3, 64 MiB, p=4)."""
    from tests.conftest import PRODUCTION_HASHER

    assert PRODUCTION_HASHER.time_cost >= 3
    assert PRODUCTION_HASHER.memory_cost >= 64 * 1024
    assert PRODUCTION_HASHER.hash("x" * 12).startswith("$argon2id$")
