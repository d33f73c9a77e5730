"""Maßnahmen: members read, coordinators create a measure from a chosen idea, keep its
milestones (progress follows) and move its status; other Quartiere see nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from quartier.auth import Role, User
from quartier.auth.accounts import create_user_in
from quartier.i18n import DISPLAY_TZ
from quartier.ideas import add_member, assign_idea, create_group, publish_idea, submit_idea
from quartier.measures import (
    Measure,
    MeasureStatus,
    add_milestone,
    create_measure,
    get_measure,
    list_measures,
)
from quartier.prioritisation import Method, cast_dots, close_round, open_round
from tests.conftest import World
from tests.ui.conftest import (
    DE,
    AppFactory,
    button,
    errors,
    labels,
    successes,
    table,
    titles,
    values,
    visible_texts,
)

PAGE = "pages/measures.py"
SOON = datetime.now(UTC) + timedelta(days=7)
STATUS_BUTTONS = ("Auf „", "Als „", "Maßnahme abbrechen", "Zurück auf")


def today() -> date:
    return datetime.now(DISPLAY_TZ).date()


@pytest.fixture
def chosen(app_world: World) -> int:
    """The idea "Hoffest", chosen in a closed dot round of Nord's "Kinder & Jugend"."""
    w = app_world
    with w.db.transaction() as cur:
        alice = create_user_in(cur, "alice", None, Role.MEMBER, "Alice Arslan", [w.nord.id])
    group = create_group(w.db, w.coordinator, w.nord.id, "Kinder & Jugend")
    for user in (w.member, alice):
        assert user.id is not None
        add_member(w.db, w.coordinator, group.id, user.id)
    ideas = []
    for title in ("Hoffest", "Bank am Spielplatz"):
        idea = submit_idea(w.db, w.nord.id, title, language="de").idea
        publish_idea(w.db, w.coordinator, idea.id)
        assign_idea(w.db, w.coordinator, idea.id, group.id)
        ideas.append(idea.id)
    rnd = open_round(w.db, w.coordinator, group.id, "Frühjahr", Method.DOTS, ideas,
                     [u.id for u in (w.member, alice) if u.id], SOON, winners=1,
                     dots_per_member=3)  # fmt: skip
    cast_dots(w.db, alice, rnd.id, {ideas[0]: 3})
    close_round(w.db, w.coordinator, rnd.id)
    return ideas[0]


def page_as(app_as: AppFactory, user: User, idea: int | None = None) -> AppTest:
    at = app_as(user, page=PAGE)
    if idea is not None:
        at.query_params["idea"] = str(idea)
        at.run()
    assert not at.exception, at.exception
    return at


def field(at: AppTest, kind: str, label: str) -> Any:
    found = [w for w in getattr(at, kind) if w.label == label]
    assert len(found) == 1, [w.label for w in getattr(at, kind)]
    return found[0]


def measure_with_milestones(world: World, idea: int) -> Measure:
    measure = create_measure(world.db, world.coordinator, world.nord.id, "Hoffest im Juli",
                             idea_id=idea, responsible="Nachbarschaftsverein",
                             budget_cents=120_000, starts_on=date(2026, 6, 1),
                             ends_on=date(2026, 7, 31))  # fmt: skip
    add_milestone(world.db, world.coordinator, measure.id, "Genehmigung", today())
    return add_milestone(world.db, world.coordinator, measure.id, "Plakate", today())


# --- who sees what --------------------------------------------------------------------------


def test_anonymous_visitors_cannot_open_the_page(app_world: World, app_as: AppFactory) -> None:
    at = app_as(None)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


@pytest.mark.parametrize("role", ["member", "coordinator", "admin"])
def test_every_account_role_opens_the_page(
    app_world: World, chosen: int, app_as: AppFactory, role: str
) -> None:
    measure_with_milestones(app_world, chosen)
    at = page_as(app_as, getattr(app_world, role))
    if role == "admin":
        at.selectbox(key="measures_quartier").select(app_world.nord.id).run()
    assert titles(at) == ["Maßnahmen"]
    assert errors(at) == []
    [row] = table(at)
    assert row["Titel"] == "Hoffest im Juli" and row["Aus der Idee"] == "Hoffest"
    staff = role != "member"
    assert any(e.label == "Neue Maßnahme anlegen" for e in at.expander) is staff
    assert ("Meilenstein hinzufügen" in labels(at)) is staff


