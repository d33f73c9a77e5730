"""Languages: English pages carry no German catalogue text and no raw keys; the
language comes from the URL, the picker or the browser, German being the fallback."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from quartier.i18n import catalogue_keys
from quartier.network import ActorType, FieldOfAction, add_actor_in
from quartier.storage import Database
from tests.conftest import World
from tests.ui.conftest import (
    APP,
    DE,
    EN,
    NAVIGATION,
    ROLES,
    AppFactory,
    bar_counts,
    button,
    charts,
    page_or_start,
    titles,
    user_of,
    values,
    visible_texts,
)

GERMAN = catalogue_keys("de")
ENGLISH = catalogue_keys("en")
NAMESPACES = sorted({key.split(".")[0] for key in GERMAN})
KEY_LIKE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
KEY_INSIDE = re.compile(r"\b(?:" + "|".join(NAMESPACES) + r")\.[a-z_]+(?:\.[a-z_]+)*\b")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

ACTORS = ("Lindenhof Library", "Rainbow Nursery")

# The picker is labelled in every language on purpose; its options are native names.
PICKER = {"Sprache · Language · Dil · اللغة · Язык · Мова · Język", "Deutsch", "English"}

# Per page, a catalogue key whose text heads the page (Start's title is the Quartier's
# name, so its first subheader stands in).
HEADING = {
    "pages/start.py": "start.office",
    "pages/login.py": "login.title",
    "pages/my_quartier.py": "my_quartier.title",
    "pages/users.py": "users.title",
    "pages/quartiers.py": "quartiers.title",
    "pages/backup.py": "backup.title",
    "pages/account.py": "account.title",
    "pages/logout.py": "logout.title",
    "pages/onboarding.py": "onboarding.title",
    "pages/surveys.py": "surveys.title",
    "pages/survey_builder.py": "builder.title",
    "pages/survey_results.py": "results.title",
    "pages/paper_entry.py": "paper.title",
    "pages/ideas_board.py": "resident.board.title",
    "pages/idea_submit.py": "resident.idea.title",
    "pages/idea_status.py": "resident.status.title",
    "pages/idea_moderation.py": "moderation.title",
    "pages/working_groups.py": "groups.title",
    "pages/rounds.py": "rounds.title",
    "pages/measures.py": "measures.title",
    "pages/network.py": "network.title",
    "pages/actors.py": "actors.title",
    "pages/calendar.py": "resident.calendar.title",
    "pages/dashboard.py": "dashboard.title",
    "pages/events.py": "events.title",
    "pages/offerings.py": "offerings.title",
    "pages/report.py": "report.title",
}
# The resident survey page needs a survey link; its seven languages are tested in
# test_survey_public.py.
RESIDENT_PAGE = "pages/survey_public.py"


def _german_patterns() -> dict[str, re.Pattern[str]]:
    """Per catalogue key whose German differs from its English: its literal pieces
    (between placeholders) as whole words. "Quartier" alone is also the app's name in
    every language, so it counts only as a whole text."""
    patterns = {}
    for key, german in GERMAN.items():
        if german == ENGLISH.get(key):
            continue
        pieces = sorted(
            {p.strip() for p in PLACEHOLDER.split(german) if len(p.strip()) >= 5} - {"Quartier"},
            key=len,
            reverse=True,
        )
        if pieces:
            alternatives = "|".join(re.escape(p) for p in pieces)
            patterns[key] = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return patterns


GERMAN_PATTERNS = _german_patterns()
DIFFERENT = [key for key, german in GERMAN.items() if german != ENGLISH.get(key)]


def german_leaks(texts: list[str], data: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(key, text) for every shown text that holds German catalogue text. ``data``
    (names people typed in, such as "Kim Koordination") is taken out first."""
    leaks = [(key, text) for text in texts for key in DIFFERENT if text == GERMAN[key]]
    for text in texts:
        for value in sorted(data, key=len, reverse=True):
            text = text.replace(value, " ")
        leaks += [(key, text) for key, pattern in GERMAN_PATTERNS.items() if pattern.search(text)]
    return leaks


def data_of(world: World) -> tuple[str, ...]:
    """What the test world's people typed in: names of people, Quartiere and actors."""
    people = (world.admin, world.coordinator, world.member, world.coordinator_sued)
    return (
        *(p.display_name for p in people),
        *(p.username for p in people),
        world.nord.name,
        world.sued.name,
        world.nord.city,
        *ACTORS,
    )


def raw_keys(texts: list[str]) -> list[str]:
    found = [t for t in texts if KEY_LIKE.match(t)]
    found += [m.group() for t in texts for m in KEY_INSIDE.finditer(t)]
    found += [t for t in texts for key in GERMAN if key in t]
    return found


def headings(at: AppTest) -> list[str]:
    return titles(at) + values(at.subheader)


def assert_english(at: AppTest, page: str, data: tuple[str, ...] = ()) -> None:
    texts = [t for t in visible_texts(at) if t not in PICKER]
    assert texts, "the page shows nothing"
    assert not at.exception
    assert german_leaks(texts, data) == []
    assert raw_keys(texts) == []
    key = HEADING[page]
    assert EN(key) != DE(key)
    assert EN(key) in headings(at)
    assert DE(key) not in headings(at)


