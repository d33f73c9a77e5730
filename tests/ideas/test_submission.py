"""Submitting an idea: clean input, bad input refused with nothing stored, double taps."""

from __future__ import annotations

from datetime import date

import pytest

from quartier.errors import NotFoundError, ValidationError
from quartier.events import create_event
from quartier.ideas import (
    IdeaStatus,
    Stage,
    get_idea,
    idea_status,
    new_receipt_code,
    public_board,
    submit_idea,
    support_idea,
)
from quartier.network import FieldOfAction
from quartier.surveys.responses import Channel
from tests.ideas.helpers import count, history, published, submit

TABLES = ("ideas", "idea_history")


def _nothing_stored(world) -> bool:
    return all(count(world.db, t) == 0 for t in TABLES)


def test_a_submitted_idea_is_stored_with_its_history_and_a_code(world):
    receipt = submit(
        world,
        "  Bänke   und\nSchatten  am Spielplatz ",
        description="  Im Sommer ist es dort zu heiß.\n\nBitte Bäume!  ",
        field_of_action=FieldOfAction.CHILDREN_YOUTH,
        place=" Lindenplatz ",
        language="tr",
        channel=Channel.KIOSK,
    )
    idea = receipt.idea
    assert idea.title == "Bänke und Schatten am Spielplatz"
    assert idea.description == "Im Sommer ist es dort zu heiß.\n\nBitte Bäume!"
    assert (idea.place, idea.language, idea.channel) == ("Lindenplatz", "tr", Channel.KIOSK)
    assert idea.field_of_action is FieldOfAction.CHILDREN_YOUTH
    assert (idea.status, idea.stage, idea.supports) == (IdeaStatus.SUBMITTED, Stage.SUBMITTED, 0)
    assert idea.author_name is None and idea.author_contact is None
    assert history(world.db, idea.id) == [("eingereicht", "")]
    assert idea_status(world.db, receipt.code).idea.id == idea.id


