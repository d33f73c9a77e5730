"""Mein Konto: who I am, and changing my own password."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from quartier.auth import sessions
from quartier.errors import LoginFailed
from tests.conftest import PASSWORD, World
from tests.ui.conftest import DE, AppFactory, button, errors, successes, titles

NEW_PASSWORD = "Kastanienallee-77"


@pytest.fixture
def account_page(app_world: World, app_as: AppFactory) -> AppTest:
    return app_as(app_world.member, page="pages/account.py")


def change_password(at: AppTest, old: str, new: str, repeat: str | None = None) -> AppTest:
    form = at.form(key="change_password")
    old_input, new_input, repeat_input = form.text_input
    assert [w.label for w in form.text_input] == [
        DE("account.old_password"),
        DE("account.new_password"),
        DE("account.repeat_password"),
    ]
    old_input.input(old)
    new_input.input(new)
    repeat_input.input(new if repeat is None else repeat)
    return button(at, DE("account.save_password")).click().run()


def _logs_in(world: World, password: str) -> bool:
    try:
        sessions.log_in(world.db, world.member.username, password, client="test")
    except LoginFailed:
        return False
    return True


def test_the_page_shows_the_account(account_page: AppTest) -> None:
    assert titles(account_page) == ["Mein Konto"]
    assert [m.value for m in account_page.markdown] == [
        "**Benutzername:** mitglied",
        f"**Rolle:** {DE('role.member')}",
        "**Quartiere:** Quartier Nord",
    ]
    assert [c.value for c in account_page.main.caption] == [DE("errors.password_rule", min=12)]


def test_a_wrong_old_password_changes_nothing(app_world: World, account_page: AppTest) -> None:
    at = change_password(account_page, "Falsches-Passwort-1", NEW_PASSWORD)

    assert errors(at) == [DE("errors.old_password_wrong")]
    assert errors(at) == ["Das bisherige Passwort stimmt nicht."]
    assert not successes(at)
    assert _logs_in(app_world, PASSWORD)
    assert not _logs_in(app_world, NEW_PASSWORD)


def test_a_mistyped_repetition_changes_nothing(app_world: World, account_page: AppTest) -> None:
    at = change_password(account_page, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!")

    assert errors(at) == [DE("errors.password_mismatch")]
    assert _logs_in(app_world, PASSWORD)


def test_a_weak_new_password_shows_the_rule(app_world: World, account_page: AppTest) -> None:
    at = change_password(account_page, PASSWORD, "mitglied-2026-x")

    assert errors(at) == [DE("errors.password_username", min=12)]
    assert _logs_in(app_world, PASSWORD)


def test_a_changed_password_replaces_the_old_one(app_world: World, account_page: AppTest) -> None:
    at = change_password(account_page, PASSWORD, NEW_PASSWORD)

    assert not errors(at)
    assert successes(at) == [DE("account.password_changed")]
    assert not _logs_in(app_world, PASSWORD)
    assert _logs_in(app_world, NEW_PASSWORD)
