"""KPI tiles against hand-computed small cases: values, previous period, boundaries."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from quartier.dashboard import (
    Kpi,
    KpiValue,
    Period,
    PeriodKind,
    berlin_today,
    kpis,
    period_has_data,
)
from quartier.measures import MeasureStatus, create_measure, set_measure_status
from tests.conftest import World
from tests.dashboard.conftest import Rows, berlin
from tests.measures.conftest import chosen_idea

MARCH = Period.of(PeriodKind.MONTH, date(2026, 3, 1))
AFTER = date(2026, 4, 15)


def values(found: list[KpiValue]) -> dict[Kpi, tuple[int, int]]:
    return {v.kpi: (v.value, v.previous) for v in found}


def fill_march_and_february(rows: Rows, *, network: bool = True) -> None:
    """The case computed by hand in :func:`test_every_kpi_with_its_previous_period`."""
    rows.event(date(2026, 3, 5), 40, event_type="fest")
    rows.event(date(2026, 3, 31), 10, event_type="kurs")  # last day of the month
    rows.event(date(2026, 3, 20), None)  # held, attendance not recorded yet
    rows.event(date(2026, 2, 10), 7, event_type="sprechstunde")
    rows.event(date(2026, 4, 1), 100)  # next month
    offering = rows.offering()
    rows.session(offering, date(2026, 3, 3), 6)
    rows.session(offering, date(2026, 2, 28), 4)
    rows.responses(berlin(2026, 3, 31, 23, 30), 3)  # CEST: 21:30 UTC, still March
    rows.responses(berlin(2026, 4, 1, 0, 10))  # April
    rows.responses(berlin(2026, 3, 1, 0, 10))  # CET: 23:10 UTC on Feb 28, but March
    rows.responses(berlin(2026, 2, 28, 23, 30))  # February
    rows.responses(berlin(2026, 2, 10), 2)
    rows.ideas(berlin(2026, 3, 12), 2)
    idea_feb = rows.idea(berlin(2026, 2, 1))
    idea_march = rows.idea(berlin(2026, 3, 2))
    rows.measure(berlin(2026, 3, 10), idea_march)  # an idea became a measure in March
    rows.measure(berlin(2026, 3, 11))  # a plan without an idea: not counted
    done_in_march = rows.measure(berlin(2026, 2, 2), idea_feb)
    rows.status(done_in_march, "in_umsetzung", berlin(2026, 2, 3))
    rows.status(done_in_march, "umgesetzt", berlin(2026, 3, 15))
    done_in_feb = rows.measure(berlin(2026, 1, 5))
    rows.status(done_in_feb, "in_umsetzung", berlin(2026, 1, 6))
    rows.status(done_in_feb, "umgesetzt", berlin(2026, 2, 20))
    reopened = rows.measure(berlin(2026, 1, 5))
    rows.status(reopened, "in_umsetzung", berlin(2026, 1, 6))
    rows.status(reopened, "umgesetzt", berlin(2026, 2, 5))
    rows.status(reopened, "in_umsetzung", berlin(2026, 3, 2))  # no longer done
    if not network:
        return
    always = rows.actor()
    until_march_end = rows.actor(active_to=date(2026, 3, 31))
    from_mid_march = rows.actor(active_from=date(2026, 3, 15))
    until_feb_end = rows.actor(active_to=date(2026, 2, 28))
    rows.tie(always, until_march_end)
    rows.tie(always, from_mid_march)
    rows.tie(always, until_feb_end)
    rows.tie(always, until_march_end, ends_on=date(2026, 2, 28))


EXPECTED = {
    Kpi.PEOPLE_REACHED: (40 + 10 + 6, 7 + 4),
    Kpi.EVENTS: (3, 1),
    Kpi.SURVEY_RESPONSES: (4, 3),
    Kpi.IDEAS_SUBMITTED: (3, 1),
    Kpi.IDEAS_TO_MEASURES: (1, 1),
    Kpi.MEASURES_DONE: (1, 1),
    Kpi.ACTIVE_ACTORS: (3, 3),
    Kpi.ACTIVE_TIES: (2, 3),
}


def test_every_kpi_with_its_previous_period(nord: Rows, sued: Rows) -> None:
    fill_march_and_february(nord)
    fill_march_and_february(sued)  # another Quartier's rows are never counted
    sued.responses(berlin(2026, 3, 5), 50)
    found = kpis(nord.db, nord.quartier_id, MARCH, today=AFTER)
    assert [v.kpi for v in found] == list(Kpi)
    assert values(found) == EXPECTED
    assert found[0].change == 56 - 11
    assert period_has_data(found)


def test_today_caps_events_held_and_the_network_day(nord: Rows) -> None:
    fill_march_and_february(nord)
    found = values(kpis(nord.db, nord.quartier_id, MARCH, today=date(2026, 3, 10)))
    assert found[Kpi.EVENTS] == (1, 1)  # the 20th and the 31st have not happened yet
    # counted on March 10: the actor from March 15 not yet, the one until Feb 28 no more
    assert found[Kpi.ACTIVE_ACTORS] == (2, 3)
    assert found[Kpi.ACTIVE_TIES] == (1, 3)
    future = Period.of(PeriodKind.MONTH, date(2026, 5, 1))
    later = values(kpis(nord.db, nord.quartier_id, future, today=date(2026, 3, 10)))
    assert later[Kpi.ACTIVE_ACTORS] == (0, 0) and later[Kpi.ACTIVE_TIES] == (0, 0)


@pytest.mark.parametrize(
    ("kind", "day", "previous_day"),
    [
        (PeriodKind.QUARTER, date(2026, 3, 31), date(2025, 12, 31)),
        (PeriodKind.YEAR, date(2025, 12, 31), date(2024, 12, 31)),
        (PeriodKind.MONTH, date(2025, 10, 31), date(2025, 9, 30)),
    ],
)
def test_events_and_sessions_on_the_last_day_of_a_period(
    nord: Rows, kind: PeriodKind, day: date, previous_day: date
) -> None:
    nord.event(day, 30)
    nord.event(day.replace(day=1) if day.month != 12 else day, 0)
    nord.event(previous_day, 5)
    nord.session(nord.offering(), day, 8)
    found = values(kpis(nord.db, nord.quartier_id, Period.of(kind, day), today=AFTER))
    assert found[Kpi.PEOPLE_REACHED] == (38, 5)
    assert found[Kpi.EVENTS] == (2, 1)
    # the day after belongs to the next period
    following = Period.of(kind, day).end
    assert values(kpis(nord.db, nord.quartier_id, Period.of(kind, following), today=AFTER))[
        Kpi.PEOPLE_REACHED
    ] == (0, 38)


@pytest.mark.parametrize(
    ("month", "late", "early_next"),
    [
        # DST ends on 26 October 2025: the month ends in CET (UTC+1)
        (date(2025, 10, 1), berlin(2025, 10, 31, 23, 30), berlin(2025, 11, 1, 0, 10)),
        # DST starts on 29 March 2026: the month ends in CEST (UTC+2)
        (date(2026, 3, 1), berlin(2026, 3, 31, 23, 30), berlin(2026, 4, 1, 0, 10)),
        # the whole of January is CET
        (date(2026, 1, 1), berlin(2026, 1, 31, 23, 30), berlin(2026, 2, 1, 0, 10)),
    ],
)
def test_month_boundaries_in_berlin_time(
    nord: Rows, month: date, late: datetime, early_next: datetime
) -> None:
    nord.responses(late, 2)
    nord.responses(early_next, 5)
    nord.idea(late)
    nord.idea(early_next)
    period = Period.of(PeriodKind.MONTH, month)
    found = values(kpis(nord.db, nord.quartier_id, period, today=AFTER))
    assert found[Kpi.SURVEY_RESPONSES] == (2, 0)
    assert found[Kpi.IDEAS_SUBMITTED] == (1, 0)
    next_month = Period.of(period.kind, period.end)
    following = values(kpis(nord.db, nord.quartier_id, next_month, today=AFTER))
    assert following[Kpi.SURVEY_RESPONSES] == (5, 2)


def test_an_empty_period_is_all_zeros(nord: Rows) -> None:
    fill_march_and_february(nord, network=False)
    quiet = Period.of(PeriodKind.MONTH, date(2025, 6, 1))
    found = kpis(nord.db, nord.quartier_id, quiet, today=AFTER)
    assert [(v.value, v.previous) for v in found] == [(0, 0)] * len(Kpi)
    assert not period_has_data(found)
    # the previous period of April has data, April itself only the event of the 1st
    april = values(kpis(nord.db, nord.quartier_id, Period.of(PeriodKind.MONTH, AFTER), today=AFTER))
    assert april[Kpi.PEOPLE_REACHED] == (100, 56)


def test_a_quartier_without_anything_has_no_data(world: World) -> None:
    found = kpis(world.db, world.sued.id, MARCH, today=AFTER)
    assert all(v.value == 0 and v.previous == 0 for v in found)
    assert not period_has_data(found)


def test_measure_actions_write_the_status_history(world: World) -> None:
    idea_id = chosen_idea(world.db, world.nord.id)
    measure = create_measure(world.db, world.coordinator, world.nord.id, "Bänke", idea_id=idea_id)
    set_measure_status(world.db, world.coordinator, measure.id, MeasureStatus.ACTIVE)
    set_measure_status(world.db, world.coordinator, measure.id, MeasureStatus.DONE)
    with world.db.read() as cur:
        statuses = cur.execute(
            "SELECT status, changed_by FROM measure_status_changes WHERE measure_id = ?"
            " ORDER BY changed_at",
            [measure.id],
        ).fetchall()
    assert statuses == [
        ("geplant", world.coordinator.id),
        ("in_umsetzung", world.coordinator.id),
        ("umgesetzt", world.coordinator.id),
    ]
    today = berlin_today()
    found = values(kpis(world.db, world.nord.id, Period.of(PeriodKind.MONTH, today), today=today))
    assert found[Kpi.IDEAS_TO_MEASURES][0] == 1
    assert found[Kpi.MEASURES_DONE][0] == 1