@pytest.mark.parametrize(
    ("kwargs", "key", "field"),
    [
        ({"title": ""}, "errors.idea_title_missing", "title"),
        ({"title": " \n\t "}, "errors.idea_title_missing", "title"),
        ({"title": "x" * 121}, "errors.text_too_long", "title"),
        ({"title": "x" * 100_000}, "errors.text_too_long", "title"),
        ({"description": "x" * 4001}, "errors.text_too_long", "description"),
        ({"description": "Ä" * 100_000}, "errors.text_too_long", "description"),
        ({"place": "x" * 201}, "errors.text_too_long", "place"),
        ({"language": ""}, "errors.idea_language_invalid", "language"),
        ({"language": "x"}, "errors.idea_language_invalid", "language"),
        ({"language": "Deutsch!"}, "errors.idea_language_invalid", "language"),
        ({"language": "de-" + "x" * 20}, "errors.idea_language_invalid", "language"),
        ({"author_name": "Aylin"}, "errors.idea_consent_missing", "consent"),
        ({"author_contact": "0171 234567"}, "errors.idea_consent_missing", "consent"),
        ({"author_name": "A" * 81, "consent": True}, "errors.text_too_long", "author_name"),
        ({"author_contact": "1" * 201, "consent": True}, "errors.text_too_long", "author_contact"),
        ({"field_of_action": "kochen"}, "errors.idea_field_invalid", "field_of_action"),
        ({"channel": "fax"}, "errors.idea_channel_invalid", "channel"),
        ({"receipt_code": "gibt-es-nicht"}, "errors.receipt_code_invalid", "receipt_code"),
        ({"receipt_code": ""}, "errors.receipt_code_invalid", "receipt_code"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(world, kwargs, key, field):
    args = {"title": "Bänke am Spielplatz", "language": "de", **kwargs}
    title = args.pop("title")
    with pytest.raises(ValidationError) as caught:
        submit_idea(world.db, world.nord.id, title, **args)
    assert (caught.value.key, caught.value.field) == (key, field)
    assert caught.value.message and caught.value.message != key
    assert _nothing_stored(world)


def test_a_100000_character_description_gets_a_german_message_with_the_limit(world):
    with pytest.raises(ValidationError) as caught:
        submit(world, description="x" * 100_000)
    message = caught.value.message
    assert "„Beschreibung“" in message and "4000" in message and "100000" in message
    assert "kürzen" in message
    assert _nothing_stored(world)


def test_html_markdown_and_script_are_stored_verbatim(world):
    title = "<script>alert('x')</script> **fett** [Link](javascript:1)"
    description = "<img src=x onerror=alert(1)>\n# Überschrift\n<b>&amp;</b>"
    receipt = submit(world, title, description=description, place="<i>Hof</i>")
    idea = get_idea(world.db, world.coordinator, receipt.idea.id)
    assert (idea.title, idea.description, idea.place) == (title, description, "<i>Hof</i>")


def test_an_arabic_title_round_trips_on_status_page_and_board(world):
    title = "ملعب جديد للأطفال في ساحة الزيزفون"
    receipt = submit(world, title, description="نريد مقاعد وظلًا", language="ar")
    assert idea_status(world.db, receipt.code).idea.title == title
    published_idea = published(world, title, language="ar")
    board = public_board(world.db, world.nord.id)
    assert [(i.title, i.language) for i in board.ideas] == [(title, "ar")]
    assert board.ideas[0].id == published_idea.id


@pytest.mark.parametrize(
    ("given", "stored"),
    [("de", "de"), ("AR", "ar"), ("fa", "fa"), ("ckb", "ckb"), ("sr_Latn", "sr-latn")],
)
def test_languages_beyond_the_ui_languages_are_accepted(world, given, stored):
    assert submit(world, language=given).idea.language == stored


def test_name_and_contact_are_stored_only_with_consent_and_shown_only_to_staff(world):
    receipt = submit(world, author_name="  Aylin   Demir ", author_contact=" 0171 234567 ",
                     consent=True)  # fmt: skip
    assert receipt.idea.author_name is None  # the receipt is no staff read
    staff = get_idea(world.db, world.coordinator, receipt.idea.id)
    assert (staff.author_name, staff.author_contact) == ("Aylin Demir", "0171 234567")
    assert idea_status(world.db, receipt.code).idea.author_name is None
    with world.db.read() as cur:
        consent = cur.execute("SELECT consent_at FROM ideas").fetchone()
    assert consent is not None and consent[0] is not None


def test_consent_without_personal_data_stores_no_consent_time(world):
    receipt = submit(world, author_name="  ", author_contact="", consent=True)
    with world.db.read() as cur:
        row = cur.execute("SELECT author_name, author_contact, consent_at FROM ideas").fetchone()
    assert row == (None, None, None)
    assert receipt.idea.status is IdeaStatus.SUBMITTED


def test_an_event_of_the_same_quartier_tags_the_idea(world):
    own = create_event(world.db, world.coordinator, world.nord.id, "Kinderfest", date(2026, 6, 1))
    other = create_event(world.db, world.coordinator_sued, world.sued.id, "Fest", date(2026, 6, 1))
    assert submit(world, event_id=own.id).idea.event_id == own.id
    before = count(world.db, "ideas")
    for event_id in (other.id, 999_999):
        with pytest.raises(NotFoundError):
            submit(world, "Noch eine Idee", event_id=event_id)
    assert count(world.db, "ideas") == before


def test_an_unknown_quartier_is_refused(world):
    with pytest.raises(NotFoundError) as caught:
        submit_idea(world.db, 999_999, "Idee", language="de")
    assert caught.value.key == "errors.idea_quartier_unknown"
    assert _nothing_stored(world)


def test_a_double_tap_with_the_same_code_returns_the_same_idea(world):
    code = new_receipt_code()
    first = submit(world, "Sprachcafé", receipt_code=code)
    again = submit(world, " Sprachcafé ", receipt_code=code.lower().replace("-", " "))
    assert first.code == again.code == code
    assert first.idea == again.idea
    assert count(world.db, "ideas") == 1 and count(world.db, "idea_history") == 1


@pytest.mark.parametrize("other", ["another title", "another quartier"])
def test_a_code_already_used_elsewhere_is_refused_without_leaking_the_idea(world, other):
    code = new_receipt_code()
    submit(world, "Sprachcafé", receipt_code=code)
    kwargs = {"quartier_id": world.sued.id} if other == "another quartier" else {}
    title = "Sprachcafé" if kwargs else "Etwas ganz anderes"
    with pytest.raises(ValidationError) as caught:
        submit(world, title, receipt_code=code, **kwargs)
    assert caught.value.key == "errors.receipt_code_invalid"
    assert "Sprachcafé" not in caught.value.message
    assert count(world.db, "ideas") == 1


def test_supports_count_up_on_published_ideas_only(world):
    idea = published(world)
    assert [support_idea(world.db, idea.id, ch) for ch in (Channel.ONLINE, Channel.KIOSK)] == [1, 2]
    assert public_board(world.db, world.nord.id).ideas[0].supports == 2
    waiting = submit(world, "Noch nicht moderiert").idea
    for idea_id in (waiting.id, 999_999):
        with pytest.raises(NotFoundError) as caught:
            support_idea(world.db, idea_id)
        assert caught.value.key == "errors.idea_unknown"
    assert count(world.db, "idea_supports") == 2