def test_members_read_measures_without_editing(
    app_world: World, chosen: int, app_as: AppFactory
) -> None:
    measure_with_milestones(app_world, chosen)
    at = page_as(app_as, app_world.member)
    [row] = table(at, 0)
    assert row == {
        "Titel": "Hoffest im Juli",
        "Status": "geplant",
        "Fortschritt": 0,
        "Zeitraum": "01.06.2026 – 31.07.2026",
        "Verantwortlich": "Nachbarschaftsverein",
        "Budget": "1.200,00\xa0€",
        "Arbeitsgruppe": "Kinder & Jugend",
        "Aus der Idee": "Hoffest",
    }
    assert [r["Titel des Meilensteins"] for r in table(at, 1)] == ["Genehmigung", "Plakate"]
    assert [b for b in labels(at) if b.startswith(STATUS_BUTTONS)] == []
    assert "Erledigt" not in labels(at) and "Entfernen" not in labels(at)


def test_the_progress_column_is_empty_without_milestones(
    app_world: World, chosen: int, app_as: AppFactory
) -> None:
    create_measure(app_world.db, app_world.coordinator, app_world.nord.id, "Ohne Plan")
    at = page_as(app_as, app_world.member)
    [row] = table(at)
    assert row["Fortschritt"] is None or row["Fortschritt"] != row["Fortschritt"]  # None/NaN
    assert DE("measures.no_milestones") in values(at.caption)
    assert len(at.get("progress")) == 0


def test_coordinator_of_another_quartier_sees_none_of_nords_measures(
    app_world: World, chosen: int, app_as: AppFactory
) -> None:
    measure_with_milestones(app_world, chosen)
    at = page_as(app_as, app_world.coordinator_sued)
    assert DE("measures.none") in values(at.info)
    assert at.selectbox(key="measures_source").options == [DE("measures.free")]
    texts = " ".join(visible_texts(at))
    assert "Hoffest" not in texts and "Kinder & Jugend" not in texts


# --- coordinators ---------------------------------------------------------------------------


def test_the_coordinator_creates_a_measure_from_the_chosen_idea_and_keeps_milestones(
    app_world: World, chosen: int, app_as: AppFactory
) -> None:
    at = page_as(app_as, app_world.coordinator, idea=chosen)
    source = at.selectbox(key="measures_source")
    assert source.value == chosen and source.options[0] == "Hoffest"
    assert field(at, "text_input", "Titel").value == "Hoffest"
    field(at, "text_input", "Titel").set_value("Hoffest im Juli")
    field(at, "text_input", "Verantwortlich").set_value("Nachbarschaftsverein")
    field(at, "number_input", "Budget (€)").set_value(1200.0)
    button(at, "Maßnahme anlegen").click().run()

    assert successes(at) == ["Die Maßnahme „Hoffest im Juli“ ist angelegt."]
    (measure,) = list_measures(app_world.db, app_world.nord.id)
    assert (measure.idea_id, measure.budget_cents, measure.status) == (
        chosen, 120_000, MeasureStatus.PLANNED,
    )  # fmt: skip
    assert measure.group_id is not None  # taken from the idea
    # The idea is taken now: it is no longer offered.
    assert at.selectbox(key="measures_source").options == [DE("measures.free")]

    for title in ("Genehmigung", "Plakate"):
        field(at, "text_input", "Titel des Meilensteins").set_value(title)
        field(at, "date_input", "Fällig am").set_value(today())
        button(at, "Meilenstein hinzufügen").click().run()
        assert successes(at) == [f"Meilenstein „{title}“ hinzugefügt."]
    measure = get_measure(app_world.db, measure.id)
    assert [m.title for m in measure.milestones] == ["Genehmigung", "Plakate"]

    first = measure.milestones[0]
    at.button(key=f"milestone_done_btn_{first.id}").click().run()
    assert successes(at) == ["Meilenstein „Genehmigung“ ist erledigt."]
    assert get_measure(app_world.db, measure.id).progress == 0.5
    assert table(at)[0]["Fortschritt"] == 50
    assert [p.proto.text for p in at.get("progress")] == ["1 von 2 Meilensteinen erledigt (50 %)"]

    at.button(key=f"milestone_reopen_{first.id}").click().run()
    assert get_measure(app_world.db, measure.id).progress == 0.0
    at.button(key=f"milestone_remove_{measure.milestones[1].id}").click().run()
    assert successes(at) == ["Meilenstein „Plakate“ entfernt."]
    assert [m.title for m in get_measure(app_world.db, measure.id).milestones] == ["Genehmigung"]


