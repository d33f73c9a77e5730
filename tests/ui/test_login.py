"""Anmelden: the form, one message for every failure, the handoff, the throttle."""

from __future__ import annotations

import re

import pytest
from streamlit.proto.TextInput_pb2 import TextInput as TextInputProto
from streamlit.testing.v1 import AppTest

from quartier.auth import Role, sessions
from quartier.auth.accounts import set_active
from quartier.auth.sessions import COOKIE_NAME, CookieSigner, secret_for
from tests.conftest import PASSWORD, World
from tests.ui.conftest import (
    DE,
    EN,
    NAVIGATION,
    AppFactory,
    FakeConnection,
    errors,
    navigation_of,
    successes,
    titles,
)

HANDOFF = re.compile(r"/auth/handoff\?code=([A-Za-z0-9_-]+)&next=([^\"]+)")


def log_in(at: AppTest, username: str, password: str) -> AppTest:
    form = at.form(key="login")
    username_input, password_input = form.text_input
    username_input.input(username)
    password_input.input(password)
    submit = [b for b in form.button if b.label == "Anmelden" or b.label == EN("login.submit")]
    assert len(submit) == 1
    return submit[0].click().run()


def handoff_code(at: AppTest) -> str:
    assert len(at.html) == 1
    match = HANDOFF.search(at.html[0].value)
    assert match, at.html[0].value
    return match.group(1)


def assert_throttled(at: AppTest) -> None:
    """The page shows the pause message (with its minutes) and no handoff."""
    assert not at.html
    [message] = errors(at)
    minutes = re.search(r"\d+", message)
    assert minutes is not None
    assert message == DE("errors.login_throttled", minutes=int(minutes.group()))
    assert 1 <= int(minutes.group()) <= 15


@pytest.fixture
def login_page(app_world: World, app_as: AppFactory) -> AppTest:
    return app_as(page="pages/login.py")


def test_the_form_asks_for_username_and_password(login_page: AppTest) -> None:
    assert titles(login_page) == ["Anmelden"]
    form = login_page.form(key="login")
    assert [w.label for w in form.text_input] == ["Benutzername", "Passwort"]
    assert [w.proto.type for w in form.text_input] == [
        TextInputProto.DEFAULT,
        TextInputProto.PASSWORD,
    ]
    assert [b.label for b in form.button] == ["Anmelden"]
    assert [c.value for c in login_page.caption] == [DE("login.residents_hint")]


def test_a_wrong_password_shows_the_one_failure_message(login_page: AppTest) -> None:
    at = log_in(login_page, "admin", "Falsches-Passwort-1")

    assert errors(at) == [DE("errors.login_failed")]
    assert errors(at) == ["Benutzername oder Passwort ist falsch."]
    assert not at.html
    assert not successes(at)


def test_an_unknown_user_gets_the_same_message(login_page: AppTest) -> None:
    wrong_password = log_in(login_page, "admin", "Falsches-Passwort-1")
    wrong_errors = errors(wrong_password)

    unknown = log_in(login_page, "niemand", PASSWORD)

    assert errors(unknown) == wrong_errors == [DE("errors.login_failed")]


def test_a_deactivated_account_gets_the_same_message(app_world: World, login_page: AppTest) -> None:
    set_active(app_world.db, app_world.admin, app_world.member.id or 0, False)

    at = log_in(login_page, app_world.member.username, PASSWORD)

    assert errors(at) == [DE("errors.login_failed")]
    assert not at.html


def test_a_correct_login_hands_over_a_one_time_code(app_world: World, login_page: AppTest) -> None:
    at = log_in(login_page, "Admin ", PASSWORD)

    assert not errors(at)
    assert successes(at) == [DE("login.success")]
    code = handoff_code(at)
    target = f"/auth/handoff?code={code}&next=/%3Flang%3Dde"
    assert f"window.location.replace({target!r})".replace("'", '"') in at.html[0].value
    assert [b.url for b in at.link_button] == [target]
    token = sessions.redeem_handoff(app_world.db, code)
    assert token is not None
    user = sessions.user_for_token(app_world.db, token)
    assert user is not None and (user.username, user.role) == ("admin", Role.ADMIN)
    assert sessions.redeem_handoff(app_world.db, code) is None


