"""Invariants of the pure checks, over generated input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quartier.errors import ValidationError
from quartier.events import AgeBand
from quartier.events.checks import breakdown
from quartier.events.model import SHARE_TOLERANCE
from quartier.events.population import check_shares

BANDS = [b.value for b in AgeBand]


@given(st.integers(0, 500), st.dictionaries(st.sampled_from(BANDS), st.integers(0, 300)))
def test_an_accepted_breakdown_never_exceeds_the_total(total, cells):
    try:
        cleaned = breakdown(cells, "by_age", total, by_language=False)
    except ValidationError as err:
        assert err.key == "errors.breakdown_exceeds_total"
        assert sum(cells.values()) > total
    else:
        assert sum(cleaned.values()) == sum(cells.values()) <= total
        assert 0 not in cleaned.values()


@given(
    st.dictionaries(
        st.sampled_from(["de", "tr", "ar", "andere"]),
        st.decimals(0, 100, places=2).map(float),
        min_size=1,
    )
)
def test_shares_are_accepted_exactly_when_they_add_up(shares):
    total = round(sum(shares.values()), 2)
    try:
        cleaned = check_shares(shares)
    except ValidationError as err:
        assert err.field == "shares"
        assert total == 0 or abs(total - 100) > SHARE_TOLERANCE
    else:
        assert abs(sum(cleaned.values()) - 100) <= SHARE_TOLERANCE + 1e-9
