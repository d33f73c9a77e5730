"""The builder's working copy: round trip, edits, and what saving refuses."""

from __future__ import annotations

import pytest

from quartier.errors import ValidationError
from quartier.surveys import editing
from quartier.surveys.demo_survey import DEFINITION as DEMO
from quartier.surveys.model import QuestionType


def names(copy: editing.Copy) -> list[list[str]]:
    return [[q["name"] for q in page["questions"]] for page in copy["pages"]]


def ids(copy: editing.Copy) -> dict[str, str]:
    return {q["name"]: q["id"] for q in editing.questions(copy)}


def test_the_demo_survey_survives_the_round_trip() -> None:
    copy = editing.working_copy(DEMO)

    assert editing.definition_from_copy(copy) == DEMO
    assert editing.content(copy) == editing.content(editing.working_copy(DEMO))


def test_ids_are_unique_and_stay_with_their_question() -> None:
    copy = editing.working_copy(DEMO)
    before = ids(copy)
    assert len(set(before.values()) | {p["id"] for p in copy["pages"]}) == len(before) + 2

    editing.move_question(copy, before["orte"], -1)
    new = editing.add_question(copy, QuestionType.DATE, after=before["alter"])

    assert ids(copy) == {**before, "frage_1": new}
    assert names(copy)[1][-3:] == ["alter", "frage_1", "idee"]


def test_moving_crosses_pages_and_stops_at_the_ends() -> None:
    copy = editing.working_copy(DEMO)
    first_of_second_page = ids(copy)["kennt_angebote"]

    assert editing.move_question(copy, first_of_second_page, -1)
    assert names(copy)[0][-1] == "kennt_angebote"
    assert editing.move_question(copy, first_of_second_page, 1)
    assert names(copy)[1][0] == "kennt_angebote"
    assert not editing.move_question(copy, ids(copy)["wohnen_seit"], -1)
    assert not editing.move_question(copy, ids(copy)["idee"], 1)
    with pytest.raises(ValueError):
        editing.move_question(copy, first_of_second_page, 2)


def test_a_question_moves_to_another_page_and_empty_pages_are_not_saved() -> None:
    copy = editing.working_copy(DEMO)
    page = editing.add_page(copy)
    assert not editing.delete_page(copy, copy["pages"][0]["id"])  # it has questions

    editing.set_page(copy, ids(copy)["idee"], page)
    definition = editing.definition_from_copy(copy)

    assert [p.name for p in definition.pages] == ["viertel", "angebote", "seite_1"]
    assert [q.name for q in definition.pages[-1].questions] == ["idee"]
    editing.set_page(copy, ids(copy)["idee"], copy["pages"][1]["id"])
    assert [p.name for p in editing.definition_from_copy(copy).pages] == ["viertel", "angebote"]
    assert editing.delete_page(copy, page)
    assert editing.move_page(copy, copy["pages"][1]["id"], -1)
    assert [p["name"] for p in copy["pages"]] == ["angebote", "viertel"]


def test_deleting_a_question_leaves_the_others() -> None:
    copy = editing.working_copy(DEMO)
    editing.delete_question(copy, ids(copy)["orte"])

    assert "orte" not in ids(copy)
    with pytest.raises(KeyError):
        editing.locate(copy, "q999")


def test_a_later_reference_is_refused_after_moving() -> None:
    copy = editing.working_copy(DEMO)
    for _ in range(4):  # welche_angebote refers to kennt_angebote: move it above
        editing.move_question(copy, ids(copy)["welche_angebote"], -1)

    with pytest.raises(ValidationError) as caught:
        editing.definition_from_copy(copy)
    assert caught.value.field == "welche_angebote"
    assert caught.value.key == "errors.survey_unknown_reference"


def test_removed_languages_and_empty_texts_are_left_out() -> None:
    copy = editing.working_copy(DEMO)
    editing.set_languages(copy, ["de", "en"], "de")
    editing.questions(copy)[0]["hint"] = {"de": "  ", "en": ""}

    definition = editing.definition_from_copy(copy)

    assert definition.languages == ("de", "en")
    assert all(set(q.label) <= {"de", "en"} for q in definition.questions())
    assert all(set(c.label) <= {"de", "en"} for q in definition.questions() for c in q.choices)
    assert definition.questions().__next__().hint == {}


@pytest.mark.parametrize(
    ("rows", "key", "row"),
    [
        ([{"code": "", "de": "Ja", "en": "Yes"}], "builder.error_choice_code", 1),
        (
            [{"code": "ja", "de": "Ja"}, {"code": "nein", "en": "No"}],
            "builder.error_choice_label",
            2,
        ),
    ],
)
def test_choices_need_a_code_and_a_text_in_the_default_language(
    rows: list[dict[str, str]], key: str, row: int
) -> None:
    copy = editing.working_copy(DEMO)
    question = editing.question(copy, ids(copy)["kennt_angebote"])
    question["choices"] = editing.choices_from_rows(rows, ["de", "en"], question["choices"])

    with pytest.raises(ValidationError) as caught:
        editing.definition_from_copy(copy)

    assert (caught.value.key, caught.value.field, caught.value.params["row"]) == (
        key,
        "kennt_angebote",
        row,
    )
    assert "kennt_angebote" in caught.value.message


def test_choice_rows_keep_texts_of_languages_outside_the_table() -> None:
    copy = editing.working_copy(DEMO)
    question = editing.question(copy, ids(copy)["kennt_angebote"])
    rows = editing.choice_rows(question, ["de"])
    rows[0]["de"] = "Ja, gut"

    question["choices"] = editing.choices_from_rows(rows, ["de"], question["choices"])

    assert question["choices"][0]["label"]["de"] == "Ja, gut"
    assert (
        question["choices"][0]["label"]["tr"]
        == DEMO.question("kennt_angebote").choices[0].label["tr"]
    )


def test_a_bad_page_name_is_refused() -> None:
    copy = editing.working_copy(DEMO)
    copy["pages"][0]["name"] = "Ihr Viertel"

    with pytest.raises(ValidationError) as caught:
        editing.definition_from_copy(copy)
    assert caught.value.key == "builder.error_page_name"
    assert caught.value.field == "wohnen_seit"


def test_renaming_keeps_references_unless_the_name_is_taken() -> None:
    copy = editing.working_copy(DEMO)
    editing.rename_question(copy, ids(copy)["kennt_angebote"], "kennt")
    assert "${kennt}" in editing.question(copy, ids(copy)["welche_angebote"])["relevant"]

    editing.rename_question(copy, ids(copy)["kennt"], "orte")  # taken: references stay
    assert "${kennt}" in editing.question(copy, ids(copy)["welche_angebote"])["relevant"]


def test_a_new_survey_needs_title_and_first_question() -> None:
    with pytest.raises(ValidationError):
        editing.new_definition(" ", "Frage")
    with pytest.raises(ValidationError) as caught:
        editing.new_definition("Titel", "")
    assert caught.value.key == "builder.error_first_question"