@pytest.fixture
def world_with_actors(app_world: World) -> World:
    """Actors with a type and fields of action, so their labels are on the pages too."""
    with app_world.db.transaction() as cur:
        add_actor_in(
            cur,
            app_world.nord.id,
            ACTORS[0],
            ActorType.LIBRARY,
            [FieldOfAction.EDUCATION, FieldOfAction.HOUSING],
            "Head",
            date(2020, 1, 1),
        )
        add_actor_in(cur, app_world.nord.id, ACTORS[1], ActorType.KITA)
    return app_world


@pytest.mark.parametrize(
    ("role", "page"),
    [(role, page) for role in ROLES for page in sorted(NAVIGATION[role]) if page != RESIDENT_PAGE],
)
def test_every_page_is_english_throughout(
    world_with_actors: World, app_as: AppFactory, role: str, page: str
) -> None:
    at = app_as(user_of(world_with_actors, role), page=page_or_start(page), lang="en")

    assert at.query_params["lang"] == "en"
    assert_english(at, page, data_of(world_with_actors))


def test_onboarding_is_english_too(app_db: Database, app_as: AppFactory) -> None:
    at = app_as(lang="en")

    assert_english(at, "pages/onboarding.py")


def test_the_leak_check_finds_german_text(world_with_actors: World, app_as: AppFactory) -> None:
    """The checks above are only worth something if German pages fail them."""
    at = app_as(world_with_actors.member, page="pages/my_quartier.py", lang="de")

    leaks = german_leaks(visible_texts(at), data_of(world_with_actors))
    assert ("my_quartier.title", "Mein Quartier") in leaks
    assert ("actor_type.bibliothek", DE("actor_type.bibliothek")) in leaks
    assert ("field.username", "Benutzername") in leaks
    assert german_leaks(["Kim Koordination"]) != []  # "Koordination" is German ...
    assert german_leaks(["Kim Koordination"], ("Kim Koordination",)) == []  # ... but a name
    assert german_leaks([f"**{DE('field.role')}:** Admin"]) == [
        ("field.role", f"**{DE('field.role')}:** Admin")
    ]
    assert raw_keys(["errors.unknown_thing"]) != []
    assert raw_keys(["Role: role.chief"]) != []
    assert raw_keys(["e.g. “berliner-viertel”", "quartier-sicherung-2026.duckdb"]) == []


def test_the_browser_locale_picks_english(app_world: World, app_db: Database) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.context["locale"] = "en-US"

    at.run()

    assert EN("start.office") in headings(at)
    assert at.query_params["lang"] == "en"
    assert at.selectbox(key="lang").value == "en"


def test_an_unknown_language_falls_back_to_german(app_world: World, app_as: AppFactory) -> None:
    at = app_as(lang="xx")

    assert DE("start.office") in headings(at)
    assert at.query_params["lang"] == "de"


def test_the_url_language_wins_over_the_browser(app_world: World, app_db: Database) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.context["locale"] = "en-GB"
    at.query_params["lang"] = "de"

    at.run()

    assert DE("start.office") in headings(at)
    assert at.query_params["lang"] == "de"


def test_the_picker_switches_and_the_url_remembers(app_world: World, app_as: AppFactory) -> None:
    at = app_as(app_world.coordinator, page="pages/account.py")
    assert at.query_params["lang"] == "de"
    assert titles(at) == [DE("account.title")]

    at.selectbox(key="lang").select("en").run()

    assert titles(at) == [EN("account.title")]
    assert at.query_params["lang"] == "en"
    assert values(at.sidebar.caption) == [
        EN("nav.logged_in_as", name="Kim Koordination", role=EN("role.coordinator"))
    ]
    at.switch_page("pages/my_quartier.py").run()
    assert titles(at) == [EN("my_quartier.title")]


def test_messages_after_an_action_are_english_too(
    world_with_actors: World, app_as: AppFactory
) -> None:
    at = app_as(world_with_actors.admin, page="pages/backup.py", lang="en")

    button(at, EN("backup.create")).click().run()

    name, data, rows = at.session_state["_backup"]
    assert values(at.success) == [
        EN("backup.ready", rows=EN.number(rows), size=EN.number(round(len(data) / 1024)))
    ]
    assert [b.label for b in at.download_button] == [EN("backup.download", name=name)]
    assert_english(at, "pages/backup.py", data_of(world_with_actors))


def test_the_start_chart_is_labelled_in_the_language(
    world_with_actors: World, app_as: AppFactory
) -> None:
    english = app_as(lang="en")
    german = app_as(lang="de")

    expected = {"actor_type.bibliothek": 1, "actor_type.kita": 1}
    assert bar_counts(charts(english)[0]) == {EN(k): n for k, n in expected.items()}
    assert bar_counts(charts(german)[0]) == {DE(k): n for k, n in expected.items()}
    assert ("actor_type.bibliothek", DE("actor_type.bibliothek")) in german_leaks(
        visible_texts(german), data_of(world_with_actors)
    )
