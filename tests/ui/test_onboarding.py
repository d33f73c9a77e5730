"""Einrichtung: an empty installation leads to the first admin, then to the demo."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from quartier import demo
from quartier.auth import Role, sessions
from quartier.auth.accounts import needs_onboarding
from quartier.storage import Database
from quartier.ui.session import TOKEN_KEY
from tests.conftest import PASSWORD
from tests.ui.conftest import (
    DE,
    NAVIGATION,
    AppFactory,
    button,
    errors,
    labels,
    navigation_of,
    table,
    titles,
)


def _submit_first_admin(
    at: AppTest, username: str, password: str, repeat: str, display_name: str = ""
) -> AppTest:
    form = at.form(key="first_admin")
    username_input, name_input, password_input, repeat_input = form.text_input
    assert [w.label for w in form.text_input] == [
        DE("field.username"),
        DE("field.display_name"),
        DE("field.password"),
        DE("account.repeat_password"),
    ]
    username_input.input(username)
    name_input.input(display_name)
    password_input.input(password)
    repeat_input.input(repeat)
    return button(at, DE("onboarding.create_admin")).click().run()


def _user_count(db: Database) -> int:
    with db.read() as cur:
        row = cur.execute("SELECT count(*) FROM users").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def onboarding(app_db: Database, app_as: AppFactory) -> AppTest:
    """The app on an empty database, as the first visitor sees it."""
    return app_as()


def test_an_empty_installation_offers_only_onboarding(onboarding: AppTest) -> None:
    assert navigation_of(onboarding) == {"pages/onboarding.py"}
    assert titles(onboarding) == [DE("onboarding.title")]
    assert DE("onboarding.create_admin") in labels(onboarding)


def test_mismatched_passwords_are_refused_and_nothing_is_stored(
    app_db: Database, onboarding: AppTest
) -> None:
    at = _submit_first_admin(onboarding, "chefin", PASSWORD, PASSWORD + "x")

    assert errors(at) == [
        "Die beiden Passwörter stimmen nicht überein. Bitte geben Sie zweimal dasselbe ein."
    ]
    assert errors(at) == [DE("errors.password_mismatch")]
    assert needs_onboarding(app_db)
    assert _user_count(app_db) == 0
    assert navigation_of(at) == {"pages/onboarding.py"}


def test_a_weak_password_shows_the_rule(app_db: Database, onboarding: AppTest) -> None:
    at = _submit_first_admin(onboarding, "chefin", "kurz-1", "kurz-1")

    assert errors(at) == [DE("errors.password_short", min=12)]
    assert DE("errors.password_rule", min=12) in errors(at)[0]
    assert needs_onboarding(app_db)
    assert _user_count(app_db) == 0


def test_an_invalid_username_is_named(app_db: Database, onboarding: AppTest) -> None:
    at = _submit_first_admin(onboarding, "A", PASSWORD, PASSWORD)

    assert errors(at) == [DE("errors.username_format", value="A")]
    assert needs_onboarding(app_db)


def test_the_first_admin_is_created_logged_in_and_offered_the_demo(
    app_db: Database, onboarding: AppTest
) -> None:
    at = _submit_first_admin(onboarding, "Chefin", PASSWORD, PASSWORD, "Clara Chefin")

    assert not at.exception
    assert not needs_onboarding(app_db)
    admin = sessions.user_for_token(app_db, at.session_state[TOKEN_KEY])
    assert admin is not None
    assert (admin.username, admin.display_name, admin.role) == (
        "chefin",
        "Clara Chefin",
        Role.ADMIN,
    )
    assert [s.value for s in at.success] == [DE("onboarding.admin_created")]
    assert DE("demo.load") in labels(at)
    assert DE("onboarding.finish") in labels(at)
    # Logged in: the admin pages are there, the onboarding page stays open.
    assert navigation_of(at) == NAVIGATION["admin"] | {"pages/onboarding.py"}
    assert sessions.log_in(app_db, "chefin", PASSWORD, client="test").user.id == admin.id


def test_loading_the_demo_shows_its_three_accounts_once(
    app_db: Database, onboarding: AppTest
) -> None:
    at = _submit_first_admin(onboarding, "chefin", PASSWORD, PASSWORD)
    assert not demo.is_seeded(app_db)

    button(at, "Demo-Quartier laden").click().run()

    assert not at.exception
    assert demo.is_seeded(app_db)
    rows = table(at)
    assert [row[DE("field.username")] for row in rows] == [
        username for _, username, _ in demo.ACCOUNTS
    ]
    assert [row[DE("field.role")] for row in rows] == [
        DE(f"role.{role}") for role, _, _ in demo.ACCOUNTS
    ]
    # The passwords shown are the real ones.
    for row in rows:
        result = sessions.log_in(
            app_db, row[DE("field.username")], row[DE("field.password")], client="test"
        )
        assert result.user.username == row[DE("field.username")]
    # A second seeding is not offered any more.
    assert DE("demo.load") not in labels(at)
    at.run()
    assert DE("demo.load") not in labels(at)


def test_finishing_hands_the_login_over_to_the_cookie_route(
    app_db: Database, onboarding: AppTest
) -> None:
    at = _submit_first_admin(onboarding, "chefin", PASSWORD, PASSWORD)

    button(at, DE("onboarding.finish")).click().run()

    script = at.html[0].value
    match = re.search(r'/auth/handoff\?code=([A-Za-z0-9_-]+)&next=/%3Flang%3Dde"', script)
    assert match, script
    token = sessions.redeem_handoff(app_db, match.group(1))
    assert token is not None
    user = sessions.user_for_token(app_db, token)
    assert user is not None and user.username == "chefin"


def test_onboarding_is_closed_once_an_admin_exists(app_db: Database, app_as: AppFactory) -> None:
    first = app_as()
    _submit_first_admin(first, "chefin", PASSWORD, PASSWORD)

    second = app_as()  # another browser

    assert navigation_of(second) == NAVIGATION["anonymous"]
    assert titles(second) == [DE("start.welcome_title")]
    assert [i.value for i in second.info] == [DE("start.no_quartier")]


def test_a_second_browser_cannot_create_another_admin(app_db: Database, app_as: AppFactory) -> None:
    first = app_as()
    second = app_as()  # both opened the empty installation
    _submit_first_admin(first, "chefin", PASSWORD, PASSWORD)

    at = _submit_first_admin(second, "eindringling", PASSWORD, PASSWORD)

    assert not at.exception
    assert _user_count(app_db) == 1
    assert TOKEN_KEY not in at.session_state
    assert navigation_of(at) == NAVIGATION["anonymous"]