def test_status_moves_along_the_allowed_transitions(
    app_world: World, chosen: int, app_as: AppFactory
) -> None:
    measure = measure_with_milestones(app_world, chosen)
    at = page_as(app_as, app_world.coordinator)
    assert [b for b in labels(at) if b.startswith(STATUS_BUTTONS)] == [
        "Auf „in Umsetzung“ setzen", "Maßnahme abbrechen",
    ]  # fmt: skip
    button(at, "Auf „in Umsetzung“ setzen").click().run()
    assert successes(at) == ["„Hoffest im Juli“ ist jetzt in Umsetzung."]
    assert get_measure(app_world.db, measure.id).status is MeasureStatus.ACTIVE

    button(at, "Als „umgesetzt“ abschließen").click().run()
    assert len(errors(at)) == 1 and errors(at)[0].startswith(
        "Erst alle Meilensteine abschließen, dann ist die Maßnahme umgesetzt. Noch offen (2)"
    )
    assert get_measure(app_world.db, measure.id).status is MeasureStatus.ACTIVE

    for milestone in measure.milestones:
        at.button(key=f"milestone_done_btn_{milestone.id}").click().run()
    button(at, "Als „umgesetzt“ abschließen").click().run()
    assert successes(at) == ["„Hoffest im Juli“ ist jetzt umgesetzt."]
    assert get_measure(app_world.db, measure.id).status is MeasureStatus.DONE
    assert [b for b in labels(at) if b.startswith(STATUS_BUTTONS)] == ["Auf „in Umsetzung“ setzen"]


def test_a_free_measure_needs_a_title(app_world: World, app_as: AppFactory) -> None:
    at = page_as(app_as, app_world.coordinator)
    assert at.selectbox(key="measures_source").value is None  # no chosen idea: free measure
    button(at, "Maßnahme anlegen").click().run()
    assert errors(at) == [DE("errors.measure_title_missing")]
    assert list_measures(app_world.db, app_world.nord.id) == []

    field(at, "text_input", "Titel").set_value("Sprechstunde im Büro")
    field(at, "date_input", "Beginn").set_value(date(2026, 9, 1))
    field(at, "date_input", "Ende").set_value(date(2026, 8, 1))
    button(at, "Maßnahme anlegen").click().run()
    assert errors(at) == [DE("errors.measure_period")]
    field(at, "date_input", "Ende").set_value(date(2026, 12, 1))
    button(at, "Maßnahme anlegen").click().run()
    (measure,) = list_measures(app_world.db, app_world.nord.id)
    assert (measure.title, measure.idea_id) == ("Sprechstunde im Büro", None)


def test_the_coordinator_edits_a_measure(app_world: World, chosen: int, app_as: AppFactory) -> None:
    measure = measure_with_milestones(app_world, chosen)
    at = page_as(app_as, app_world.coordinator)
    edit = [w for w in at.text_input if w.label == "Partner"]
    assert len(edit) == 2  # the new-measure form and the edit form
    edit[1].set_value("Kita Sonnenschein")
    # The working group stays editable when the measure has milestones.
    assert not [w for w in at.selectbox if w.label == "Arbeitsgruppe" and w.disabled]
    button(at, "Speichern").click().run()
    assert successes(at) == ["„Hoffest im Juli“ ist gespeichert."]
    saved = get_measure(app_world.db, measure.id)
    assert (saved.partners, saved.group_id, saved.budget_cents) == (
        "Kita Sonnenschein", measure.group_id, 120_000,
    )  # fmt: skip


def test_a_link_to_an_idea_that_already_has_a_measure_says_so(
    app_world: World, chosen: int, app_as: AppFactory
) -> None:
    measure_with_milestones(app_world, chosen)
    at = page_as(app_as, app_world.coordinator, idea=chosen)
    assert DE("measures.idea_has_measure", measure="Hoffest im Juli") in values(at.info)
