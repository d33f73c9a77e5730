"""Verwaltung (admin): Benutzer, Quartiere, Sicherung."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from quartier import demo
from quartier.auth import Role, sessions
from quartier.auth import accounts as acc
from quartier.auth.accounts import list_accounts, load_user
from quartier.errors import LoginFailed, ValidationError
from quartier.quartiers import create_quartier_in, get_quartier, list_quartiers
from quartier.storage.backup import inspect_backup
from tests.conftest import PASSWORD, World
from tests.ui.conftest import (
    DE,
    AppFactory,
    button,
    errors,
    labels,
    successes,
    table,
    values,
)

# --- Benutzer ------------------------------------------------------------------------


@pytest.fixture
def users_page(app_world: World, app_as: AppFactory) -> AppTest:
    return app_as(app_world.admin, page="pages/users.py")


def create_account(
    at: AppTest,
    username: str,
    *,
    display_name: str = "",
    role: Role = Role.MEMBER,
    quartier_ids: tuple[int, ...] = (),
    password: str = "",
) -> AppTest:
    form = at.form(key="create_user")
    username_input, name_input, password_input = form.text_input
    assert [w.label for w in form.text_input] == [
        DE("field.username"),
        DE("field.display_name"),
        DE("users.initial_password"),
    ]
    username_input.input(username)
    name_input.input(display_name)
    password_input.input(password)
    form.selectbox[0].select(role)
    form.multiselect[0].set_value(list(quartier_ids))
    return button(at, DE("users.create_submit")).click().run()


def usernames(at: AppTest) -> list[str]:
    return [row[DE("field.username")] for row in table(at)]


def choose_account(at: AppTest, user_id: int | None) -> AppTest:
    return at.selectbox(key="edit_user").select(user_id).run()


def test_an_admin_creates_an_account_with_role_and_quartiere(
    app_world: World, users_page: AppTest
) -> None:
    at = create_account(
        users_page,
        "neu.koordination",
        display_name="Nele Neu",
        role=Role.COORDINATOR,
        quartier_ids=(app_world.nord.id, app_world.sued.id),
        password=PASSWORD,
    )

    assert not at.exception
    assert not errors(at)
    assert [s.strip() for s in successes(at)] == [DE("users.created", username="neu.koordination")]
    row = next(r for r in table(at) if r[DE("field.username")] == "neu.koordination")
    assert row[DE("field.display_name")] == "Nele Neu"
    assert row[DE("field.role")] == DE("role.coordinator")
    assert row[DE("account.quartiers")] == "Quartier Nord, Quartier Süd"
    user = sessions.log_in(app_world.db, "neu.koordination", PASSWORD, client="t").user
    assert (user.display_name, user.role, user.quartier_ids, user.is_active) == (
        "Nele Neu",
        Role.COORDINATOR,
        {app_world.nord.id, app_world.sued.id},
        True,
    )


def test_without_a_password_one_is_made_and_shown_once(
    app_world: World, users_page: AppTest
) -> None:
    at = create_account(users_page, "neu.mitglied", quartier_ids=(app_world.nord.id,))

    [message] = successes(at)
    assert message.startswith(DE("users.created", username="neu.mitglied"))
    shown = re.fullmatch(
        re.escape(DE("users.password_once", password="PLACEHOLDER")).replace("PLACEHOLDER", "(.+)"),
        message.removeprefix(DE("users.created", username="neu.mitglied") + " "),
    )
    assert shown, message
    result = sessions.log_in(app_world.db, "neu.mitglied", shown.group(1), client="t")
    assert (result.user.role, result.user.quartier_ids) == (
        Role.MEMBER,
        frozenset({app_world.nord.id}),
    )
    at.run()
    assert not successes(at)  # shown once


def test_an_invalid_username_is_named_in_the_message(app_world: World, users_page: AppTest) -> None:
    at = create_account(users_page, "Ä B", password=PASSWORD)

    assert errors(at) == [DE("errors.username_format", value="Ä B")]
    assert "„Ä B“" in errors(at)[0]
    assert len(list_accounts(app_world.db, app_world.admin)) == 4
    assert usernames(at) == ["admin", "koordination", "koordination-sued", "mitglied"]


def test_a_taken_username_is_refused(app_world: World, users_page: AppTest) -> None:
    at = create_account(users_page, "Mitglied", password=PASSWORD)

    assert errors(at) == [DE("errors.username_taken", value="mitglied")]
    assert len(list_accounts(app_world.db, app_world.admin)) == 4


def test_deactivating_an_account_ends_its_sessions(app_world: World, users_page: AppTest) -> None:
    member_id = app_world.member.id
    token = sessions.start_session(app_world.db, member_id or 0)
    assert sessions.user_for_token(app_world.db, token) is not None
    at = choose_account(users_page, member_id)

    button(at, DE("users.deactivate")).click().run()

    assert successes(at) == [DE("users.saved", username="mitglied")]
    assert sessions.user_for_token(app_world.db, token) is None
    with app_world.db.read() as cur:
        member = load_user(cur, member_id or 0)
    assert member is not None and not member.is_active
    row = next(r for r in table(at) if r[DE("field.username")] == "mitglied")
    assert row[DE("users.active")] == "—"
    with pytest.raises(LoginFailed):
        sessions.log_in(app_world.db, "mitglied", PASSWORD, client="t")

    # The same button now reactivates.
    button(at, DE("users.reactivate")).click().run()
    assert sessions.log_in(app_world.db, "mitglied", PASSWORD, client="t").user.id == member_id


def test_resetting_a_password_shows_the_new_one_and_ends_old_logins(
    app_world: World, users_page: AppTest
) -> None:
    token = sessions.start_session(app_world.db, app_world.coordinator.id or 0)
    at = choose_account(users_page, app_world.coordinator.id)

    button(at, DE("users.reset_password")).click().run()

    [message] = successes(at)
    pattern = re.escape(
        DE("users.password_reset", username="koordination", password="PLACEHOLDER")
    ).replace("PLACEHOLDER", "(.+)")
    shown = re.fullmatch(pattern, message)
    assert shown, message
    assert sessions.user_for_token(app_world.db, token) is None
    with pytest.raises(LoginFailed):
        sessions.log_in(app_world.db, "koordination", PASSWORD, client="t")
    result = sessions.log_in(app_world.db, "koordination", shown.group(1), client="t")
    assert result.user.id == app_world.coordinator.id


def test_an_admin_cannot_deactivate_themself(app_world: World, users_page: AppTest) -> None:
    at = choose_account(users_page, app_world.admin.id)

    button(at, DE("users.deactivate")).click().run()

    assert errors(at) == [DE("errors.deactivate_self")]
    assert errors(at) == ["Sie können Ihr eigenes Konto nicht deaktivieren."]
    admin = sessions.log_in(app_world.db, "admin", PASSWORD, client="t").user
    assert admin.is_active
    assert DE("users.deactivate") in labels(at)


def test_the_last_admin_cannot_be_demoted(app_world: World, users_page: AppTest) -> None:
    at = choose_account(users_page, app_world.admin.id)
    at.form(key=f"edit_{app_world.admin.id}").selectbox[0].select(Role.MEMBER)

    button(at, DE("common.save")).click().run()

    assert errors(at) == [DE("errors.last_admin_role")]
    with app_world.db.read() as cur:
        admin = load_user(cur, app_world.admin.id or 0)
    assert admin is not None and admin.role is Role.ADMIN


def test_resetting_ones_own_password_does_not_lock_one_out(
    app_world: World, users_page: AppTest
) -> None:
    """The reset would end the admin's own session before the new password is shown:
    the button is disabled for one's own account, and the domain refuses it too."""
    at = choose_account(users_page, app_world.admin.id)

    reset = button(at, DE("users.reset_password"))
    assert reset.disabled
    assert reset.help == DE("errors.reset_self")
    with pytest.raises(ValidationError) as err:
        acc.reset_password(app_world.db, app_world.admin, app_world.admin.id, "Neues-Passwort-77")
    assert err.value.message == DE("errors.reset_self")
    assert sessions.log_in(app_world.db, "admin", PASSWORD, client="t").user.is_active


