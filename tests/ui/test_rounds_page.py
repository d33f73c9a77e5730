"""Priorisierung: who sees which rounds, voting with every method, the live result for
staff, opening and closing a round through the page, and settling a fund tie."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from quartier.auth import Role, User
from quartier.auth.accounts import create_user_in
from quartier.ideas import (
    WorkingGroup,
    add_member,
    assign_idea,
    create_group,
    publish_idea,
    submit_idea,
)
from quartier.measures import create_measure
from quartier.prioritisation import (
    DEFAULT_CRITERIA,
    FundVote,
    Method,
    Outcome,
    Reason,
    Round,
    cast_dots,
    cast_fund_votes,
    close_round,
    list_rounds,
    my_ballot,
    open_round,
    round_result,
)
from quartier.storage import Database
from tests.conftest import World
from tests.ui.conftest import (
    DE,
    AppFactory,
    button,
    charts,
    errors,
    labels,
    successes,
    table,
    titles,
    values,
    visible_texts,
)

PAGE = "pages/rounds.py"
SOON = datetime.now(UTC) + timedelta(days=7)
TITLES = ("Bank am Spielplatz", "Hoffest", "Sprachcafé")
YES, NO = FundVote.YES, FundVote.NO


@dataclass(frozen=True)
class Ag:
    """Nord's group "Kinder & Jugend" (member, alice, bert) with three published ideas;
    carla is an account of Nord outside the group."""

    world: World
    group: WorkingGroup
    ideas: list[int]
    alice: User
    bert: User
    carla: User

    @property
    def db(self) -> Database:
        return self.world.db

    @property
    def voters(self) -> list[int]:
        return [u.id for u in (self.world.member, self.alice, self.bert) if u.id is not None]


def published_idea(world: World, title: str, group: WorkingGroup | None) -> int:
    receipt = submit_idea(world.db, group.quartier_id if group else world.nord.id, title,
                          f"Worum es bei {title} geht.", language="de")  # fmt: skip
    coordinator = world.coordinator if receipt.idea.quartier_id == world.nord.id else world.admin
    publish_idea(world.db, coordinator, receipt.idea.id)
    if group is not None:
        assign_idea(world.db, coordinator, receipt.idea.id, group.id)
    return receipt.idea.id


@pytest.fixture
def ag(app_world: World) -> Ag:
    w = app_world
    with w.db.transaction() as cur:
        alice = create_user_in(cur, "alice", None, Role.MEMBER, "Alice Arslan", [w.nord.id])
        bert = create_user_in(cur, "bert", None, Role.MEMBER, "Bert Brandt", [w.nord.id])
        carla = create_user_in(cur, "carla", None, Role.MEMBER, "Carla Celik", [w.nord.id])
    group = create_group(w.db, w.coordinator, w.nord.id, "Kinder & Jugend")
    for user in (w.member, alice, bert):
        assert user.id is not None
        group = add_member(w.db, w.coordinator, group.id, user.id)
    ideas = [published_idea(w, title, group) for title in TITLES]
    return Ag(w, group, ideas, alice, bert, carla)


def dots_round(ag: Ag, voters: list[int] | None = None, **kwargs: Any) -> Round:
    options = {"winners": 1, "dots_per_member": 5, "max_dots_per_idea": 3} | kwargs
    return open_round(ag.db, ag.world.coordinator, ag.group.id, "Punkte Frühjahr", Method.DOTS,
                      ag.ideas, voters or ag.voters, SOON, **options)  # fmt: skip


def page_as(app_as: AppFactory, user: User) -> AppTest:
    at = app_as(user, page=PAGE)
    assert not at.exception, at.exception
    return at


def dots_input(at: AppTest, rnd: Round, idea_id: int) -> Any:
    return at.number_input(key=f"dots_{rnd.id}_{idea_id}")


def ballot_count(db: Database) -> int:
    with db.read() as cur:
        row = cur.execute("SELECT count(*) FROM ballots").fetchone()
    assert row is not None
    return int(row[0])


def rows_by_idea(at: AppTest) -> dict[str, dict[str, Any]]:
    return {row[DE("rounds.col.idea")]: row for row in table(at)}


# --- who sees what --------------------------------------------------------------------------


def test_anonymous_visitors_cannot_open_the_page(app_world: World, app_as: AppFactory) -> None:
    at = app_as(None)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


@pytest.mark.parametrize("role", ["member", "coordinator", "admin"])
def test_every_account_role_opens_the_page(ag: Ag, app_as: AppFactory, role: str) -> None:
    dots_round(ag)
    at = page_as(app_as, getattr(ag.world, role))
    assert titles(at) == ["Priorisierung"]
    assert "Punkte Frühjahr" in [s.value for s in at.subheader]
    assert errors(at) == []
    staff = role != "member"
    assert any(e.label == "Neue Runde eröffnen" for e in at.expander) is staff


def test_members_see_the_rounds_of_their_groups_only(ag: Ag, app_as: AppFactory) -> None:
    dots_round(ag)
    other = create_group(ag.db, ag.world.coordinator, ag.world.nord.id, "Interkulturelles")
    assert ag.carla.id is not None
    add_member(ag.db, ag.world.coordinator, other.id, ag.carla.id)
    ideas = [published_idea(ag.world, t, other) for t in ("Sprachtandem", "Kochabend")]
    open_round(ag.db, ag.world.coordinator, other.id, "Runde Austausch", Method.RANKING, ideas,
               [ag.carla.id], SOON, winners=1)  # fmt: skip

    member = page_as(app_as, ag.world.member)
    options = member.selectbox(key="rounds_pick").options
    assert len(options) == 1 and options[0].startswith("Punkte Frühjahr · Kinder & Jugend")
    staff = page_as(app_as, ag.world.coordinator)
    assert len(staff.selectbox(key="rounds_pick").options) == 2


def test_the_round_label_names_group_method_and_closing_time(ag: Ag, app_as: AppFactory) -> None:
    closes = datetime(2031, 5, 4, 16, 30, tzinfo=UTC)  # 18:30 in Berlin (summer time)
    open_round(ag.db, ag.world.coordinator, ag.group.id, "Sommer", Method.DOTS, ag.ideas,
               ag.voters, closes, winners=1, dots_per_member=3)  # fmt: skip
    at = page_as(app_as, ag.world.member)
    # Not the state: Streamlit knows the chosen option by its label, and closing the
    # round on this page must not make the picker lose it.
    assert at.selectbox(key="rounds_pick").options == [
        "Sommer · Kinder & Jugend · Punkte verteilen · bis 04.05.2031 18:30 Uhr"
    ]


def test_coordinator_of_another_quartier_sees_none_of_nords_rounds(
    ag: Ag, app_as: AppFactory
) -> None:
    dots_round(ag)
    at = page_as(app_as, ag.world.coordinator_sued)
    assert DE("rounds.none_staff") in values(at.info)
    texts = " ".join(visible_texts(at))
    assert "Punkte Frühjahr" not in texts and "Kinder & Jugend" not in texts


def test_an_admin_picks_the_quartier(ag: Ag, app_as: AppFactory) -> None:
    dots_round(ag)
    at = page_as(app_as, ag.world.admin)
    picker = at.selectbox(key="rounds_quartier")
    assert picker.options == ["Quartier Nord", "Quartier Süd"]
    picker.select(ag.world.nord.id).run()
    assert "Punkte Frühjahr" in [s.value for s in at.subheader]
    picker = at.selectbox(key="rounds_quartier")
    picker.select(ag.world.sued.id).run()
    assert DE("rounds.none_staff") in values(at.info)


# --- dot voting -----------------------------------------------------------------------------


def test_a_member_distributes_dots_and_changes_the_ballot(ag: Ag, app_as: AppFactory) -> None:
    rnd = dots_round(ag)
    at = page_as(app_as, ag.world.member)
    assert DE("rounds.dots_left", left=5, total=5) in values(at.info)
    a, b, c = ag.ideas
    dots_input(at, rnd, a).set_value(3).run()
    dots_input(at, rnd, b).set_value(2).run()
    assert DE("rounds.dots_left", left=0, total=5) in values(at.info)
    button(at, "Stimme speichern").click().run()

    assert successes(at) == ["Danke! Ihre Stimme ist gespeichert."]
    assert my_ballot(ag.db, ag.world.member, rnd.id) == {a: 3, b: 2}
    saved = [v for v in values(at.info) if v.startswith("Ihre Stimme ist gespeichert")]
    assert len(saved) == 1 and "ändern" in saved[0]
    # Members do not see the live result of an open round.
    assert "Zwischenstand" not in [s.value for s in at.subheader]
    assert DE("rounds.result_later") in values(at.caption)

    # A new visit starts from the saved ballot; the member moves dots and saves again.
    at = page_as(app_as, ag.world.member)
    assert dots_input(at, rnd, a).value == 3 and dots_input(at, rnd, c).value == 0
    dots_input(at, rnd, a).set_value(0).run()
    dots_input(at, rnd, c).set_value(3).run()
    button(at, "Stimme speichern").click().run()
    assert my_ballot(ag.db, ag.world.member, rnd.id) == {b: 2, c: 3}
    assert ballot_count(ag.db) == 2

    # The coordinator's live result counts only the latest ballot.
    staff = page_as(app_as, ag.world.coordinator)
    assert "Zwischenstand" in [s.value for s in staff.subheader]
    rows = rows_by_idea(staff)
    assert [rows[t]["Punkte"] for t in TITLES] == [0, 2, 3]
    assert "**1 von 3** haben abgestimmt." in values(staff.markdown)
    assert "Stimmberechtigt: Alice Arslan, Bert Brandt, Mo Mitglied" in values(staff.caption)
    (figure,) = charts(staff)
    bars = {y: x for trace in figure["data"] for y, x in zip(trace["y"], trace["x"], strict=True)}
    assert bars == {"1. Sprachcafé": 3, "2. Hoffest": 2, "3. Bank am Spielplatz": 0}
    assert [trace["name"] for trace in figure["data"]] == ["ausgewählt", "nicht ausgewählt"]
    assert [d.label for d in staff.get("download_button")] == ["Daten als CSV herunterladen"]


def test_more_dots_than_allowed_shows_the_german_error_and_stores_nothing(
    ag: Ag, app_as: AppFactory
) -> None:
    rnd = dots_round(ag)
    at = page_as(app_as, ag.world.member)
    a, b, _ = ag.ideas
    dots_input(at, rnd, a).set_value(3).run()
    dots_input(at, rnd, b).set_value(3).run()
    assert DE("rounds.dots_over", used=6, excess=1, total=5) in values(at.warning)
    button(at, "Stimme speichern").click().run()

    assert errors(at) == [
        "Sie haben 6 Punkte verteilt, haben aber nur 5. Bitte nehmen Sie 1 Punkte wieder weg."
    ]
    assert ballot_count(ag.db) == 0


def test_a_member_not_on_the_voter_list_sees_no_ballot(ag: Ag, app_as: AppFactory) -> None:
    assert ag.alice.id is not None and ag.bert.id is not None
    dots_round(ag, voters=[ag.alice.id, ag.bert.id])
    at = page_as(app_as, ag.world.member)
    assert DE("rounds.not_on_list") in values(at.info)
    assert len(at.number_input) == 0
    assert "Stimme speichern" not in labels(at)


def test_a_closed_round_shows_the_result_to_members_but_no_ballot(
    ag: Ag, app_as: AppFactory
) -> None:
    rnd = dots_round(ag)
    a, b, _ = ag.ideas
    cast_dots(ag.db, ag.alice, rnd.id, {a: 3, b: 1})
    close_round(ag.db, ag.world.coordinator, rnd.id)
    at = page_as(app_as, ag.world.member)
    assert "Ergebnis" in [s.value for s in at.subheader]
    assert len(at.number_input) == 0
    rows = rows_by_idea(at)
    assert rows["Bank am Spielplatz"]["Ergebnis"] == "ausgewählt"
    assert rows["Hoffest"]["Begründung"] == "niedrigerer Rang"
    assert "Runde abschließen …" not in labels(at)


# --- coordinators: open, close, measure links ------------------------------------------------


def test_the_coordinator_opens_a_dot_round_closes_it_and_sees_the_reasons(
    ag: Ag, app_as: AppFactory
) -> None:
    at = page_as(app_as, ag.world.coordinator)
    assert DE("rounds.none_staff") in values(at.info)
    # The form is open because there is no round yet.
    [title] = [w for w in at.text_input if w.label == "Titel"]
    title.set_value("Frühjahr 2026")
    [winners] = [w for w in at.number_input if w.label == DE("rounds.winners")]
    winners.set_value(1)
    button(at, "Runde eröffnen").click().run()

    assert successes(at) == ["Die Runde „Frühjahr 2026“ ist eröffnet."]
    (rnd,) = list_rounds(ag.db, ag.world.nord.id)
    assert (rnd.method, rnd.winners, rnd.dots_per_member, rnd.max_dots_per_idea) == (
        Method.DOTS, 1, 5, 3,
    )  # fmt: skip
    assert set(rnd.idea_ids) == set(ag.ideas) and rnd.voter_ids == frozenset(ag.voters)
    assert rnd.closes_at > datetime.now(UTC) + timedelta(days=13)

    a, b, c = ag.ideas
    cast_dots(ag.db, ag.alice, rnd.id, {a: 3, b: 2})
    cast_dots(ag.db, ag.bert, rnd.id, {a: 1, c: 3})
    at = page_as(app_as, ag.world.coordinator)
    button(at, "Runde abschließen …").click().run()
    assert any(v.startswith("Runde „Frühjahr 2026“ jetzt abschließen?") for v in values(at.warning))
    assert round_result(ag.db, rnd.id).is_final is False  # nothing happens before confirming
    button(at, "Ja, abschließen").click().run()

    assert successes(at) == ["Die Runde „Frühjahr 2026“ ist abgeschlossen."]
    assert "Ergebnis" in [s.value for s in at.subheader]
    rows = rows_by_idea(at)
    assert (rows["Bank am Spielplatz"]["Ergebnis"], rows["Bank am Spielplatz"]["Begründung"]) == (
        "ausgewählt", "unter den bestplatzierten Ideen",
    )  # fmt: skip
    assert rows["Sprachcafé"]["Begründung"] == "niedrigerer Rang"
    links = [(p.label, p.proto.query_string) for p in at.get("page_link")]
    assert links == [("Maßnahme anlegen: Bank am Spielplatz", f"idea={a}")]
    assert "Runde abschließen …" not in labels(at)


def test_a_chosen_idea_with_a_measure_links_to_it(ag: Ag, app_as: AppFactory) -> None:
    rnd = dots_round(ag)
    a, b, _ = ag.ideas
    cast_dots(ag.db, ag.alice, rnd.id, {a: 3, b: 1})
    close_round(ag.db, ag.world.coordinator, rnd.id)
    measure = create_measure(ag.db, ag.world.coordinator, ag.world.nord.id, "Neue Bank", idea_id=a)
    at = page_as(app_as, ag.world.coordinator)
    [link] = at.get("page_link")
    assert link.label == "Zur Maßnahme: Neue Bank (geplant)"
    assert link.proto.query_string == f"measure={measure.id}"


def test_closing_can_be_called_off(ag: Ag, app_as: AppFactory) -> None:
    rnd = dots_round(ag)
    at = page_as(app_as, ag.world.coordinator)
    button(at, "Runde abschließen …").click().run()
    button(at, "Abbrechen").click().run()
    assert "Runde abschließen …" in labels(at)
    assert list_rounds(ag.db, ag.world.nord.id)[0].is_open and rnd.is_open


def test_opening_without_a_title_shows_the_german_error(ag: Ag, app_as: AppFactory) -> None:
    at = page_as(app_as, ag.world.coordinator)
    button(at, "Runde eröffnen").click().run()
    assert errors(at) == [DE("errors.round_title_missing")]
    assert list_rounds(ag.db, ag.world.nord.id) == []


def test_the_coordinator_opens_a_criteria_round_with_the_default_criteria(
    ag: Ag, app_as: AppFactory
) -> None:
    at = page_as(app_as, ag.world.coordinator)
    at.selectbox(key="new_round_method").select(Method.CRITERIA).run()
    [title] = [w for w in at.text_input if w.label == "Titel"]
    title.set_value("Kriterien Herbst")
    button(at, "Runde eröffnen").click().run()
    assert successes(at) == ["Die Runde „Kriterien Herbst“ ist eröffnet."]
    (rnd,) = list_rounds(ag.db, ag.world.nord.id)
    assert rnd.method is Method.CRITERIA and rnd.criteria == DEFAULT_CRITERIA


def test_the_coordinator_opens_a_fund_round_with_requested_amounts(
    ag: Ag, app_as: AppFactory
) -> None:
    a, b, c = ag.ideas
    at = page_as(app_as, ag.world.coordinator)
    at.selectbox(key="new_round_method").select(Method.FUND).run()
    assert [w.label for w in at.multiselect] == ["Jury"]  # the ideas are ticked in the table
    jury = at.multiselect[0]
    assert ag.carla.id is not None
    assert ag.carla.id not in jury.options  # carla is in no working group
    [title] = [w for w in at.text_input if w.label == "Titel"]
    title.set_value("Aktionsfonds 2027")
    amount = DE("rounds.col.requested_eur")
    take = DE("rounds.col.take")
    shown = list(at.data_editor(key="new_round_amounts").value[DE("rounds.col.idea")])
    row = {title: shown.index(title) for title in TITLES}
    assert set(row) == set(shown)
    edits: dict[int, dict[str, object]] = {
        row["Bank am Spielplatz"]: {amount: "1.200"},
        row["Hoffest"]: {amount: "zwölf"},
        row["Sprachcafé"]: {take: False},
    }
    at.session_state["new_round_amounts"] = {
        "edited_rows": edits, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    button(at, "Runde eröffnen").click().run()
    assert errors(at) == [
        "Bei „Hoffest“ ist „zwölf“ kein Betrag. Bitte geben Sie den beantragten Betrag in Euro"
        " ein, z. B. 1.200 oder 850,50."
    ]
    assert list_rounds(ag.db, ag.world.nord.id) == []

    edits[row["Hoffest"]] = {amount: "850,50 €"}
    at.session_state["new_round_amounts"] = {
        "edited_rows": edits, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    button(at, "Runde eröffnen").click().run()
    assert successes(at) == ["Die Runde „Aktionsfonds 2027“ ist eröffnet."]
    (rnd,) = list_rounds(ag.db, ag.world.nord.id)
    assert rnd.idea_ids == (a, b) and c not in rnd.idea_ids
    assert dict(rnd.requested_cents) == {a: 120_000, b: 85_050}
    assert (rnd.budget_cents, rnd.cap_cents) == (1_000_000, 150_000)


# --- criteria and ranking ballots -----------------------------------------------------------


def test_criteria_scores_are_cast_through_the_page(ag: Ag, app_as: AppFactory) -> None:
    rnd = open_round(ag.db, ag.world.coordinator, ag.group.id, "Kriterien", Method.CRITERIA,
                     ag.ideas, ag.voters, SOON, winners=1)  # fmt: skip
    at = page_as(app_as, ag.world.member)
    labels_shown = [w.label for w in at.segmented_control][:4]
    assert labels_shown == [
        "Nutzen fürs Quartier (Gewicht 2)", "Reichweite (Gewicht 1)",
        "Aufwand (Gewicht 1) (umgekehrt: 1 = gut)", "Kosten (Gewicht 1) (umgekehrt: 1 = gut)",
    ]  # fmt: skip
    a = ag.ideas[0]
    at.segmented_control(key=f"score_{rnd.id}_{a}_0").set_value(3)
    at.segmented_control(key=f"score_{rnd.id}_{a}_1").set_value(2)
    button(at, "Stimme speichern").click().run()
    assert errors(at) == [
        "Bei „Bank am Spielplatz“ fehlt die Bewertung für: Aufwand, Kosten. Bitte bewerten Sie"
        " die Idee in allen Kriterien oder lassen Sie sie ganz leer."
    ]
    assert ballot_count(ag.db) == 0

    at.segmented_control(key=f"score_{rnd.id}_{a}_2").set_value(1)
    at.segmented_control(key=f"score_{rnd.id}_{a}_3").set_value(1)
    button(at, "Stimme speichern").click().run()
    assert successes(at) == ["Danke! Ihre Stimme ist gespeichert."]
    assert my_ballot(ag.db, ag.world.member, rnd.id) == {
        (a, 0): 3, (a, 1): 2, (a, 2): 1, (a, 3): 1,
    }  # fmt: skip
    assert at.segmented_control(key=f"score_{rnd.id}_{a}_0").value == 3


def test_a_ranking_is_cast_through_the_page(ag: Ag, app_as: AppFactory) -> None:
    rnd = open_round(ag.db, ag.world.coordinator, ag.group.id, "Rangfolge", Method.RANKING,
                     ag.ideas, ag.voters, SOON, winners=1)  # fmt: skip
    a, b, c = ag.ideas
    at = page_as(app_as, ag.world.member)
    at.selectbox(key=f"rank_{rnd.id}_{a}").select(2)
    button(at, "Stimme speichern").click().run()
    assert errors(at) == [
        "Platz 2 ist mehrfach vergeben („Bank am Spielplatz“, „Hoffest“). Bitte geben Sie jeder"
        " Idee einen eigenen Platz; noch frei: 1."
    ]
    assert ballot_count(ag.db) == 0

    at.selectbox(key=f"rank_{rnd.id}_{b}").select(3)
    at.selectbox(key=f"rank_{rnd.id}_{c}").select(1)
    button(at, "Stimme speichern").click().run()
    assert successes(at) == ["Danke! Ihre Stimme ist gespeichert."]
    saved = my_ballot(ag.db, ag.world.member, rnd.id)
    assert sorted(saved, key=saved.__getitem__) == [c, a, b]

    # The saved order comes back, best first.
    at = page_as(app_as, ag.world.member)
    assert [b.key for b in at.selectbox if str(b.key).startswith("rank_")] == [
        f"rank_{rnd.id}_{c}", f"rank_{rnd.id}_{a}", f"rank_{rnd.id}_{b}",
    ]  # fmt: skip


# --- the Aktionsfonds -----------------------------------------------------------------------


@pytest.fixture
def fund(ag: Ag) -> Round:
    """Jury: member, alice, bert and carla (outside the group). Two ideas of 600 € each get
    3 of 4 yes votes; together they do not fit the 1.000 € budget: a tie."""
    a, b, c = ag.ideas
    assert ag.carla.id is not None
    rnd = open_round(
        ag.db, ag.world.coordinator, ag.group.id, "Aktionsfonds 2026", Method.FUND, ag.ideas,
        [*ag.voters, ag.carla.id], SOON, budget_cents=100_000, cap_cents=80_000,
        requested_cents={a: 60_000, b: 60_000, c: 20_000},
    )  # fmt: skip
    for user in (ag.alice, ag.bert, ag.carla):
        cast_fund_votes(ag.db, user, rnd.id, {a: YES, b: YES, c: NO})
    return rnd


def test_a_jury_member_from_outside_the_group_votes_in_the_fund(
    ag: Ag, fund: Round, app_as: AppFactory
) -> None:
    a, b, c = ag.ideas
    at = page_as(app_as, ag.carla)
    assert at.selectbox(key="rounds_pick").options[0].startswith("Aktionsfonds 2026")
    assert "Beantragt: 600,00\xa0€" in values(at.caption)
    assert at.segmented_control(key=f"vote_{fund.id}_{a}").value == YES
    at.segmented_control(key=f"vote_{fund.id}_{c}").set_value(YES)
    button(at, "Stimme speichern").click().run()
    assert successes(at) == ["Danke! Ihre Stimme ist gespeichert."]
    assert my_ballot(ag.db, ag.carla, fund.id) == {a: YES, b: YES, c: YES}


def test_a_fund_tie_is_shown_and_settled_by_the_coordinator(
    ag: Ag, fund: Round, app_as: AppFactory
) -> None:
    a, b, _ = ag.ideas
    close_round(ag.db, ag.world.coordinator, fund.id)
    at = page_as(app_as, ag.world.coordinator)
    [note] = [w for w in values(at.warning) if w.startswith("Gleichstand bei")]
    assert "„Bank am Spielplatz“, „Hoffest“" in note and "die Jury entscheidet" in note
    rows = rows_by_idea(at)
    assert rows["Hoffest"]["Ergebnis"] == "Gleichstand"
    assert (rows["Hoffest"]["Ja"], rows["Hoffest"]["Nein"], rows["Hoffest"]["Beantragt"]) == (
        3, 0, "600,00\xa0€",
    )  # fmt: skip
    assert rows["Sprachcafé"]["Begründung"] == "keine Mehrheit der Jury"

    at.radio(key=f"settle_choice_{fund.id}_{b}").set_value(True)
    at.text_input(key=f"settle_note_{fund.id}_{b}").set_value("Mehr Kinder erreicht")
    [save] = [x for x in at.button if x.label == "Entscheidung speichern"][1:]
    save.click().run()
    assert successes(at) == ["„Hoffest“ ist ausgewählt."]
    rows = rows_by_idea(at)
    assert rows["Hoffest"]["Ergebnis"] == "ausgewählt"
    assert rows["Hoffest"]["Begründung"] == (
        "Gleichstand, von der AG bzw. Jury entschieden – Notiz: Mehr Kinder erreicht"
    )

    # The other tied idea no longer fits the budget: the German message says so.
    at.radio(key=f"settle_choice_{fund.id}_{a}").set_value(True)
    [save, _] = [x for x in at.button if x.label == "Entscheidung speichern"]
    save.click().run()
    assert len(errors(at)) == 1 and errors(at)[0].startswith("„Bank am Spielplatz“ (600,00 €)")
    result = round_result(ag.db, fund.id)
    outcomes = {r.idea_id: (r.outcome, r.reason) for r in result.results}
    assert outcomes[b] == (Outcome.CHOSEN, Reason.SETTLED)
    assert outcomes[a] == (Outcome.TIE, Reason.TIE)


def test_members_do_not_settle_ties(ag: Ag, fund: Round, app_as: AppFactory) -> None:
    close_round(ag.db, ag.world.coordinator, fund.id)
    at = page_as(app_as, ag.world.member)
    assert any(w.startswith("Gleichstand bei") for w in values(at.warning))
    assert "Entscheidung speichern" not in labels(at)
