"""Start: the public page of a Quartier, for residents without an account."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from quartier import demo
from quartier.auth.accounts import create_admin
from quartier.quartiers import create_quartier_in
from quartier.storage import Database
from quartier.ui.components import plain
from tests.conftest import PASSWORD, World
from tests.ui.conftest import APP, DE, AppFactory, bar_counts, charts, titles, values


def active_demo_actors(today: date) -> Counter[str]:
    """Demo actors active ``today`` per type, counted from the demo's own list."""
    return Counter(
        str(kind)
        for _, kind, _, _, start, end in demo.ACTORS
        if (start is None or start <= today) and (end is None or end >= today)
    )


@pytest.fixture
def demo_db(app_db: Database) -> Database:
    """An installed app (one admin) with the demo Quartier loaded."""
    create_admin(app_db, "chefin", PASSWORD)
    demo.seed(app_db)
    return app_db


def test_a_resident_sees_the_demo_quartier(demo_db: Database, app_as: AppFactory) -> None:
    at = app_as()

    assert not at.exception
    assert titles(at) == ["Musterviertel"]
    assert values(at.main.caption)[0] == "Musterstadt"
    markdown = values(at.markdown)
    assert any("Lindenplatz 1, 12345 Musterstadt" in m for m in markdown)
    assert any("Mo–Do 9–13 Uhr" in m for m in markdown)
    assert any(m.startswith("Im Musterviertel leben rund 6") for m in markdown)

    counts = active_demo_actors(date.today())
    assert [(m.label, m.value) for m in at.metric] == [
        (DE("start.active_actors"), DE.number(sum(counts.values())))
    ]
    [chart] = charts(at)
    assert bar_counts(chart) == {DE(f"actor_type.{kind}"): n for kind, n in counts.items()}
    assert DE("start.take_part_text") in markdown


def test_a_single_quartier_needs_no_choice(demo_db: Database, app_as: AppFactory) -> None:
    at = app_as()

    assert len(at.selectbox) == 1  # only the language picker in the sidebar
    assert at.selectbox[0].key == "lang"


def test_with_two_quartiere_a_selectbox_picks_one(demo_db: Database, app_as: AppFactory) -> None:
    with demo_db.transaction() as cur:
        create_quartier_in(cur, "altstadt", "Altstadt", "Musterstadt")
    at = app_as()
    chooser = at.selectbox(key="start_quartier")
    assert chooser.label == DE("start.choose_quartier")
    assert chooser.options == ["Altstadt", "Musterviertel"]
    assert titles(at) == ["Altstadt"]
    assert DE("start.no_actors") in values(at.main.caption)
    assert DE("start.office_unknown") in values(at.main.caption)

    assert at.query_params["q"] == "altstadt"

    at.selectbox(key="start_quartier").select("musterviertel").run()

    assert titles(at) == ["Musterviertel"]
    assert at.query_params["q"] == "musterviertel"
    counts = active_demo_actors(date.today())
    assert at.metric[0].value == DE.number(sum(counts.values()))
    assert sum(bar_counts(charts(at)[0]).values()) == sum(counts.values())


def test_public_page_shows_no_internal_data(demo_db: Database, app_as: AppFactory) -> None:
    at = app_as()

    shown = " ".join(values(at.markdown) + values(at.caption) + titles(at))
    for _, username, display_name in demo.ACCOUNTS:
        assert username not in shown
        assert display_name not in shown
    for name, *_ in demo.ACTORS:
        assert name not in shown
    assert not at.dataframe
    assert titles(at) == ["Musterviertel"]


def test_a_link_with_the_slug_opens_that_quartier(app_world: World, app_db: Database) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["q"] = "sued"

    at.run()

    assert titles(at) == ["Quartier Süd"]


def test_without_any_quartier_a_welcome_is_shown(app_db: Database, app_as: AppFactory) -> None:
    create_admin(app_db, "chefin", PASSWORD)

    at = app_as()

    assert titles(at) == [DE("start.welcome_title")]
    assert values(at.info) == [DE("start.no_quartier")]
    assert not at.metric


def test_a_quartier_name_is_shown_literally(app_db: Database, app_as: AppFactory) -> None:
    create_admin(app_db, "chefin", PASSWORD)
    name = "Ost *Mitte* [Plan](https://example.org)"
    with app_db.transaction() as cur:
        create_quartier_in(cur, "ost", name, "Neu_Stadt")

    at = app_as()

    assert values(at.main.caption)[:1] == [plain("Neu_Stadt")]  # the city is escaped
    assert titles(at) == [plain(name)]