def test_five_failures_pause_the_account_even_for_the_right_password(
    app_world: World, login_page: AppTest
) -> None:
    at = login_page
    for _ in range(5):
        at = log_in(at, "koordination", "Falsches-Passwort-1")
        assert errors(at) == [DE("errors.login_failed")]

    at = log_in(at, "koordination", PASSWORD)

    assert_throttled(at)
    # Only that account is paused.
    assert handoff_code(log_in(at, "admin", PASSWORD))


def test_the_failure_message_follows_the_language(app_world: World, app_as: AppFactory) -> None:
    at = app_as(page="pages/login.py", lang="en")

    at = log_in(at, "admin", "Wrong-password-1")

    assert errors(at) == [EN("errors.login_failed")]
    assert EN("errors.login_failed") != DE("errors.login_failed")


# --- Staying logged in: the signed cookie --------------------------------------------


def test_a_signed_session_cookie_logs_the_browser_in(
    app_world: World, app_as: AppFactory, connection: FakeConnection
) -> None:
    token = sessions.start_session(app_world.db, app_world.coordinator.id or 0)
    connection.cookies[COOKIE_NAME] = CookieSigner(secret_for(app_world.db.path)).sign(token)

    at = app_as()

    assert navigation_of(at) == NAVIGATION["coordinator"]
    assert [c.value for c in at.sidebar.caption] == [
        DE("nav.logged_in_as", name="Kim Koordination", role=DE("role.coordinator"))
    ]


def test_a_forged_or_ended_session_cookie_is_ignored(
    app_world: World, app_as: AppFactory, connection: FakeConnection
) -> None:
    token = sessions.start_session(app_world.db, app_world.admin.id or 0)
    connection.cookies[COOKIE_NAME] = CookieSigner("another-secret").sign(token)
    assert navigation_of(app_as()) == NAVIGATION["anonymous"]

    connection.cookies[COOKIE_NAME] = token  # unsigned
    assert navigation_of(app_as()) == NAVIGATION["anonymous"]

    connection.cookies[COOKIE_NAME] = CookieSigner(secret_for(app_world.db.path)).sign(token)
    assert navigation_of(app_as()) == NAVIGATION["admin"]
    sessions.end_session(app_world.db, token)
    assert navigation_of(app_as()) == NAVIGATION["anonymous"]


# --- The throttle per browser connection ---------------------------------------------


@pytest.fixture
def three_client_failures(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("QUARTIER_LOGIN_MAX_CLIENT_FAILURES", "3")
    return 3


def _fail_with_different_names(at: AppTest, count: int) -> AppTest:
    for i in range(count):
        at = log_in(at, f"unbekannt-{i}", "Falsches-Passwort-1")
        assert errors(at) == [DE("errors.login_failed")]
    return at


def test_one_connection_is_paused_after_many_failures_across_names(
    app_world: World,
    app_as: AppFactory,
    connection: FakeConnection,
    three_client_failures: int,
) -> None:
    connection.remote_ip = "203.0.113.7"
    at = _fail_with_different_names(app_as(page="pages/login.py"), three_client_failures)

    at = log_in(at, "admin", PASSWORD)

    assert_throttled(at)


def test_another_address_is_not_paused_by_someone_elses_failures(
    app_world: World,
    app_as: AppFactory,
    connection: FakeConnection,
    three_client_failures: int,
) -> None:
    connection.remote_ip = "203.0.113.7"
    _fail_with_different_names(app_as(page="pages/login.py"), three_client_failures)

    connection.remote_ip = "198.51.100.20"
    other = log_in(app_as(page="pages/login.py"), "admin", PASSWORD)

    assert not errors(other)
    assert handoff_code(other)


def test_without_an_address_one_browser_does_not_pause_another(
    app_world: World,
    app_as: AppFactory,
    connection: FakeConnection,
    three_client_failures: int,
) -> None:
    assert connection.remote_ip == "127.0.0.1"  # st.context.ip_address is None
    _fail_with_different_names(app_as(page="pages/login.py"), three_client_failures)

    other = log_in(app_as(page="pages/login.py"), "admin", PASSWORD)

    assert not errors(other)
    assert handoff_code(other)
