"""Language reach, the idea funnel and network growth against hand-computed cases."""

from __future__ import annotations

from datetime import date

import pytest

from quartier.dashboard import (
    FUNNEL,
    Period,
    PeriodKind,
    idea_funnel,
    language_reach,
    month_ends,
    network_growth,
)
from quartier.ideas.stages import STAGE_SQL
from quartier.network.graph import as_of, load_network
from tests.dashboard.conftest import Rows, berlin
from tests.measures.conftest import add_group, add_round

MARCH = Period.of(PeriodKind.MONTH, date(2026, 3, 1))
K = 5


def reached_in_march(rows: Rows) -> None:
    """de 20, tr 6, ar 2, ru 5 in March; plenty in February."""
    rows.responses(berlin(2026, 3, 2), 14, language="de")
    rows.event(date(2026, 3, 7), 40, by_language={"de": 6, "tr": 2})
    rows.session(rows.offering(), date(2026, 3, 9), 8, ["tr", "ru"])  # 4 each
    rows.ideas(berlin(2026, 3, 31, 23, 30), 2, language="ar")
    rows.responses(berlin(2026, 3, 20), 1, language="ru")
    rows.responses(berlin(2026, 2, 28, 23, 30), 30, language="pl")


def test_reach_against_population_shares(nord: Rows, sued: Rows) -> None:
    reached_in_march(nord)
    nord.shares({"de": 50, "tr": 25, "ar": 15, "andere": 10})
    sued.responses(berlin(2026, 3, 2), 30, language="uk")
    sued.shares({"uk": 100})
    reach = language_reach(nord.db, nord.quartier_id, MARCH, K)
    assert reach.has_population and reach.k == K
    assert reach.total_reached == 33
    got = [(r.language, r.reached, r.population_share) for r in reach.rows]
    # ar (2) is hidden, so the smallest shown (ru 5) is hidden as well
    assert got == [("de", 20, 50.0), ("tr", 6, 25.0), ("ar", None, 15.0),
                   ("andere", None, 10.0), ("ru", None, None)]  # fmt: skip
    de, tr = reach.rows[0], reach.rows[1]
    assert de.reached_share == pytest.approx(100 * 20 / 33)
    assert de.ratio == pytest.approx((100 * 20 / 33) / 50)
    assert tr.ratio == pytest.approx((100 * 6 / 33) / 25)
    assert all(r.ratio is None and r.reached_share is None for r in reach.rows[2:])


def test_reach_without_population_shares(nord: Rows) -> None:
    reached_in_march(nord)
    reach = language_reach(nord.db, nord.quartier_id, MARCH, K)
    assert not reach.has_population
    assert [(r.language, r.reached) for r in reach.rows] == [
        ("de", 20), ("tr", 6), ("ar", None), ("ru", None)
    ]  # fmt: skip
    assert all(r.population_share is None and r.ratio is None for r in reach.rows)


def test_reach_of_an_empty_period(nord: Rows) -> None:
    reached_in_march(nord)
    quiet = Period.of(PeriodKind.MONTH, date(2025, 6, 1))
    reach = language_reach(nord.db, nord.quartier_id, quiet, K)
    assert reach.rows == () and reach.total_reached == 0 and not reach.has_population
    nord.shares({"de": 60, "tr": 40})
    reach = language_reach(nord.db, nord.quartier_id, quiet, K)
    assert [(r.language, r.reached) for r in reach.rows] == [("de", None), ("tr", None)]
    assert reach.has_population and reach.total_reached == 0


def test_reach_total_below_k_is_not_shown(nord: Rows) -> None:
    nord.responses(berlin(2026, 3, 2), 3, language="tr")
    reach = language_reach(nord.db, nord.quartier_id, MARCH, K)
    assert reach.total_reached == 0
    assert [(r.language, r.reached) for r in reach.rows] == [("tr", None)]


def _round(rows: Rows, group: int, outcomes: dict[int, str], *, closed: bool = True) -> None:
    add_round(rows.db, rows.quartier_id, group, outcomes, closed=closed)


