"""Invariants: periods tile the calendar; suppressed breakdowns never give a cell away."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.dashboard import Period, PeriodKind, month_ends, trend_window, utc_midnight
from quartier.dashboard.participation import BUCKETS
from quartier.privacy import suppressed

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
kinds = st.sampled_from(list(PeriodKind))


@given(kinds, days)
def test_a_period_contains_its_day_and_follows_its_previous(kind: PeriodKind, day: date) -> None:
    period = Period.of(kind, day)
    assert period.contains(day)
    assert not period.contains(period.end) and period.contains(period.start)
    previous = period.previous()
    assert previous.end == period.start and previous.kind is kind
    assert Period.of(kind, period.end - timedelta(days=1)) == period
    assert Period.of(kind, period.end).previous() == period
    assert utc_midnight(period.start) < utc_midnight(period.end)
    months = period.months()
    assert months[0] == period.start and all(period.contains(m) for m in months)


@given(kinds, days, days)
def test_month_ends_are_in_the_window_and_not_after_today(
    kind: PeriodKind, day: date, today: date
) -> None:
    period = Period.of(kind, day)
    window = trend_window(period)
    ends = month_ends(period, today)
    assert ends == sorted(set(ends))
    assert all(window.contains(e) and e <= today for e in ends)
    assert len(trend_window(period).months()) == 12


_CELLS = """
    SELECT unnest($grp) AS grp, unnest($cell) AS cell, unnest($n) AS n
"""

cell_counts = st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(cell_counts, min_size=1, max_size=4), st.integers(min_value=3, max_value=8))
def test_suppression_never_reveals_a_small_cell(months: list[list[int]], k: int) -> None:
    grp, cell, n = [], [], []
    for m, counts in enumerate(months):
        for c, value in enumerate(counts):
            grp.append(m)
            cell.append(f"c{c}")
            n.append(value)
    con = duckdb.connect()
    rows = con.execute(suppressed(_CELLS), {"grp": grp, "cell": cell, "n": n, "k": k}).fetchall()
    con.close()
    for m, counts in enumerate(months):
        shown = {c: v for g, c, v, _ in rows if g == m}
        totals = {t for g, _, _, t in rows if g == m}
        assert totals == {sum(counts) if sum(counts) >= k else None}
        for c, value in enumerate(counts):
            got = shown[f"c{c}"]
            assert got is None or (got == value and value >= k)
            if value < k:
                assert got is None
        hidden = [c for c, v in shown.items() if v is None]
        if sum(counts) >= k:
            assert len(hidden) != 1  # total minus the shown cells would give it away


def test_buckets_zip_the_lists_in_order() -> None:
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT * FROM ({BUCKETS})",
        {"months": [date(2026, 1, 1), date(2026, 2, 1)], "lo": [1, 2], "hi": [2, 3],
         "next": [date(2026, 2, 1), date(2026, 3, 1)]},
    ).fetchall()  # fmt: skip
    assert [r[0] for r in rows] == [date(2026, 1, 1), date(2026, 2, 1)]
