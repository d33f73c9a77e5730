"""Arbeitsgruppen: members see their own groups and the ideas given to them;
coordinators create, edit and archive groups, add and remove members, note meetings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from quartier.auth import ANONYMOUS, Role, User
from quartier.auth.accounts import create_user_in
from quartier.ideas import (
    WorkingGroup,
    add_meeting,
    add_member,
    assign_idea,
    create_group,
    get_group,
    group_members,
    list_groups,
    publish_idea,
    submit_idea,
)
from quartier.network import ActorType, add_actor_in
from quartier.ui.components import plain
from quartier.ui.groups_ui import GROUP_KEY, today
from quartier.ui.router import CONTEXT_KEY, PageContext
from tests.conftest import PASSWORD, ROOT, World
from tests.ui.conftest import (
    DE,
    AppFactory,
    button,
    errors,
    successes,
    table,
    titles,
    values,
    visible_texts,
)

PAGE = "pages/working_groups.py"


def group(world: World, name: str, theme: str = "", *, sued: bool = False) -> WorkingGroup:
    by, where = (world.coordinator_sued, world.sued) if sued else (world.coordinator, world.nord)
    return create_group(world.db, by, where.id, name, theme)


def join(world: World, group_id: int, user: User) -> None:
    assert user.id is not None
    add_member(world.db, world.admin, group_id, user.id)


def open_as(app_as: AppFactory, user: User) -> AppTest:
    at = app_as(user, page=PAGE)
    assert not at.exception, at.exception
    return at


def pick_group(at: AppTest, group_id: int) -> AppTest:
    at.selectbox(key=GROUP_KEY).set_value(group_id).run()
    assert not at.exception, at.exception
    return at


def submit_button(at: AppTest, label: str) -> AppTest:
    button(at, label).click().run()
    assert not at.exception, at.exception
    return at


# --- Who sees what ------------------------------------------------------------------------


def test_visitors_cannot_open_the_page(app_world: World, app_as: AppFactory) -> None:
    group(app_world, "Kinder & Jugend")
    at = app_as(None)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)
    direct = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    direct.session_state[CONTEXT_KEY] = PageContext(app_world.db, ANONYMOUS, DE)
    direct.run()
    assert not direct.exception
    assert values(direct.warning) == [DE("common.login_needed")]
    assert "Kinder & Jugend" not in visible_texts(direct)


def test_a_member_sees_only_their_groups_and_their_ideas(
    app_world: World, app_as: AppFactory
) -> None:
    mine = group(app_world, "Kinder & Jugend", "Spielen, lernen, <b>toben</b>")
    other = group(app_world, "Interkultureller Austausch")
    join(app_world, mine.id, app_world.member)
    idea = submit_idea(app_world.db, app_world.nord.id, "Bänke <i>am</i> Spielplatz",
                       language="tr").idea  # fmt: skip
    publish_idea(app_world.db, app_world.coordinator, idea.id)
    assign_idea(app_world.db, app_world.coordinator, idea.id, mine.id)
    hidden = submit_idea(app_world.db, app_world.nord.id, "Teestube", language="de").idea
    publish_idea(app_world.db, app_world.coordinator, hidden.id)
    assign_idea(app_world.db, app_world.coordinator, hidden.id, other.id)

    at = open_as(app_as, app_world.member)
    app_as(app_world.member).switch_page(PAGE)  # in the member's navigation: no ValueError
    assert titles(at) == [DE("groups.title")]
    texts = visible_texts(at)
    assert "Kinder & Jugend" in " ".join(texts)
    assert "Spielen, lernen, <b>toben</b>" in values(at.text)
    assert not any("Interkultureller" in t or "Teestube" in t for t in texts)
    assert GROUP_KEY not in [s.key for s in at.selectbox]  # one group: no picker
    assert table(at) == [
        {
            DE("field.title"): "Bänke <i>am</i> Spielplatz",
            DE("groups.col_stage"): DE("idea.stage.veroeffentlicht"),
            DE("groups.col_supports"): 0,
            DE("groups.col_language"): "Türkçe",
        }
    ]
    # Members read; only staff manage.
    assert DE("groups.manage") not in [e.label for e in at.expander]
    assert DE("groups.new") not in [e.label for e in at.expander]
    links = [(link.proto.page, link.proto.label) for link in at.get("page_link")]
    assert links == [
        ("priorisierung", DE("groups.to_rounds")),
        ("massnahmen", DE("groups.to_measures")),
    ]


def test_a_member_without_a_group_learns_whom_to_ask(app_world: World, app_as: AppFactory) -> None:
    group(app_world, "Kinder & Jugend")
    at = open_as(app_as, app_world.member)
    [info] = values(at.info)
    assert DE("groups.none_member") in info
    assert DE("groups.ask_coordinators", names="Kim Koordination") in info
    assert "Kinder & Jugend" not in " ".join(visible_texts(at))


def test_the_coordinator_of_sued_sees_none_of_nords_groups(
    app_world: World, app_as: AppFactory
) -> None:
    group(app_world, "Kinder & Jugend")
    group(app_world, "Senioren Süd", sued=True)
    at = open_as(app_as, app_world.coordinator_sued)
    texts = " ".join(visible_texts(at))
    assert "Senioren Süd" in texts
    assert "Kinder & Jugend" not in texts
    assert "Mo Mitglied" not in texts  # nord's member is no candidate in Süd


def test_staff_see_every_group_of_the_quartier(app_world: World, app_as: AppFactory) -> None:
    first = group(app_world, "Kinder & Jugend")
    second = group(app_world, "Interkultureller Austausch")
    for role in ("coordinator", "admin"):
        at = open_as(app_as, getattr(app_world, role))
        picker = at.selectbox(key=GROUP_KEY)
        assert picker.options == ["Interkultureller Austausch", "Kinder & Jugend"]
        pick_group(at, first.id)
        assert "Kinder & Jugend" in " ".join(values(at.subheader))
        assert second.id != first.id


# --- Coordinators run their groups --------------------------------------------------------


def test_create_a_group_and_refuse_a_duplicate_name(app_world: World, app_as: AppFactory) -> None:
    at = open_as(app_as, app_world.coordinator)
    assert DE("groups.none_staff") in values(at.info)
    at.text_input(key="new_group_name").input("Kinder & Jugend")
    at.text_area(key="new_group_theme").input("Alles rund um Spielplätze")
    submit_button(at, DE("groups.create"))
    [created] = list_groups(app_world.db, app_world.nord.id)
    assert (created.name, created.theme) == ("Kinder & Jugend", "Alles rund um Spielplätze")
    assert successes(at) == [DE("groups.created", name="Kinder & Jugend")]

    at.text_input(key="new_group_name").input("kinder & jugend")
    submit_button(at, DE("groups.create"))
    assert errors(at) == [DE("errors.group_name_taken", name="Kinder & Jugend")]
    assert len(list_groups(app_world.db, app_world.nord.id, include_archived=True)) == 1


def test_edit_and_archive_a_group(app_world: World, app_as: AppFactory) -> None:
    created = group(app_world, "Kinder und Jugend")
    at = open_as(app_as, app_world.coordinator)
    at.text_input(key=f"group_name:{created.id}").input("Kinder & Jugend")
    at.text_area(key=f"group_theme:{created.id}").input("Spielplätze und Jugendtreff")
    submit_button(at, DE("common.save"))
    after = get_group(app_world.db, created.id)
    assert (after.name, after.theme, after.is_archived) == (
        "Kinder & Jugend", "Spielplätze und Jugendtreff", False
    )  # fmt: skip
    assert successes(at) == [DE("groups.saved", name="Kinder & Jugend")]

    at.toggle(key=f"archived:{created.id}").set_value(True)
    submit_button(at, DE("common.save"))
    assert get_group(app_world.db, created.id).is_archived
    assert successes(at) == [DE("groups.archived", name="Kinder & Jugend")]
    assert DE("groups.is_archived") in values(at.warning)


def test_add_a_member_with_an_actor_and_remove_them_after_confirming(
    app_world: World, app_as: AppFactory
) -> None:
    created = group(app_world, "Kinder & Jugend")
    with app_world.db.transaction() as cur:
        kita = add_actor_in(cur, app_world.nord.id, "Kita Sonnenschein", ActorType.KITA)
        create_user_in(cur, "ines", PASSWORD, Role.MEMBER, "Ines Ibrahim", [app_world.nord.id])
        create_user_in(cur, "sued-mitglied", PASSWORD, Role.MEMBER, "Sina Süd", [app_world.sued.id])
    at = open_as(app_as, app_world.coordinator)
    pick = at.selectbox(key=f"member_pick:{created.id}")
    assert pick.options == [
        "Ines Ibrahim (ines)", "Kim Koordination (koordination)", "Mo Mitglied (mitglied)"
    ]  # fmt: skip

    # Nobody picked: a hint, nothing stored.
    submit_button(at, DE("groups.add"))
    assert values(at.warning) == [DE("groups.pick_account")]
    assert group_members(app_world.db, created.id) == []

    at.selectbox(key=f"member_pick:{created.id}").set_value(app_world.member.id)
    at.selectbox(key=f"actor_pick:{created.id}").set_value(kita.id)
    submit_button(at, DE("groups.add"))
    [member] = group_members(app_world.db, created.id)
    assert (member.user_id, member.actor_id) == (app_world.member.id, kita.id)
    assert successes(at) == [DE("groups.member_added", name="Mo Mitglied", group="Kinder & Jugend")]
    assert any(
        DE("groups.member_for_actor", name="Mo Mitglied", actor="Kita Sonnenschein") in m
        for m in values(at.markdown)
    )
    assert "Mo Mitglied (mitglied)" not in at.selectbox(key=f"member_pick:{created.id}").options

    # Removing needs the tick.
    submit_button(at, DE("groups.remove"))
    assert values(at.warning) == [DE("groups.confirm_needed")]
    assert len(group_members(app_world.db, created.id)) == 1
    at.checkbox(key=f"remove_sure:{created.id}").check()
    submit_button(at, DE("groups.remove"))
    assert group_members(app_world.db, created.id) == []
    assert successes(at) == [
        DE("groups.member_removed", name="Mo Mitglied", group="Kinder & Jugend")
    ]


def test_change_which_actor_a_member_stands_for(app_world: World, app_as: AppFactory) -> None:
    created = group(app_world, "Kinder & Jugend")
    with app_world.db.transaction() as cur:
        kita = add_actor_in(cur, app_world.nord.id, "Kita Sonnenschein", ActorType.KITA)
        school = add_actor_in(cur, app_world.nord.id, "Grundschule <b>Nord</b>", ActorType.SCHOOL)
    join(app_world, created.id, app_world.member)
    at = open_as(app_as, app_world.coordinator)
    at.selectbox(key=f"member_actor_pick:{created.id}").set_value(app_world.member.id)
    at.selectbox(key=f"member_actor_actor:{created.id}").set_value(school.id)
    submit_button(at, DE("groups.member_actor_save"))
    assert [m.actor_id for m in group_members(app_world.db, created.id)] == [school.id]
    assert successes(at) == [
        DE("groups.member_actor_saved", name="Mo Mitglied", actor=plain("Grundschule <b>Nord</b>"))
    ]
    at.selectbox(key=f"member_actor_actor:{created.id}").set_value(kita.id)
    submit_button(at, DE("groups.member_actor_save"))
    assert [m.actor_id for m in group_members(app_world.db, created.id)] == [kita.id]


def test_add_and_remove_meetings_past_ones_folded(app_world: World, app_as: AppFactory) -> None:
    created = group(app_world, "Kinder & Jugend")
    past = today() - timedelta(days=30)
    add_meeting(app_world.db, app_world.coordinator, created.id, past, "Auftakt")
    at = open_as(app_as, app_world.coordinator)
    assert DE("groups.past_meetings", count=1) in [e.label for e in at.expander]
    assert DE("groups.no_upcoming") in values(at.caption)

    soon = today() + timedelta(days=7)
    at.date_input(key=f"meeting_day:{created.id}").set_value(soon)
    at.text_input(key=f"meeting_note:{created.id}").input("18 Uhr, Quartiersbüro")
    submit_button(at, DE("groups.add_meeting_button"))
    assert get_group(app_world.db, created.id).meetings == (
        (past, "Auftakt"), (soon, "18 Uhr, Quartiersbüro")
    )  # fmt: skip
    assert len(successes(at)) == 1
    assert DE("groups.meetings") in " ".join(values(at.markdown))

    # The same day twice: a German error, nothing stored twice.
    at.date_input(key=f"meeting_day:{created.id}").set_value(soon)
    submit_button(at, DE("groups.add_meeting_button"))
    assert len(errors(at)) == 1
    assert len(get_group(app_world.db, created.id).meetings) == 2

    at.selectbox(key=f"meeting_pick:{created.id}").set_value(past)
    submit_button(at, DE("groups.remove_meeting_button"))
    assert get_group(app_world.db, created.id).meetings == ((soon, "18 Uhr, Quartiersbüro"),)


def test_group_names_with_markdown_are_shown_literally(
    app_world: World, app_as: AppFactory
) -> None:
    created = group(app_world, "**Fett** <b>AG</b>", "[Link](https://example.org)")
    add_meeting(app_world.db, app_world.coordinator, created.id, date(2020, 1, 1), "*kursiv*")
    at = open_as(app_as, app_world.coordinator)
    assert values(at.subheader) == [r"\*\*Fett\*\* \<b\>AG\</b\>"]
    assert "[Link](https://example.org)" in values(at.text)
    assert any(r"\*kursiv\*" in m for m in values(at.markdown))
