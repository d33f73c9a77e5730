from datetime import UTC, datetime, timedelta

import pytest

from quartier.auth import sessions
from quartier.auth.accounts import set_active
from quartier.auth.sessions import ClientThrottle, CookieSigner, LoginPolicy
from quartier.errors import LoginFailed, LoginThrottled
from tests.conftest import PASSWORD

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
POLICY = LoginPolicy(max_failures=3, max_client_failures=5, window=timedelta(minutes=15))


def login(world, username, password, *, client="c1", now=NOW, throttle=None):
    return sessions.log_in(
        world.db, username, password, client=client, now=now, policy=POLICY,
        throttle=throttle or ClientThrottle(),
    )  # fmt: skip


def test_login_issues_single_use_handoff_that_starts_a_session(world):
    result = login(world, "Koordination ", PASSWORD)
    assert result.user.username == "koordination"
    token = sessions.redeem_handoff(world.db, result.handoff_code, now=NOW)
    assert token
    assert sessions.user_for_token(world.db, token, now=NOW).id == world.coordinator.id
    assert sessions.redeem_handoff(world.db, result.handoff_code, now=NOW) is None


def test_handoff_expires_after_a_minute(world):
    result = login(world, "koordination", PASSWORD)
    later = NOW + timedelta(seconds=sessions.HANDOFF_SECONDS + 1)
    assert sessions.redeem_handoff(world.db, result.handoff_code, now=later) is None


@pytest.mark.parametrize(
    ("username", "password"), [("koordination", "falsch-falsch-1"), ("gibt-es-nicht", PASSWORD)]
)
def test_failed_login_does_not_tell_whether_the_user_exists(world, username, password):
    with pytest.raises(LoginFailed) as err:
        login(world, username, password)
    assert err.value.message == "Benutzername oder Passwort ist falsch."


def test_deactivated_account_gets_the_same_message(world):
    set_active(world.db, world.admin, world.coordinator.id, False)
    with pytest.raises(LoginFailed) as err:
        login(world, "koordination", PASSWORD)
    assert err.value.message == "Benutzername oder Passwort ist falsch."


def test_account_is_throttled_after_repeated_failures_then_released(world):
    for i in range(POLICY.max_failures):
        with pytest.raises(LoginFailed):
            login(world, "koordination", "falsch-falsch-1", client=f"c{i}", now=NOW)
    with pytest.raises(LoginThrottled) as err:
        login(world, "koordination", PASSWORD, client="fresh", now=NOW + timedelta(minutes=1))
    assert "Zu viele fehlgeschlagene Anmeldungen" in err.value.message
    assert "15 Minuten" in err.value.message
    released = NOW + POLICY.window + timedelta(seconds=1)
    assert login(world, "koordination", PASSWORD, client="fresh", now=released).user


def test_success_resets_the_account_counter(world):
    for _ in range(POLICY.max_failures - 1):
        with pytest.raises(LoginFailed):
            login(world, "koordination", "falsch-falsch-1")
    login(world, "koordination", PASSWORD, now=NOW + timedelta(seconds=1))
    for _ in range(POLICY.max_failures - 1):
        with pytest.raises(LoginFailed):
            login(world, "koordination", "falsch-falsch-1", now=NOW + timedelta(seconds=2))
    assert login(world, "koordination", PASSWORD, now=NOW + timedelta(seconds=3)).user


def test_client_is_throttled_across_usernames(world):
    throttle = ClientThrottle()
    for i in range(POLICY.max_client_failures):
        with pytest.raises(LoginFailed):
            login(world, f"raten-{i}", "falsch-falsch-1", client="same", throttle=throttle)
    with pytest.raises(LoginThrottled):
        login(world, "mitglied", PASSWORD, client="same", throttle=throttle)
    assert login(world, "mitglied", PASSWORD, client="other", throttle=throttle).user


def test_no_ip_address_is_stored(world):
    key = sessions.client_key("203.0.113.7", "s1")
    with pytest.raises(LoginFailed):
        login(world, "koordination", "falsch-falsch-1", client=key)
    assert "203.0.113.7" not in key
    with world.db.read() as cur:
        dump = str(cur.execute("SELECT * FROM login_attempts").fetchall())
    assert "203.0.113" not in dump and key not in dump


def test_logout_ends_the_session_on_the_server(world):
    token = sessions.start_session(world.db, world.member.id, now=NOW)
    assert sessions.user_for_token(world.db, token, now=NOW)
    sessions.end_session(world.db, token)
    assert sessions.user_for_token(world.db, token, now=NOW) is None


def test_session_expires(world):
    token = sessions.start_session(world.db, world.member.id, now=NOW, policy=POLICY)
    assert sessions.user_for_token(world.db, token, now=NOW + timedelta(hours=11)) is not None
    assert sessions.user_for_token(world.db, token, now=NOW + timedelta(hours=13)) is None


def test_only_token_hashes_are_stored(world):
    token = sessions.start_session(world.db, world.member.id, now=NOW)
    with world.db.read() as cur:
        assert token not in str(cur.execute("SELECT * FROM auth_sessions").fetchall())


def test_cookie_signature_rejects_tampering():
    signer = CookieSigner("geheim" * 8)
    signed = signer.sign("token-123")
    assert signer.unsign(signed) == "token-123"
    assert signer.unsign(signed[:-2] + "xx") is None
    assert signer.unsign("token-123") is None
    assert CookieSigner("anders" * 8).unsign(signed) is None
    assert signer.unsign(None) is None


def test_secret_file_is_created_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("QUARTIER_SECRET", raising=False)
    first = sessions.secret_for(str(tmp_path / "q.duckdb"))
    assert first == sessions.secret_for(str(tmp_path / "q.duckdb"))
    assert (tmp_path / ".secret").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("QUARTIER_SECRET", "aus-der-umgebung")
    assert sessions.secret_for(str(tmp_path / "q.duckdb")) == "aus-der-umgebung"
