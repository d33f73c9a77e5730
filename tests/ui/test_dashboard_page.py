"""Dashboard: coordinators and admins see a Quartier's figures for a month, quarter or
year against the period before; nobody else opens it, and Süd's coordinator sees Süd only.

The data, inserted by SQL (``THIS`` = the current month, ``LAST`` = the month before):

    Nord  THIS  Kinderfest (fest)        1200  by language: de 600, tr 300, ar 2, uk 1
          THIS  Sprechstunde               12
          THIS  Sozialberatung session      8  (de)
          LAST  Infoabend (info)           25
          LAST  Kurs                        3  (below k = 5: never shown on its own)
          2025  AG-Sitzung                 30
    Süd   THIS  Sommerfest (fest)         999

So this month Nord reached 1,220 people at 2 events (last month 28 at 2): "+1.192", "0".
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from streamlit.testing.v1 import AppTest

from quartier.dashboard.model import Period, PeriodKind
from quartier.i18n import DISPLAY_TZ
from quartier.ideas.groups import create_group
from quartier.network.actions import create_actor
from quartier.network.model import ActorDraft, ActorType
from tests.conftest import World
from tests.ui.conftest import DE, AppFactory, Download, button, errors, successes, titles

PAGE = "pages/dashboard.py"
TODAY = datetime.now(DISPLAY_TZ).date()
THIS = Period.of(PeriodKind.MONTH, TODAY)
LAST = THIS.previous()
LONG_AGO = date(TODAY.year - 1, 6, 15)

# (quartier, title, type, day, attendance, by language)
EVENTS: list[tuple[str, str, str, date, int, dict[str, int]]] = [
    ("nord", "Kinderfest", "fest", THIS.start, 1200, {"de": 600, "tr": 300, "ar": 2, "uk": 1}),
    ("nord", "Sprechstunde", "sprechstunde", THIS.start, 12, {}),
    ("nord", "Infoabend", "infoveranstaltung", LAST.start, 25, {}),
    ("nord", "Kurs", "kurs", LAST.start, 3, {}),
    ("nord", "AG-Sitzung", "ag_sitzung", LONG_AGO, 30, {}),
    ("sued", "Sommerfest", "fest", THIS.start, 999, {}),
]
SESSIONS = [("nord", THIS.start, 8, "de")]


def people_in(quartier: str, period: Period) -> int:
    """Hand count: attendance plus session people in ``period``."""
    return sum(n for q, _, _, day, n, _ in EVENTS if q == quartier and period.contains(day)) + sum(
        n for q, day, n, _ in SESSIONS if q == quartier and period.contains(day)
    )


def events_in(quartier: str, period: Period) -> int:
    return sum(1 for q, _, _, day, _, _ in EVENTS if q == quartier and period.contains(day))


@pytest.fixture
def data(app_world: World) -> World:
    ids = {"nord": app_world.nord.id, "sued": app_world.sued.id}
    with app_world.db.transaction() as cur:
        for quartier, title, kind, day, people, by_language in EVENTS:
            q = ids[quartier]
            (event_id,) = cur.execute(
                "INSERT INTO events (quartier_id, title, starts_on) VALUES (?, ?, ?) RETURNING id",
                [q, title, day],
            ).fetchone()
            cur.execute(
                "INSERT INTO event_details (event_id, quartier_id, event_type, attendance)"
                " VALUES (?, ?, ?, ?)",
                [event_id, q, kind, people],
            )
            for language, n in by_language.items():
                cur.execute(
                    "INSERT INTO event_attendance VALUES (?, ?, 'sprache', ?, ?)",
                    [q, event_id, language, n],
                )
        for quartier, day, people, language in SESSIONS:
            q = ids[quartier]
            (offering_id,) = cur.execute(
                "INSERT INTO offerings (quartier_id, title, kind) VALUES (?, 'Sozialberatung',"
                " 'sozialberatung') RETURNING id",
                [q],
            ).fetchone()
            (session_id,) = cur.execute(
                "INSERT INTO offering_sessions (quartier_id, offering_id, held_on, people)"
                " VALUES (?, ?, ?, ?) RETURNING id",
                [q, offering_id, day, people],
            ).fetchone()
            cur.execute(
                "INSERT INTO offering_session_languages VALUES (?, ?, ?)",
                [q, session_id, language],
            )
    return app_world


def open_page(app_as: AppFactory, world: World, role: str = "coordinator") -> AppTest:
    at = app_as(getattr(world, role), page=PAGE)
    assert not at.exception, at.exception
    assert titles(at)[0] == DE("dashboard.title")
    return at


def tiles(at: AppTest) -> dict[str, tuple[str, str]]:
    """KPI label -> (value, delta)."""
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


def kpi(name: str) -> str:
    return DE(f"dashboard.kpi.{name}")


def signed(n: int) -> str:
    """How a change reads on a tile (German separators)."""
    return "0" if n == 0 else ("+" if n > 0 else "-") + DE.number(abs(n))


def choose(at: AppTest, kind: PeriodKind, period: Period) -> AppTest:
    control = next(b for b in at.button_group if b.label == DE("dashboard.period_kind"))
    control.set_value(kind.value).run()
    assert not at.exception, at.exception
    picker = next(s for s in at.selectbox if s.label == DE(f"dashboard.which.{kind.value}"))
    picker.set_value(period.start.isoformat()).run()
    assert not at.exception, at.exception
    return at


def infos(at: AppTest) -> list[str]:
    return [str(i.value) for i in at.info]


# --- Who can open it ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_residents_and_members_cannot_open_the_dashboard(
    data: World, app_as: AppFactory, role: str
) -> None:
    at = app_as(None if role == "anonymous" else data.member)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_the_coordinator_sees_this_months_tiles_with_their_change(
    data: World, app_as: AppFactory
) -> None:
    at = open_page(app_as, data)
    shown = tiles(at)
    assert list(shown) == [kpi(k) for k in (
        "people_reached", "events", "survey_responses", "ideas_submitted",
        "ideas_to_measures", "measures_done", "active_actors", "active_ties")]  # fmt: skip
    people, previous = people_in("nord", THIS), people_in("nord", LAST)
    assert (people, previous) == (1220, 28)
    assert shown[kpi("people_reached")] == (DE.number(people), signed(people - previous))
    assert shown[kpi("people_reached")] == ("1.220", "+1.192")
    assert shown[kpi("events")] == ("2", "0")
    assert shown[kpi("survey_responses")] == ("0", "0")
    assert all(m.proto.delta_description == DE("dashboard.vs_previous.monat") for m in at.metric)
    caption = DE("dashboard.kpi_caption", period=_month(THIS), previous=_month(LAST))
    assert caption in [str(c.value) for c in at.caption]
    assert DE("dashboard.empty", period=_month(THIS), quartier="Quartier Nord") not in infos(at)


def _month(period: Period) -> str:
    from quartier.ui.dashboard_ui import period_name

    return period_name(DE, period)


def test_the_coordinator_of_sued_sees_only_sued(data: World, app_as: AppFactory) -> None:
    at = open_page(app_as, data, "coordinator_sued")
    assert not at.selectbox or all(s.label != DE("start.choose_quartier") for s in at.selectbox)
    assert tiles(at)[kpi("people_reached")] == ("999", "+999")
    assert "1.220" not in [m.value for m in at.metric]


def test_the_admin_picks_the_quartier(data: World, app_as: AppFactory) -> None:
    at = open_page(app_as, data, "admin")
    picker = next(s for s in at.selectbox if s.label == DE("start.choose_quartier"))
    picker.set_value(data.nord.id).run()
    assert tiles(at)[kpi("people_reached")][0] == "1.220"
    picker = next(s for s in at.selectbox if s.label == DE("start.choose_quartier"))
    picker.set_value(data.sued.id).run()
    assert tiles(at)[kpi("people_reached")][0] == "999"


# --- Periods -------------------------------------------------------------------------------------


def test_switching_to_years_and_to_last_year_changes_the_figures(
    data: World, app_as: AppFactory
) -> None:
    at = open_page(app_as, data)
    year = Period.of(PeriodKind.YEAR, TODAY)
    choose(at, PeriodKind.YEAR, year)
    expected = people_in("nord", year)
    before = people_in("nord", year.previous())
    assert tiles(at)[kpi("people_reached")] == (DE.number(expected), signed(expected - before))
    assert tiles(at)[kpi("events")][0] == str(events_in("nord", year))

    choose(at, PeriodKind.YEAR, year.previous())
    assert tiles(at)[kpi("people_reached")] == ("30", "+30")
    assert tiles(at)[kpi("events")] == ("1", "+1")


def test_last_month_compares_with_the_month_before(data: World, app_as: AppFactory) -> None:
    at = choose(open_page(app_as, data), PeriodKind.MONTH, LAST)
    before = people_in("nord", LAST.previous())
    assert tiles(at)[kpi("people_reached")] == ("28", signed(28 - before))


def test_a_period_without_data_says_so_and_links_to_the_forms(
    data: World, app_as: AppFactory
) -> None:
    empty = LAST.previous().previous()
    assert people_in("nord", empty) == 0 and events_in("nord", empty) == 0
    at = choose(open_page(app_as, data), PeriodKind.MONTH, empty)
    assert not at.metric
    assert not errors(at)
    assert infos(at) == [DE("dashboard.empty", period=_month(empty), quartier="Quartier Nord")]
    assert [(p.proto.label, p.proto.page) for p in at.get("page_link")] == [
        (DE("dashboard.to_events"), "events"),
        (DE("dashboard.to_offerings"), "offerings"),
    ]
    assert not at.get("plotly_chart")


def test_a_period_with_only_the_network_still_says_there_was_no_participation(
    data: World, app_as: AppFactory
) -> None:
    create_actor(data.db, data.coordinator, data.nord.id, ActorDraft("Kita Regenbogen",
                                                                    ActorType.KITA))  # fmt: skip
    empty = LAST.previous().previous()
    at = choose(open_page(app_as, data), PeriodKind.MONTH, empty)
    assert DE("dashboard.empty", period=_month(empty), quartier="Quartier Nord") in infos(at)
    assert tiles(at)[kpi("active_actors")] == ("1", "0")
    assert tiles(at)[kpi("people_reached")] == ("0", "0")


# --- Population shares ---------------------------------------------------------------------------


def share_inputs(at: AppTest, world: World, shares: dict[str, float]) -> None:
    for code, value in shares.items():
        at.number_input(key=f"dashboard_shares_{world.nord.id}_{code}").set_value(value)


def stored_shares(world: World) -> dict[str, float]:
    with world.db.read() as cur:
        rows = cur.execute(
            "SELECT language, share FROM population_shares WHERE quartier_id = ?",
            [world.nord.id],
        ).fetchall()
    return {str(code): float(share) for code, share in rows}


def test_population_shares_are_stored_and_prefilled(data: World, app_as: AppFactory) -> None:
    at = open_page(app_as, data)
    share_inputs(at, data, {"de": 50, "tr": 30, "ar": 15, "andere": 5})
    at.text_input(key=f"dashboard_shares_{data.nord.id}_source").set_value("Statistikstelle")
    at.number_input(key=f"dashboard_shares_{data.nord.id}_year").set_value(2025)
    button(at, DE("dashboard.shares_save")).click().run()
    assert not at.exception and not errors(at)
    assert successes(at) == [DE("dashboard.shares_saved")]
    assert stored_shares(data) == {"de": 50.0, "tr": 30.0, "ar": 15.0, "andere": 5.0}

    again = open_page(app_as, data)
    assert again.number_input(key=f"dashboard_shares_{data.nord.id}_tr").value == 30.0
    assert any("Statistikstelle" in str(c.value) and "2025" in str(c.value) for c in again.caption)


def test_shares_adding_up_to_93_percent_are_refused_in_german(
    data: World, app_as: AppFactory
) -> None:
    at = open_page(app_as, data)
    share_inputs(at, data, {"de": 50, "tr": 30, "ar": 13})
    button(at, DE("dashboard.shares_save")).click().run()
    assert not at.exception
    [message] = errors(at)
    assert "93" in message and "100" in message
    assert not successes(at)
    assert stored_shares(data) == {}


# --- Downloads -----------------------------------------------------------------------------------


def files(at: AppTest, stored: dict[str, Download]) -> dict[str, list[list[str]]]:
    """File name -> CSV rows of every download button on the page."""
    found = {}
    for b in at.get("download_button"):
        download = stored[b.proto.url.rsplit("/", 1)[-1].split(".")[0]]
        text = download.data.decode("utf-8-sig")
        found[download.name] = list(csv.reader(io.StringIO(text)))
    return found


def test_every_chart_offers_its_data_with_small_groups_as_less_than_k(
    data: World, app_as: AppFactory, downloads: dict[str, Download]
) -> None:
    at = open_page(app_as, data)
    control = next(b for b in at.button_group if b.label == DE("dashboard.dimension"))
    control.set_value("event_type").run()
    assert not at.exception, at.exception
    month = THIS.start.strftime("%Y-%m")
    by_name = files(at, downloads)
    participation = by_name[f"dashboard-nord-{month}-teilnahme-event_type.csv"]
    reach = by_name[f"dashboard-nord-{month}-sprachen.csv"]
    assert all(b.label == DE("dashboard.download_csv") for b in at.get("download_button"))

    cells = [cell for row in participation[1:] for cell in row]
    assert "1200" in cells and "12" in cells and "25" in cells
    assert "verborgen" in cells
    assert "3" not in cells  # the Kurs with 3 people is hidden
    assert "999" not in cells  # Süd's

    reach_cells = [cell for row in reach[1:] for cell in row]
    assert "608" in reach_cells and "300" in reach_cells  # de: 600 at the fest + 8 (session)
    # Two small cells, so no larger one has to be hidden to protect a single one.
    assert [row[1] for row in reach[1:]] == ["608", "300", "verborgen", "verborgen"]
    assert "2" not in reach_cells and "1" not in reach_cells
    assert DE("dashboard.suppression_note", k=5) in [str(c.value) for c in at.caption]


def test_a_formula_like_group_name_is_neutralised_in_the_csv(
    data: World, app_as: AppFactory, downloads: dict[str, Download]
) -> None:
    group = create_group(data.db, data.coordinator, data.nord.id, "=HYPERLINK(1)")
    with data.db.transaction() as cur:
        (event_id,) = cur.execute(
            "INSERT INTO events (quartier_id, title, starts_on) VALUES (?, 'AG', ?) RETURNING id",
            [data.nord.id, THIS.start],
        ).fetchone()
        cur.execute(
            "INSERT INTO event_details (event_id, quartier_id, event_type, group_id, attendance)"
            " VALUES (?, ?, 'ag_sitzung', ?, 20)",
            [event_id, data.nord.id, group.id],
        )
    at = open_page(app_as, data)
    control = next(b for b in at.button_group if b.label == DE("dashboard.dimension"))
    control.set_value("working_group").run()
    assert not at.exception, at.exception
    month = THIS.start.strftime("%Y-%m")
    rows = files(at, downloads)[f"dashboard-nord-{month}-teilnahme-working_group.csv"]
    assert "'=HYPERLINK(1)" in rows[0]
    assert "20" in rows[-1]
