"""Ideen moderieren: who may open it, what a card shows (as plain text), and every
moderation step end to end through the widgets — publish, reject, duplicate, assign,
correct — checked in the database and in the message shown."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from quartier.auth import ANONYMOUS, User
from quartier.ideas import (
    Idea,
    IdeaStatus,
    add_member,
    assign_idea,
    create_group,
    get_idea,
    moderation_queue,
    publish_idea,
    submit_idea,
    support_idea,
)
from quartier.network import FieldOfAction
from quartier.prioritisation import Method, open_round
from quartier.ui import idea_moderation_ui as ui
from quartier.ui.components import plain
from quartier.ui.router import CONTEXT_KEY, PageContext
from tests.conftest import ROOT, World
from tests.ui.conftest import (
    DE,
    AppFactory,
    errors,
    navigation_of,
    successes,
    table,
    titles,
    values,
    visible_texts,
)

PAGE = "pages/idea_moderation.py"
SCRIPT_TITLE = "<script>alert(1)</script> **fett**"
SCRIPT_TEXT = "<b>fett</b> **fett** [Link](https://example.org)"


def submit(
    world: World,
    title: str,
    description: str = "",
    *,
    quartier: int | None = None,
    language: str = "de",
    **extra: Any,
) -> Idea:
    """An idea as a resident submits it (in Nord unless ``quartier`` says otherwise)."""
    where = world.nord.id if quartier is None else quartier
    return submit_idea(world.db, where, title, description, language=language, **extra).idea


def published(world: World, title: str) -> Idea:
    return publish_idea(world.db, world.coordinator, submit(world, title).id)


def stored(world: World, idea_id: int) -> Idea:
    return get_idea(world.db, world.admin, idea_id)


def open_as(app_as: AppFactory, user: User) -> AppTest:
    at = app_as(user, page=PAGE)
    assert not at.exception, at.exception
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


# --- Who may open the page ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_residents_and_members_cannot_open_the_page(
    app_world: World, app_as: AppFactory, role: str
) -> None:
    submit(app_world, "Bänke am Spielplatz")
    user = None if role == "anonymous" else app_world.member
    at = app_as(user)
    assert PAGE not in navigation_of(at)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)
    # Opened anyway (the router would refuse): the page itself refuses too.
    direct = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    direct.session_state[CONTEXT_KEY] = PageContext(app_world.db, user or ANONYMOUS, DE)
    direct.run()
    assert not direct.exception
    shown = values(direct.error) + values(direct.warning)
    expected = "common.login_needed" if role == "anonymous" else "common.not_allowed"
    assert shown == [DE(expected)]
    assert "Bänke am Spielplatz" not in visible_texts(direct)
    assert direct.button.len == 0


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_staff_open_the_queue(app_world: World, app_as: AppFactory, role: str) -> None:
    submit(app_world, "Bänke am Spielplatz")
    at = open_as(app_as, getattr(app_world, role))
    assert titles(at) == [DE("moderation.title")]
    if role == "admin":  # two Quartiere: the admin picks one
        picker = at.selectbox(key="moderation_quartier")
        assert picker.value == app_world.nord.id
    assert "**Bänke am Spielplatz**" in values(at.markdown)


def test_the_coordinator_of_sued_sees_none_of_nords_ideas(
    app_world: World, app_as: AppFactory
) -> None:
    nord = submit(app_world, "Bänke am Spielplatz")
    publish_idea(app_world.db, app_world.coordinator, submit(app_world, "Trinkbrunnen").id)
    submit(app_world, "Idee aus Süd", quartier=app_world.sued.id)
    at = open_as(app_as, app_world.coordinator_sued)
    texts = visible_texts(at)
    assert "**Idee aus Süd**" in texts
    assert not any("Bänke" in t or "Trinkbrunnen" in t for t in texts)
    assert [row[DE("field.title")] for row in table(at)] == ["Idee aus Süd"]
    assert f"publish:{nord.id}" not in [b.key for b in at.button]
    assert "moderation_quartier" not in [s.key for s in at.selectbox]


# --- What a card shows --------------------------------------------------------------------


def test_a_card_shows_everything_as_plain_text_and_the_author_only_as_a_warning(
    app_world: World, app_as: AppFactory
) -> None:
    idea = submit(
        app_world, SCRIPT_TITLE, SCRIPT_TEXT, language="tr",
        field_of_action=FieldOfAction.CHILDREN_YOUTH, place="Lindenplatz <i>Ecke</i>",
        author_name="Ayşe Yılmaz", author_contact="0151 234567", consent=True,
    )  # fmt: skip
    at = open_as(app_as, app_world.coordinator)
    # The title is escaped markdown (shown literally), the description plain text.
    assert f"**{plain(SCRIPT_TITLE)}**" in values(at.markdown)
    assert SCRIPT_TEXT in values(at.text)
    assert not any("<script>" in m for m in values(at.markdown))
    facts = " ".join(values(at.caption))
    place = plain("Lindenplatz <i>Ecke</i>")
    for expected in ("Türkçe", DE("field_of_action.kinder_jugend"), place, DE("channel.online"),
                     DE("moderation.supports", count=0)):  # fmt: skip
        assert expected in facts
    [warning] = values(at.warning)
    assert "Ayşe Yılmaz" in warning and "0151 234567" in warning
    assert DE("moderation.author", who="Ayşe Yılmaz · 0151 234567", day="")[:40] in warning
    # The table under "Alle Ideen" shows the raw text; the author never appears there.
    [row] = table(at)
    assert row[DE("field.title")] == SCRIPT_TITLE
    assert "Ayşe Yılmaz" not in str(row)
    assert at.button(key=f"publish:{idea.id}").label == DE("moderation.publish")


def test_new_ideas_come_oldest_first_and_the_status_filter_counts(
    app_world: World, app_as: AppFactory
) -> None:
    submit(app_world, "Erste Idee")
    submit(app_world, "Zweite Idee")
    published(app_world, "Schon veröffentlicht")
    at = open_as(app_as, app_world.coordinator)
    cards = [m for m in values(at.markdown) if m.startswith("**") and "Idee" in m]
    assert cards == ["**Erste Idee**", "**Zweite Idee**"]
    control = at.segmented_control(key=ui.STATUS_KEY)
    assert control.value == IdeaStatus.SUBMITTED
    assert control.options[:2] == [
        DE("moderation.status_count", status=DE("idea.status.eingereicht"), count=2),
        DE("moderation.status_count", status=DE("idea.status.veroeffentlicht"), count=1),
    ]
    control.set_value(IdeaStatus.PUBLISHED).run()
    assert "**Schon veröffentlicht**" in values(at.markdown)
    assert "**Erste Idee**" not in values(at.markdown)


# --- The moderation steps -----------------------------------------------------------------


def test_publish(app_world: World, app_as: AppFactory) -> None:
    idea = submit(app_world, SCRIPT_TITLE)
    at = open_as(app_as, app_world.coordinator)
    click(at, f"publish:{idea.id}")
    assert stored(app_world, idea.id).status is IdeaStatus.PUBLISHED
    assert successes(at) == [DE("moderation.published", title=plain(SCRIPT_TITLE))]
    assert DE("moderation.empty.eingereicht") in values(at.info)


def test_reject_needs_a_reason_the_author_will_read(app_world: World, app_as: AppFactory) -> None:
    idea = submit(app_world, "Parkplatz statt Spielplatz")
    at = open_as(app_as, app_world.coordinator)
    click(at, f"do_reject:{idea.id}")
    assert errors(at) == [DE("errors.idea_reason_missing")]
    assert stored(app_world, idea.id).status is IdeaStatus.SUBMITTED

    reason = "Der Spielplatz bleibt. Wir sprechen gern mit Ihnen über Parkplätze."
    at.text_area(key=f"reason:{idea.id}").input(reason)
    click(at, f"do_reject:{idea.id}")
    after = stored(app_world, idea.id)
    assert (after.status, after.reason) == (IdeaStatus.REJECTED, reason)
    assert successes(at) == [DE("moderation.rejected", title="Parkplatz statt Spielplatz")]


def test_mark_a_duplicate_of_a_similar_or_searched_idea(
    app_world: World, app_as: AppFactory
) -> None:
    original = published(app_world, "Mehr Bänke am Spielplatz")
    other = published(app_world, "Trinkbrunnen im Park")
    support_idea(app_world.db, original.id)
    twin = submit(app_world, "Bänke am Spielplatz")
    support_idea(app_world.db, original.id)
    at = open_as(app_as, app_world.coordinator)
    pick = at.selectbox(key=f"original:{twin.id}")
    assert pick.options == [DE("moderation.original_option", title=original.title, count=2)]
    # A search over the published ideas finds what the title does not suggest.
    at.text_input(key=f"dup_search:{twin.id}").input("brunnen").run()
    assert at.selectbox(key=f"original:{twin.id}").options[-1].startswith(other.title)
    at.selectbox(key=f"original:{twin.id}").set_value(original.id)
    click(at, f"do_duplicate:{twin.id}")

    after = stored(app_world, twin.id)
    assert (after.status, after.duplicate_of) == (IdeaStatus.DUPLICATE, original.id)
    assert (stored(app_world, original.id).supports, after.supports) == (2, 0)  # not moved
    assert successes(at) == [
        DE("moderation.marked_duplicate", title=twin.title, original=original.title)
    ]


def test_assign_a_published_idea_to_a_working_group(app_world: World, app_as: AppFactory) -> None:
    group = create_group(app_world.db, app_world.coordinator, app_world.nord.id, "Kinder & Jugend")
    create_group(app_world.db, app_world.coordinator_sued, app_world.sued.id, "Gruppe Süd")
    idea = published(app_world, "Bänke am Spielplatz")
    at = open_as(app_as, app_world.coordinator)
    at.segmented_control(key=ui.STATUS_KEY).set_value(IdeaStatus.PUBLISHED).run()
    pick = at.selectbox(key=f"group:{idea.id}")
    assert pick.options == [DE("moderation.no_group"), "Kinder & Jugend"]
    pick.set_value(group.id)
    click(at, f"do_assign:{idea.id}")
    assert stored(app_world, idea.id).group_id == group.id
    assert successes(at) == [
        DE("moderation.assigned", title=idea.title, group=plain("Kinder & Jugend"))
    ]
    # Taking it back.
    at.selectbox(key=f"group:{idea.id}").select_index(0)
    click(at, f"do_assign:{idea.id}")
    assert stored(app_world, idea.id).group_id is None
    assert successes(at) == [DE("moderation.unassigned", title=idea.title)]


def test_correct_a_typo_with_a_visible_note(app_world: World, app_as: AppFactory) -> None:
    idea = submit(app_world, "Bänke am Spielpaltz", "Schatten für Eltern")
    at = open_as(app_as, app_world.coordinator)
    at.text_input(key=f"edit_title:{idea.id}").input("Bänke am Spielplatz")
    click(at, f"do_edit:{idea.id}")
    assert errors(at) == [DE("errors.idea_edit_note_missing")]
    assert stored(app_world, idea.id).title == "Bänke am Spielpaltz"

    at.text_input(key=f"edit_note:{idea.id}").input("Tippfehler im Titel korrigiert")
    click(at, f"do_edit:{idea.id}")
    after = stored(app_world, idea.id)
    assert (after.title, after.description, after.edit_note) == (
        "Bänke am Spielplatz", "Schatten für Eltern", "Tippfehler im Titel korrigiert"
    )  # fmt: skip
    assert successes(at) == [DE("moderation.edited", title="Bänke am Spielplatz")]
    assert DE("moderation.edit_note_shown", note="Tippfehler im Titel korrigiert") in values(
        at.caption
    )


def test_a_second_click_on_publish_changes_nothing(app_world: World, app_as: AppFactory) -> None:
    """Two browser tabs: the second, stale click finds the idea no longer in the queue."""
    idea = submit(app_world, "Bänke am Spielplatz")
    first = open_as(app_as, app_world.coordinator)
    second = open_as(app_as, app_world.coordinator)
    click(first, f"publish:{idea.id}")
    click(second, f"publish:{idea.id}")
    assert errors(second) == [] and successes(second) == []
    assert DE("moderation.empty.eingereicht") in values(second.info)
    with app_world.db.read() as cur:
        steps = cur.execute(
            "SELECT action FROM idea_history WHERE idea_id = ? ORDER BY happened_at", [idea.id]
        ).fetchall()
    assert steps == [("eingereicht",), ("veroeffentlicht",)]


def test_an_idea_in_a_round_can_no_longer_be_rejected_here(
    app_world: World, app_as: AppFactory
) -> None:
    group = create_group(app_world.db, app_world.coordinator, app_world.nord.id, "Kinder & Jugend")
    member = app_world.member.id
    assert member is not None
    add_member(app_world.db, app_world.coordinator, group.id, member)
    ideas = [published(app_world, "Bänke am Spielplatz"), published(app_world, "Trinkbrunnen")]
    open_round(app_world.db, app_world.coordinator, group.id, "Frühjahr", Method.DOTS,
               [i.id for i in ideas], [member], datetime.now(UTC) + timedelta(days=7),
               winners=1, dots_per_member=3, max_dots_per_idea=2)  # fmt: skip
    at = open_as(app_as, app_world.coordinator)
    at.segmented_control(key=ui.STATUS_KEY).set_value(IdeaStatus.PUBLISHED).run()
    stage = DE("idea.stage.in_priorisierung")
    assert values(at.caption).count(DE("moderation.taken_up", stage=stage)) == 2
    steps = " · ".join([DE("moderation.tab_assign"), DE("moderation.tab_edit")])
    assert [e.label for e in at.expander] == [DE("moderation.more_steps", steps=steps)] * 2
    assert not [b for b in at.button if (b.key or "").startswith("do_reject")]


# --- All ideas ----------------------------------------------------------------------------


def test_all_ideas_with_stage_and_group_filters(app_world: World, app_as: AppFactory) -> None:
    group = create_group(app_world.db, app_world.coordinator, app_world.nord.id, "Kinder & Jugend")
    submit(app_world, "Neu eingereicht")
    chosen = published(app_world, "In der Gruppe")
    assign_idea(app_world.db, app_world.coordinator, chosen.id, group.id)
    at = open_as(app_as, app_world.coordinator)
    rows = {row[DE("field.title")]: row for row in table(at)}
    assert rows["Neu eingereicht"][DE("moderation.col_stage")] == DE("idea.stage.eingereicht")
    assert rows["In der Gruppe"][DE("moderation.col_group")] == "Kinder & Jugend"

    at.selectbox(key="moderation_stage").set_value("veroeffentlicht").run()
    assert [r[DE("field.title")] for r in table(at)] == ["In der Gruppe"]
    at.selectbox(key="moderation_stage").set_value(None)
    at.selectbox(key="moderation_group").set_value(group.id).run()
    assert [r[DE("field.title")] for r in table(at)] == ["In der Gruppe"]
    assert DE("moderation.download_csv") in [b.label for b in at.get("download_button")]


def test_the_csv_neutralises_formulas_and_leaves_out_the_author(app_world: World) -> None:
    submit(app_world, "=HYPERLINK(\"http://x\")", "@SUM(A1)", place="+49 Platz",
           author_name="Ayşe Yılmaz", consent=True)  # fmt: skip
    ideas = moderation_queue(app_world.db, app_world.coordinator, app_world.nord.id, None)
    data = ui.csv_bytes(ui.idea_rows(DE, ideas, {}, full=True))
    assert data.startswith("\ufeff".encode())
    [header, row] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = dict(zip(header, row, strict=True))
    assert cells[DE("field.title")] == '\'=HYPERLINK("http://x")'
    assert cells[DE("field.description")] == "'@SUM(A1)"
    assert cells[DE("field.place")] == "'+49 Platz"
    assert "Ayşe" not in data.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("code", "name"), [("de", "Deutsch"), ("ar", "العربية"), ("fa", "فارسی"), ("zz", "zz")]
)
def test_language_names_are_native(code: str, name: str) -> None:
    assert ui.language_name(code) == name