def test_role_and_quartiere_are_changed_in_the_edit_form(
    app_world: World, users_page: AppTest
) -> None:
    at = choose_account(users_page, app_world.member.id)
    form = at.form(key=f"edit_{app_world.member.id}")
    form.selectbox[0].select(Role.COORDINATOR)
    form.multiselect[0].set_value([app_world.sued.id])

    button(at, DE("common.save")).click().run()

    assert successes(at) == [DE("users.saved", username="mitglied")]
    with app_world.db.read() as cur:
        changed = load_user(cur, app_world.member.id or 0)
    assert changed is not None
    assert (changed.role, changed.quartier_ids) == (Role.COORDINATOR, {app_world.sued.id})


# --- Quartiere -----------------------------------------------------------------------


@pytest.fixture
def quartiers_page(app_world: World, app_as: AppFactory) -> AppTest:
    return app_as(app_world.admin, page="pages/quartiers.py")


def create_quartier(at: AppTest, name: str, slug: str, city: str = "") -> AppTest:
    form = at.form(key="create_quartier")
    name_input, slug_input, city_input = form.text_input
    assert [w.label for w in form.text_input] == [
        DE("field.name"),
        DE("field.slug"),
        DE("field.city"),
    ]
    name_input.input(name)
    slug_input.input(slug)
    city_input.input(city)
    return button(at, DE("quartiers.create_submit")).click().run()


def test_an_admin_creates_a_quartier(app_world: World, quartiers_page: AppTest) -> None:
    at = create_quartier(quartiers_page, "Quartier West", "west", "Musterstadt")

    assert not errors(at)
    assert successes(at) == [DE("quartiers.created", name="Quartier West")]
    assert [row[DE("field.slug")] for row in table(at)] == ["nord", "sued", "west"]
    west = get_quartier(app_world.db, "west")
    assert (west.name, west.city) == ("Quartier West", "Musterstadt")