def test_funnel_counts_each_step_reached(nord: Rows, sued: Rows) -> None:
    when = berlin(2026, 3, 10)
    group = add_group(nord.db, nord.quartier_id)
    nord.idea(when)  # only submitted
    rejected = nord.idea(when, status="abgelehnt")  # published once, then rejected
    with nord.db.transaction() as cur:
        cur.execute(
            "INSERT INTO idea_history (quartier_id, idea_id, action)"
            " VALUES (?, ?, 'veroeffentlicht')",
            [nord.quartier_id, rejected],
        )
    nord.idea(when, status="veroeffentlicht")
    in_open_round = nord.idea(when, status="veroeffentlicht")
    not_chosen = nord.idea(when, status="veroeffentlicht")
    planned, cancelled, done = (nord.idea(when, status="veroeffentlicht") for _ in range(3))
    _round(nord, group, {in_open_round: "ausgewaehlt"}, closed=False)
    _round(nord, group, {not_chosen: "nicht_ausgewaehlt", planned: "ausgewaehlt",
                         cancelled: "ausgewaehlt", done: "ausgewaehlt"})  # fmt: skip
    nord.measure(berlin(2026, 3, 20), planned)
    nord.status(nord.measure(berlin(2026, 3, 20), cancelled), "abgebrochen", berlin(2026, 3, 21))
    finished = nord.measure(berlin(2026, 3, 20), done)
    nord.status(finished, "umgesetzt", berlin(2026, 3, 22))
    earlier = nord.idea(berlin(2026, 2, 28, 23, 30), status="veroeffentlicht")  # February
    _round(nord, group, {earlier: "ausgewaehlt"})
    nord.measure(berlin(2026, 3, 20), earlier)
    sued.ideas(when, 4, status="veroeffentlicht")

    steps = idea_funnel(nord.db, nord.quartier_id, MARCH)
    assert [s.stage for s in steps] == list(FUNNEL)
    assert [s.ideas for s in steps] == [8, 7, 5, 3, 1]
    feb = idea_funnel(nord.db, nord.quartier_id, MARCH.previous())
    assert [s.ideas for s in feb] == [1, 1, 1, 1, 0]
    # The last step applies STAGE_SQL's rule to the cohort: both agree.
    lo, hi = MARCH.utc_bounds()
    with nord.db.read() as cur:
        done_by_stage = cur.execute(
            f"SELECT count(*) FROM ({STAGE_SQL}) s JOIN ideas i ON i.id = s.idea_id"
            " WHERE s.stage = 'umgesetzt' AND i.submitted_at >= $lo AND i.submitted_at < $hi",
            {
                "quartier": nord.quartier_id,
                "lo": MARCH.utc_bounds()[0],
                "hi": MARCH.utc_bounds()[1],
            },
        ).fetchone()
    assert done_by_stage == (steps[-1].ideas,)


def test_funnel_of_an_empty_period(nord: Rows) -> None:
    nord.idea(berlin(2026, 3, 10))
    steps = idea_funnel(nord.db, nord.quartier_id, Period.of(PeriodKind.QUARTER, date(2025, 5, 1)))
    assert [s.ideas for s in steps] == [0] * len(FUNNEL)


def test_growth_matches_the_network_as_of_rule(nord: Rows, sued: Rows) -> None:
    a = nord.actor(active_from=date(2025, 5, 1))
    b = nord.actor()
    c = nord.actor(active_from=date(2025, 9, 15), active_to=date(2026, 1, 31))
    d = nord.actor(active_to=date(2025, 10, 31))
    nord.tie(a, b, starts_on=date(2025, 6, 30))  # holds from the end of June
    nord.tie(b, c)  # only while c is active
    nord.tie(b, d, ends_on=date(2025, 8, 31))
    nord.tie(a, d)  # until d ends
    sued.tie(sued.actor(), sued.actor())
    today = date(2026, 3, 10)
    points = network_growth(nord.db, nord.quartier_id, MARCH, today=today)
    assert [p.month_end for p in points] == month_ends(MARCH, today)
    assert points[-1].month_end == today
    data = load_network(nord.db, nord.quartier_id)
    for p in points:
        snapshot = as_of(data, p.month_end)
        assert (p.actors, p.ties) == (len(snapshot.actors), len(snapshot.ties)), p
    by_day = {p.month_end: (p.actors, p.ties) for p in points}
    assert by_day[date(2025, 4, 30)] == (2, 1)  # b, d; b–d
    assert by_day[date(2025, 6, 30)] == (3, 3)  # + a; a–b starts, b–d, a–d
    assert by_day[date(2025, 9, 30)] == (4, 3)  # + c; a–b, b–c, a–d (b–d ended)
    assert by_day[date(2026, 1, 31)] == (3, 2)  # d ended: a–b, b–c (c ends today)
    assert by_day[date(2026, 2, 28)] == (2, 1)


def test_growth_without_actors_and_before_any_month_ended(nord: Rows) -> None:
    points = network_growth(nord.db, nord.quartier_id, MARCH, today=date(2026, 3, 10))
    assert len(points) == 12 and all(p.actors == p.ties == 0 for p in points)
    assert network_growth(nord.db, nord.quartier_id, MARCH, today=date(2025, 1, 1)) == []
