"""Population shares by language from city statistics."""

from __future__ import annotations

import pytest

from quartier.errors import ValidationError
from quartier.events import population_shares, set_population_shares
from tests.events.helpers import counts

MUSTERVIERTEL = {
    "de": 46,
    "tr": 17,
    "ar": 11,
    "ru": 6,
    "pl": 5,
    "uk": 5,
    "bg": 3,
    "ro": 3,
    "andere": 4,
}


def test_set_and_replace_shares(world):
    assert population_shares(world.db, world.nord.id) is None
    stored = set_population_shares(
        world.db, world.coordinator, world.nord.id, MUSTERVIERTEL, " Statistikstelle ", 2025
    )
    assert stored.shares == {k: float(v) for k, v in MUSTERVIERTEL.items()}
    assert list(stored.shares)[:3] == ["de", "tr", "ar"]
    assert (stored.source, stored.as_of_year) == ("Statistikstelle", 2025)
    assert population_shares(world.db, world.nord.id) == stored
    again = set_population_shares(
        world.db, world.coordinator, world.nord.id, {"de": 70.25, "tr": 29.75, "ar": 0}
    )
    assert again.shares == {"de": 70.25, "tr": 29.75}
    assert (again.source, again.as_of_year) == ("", None)
    assert population_shares(world.db, world.sued.id) is None


@pytest.mark.parametrize("total", [99.5, 100.5, 100.0])
def test_sums_within_tolerance_are_accepted(world, total):
    stored = set_population_shares(
        world.db, world.coordinator, world.nord.id, {"de": 50, "andere": total - 50}
    )
    assert sum(stored.shares.values()) == pytest.approx(total)


@pytest.mark.parametrize(
    ("shares", "key", "text"),
    [
        ({"de": 60, "tr": 39}, "errors.shares_sum", "99,0 %"),
        ({"de": 60, "tr": 40.4, "ar": 0.0}, None, None),
        ({"de": 60, "tr": 41}, "errors.shares_sum", "101,0 %"),
        ({"de": 60.4, "tr": 40.4}, "errors.shares_sum", "100,8 %"),
        ({"de": 110, "tr": -10}, "errors.share_out_of_range", "Deutsch"),
        ({"de": 101}, "errors.share_out_of_range", "101,0"),
        ({"de": 100, "tr": -1}, "errors.share_out_of_range", "Türkisch"),
        ({}, "errors.shares_empty", None),
        ({"de": 0, "tr": 0}, "errors.shares_empty", None),
        ({"de": 50, "xx": 50}, "errors.language_unknown", "xx"),
    ],
)
def test_bad_shares_are_refused_and_the_old_set_stays(world, shares, key, text):
    old = set_population_shares(world.db, world.coordinator, world.nord.id, MUSTERVIERTEL)
    before = counts(world.db)
    if key is None:
        set_population_shares(world.db, world.coordinator, world.nord.id, shares)
        return
    with pytest.raises(ValidationError) as err:
        set_population_shares(world.db, world.coordinator, world.nord.id, shares)
    assert (err.value.key, err.value.field) == (key, "shares")
    if text:
        assert text in err.value.message
    assert counts(world.db) == before
    assert population_shares(world.db, world.nord.id) == old


def test_sum_message_points_to_other_languages(world):
    with pytest.raises(ValidationError) as err:
        set_population_shares(world.db, world.coordinator, world.nord.id, {"de": 99})
    assert "andere Sprachen" in err.value.message and "99,0" in err.value.message


@pytest.mark.parametrize(
    ("source", "year", "field"), [("s" * 201, None, "source"), ("", 1800, "as_of_year")]
)
def test_bad_source_or_year(world, source, year, field):
    with pytest.raises(ValidationError) as err:
        set_population_shares(
            world.db, world.coordinator, world.nord.id, MUSTERVIERTEL, source, year
        )
    assert err.value.field == field
    assert population_shares(world.db, world.nord.id) is None