def test_a_bad_slug_is_named_and_nothing_is_created(
    app_world: World, quartiers_page: AppTest
) -> None:
    at = create_quartier(quartiers_page, "Quartier West", "west viertel")

    assert errors(at) == [DE("errors.slug_format", value="west viertel")]
    assert "„west viertel“" in errors(at)[0]
    assert [q.slug for q in list_quartiers(app_world.db)] == ["nord", "sued"]


def test_a_taken_slug_is_refused(app_world: World, quartiers_page: AppTest) -> None:
    at = create_quartier(quartiers_page, "Noch ein Norden", "nord")

    assert errors(at) == [DE("errors.slug_taken", value="nord")]
    assert len(list_quartiers(app_world.db)) == 2


def rename(at: AppTest, quartier_id: int, old: str, new: str, address: str) -> AppTest:
    at = at.selectbox(key="eq").select(quartier_id).run()
    form = at.form(key=f"edit_quartier_{quartier_id}")
    name_input = next(w for w in form.text_input if w.label == DE("field.name"))
    address_input = next(w for w in form.text_input if w.label == DE("field.office_address"))
    assert name_input.value == old
    name_input.input(new)
    address_input.input(address)
    return button(at, DE("common.save")).click().run()


def test_renaming_keeps_the_slug(app_world: World, app_as: AppFactory) -> None:
    with app_world.db.transaction() as cur:
        west = create_quartier_in(cur, "west", "Quartier West", "Musterstadt")
    at = app_as(app_world.admin, page="pages/quartiers.py")
    at = at.selectbox(key="eq").select(west.id).run()
    assert [c.value for c in at.form(key=f"edit_quartier_{west.id}").caption] == [
        DE("quartiers.slug_fixed", slug="west")
    ]

    at = rename(at, west.id, "Quartier West", "Weststadt", "Marktplatz 3")

    assert not at.exception
    assert successes(at) == [DE("quartiers.saved", name="Weststadt")]
    renamed = get_quartier(app_world.db, "west")
    assert (renamed.id, renamed.name, renamed.office_address) == (
        west.id,
        "Weststadt",
        "Marktplatz 3",
    )
    rows = {row[DE("field.slug")]: row[DE("field.name")] for row in table(at)}
    assert rows == {"nord": "Quartier Nord", "sued": "Quartier Süd", "west": "Weststadt"}


def test_a_quartier_with_a_team_can_be_renamed(app_world: World, quartiers_page: AppTest) -> None:
    at = rename(quartiers_page, app_world.sued.id, "Quartier Süd", "Südstadt", "Marktplatz 3")

    assert not at.exception
    assert successes(at) == [DE("quartiers.saved", name="Südstadt")]
    renamed = get_quartier(app_world.db, "sued")
    assert (renamed.id, renamed.name) == (app_world.sued.id, "Südstadt")


def test_an_empty_name_is_refused(app_world: World, quartiers_page: AppTest) -> None:
    form = quartiers_page.form(key=f"edit_quartier_{app_world.nord.id}")
    next(w for w in form.text_input if w.label == DE("field.name")).input("   ")

    at = button(quartiers_page, DE("common.save")).click().run()

    assert errors(at) == [DE("errors.quartier_name_missing")]
    assert get_quartier(app_world.db, "nord").name == "Quartier Nord"


def test_the_demo_is_loaded_once_from_the_quartiere_page(
    app_world: World, quartiers_page: AppTest
) -> None:
    assert DE("demo.title") in values(quartiers_page.subheader)

    at = button(quartiers_page, DE("demo.load")).click().run()

    assert demo.is_seeded(app_world.db)
    assert successes(at) == [DE("demo.loaded", name="Musterviertel", actors=len(demo.ACTORS))]
    assert "musterviertel" in [row[DE("field.slug")] for row in table(at, 1)]
    accounts = table(at, 0)
    assert [row[DE("field.username")] for row in accounts] == [
        username for _, username, _ in demo.ACCOUNTS
    ]
    assert DE("demo.load") not in labels(at)
    assert DE("demo.title") not in values(at.subheader)


# --- Sicherung -----------------------------------------------------------------------


def test_a_backup_is_offered_as_a_valid_database_file(
    app_world: World, app_as: AppFactory, tmp_path: Path
) -> None:
    at = app_as(app_world.admin, page="pages/backup.py")
    assert not at.download_button

    button(at, "Sicherung erstellen").click().run()

    assert not errors(at)
    name, data, rows = at.session_state["_backup"]
    assert re.fullmatch(r"quartier-sicherung-\d{4}-\d{2}-\d{2}-\d{4}\.duckdb", name)
    assert [b.label for b in at.download_button] == [DE("backup.download", name=name)]
    file = tmp_path / "download.duckdb"
    file.write_bytes(data)
    info = inspect_backup(file)
    assert info.tables["users"] == 4
    assert info.tables["quartiers"] == 2
    assert rows == sum(info.tables.values())
    assert successes(at) == [
        DE("backup.ready", rows=DE.number(rows), size=DE.number(round(len(data) / 1024)))
    ]
