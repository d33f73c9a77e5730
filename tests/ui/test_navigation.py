"""Navigation per role: which pages each role gets, and what every page shows it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from quartier.auth import Role, sessions
from quartier.auth.accounts import create_user_in
from quartier.ui.components import plain
from quartier.ui.session import TOKEN_KEY
from tests.conftest import PASSWORD, World
from tests.ui.conftest import (
    DE,
    NAVIGATION,
    PAGES,
    ROLES,
    AppFactory,
    labels,
    navigation_of,
    page_or_start,
    successes,
    table,
    titles,
    user_of,
    values,
)


@pytest.mark.parametrize("role", ROLES)
def test_navigation_lists_exactly_the_pages_of_the_role(
    app_world: World, app_as: AppFactory, role: str
) -> None:
    at = app_as(user_of(app_world, role))

    assert navigation_of(at) == NAVIGATION[role]


@pytest.mark.parametrize("role", ROLES)
def test_pages_outside_the_navigation_cannot_be_opened(
    app_world: World, app_as: AppFactory, role: str
) -> None:
    at = app_as(user_of(app_world, role))
    hidden = [page for page in PAGES if page not in NAVIGATION[role]]
    assert "pages/onboarding.py" in hidden
    if role != "admin":
        assert "pages/users.py" in hidden

    for page in hidden:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)
    at.run()
    assert titles(at) == [app_world.nord.name]


def test_the_start_page_is_the_default_page(app_world: World, app_as: AppFactory) -> None:
    at = app_as()

    assert titles(at) == [app_world.nord.name]
    assert DE("start.office") in values(at.subheader)


@pytest.mark.parametrize("role", ["member", "coordinator", "admin"])
def test_the_sidebar_names_who_is_logged_in(
    app_world: World, app_as: AppFactory, role: str
) -> None:
    user = getattr(app_world, role)
    at = app_as(user)

    assert values(at.sidebar.caption) == [
        DE("nav.logged_in_as", name=user.display_name, role=DE(f"role.{user.role}"))
    ]


def test_the_login_line_shows_the_display_name_literally(
    app_world: World, app_as: AppFactory
) -> None:
    with app_world.db.transaction() as cur:
        user = create_user_in(
            cur, "stern", PASSWORD, Role.MEMBER, "*Stern* [Hilfe](https://example.org)"
        )

    at = app_as(user)

    assert values(at.sidebar.caption) == [
        DE("nav.logged_in_as", name=plain(user.display_name), role=DE("role.member"))
    ]


def test_anonymous_visitors_see_no_login_line(app_world: World, app_as: AppFactory) -> None:
    at = app_as()

    assert values(at.sidebar.caption) == []


def test_a_page_closes_when_the_session_ends_elsewhere(
    app_world: World, app_as: AppFactory
) -> None:
    at = app_as(app_world.member, page="pages/account.py")
    assert titles(at) == [DE("account.title")]

    sessions.end_session(app_world.db, at.session_state[TOKEN_KEY])
    at.run()

    assert not at.exception
    assert DE("account.title") not in titles(at)
    assert titles(at) == [app_world.nord.name]
    assert navigation_of(at) == NAVIGATION["anonymous"]


# --- Every page for every role that has it ------------------------------------------

Check = Callable[[AppTest, World, str, str | None], None]


def _start(at: AppTest, world: World, role: str, token: str | None) -> None:
    assert titles(at) == [world.nord.name]
    assert at.selectbox(key="start_quartier").options == [world.nord.name, world.sued.name]
    assert DE("start.who_takes_part") in values(at.subheader)
    user = user_of(world, role)
    assert values(at.sidebar.caption) == (
        []
        if user is None
        else [DE("nav.logged_in_as", name=user.display_name, role=DE(f"role.{user.role}"))]
    )


def _login(at: AppTest, world: World, role: str, token: str | None) -> None:
    assert titles(at) == ["Anmelden"]
    assert [w.label for w in at.text_input] == ["Benutzername", "Passwort"]
    assert labels(at) == ["Anmelden"]


def _my_quartier(at: AppTest, world: World, role: str, token: str | None) -> None:
    assert titles(at) == [DE("my_quartier.title")]
    mine = [world.nord.name, world.sued.name] if role == "admin" else [world.nord.name]
    assert at.selectbox(key="mq").options == mine
    team = table(at, 0)
    assert [row[DE("field.username")] for row in team] == ["koordination", "mitglied"]
    assert [row[DE("field.role")] for row in team] == [
        DE("role.coordinator"),
        DE("role.member"),
    ]


def _users(at: AppTest, world: World, role: str, token: str | None) -> None:
    assert titles(at) == [DE("users.title")]
    assert [row[DE("field.username")] for row in table(at)] == [
        "admin",
        "koordination",
        "koordination-sued",
        "mitglied",
    ]
    assert DE("users.create_submit") in labels(at)


def _quartiers(at: AppTest, world: World, role: str, token: str | None) -> None:
    assert titles(at) == [DE("quartiers.title")]
    assert [row[DE("field.slug")] for row in table(at)] == ["nord", "sued"]
    assert DE("quartiers.create_submit") in labels(at)


def _backup(at: AppTest, world: World, role: str, token: str | None) -> None:
    assert titles(at) == [DE("backup.title")]
    assert DE("backup.create") in labels(at)
    assert len(at.download_button) == 0


def _account(at: AppTest, world: World, role: str, token: str | None) -> None:
    user = getattr(world, role)
    assert titles(at) == [DE("account.title")]
    quartiers = "Quartier Nord, Quartier Süd" if role == "admin" else "Quartier Nord"
    assert values(at.markdown) == [
        f"**{DE('field.username')}:** {user.username}",
        f"**{DE('field.role')}:** {DE(f'role.{user.role}')}",
        f"**{DE('account.quartiers')}:** {quartiers}",
    ]
    assert DE("account.save_password") in labels(at)


def _logout(at: AppTest, world: World, role: str, token: str | None) -> None:
    assert titles(at) == [DE("logout.title")]
    assert successes(at) == [DE("logout.done")]
    assert "/auth/logout?next=" in at.html[0].value
    # The session is over on the server, not only in this tab.
    assert TOKEN_KEY not in at.session_state
    assert sessions.user_for_token(world.db, token) is None


def _surveys(at: AppTest, world: World, role: str, token: str | None) -> None:
    assert titles(at) == [DE("surveys.title")]
    assert DE("surveys.create") in labels(at)
    assert DE("surveys.none") in values(at.info)


def _titled(key: str, *, hint: bool = True) -> Check:
    """A survey page of a Quartier without surveys: its title and the hint to create one."""

    def check(at: AppTest, world: World, role: str, token: str | None) -> None:
        assert titles(at)[0] == DE(key)
        assert (DE("surveys.none") in values(at.info)) is hint

    return check


CHECKS: dict[str, Check] = {
    "pages/surveys.py": _surveys,
    "pages/survey_builder.py": _titled("builder.title", hint=False),  # offers "new" instead
    "pages/survey_results.py": _titled("results.title"),
    "pages/paper_entry.py": _titled("paper.title"),
    "pages/start.py": _start,
    "pages/login.py": _login,
    "pages/my_quartier.py": _my_quartier,
    "pages/users.py": _users,
    "pages/quartiers.py": _quartiers,
    "pages/backup.py": _backup,
    "pages/account.py": _account,
    "pages/logout.py": _logout,
    "pages/ideas_board.py": _titled("resident.board.title", hint=False),
    "pages/idea_submit.py": _titled("resident.idea.title", hint=False),
    "pages/idea_status.py": _titled("resident.status.title", hint=False),
    "pages/idea_moderation.py": _titled("moderation.title", hint=False),
    "pages/working_groups.py": _titled("groups.title", hint=False),
    "pages/rounds.py": _titled("rounds.title", hint=False),
    "pages/measures.py": _titled("measures.title", hint=False),
    "pages/network.py": _titled("network.title", hint=False),
    "pages/actors.py": _titled("actors.title", hint=False),
    "pages/calendar.py": _titled("resident.calendar.title", hint=False),
    "pages/dashboard.py": _titled("dashboard.title", hint=False),
    "pages/events.py": _titled("events.title", hint=False),
    "pages/offerings.py": _titled("offerings.title", hint=False),
    "pages/report.py": _titled("report.title", hint=False),
}


@pytest.mark.parametrize(
    ("role", "page"),
    # The resident survey page needs a survey link: tested in test_survey_public.py.
    [
        (role, page)
        for role in ROLES
        for page in PAGES
        if page in NAVIGATION[role] and page != "pages/survey_public.py"
    ],
)
def test_every_page_renders_for_every_role_that_has_it(
    app_world: World, app_as: AppFactory, role: str, page: str
) -> None:
    at = app_as(user_of(app_world, role))
    token = at.session_state.get(TOKEN_KEY)
    if page_or_start(page):
        at.switch_page(page).run()

    assert not at.exception
    assert not at.error
    CHECKS[page](at, app_world, role, token)
