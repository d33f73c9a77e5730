"""Similar ideas while typing a title."""

from __future__ import annotations

import pytest

from quartier.ideas import IdeaStatus, similar_ideas
from tests.ideas.helpers import in_status, published, submit

TITLES = [
    "Neuer Spielplatz Lindenplatz",
    "Bänke und Schatten am Spielplatz",
    "Sprachcafé für Frauen",
    "Mehr Licht im Hinterhof",
    "Nachbarschaftsfest im Sommer",
    "Internationales Kinderfest",
    "Sportplatz für alle",
    "ملعب جديد للأطفال",
]


@pytest.fixture
def ideas(world):
    return {t: published(world, t) for t in TITLES}


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Spielplatz am Lindenplatz", "Neuer Spielplatz Lindenplatz"),
        ("lindenplatz SPIELPLATZ", "Neuer Spielplatz Lindenplatz"),  # order and case
        ("Spielpaltz Lindenplatz!", "Neuer Spielplatz Lindenplatz"),  # a typo, punctuation
        ("Sprachkaffee für Frauen", "Sprachcafé für Frauen"),
        ("Hinterhof: mehr Licht!", "Mehr Licht im Hinterhof"),
        ("Kinderfest", "Internationales Kinderfest"),
        ("ملعب للأطفال", "ملعب جديد للأطفال"),
    ],
)
def test_similar_titles_are_found_best_first(world, ideas, typed, first):
    found = similar_ideas(world.db, world.nord.id, typed)
    assert found and found[0].title == first


def test_unrelated_titles_find_nothing(world, ideas):
    assert similar_ideas(world.db, world.nord.id, "Müllabfuhr montags") == []


@pytest.mark.parametrize("typed", ["", "  ", "ab", "a b"])
def test_short_titles_give_no_suggestions(world, ideas, typed):
    assert similar_ideas(world.db, world.nord.id, typed) == []


def test_only_published_ideas_of_the_same_quartier(world):
    submit(world, "Spielplatz am Lindenplatz (neu)")
    in_status(world, IdeaStatus.REJECTED, "Spielplatz am Lindenplatz abgelehnt")
    published(world, "Spielplatz am Lindenplatz", quartier_id=world.sued.id)
    assert similar_ideas(world.db, world.nord.id, "Spielplatz am Lindenplatz") == []
    sued = similar_ideas(world.db, world.sued.id, "Spielplatz am Lindenplatz")
    assert [i.title for i in sued] == ["Spielplatz am Lindenplatz"]
    assert sued[0].author_name is None


def test_the_limit_holds_and_the_closest_title_comes_first(world):
    for n in range(8):
        published(world, f"Spielplatz Nummer {n}")
    exact = published(world, "Spielplatz")
    found = similar_ideas(world.db, world.nord.id, "spielplatz", limit=3)
    assert len(found) == 3 and found[0].id == exact.id


def test_a_huge_typed_title_is_handled(world, ideas):
    assert isinstance(similar_ideas(world.db, world.nord.id, "Spielplatz " * 10_000), list)
