"""Participation over time: monthly cells per dimension, suppression, boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from quartier.dashboard import DIMENSIONS, Breakdown, Period, PeriodKind, participation
from tests.dashboard.conftest import Rows, berlin

MARCH = Period.of(PeriodKind.MONTH, date(2026, 3, 1))
K = 5


def cells(b: Breakdown, month: date) -> dict[str, int | None]:
    return {cell: n for m, cell, n in b.rows if m == month}


def total(b: Breakdown, month: date) -> int | None:
    return dict(b.totals)[month]


def test_the_window_is_twelve_months_ending_with_the_period(nord: Rows) -> None:
    b = participation(nord.db, nord.quartier_id, MARCH, "channel", K)
    assert [m for m, _ in b.totals] == [date(2025, m, 1) for m in range(4, 13)] + [
        date(2026, m, 1) for m in range(1, 4)
    ]
    year = participation(nord.db, nord.quartier_id, Period.year(2025), "channel", K)
    assert [m for m, _ in year.totals] == [date(2025, m, 1) for m in range(1, 13)]


def test_channels_with_small_zero_and_secondary_suppression(nord: Rows, sued: Rows) -> None:
    # March: online 6, qr 5, kiosk 4 (hidden), papier 0 (hidden)
    nord.responses(berlin(2026, 3, 3), 4, channel="online")
    nord.ideas(berlin(2026, 3, 4), 2, channel="online")
    nord.responses(berlin(2026, 3, 31, 23, 30), 5, channel="qr")  # last evening of March
    nord.responses(berlin(2026, 3, 1, 0, 10), 4, channel="kiosk")  # first minutes of March
    # February: only papier 7
    nord.responses(berlin(2026, 2, 28, 23, 30), 7, channel="papier")
    # January: online 10, qr 6, kiosk 8, papier 2 -> papier and the smallest shown (qr) hidden
    nord.responses(berlin(2026, 1, 10), 10, channel="online")
    nord.responses(berlin(2026, 1, 11), 6, channel="qr")
    nord.ideas(berlin(2026, 1, 12), 8, channel="kiosk")
    nord.responses(berlin(2026, 1, 13), 2, channel="papier")
    # December: a month total below k hides everything
    nord.responses(berlin(2025, 12, 1), 3, channel="online")
    # outside the window
    nord.responses(berlin(2026, 4, 1, 0, 10), 50, channel="online")
    nord.responses(berlin(2025, 3, 31, 23, 30), 50, channel="online")
    sued.responses(berlin(2026, 3, 3), 40, channel="kiosk")

    b = participation(nord.db, nord.quartier_id, MARCH, "channel", K)
    assert b.dimension == "channel" and b.k == K
    march, feb, jan, dec = (date(2026, 3, 1), date(2026, 2, 1), date(2026, 1, 1),
                            date(2025, 12, 1))  # fmt: skip
    assert cells(b, march) == {"online": 6, "qr": 5, "kiosk": None, "papier": None}
    assert total(b, march) == 15
    assert cells(b, feb) == {"online": None, "qr": None, "kiosk": None, "papier": 7}
    assert total(b, feb) == 7
    assert cells(b, jan) == {"online": 10, "qr": None, "kiosk": 8, "papier": None}
    assert total(b, jan) == 26
    assert cells(b, dec) == dict.fromkeys(("online", "qr", "kiosk", "papier"))
    assert total(b, dec) is None
    assert total(b, date(2025, 6, 1)) is None  # a month without anything
    assert not b.is_empty


def test_event_types_with_offerings_as_one_group(nord: Rows, sued: Rows) -> None:
    nord.event(date(2026, 3, 5), 40, event_type="fest")
    nord.event(date(2026, 3, 31), 10, event_type="kurs")  # last day of the quarter
    nord.event(date(2026, 4, 1), 99, event_type="kurs")  # after the window
    nord.event(date(2026, 3, 20), None, event_type="infoveranstaltung")  # not recorded
    nord.event(date(2026, 2, 10), 7, event_type="sprechstunde")
    offering = nord.offering()
    nord.session(offering, date(2026, 3, 3), 6)
    nord.session(offering, date(2026, 2, 28), 4)
    sued.event(date(2026, 3, 5), 500, event_type="fest")

    b = participation(nord.db, nord.quartier_id, MARCH, "event_type", K)
    # sprechstunde is 0 in March: exactly one hidden cell, so the smallest shown (6) too
    assert cells(b, date(2026, 3, 1)) == {"fest": 40, "kurs": 10, "angebote": None,
                                          "sprechstunde": None}  # fmt: skip
    assert total(b, date(2026, 3, 1)) == 56
    assert cells(b, date(2026, 2, 1)) == {"fest": None, "kurs": None, "angebote": None,
                                          "sprechstunde": 7}  # fmt: skip
    assert total(b, date(2026, 2, 1)) == 11


def test_languages_split_sessions_equally_and_round_per_cell(nord: Rows) -> None:
    offering = nord.offering("Sprachkurs", "sprachkurs")
    day = date(2026, 3, 10)
    nord.session(offering, day, 10, ["de", "tr", "ar"])  # 3.33 each
    nord.session(offering, day, 8, ["tr", "ar"])  # 4 each
    nord.session(offering, day, 5, ["de", "uk"])  # 2.5 each: 5 per cell over two sessions
    nord.session(offering, day, 5, ["de", "uk"])
    nord.session(offering, day, 9)  # no languages: not counted by language
    nord.event(day, 20, by_language={"de": 3, "tr": 1})
    nord.responses(berlin(2026, 3, 11), 1, language="de")
    b = participation(nord.db, nord.quartier_id, MARCH, "language", K)
    # de 3.33 + 2.5 + 2.5 + 3 + 1 = 12.33, tr 3.33 + 4 + 1 = 8.33, ar 7.33, uk 5
    assert cells(b, date(2026, 3, 1)) == {"de": 12, "tr": 8, "ar": 7, "uk": 5}
    assert total(b, date(2026, 3, 1)) == 32


def test_an_exact_half_rounds_the_same_way_every_time(nord: Rows) -> None:
    """Thirds and sixths that add up to exactly x.5: summed exactly, never x.4999..."""
    offering = nord.offering("Beratung", "sozialberatung")
    day = date(2026, 3, 10)
    for people, languages in ((1, ["ru", "de", "tr"]), (1, ["ru", "de", "tr", "ar", "uk", "pl"])):
        for _ in range(15):
            nord.session(offering, day, people, languages)
    nord.event(day, 40, by_language={"ru": 5})
    # ru: 15 * 1/3 + 15 * 1/6 + 5 = 12.5 exactly; DuckDB rounds half away from zero
    seen = {
        cells(participation(nord.db, nord.quartier_id, MARCH, "language", K), date(2026, 3, 1))[
            "ru"
        ]
        for _ in range(20)
    }
    assert seen == {13}


def test_working_groups_by_name_with_reassigned_ideas(nord: Rows, sued: Rows) -> None:
    spiel = nord.group("<b>AG Spielplatz</b> & Co")
    gruen = nord.group("AG Grün")
    nord.event(date(2026, 3, 4), 12, event_type="ag_sitzung", group_id=spiel)
    nord.event(date(2026, 3, 5), 30)  # no group
    ideas = nord.ideas(berlin(2026, 3, 6), 7, group_id=gruen)
    with nord.db.transaction() as cur:
        for idea_id, detail in ((ideas[0], str(spiel)), (ideas[1], "")):
            cur.execute(
                "INSERT INTO idea_history (quartier_id, idea_id, action, detail)"
                " VALUES (?, ?, 'zugewiesen', ?)",
                [nord.quartier_id, idea_id, detail],
            )
    other = sued.group("AG Grün")
    sued.ideas(berlin(2026, 3, 6), 9, group_id=other)
    b = participation(nord.db, nord.quartier_id, MARCH, "working_group", K)
    assert cells(b, date(2026, 3, 1)) == {"<b>AG Spielplatz</b> & Co": 13, "AG Grün": 5}
    assert total(b, date(2026, 3, 1)) == 18


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_an_empty_window_has_no_cells(nord: Rows, dimension: str) -> None:
    nord.responses(berlin(2024, 3, 3), 40)
    b = participation(nord.db, nord.quartier_id, MARCH, dimension, K)
    assert b.rows == ()
    assert len(b.totals) == 12 and all(n is None for _, n in b.totals)
    assert b.is_empty


def test_an_unknown_dimension_is_refused(nord: Rows) -> None:
    with pytest.raises(ValueError, match="dimension"):
        participation(nord.db, nord.quartier_id, MARCH, "age; DROP TABLE ideas", K)
