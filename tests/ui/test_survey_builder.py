"""Fragebogen bearbeiten: the questionnaire builder (coordinators and admins)."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Multiselect, Selectbox, TextInput

from quartier.auth import ANONYMOUS
from quartier.i18n import catalogue_keys
from quartier.storage import Database
from quartier.surveys import editing
from quartier.surveys.model import (
    Choice,
    Page,
    Question,
    QuestionType,
    SurveyDefinition,
)
from quartier.surveys.responses import Channel, new_form_key, submit
from quartier.surveys.store import Survey, create_survey, get_survey, open_survey
from quartier.ui.router import CONTEXT_KEY, PageContext
from quartier.ui.survey_builder import AREA
from tests.conftest import ROOT, World
from tests.ui.conftest import (
    DE,
    EN,
    AppFactory,
    button,
    errors,
    navigation_of,
    table,
    titles,
    values,
    visible_texts,
)
from tests.ui.test_languages import PICKER, data_of, german_leaks, raw_keys

PAGE = "pages/survey_builder.py"

TWO_LANGUAGES = SurveyDefinition(
    title={"de": "Nachbarschaft 2026", "en": "Neighbourhood 2026"},
    default_language="de",
    languages=("de", "en"),
    pages=(
        Page(
            name="",
            label={},
            questions=(
                Question("a", QuestionType.TEXT, {"de": "Frage A", "en": "Question A"}),
                Question("b", QuestionType.TEXT, {"de": "Frage B", "en": "Question B"}),
                Question(
                    "c",
                    QuestionType.SELECT_ONE,
                    {"de": "Frage C", "en": "Question C"},
                    choices=(
                        Choice("ja", {"de": "Ja", "en": "Yes"}),
                        Choice("nein", {"de": "Nein", "en": "No"}),
                    ),
                ),
            ),
        ),
    ),
)


@pytest.fixture
def survey(app_world: World) -> Survey:
    """A draft in Nord with three questions in German and English."""
    return create_survey(app_world.db, app_world.coordinator, app_world.nord.id, TWO_LANGUAGES)


@pytest.fixture
def builder(app_world: World, survey: Survey, app_as: AppFactory) -> AppTest:
    at = app_as(app_world.coordinator, page=PAGE)
    assert not at.exception, at.exception
    return at


# --- Reading and driving the builder ---------------------------------------------------


def text_input(at: AppTest, label: str) -> TextInput:
    found = [w for w in at.text_input if w.label == label]
    assert len(found) == 1, f"{len(found)} inputs labelled {label!r}: {values_of(at)}"
    return found[0]


def values_of(at: AppTest) -> list[str]:
    return [w.label for w in at.text_input]


def selectbox(at: AppTest, label: str) -> Selectbox[Any]:
    found = [w for w in at.selectbox if w.label == label]
    assert len(found) == 1, f"{len(found)} selectboxes labelled {label!r}"
    return found[0]


def multiselect(at: AppTest, label: str) -> Multiselect[Any]:
    found = [w for w in at.multiselect if w.label == label]
    assert len(found) == 1
    return found[0]


def working_copy(at: AppTest, survey: Survey) -> editing.Copy:
    copy: editing.Copy = at.session_state[f"builder_copy:{survey.id}:{survey.version}"]
    return copy


def select_question(at: AppTest, survey: Survey, name: str) -> AppTest:
    ids = {q["name"]: q["id"] for q in editing.questions(working_copy(at, survey))}
    return selectbox(at, DE("builder.choose_question")).select(ids[name]).run()


def question_names(at: AppTest) -> list[str]:
    return [row[DE("builder.col_name")] for row in table(at)]


def save(at: AppTest) -> AppTest:
    return button(at, DE("builder.save")).click().run()


def saved_names(db: Database, survey_id: int) -> list[str]:
    return [q.name for q in get_survey(db, survey_id).definition.questions()]


def open_area(at: AppTest, tab_key: str, t: Any = DE) -> AppTest:
    """Open one of the builder's tabs (only the open one runs)."""
    at.session_state[AREA] = t(tab_key)
    return at.run()


def label_input(lang_name: str) -> str:
    return f"{DE('builder.label')} ({lang_name})"


# --- Editing and saving ----------------------------------------------------------------


def test_a_coordinator_adds_a_single_choice_question_and_saves_it(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = builder
    assert titles(at) == [DE("builder.title")]
    assert question_names(at) == ["a", "b", "c"]
    select_question(at, survey, "c")
    selectbox(at, DE("builder.add_type")).select(QuestionType.SELECT_ONE).run()
    button(at, DE("builder.add")).click().run()

    assert question_names(at) == ["a", "b", "c", "frage_1"]
    text_input(at, DE("builder.name")).input("kinder")
    text_input(at, label_input("Deutsch")).input("Haben Sie Kinder?")
    text_input(at, label_input("English")).input("Do you have children?")
    at.checkbox(key=at.checkbox[0].key).check()
    [editor] = at.data_editor
    at.session_state[editor.key] = {
        "edited_rows": {},
        "added_rows": [
            {"code": "ja", "de": "Ja", "en": "Yes"},
            {"code": "nein", "de": "Nein", "en": "No"},
        ],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    assert DE("builder.unsaved") in values(at.caption)

    at = save(at)

    assert errors(at) == []
    assert DE("builder.saved", version=1) in values(at.success)
    question = get_survey(app_world.db, survey.id).definition.question("kinder")
    assert question.type is QuestionType.SELECT_ONE
    assert question.required
    assert question.label == {"de": "Haben Sie Kinder?", "en": "Do you have children?"}
    assert question.choices == (
        Choice("ja", {"de": "Ja", "en": "Yes"}),
        Choice("nein", {"de": "Nein", "en": "No"}),
    )
    assert saved_names(app_world.db, survey.id) == ["a", "b", "c", "kinder"]
    assert DE("builder.unsaved") not in values(at.caption)


def test_questions_move_up_and_down(app_world: World, survey: Survey, builder: AppTest) -> None:
    at = select_question(builder, survey, "c")
    at = button(at, DE("builder.move_up")).click().run()
    assert question_names(at) == ["a", "c", "b"]
    at = button(at, DE("builder.move_up")).click().run()
    assert question_names(at) == ["c", "a", "b"]
    assert button(at, DE("builder.move_up")).disabled
    at = button(at, DE("builder.move_down")).click().run()
    assert question_names(at) == ["a", "c", "b"]
    assert saved_names(app_world.db, survey.id) == ["a", "b", "c"]  # not before saving

    save(at)

    assert saved_names(app_world.db, survey.id) == ["a", "c", "b"]


def test_a_question_is_deleted(app_world: World, survey: Survey, builder: AppTest) -> None:
    at = select_question(builder, survey, "b")
    at = button(at, DE("builder.delete")).click().run()
    assert question_names(at) == ["a", "c"]

    save(at)

    assert saved_names(app_world.db, survey.id) == ["a", "c"]


def test_discarding_restores_the_saved_questionnaire(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = select_question(builder, survey, "b")
    at = button(at, DE("builder.delete")).click().run()
    at = button(at, DE("builder.discard")).click().run()

    assert question_names(at) == ["a", "b", "c"]
    assert DE("builder.unsaved") not in values(at.caption)


def test_a_duplicate_name_is_named_in_german_and_nothing_is_saved(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = select_question(builder, survey, "b")
    text_input(at, label_input("Deutsch")).input("Geänderter Text")
    text_input(at, DE("builder.name")).input("a")

    at = save(at)

    message = DE("errors.survey_duplicate_name", name="a")
    assert message in errors(at)
    # Shown at the top and at the question, which the builder selects.
    assert errors(at).count(message) == 2
    assert text_input(at, DE("builder.name")).value == "a"
    assert saved_names(app_world.db, survey.id) == ["a", "b", "c"]
    assert get_survey(app_world.db, survey.id).definition.question("b").label["de"] == "Frage B"


def test_a_bad_expression_is_named_in_german_and_nothing_is_saved(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = select_question(builder, survey, "b")
    text_input(at, DE("builder.relevant")).input("${a} = ")

    at = save(at)

    [message, *_] = errors(at)
    assert message.startswith("Frage „b“, Spalte relevant")
    assert get_survey(app_world.db, survey.id).definition.question("b").relevant == ""


def test_a_reference_to_a_later_question_is_refused(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = select_question(builder, survey, "a")
    text_input(at, DE("builder.relevant")).input("${b} != ''")

    at = save(at)

    assert DE("errors.survey_unknown_reference", name="a", column="relevant", reference="b") in (
        errors(at)
    )


def test_a_choice_without_text_is_refused_with_question_and_row(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = select_question(builder, survey, "c")
    [editor] = at.data_editor
    at.session_state[editor.key] = {
        "edited_rows": {},
        "added_rows": [{"code": "vielleicht", "de": None, "en": "Maybe"}],
        "deleted_rows": [],
    }
    at.run()

    at = save(at)

    assert DE(
        "builder.error_choice_label", name="c", row=3, choice="vielleicht", language="Deutsch"
    ) in errors(at)
    assert get_survey(app_world.db, survey.id).definition.question("c").choice_names() == (
        "ja",
        "nein",
    )


def test_the_skip_logic_helper_writes_the_expression(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = select_question(builder, survey, "c")
    selectbox(at, DE("builder.add_type")).select(QuestionType.TEXT).run()
    at = button(at, DE("builder.add")).click().run()
    selectbox(at, DE("builder.helper_answer")).select("nein")
    at = button(at, DE("builder.helper_apply")).click().run()

    assert text_input(at, DE("builder.relevant")).value == "${c} = 'nein'"
    text_input(at, label_input("Deutsch")).input("Warum nicht?")
    save(at)

    assert get_survey(app_world.db, survey.id).definition.question("frage_1").relevant == (
        "${c} = 'nein'"
    )


def test_renaming_a_question_renames_its_references(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = select_question(builder, survey, "b")
    text_input(at, DE("builder.relevant")).input("${a} != ''").run()
    at = select_question(at, survey, "a")
    text_input(at, DE("builder.name")).input("wohnort").run()

    save(at)

    definition = get_survey(app_world.db, survey.id).definition
    assert definition.question("b").relevant == "${wohnort} != ''"


def test_a_constraint_gets_its_message_per_language(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = select_question(builder, survey, "b")
    selectbox(at, DE("builder.type")).select(QuestionType.INTEGER).run()
    text_input(at, DE("builder.constraint")).input(". >= 0 and . <= 120").run()
    message = DE("builder.constraint_message")
    text_input(at, f"{message} (Deutsch)").input("Bitte ein Alter zwischen 0 und 120.")
    text_input(at, f"{message} (English)").input("Please enter an age from 0 to 120.")

    at = save(at)

    assert errors(at) == []
    question = get_survey(app_world.db, survey.id).definition.question("b")
    assert question.type is QuestionType.INTEGER
    assert question.constraint == ". >= 0 and . <= 120"
    assert question.constraint_message == {
        "de": "Bitte ein Alter zwischen 0 und 120.",
        "en": "Please enter an age from 0 to 120.",
    }


def test_an_admin_edits_surveys_of_every_quartier(
    app_world: World, survey: Survey, app_as: AppFactory
) -> None:
    at = app_as(app_world.admin, page=PAGE)

    assert errors(at) == []
    assert question_names(at) == ["a", "b", "c"]


def test_languages_title_and_pages_are_edited(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = open_area(builder, "builder.tab_survey")
    multiselect(at, DE("builder.languages")).set_value(["de", "en", "ar"]).run()
    text_input(at, f"{DE('builder.survey_title')} (العربية)").input("الحي 2026").run()
    assert any("st-key-builder_rtl" in h.proto.body for h in at.html)
    at = open_area(at, "builder.tab_pages")
    at = button(at, DE("builder.page_add")).click().run()
    page_ids = [p["id"] for p in working_copy(at, survey)["pages"]]
    at.text_input(key=f"b{survey.id}v1n0:{page_ids[1]}:page_title:de").input("Zum Schluss").run()
    at = open_area(at, "builder.tab_questions")
    select_question(at, survey, "c")
    selectbox(at, DE("builder.page")).select(page_ids[1]).run()
    at = save(at)

    assert errors(at) == []
    definition = get_survey(app_world.db, survey.id).definition
    assert definition.languages == ("de", "en", "ar")
    assert definition.title["ar"] == "الحي 2026"
    assert [[q.name for q in p.questions] for p in definition.pages] == [["a", "b"], ["c"]]
    assert definition.pages[1].name == "seite_1"
    assert definition.pages[1].label == {"de": "Zum Schluss"}


def test_saving_a_survey_with_responses_creates_a_new_version(
    app_world: World, survey: Survey, app_as: AppFactory
) -> None:
    db = app_world.db
    open_survey(db, app_world.coordinator, survey.id)
    submit(db, survey.id, {"a": "Mehr Bänke"}, token=new_form_key(), channel=Channel.ONLINE,
           language="de")  # fmt: skip
    at = app_as(app_world.coordinator, page=PAGE)
    assert DE("builder.new_version_note", count=1, version=2) in values(at.warning)
    select_question(at, survey, "a")
    text_input(at, label_input("Deutsch")).input("Was fehlt Ihnen?")

    at = save(at)

    assert DE("builder.saved_new_version", version=2) in values(at.success)
    saved = get_survey(db, survey.id)
    assert saved.version == 2
    assert saved.definition.question("a").label["de"] == "Was fehlt Ihnen?"
    with db.read() as cur:
        versions = cur.execute(
            "SELECT version FROM responses WHERE survey_id = ?", [survey.id]
        ).fetchall()
    assert versions == [(1,)]
    assert "Version 2" in " ".join(values(at.caption))
    assert DE("builder.new_version_note", count=1, version=2) not in values(at.warning)


# --- Preview ---------------------------------------------------------------------------


def test_the_preview_shows_the_questions_in_english(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = open_area(builder, "builder.tab_preview")
    at = selectbox(at, DE("builder.preview_language")).select("en").run()

    labels = [w.label for w in at.text_input]
    assert "Question A" in labels and "Question B" in labels
    assert [r.label for r in at.radio] == ["Question C"]
    assert "Neighbourhood 2026" in values(at.header)


def test_the_preview_follows_skip_logic_and_stores_nothing(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = select_question(builder, survey, "b")
    text_input(at, DE("builder.relevant")).input("${a} = 'ja'").run()
    at = open_area(at, "builder.tab_preview")
    assert "Frage B" not in [w.label for w in at.text_input]

    preview_a = next(w for w in at.text_input if w.label == "Frage A")
    at = preview_a.input("ja").run()

    assert "Frage B" in [w.label for w in at.text_input]
    assert "sf_answers" not in at.session_state
    with app_world.db.read() as cur:
        stored = cur.execute("SELECT count(*) FROM survey_drafts").fetchone()
    assert stored == (0,)
    assert "r" not in at.query_params


def test_the_preview_of_arabic_is_right_to_left(
    app_world: World, survey: Survey, builder: AppTest
) -> None:
    at = open_area(builder, "builder.tab_survey")
    at = multiselect(at, DE("builder.languages")).set_value(["de", "en", "ar"]).run()
    at = open_area(at, "builder.tab_preview")
    at = selectbox(at, DE("builder.preview_language")).select("ar").run()

    assert any("st-key-builder_preview" in h.proto.body for h in at.html)
    assert not any(".stApp," in h.proto.body for h in at.html)


# --- A new survey ----------------------------------------------------------------------


def test_a_new_survey_is_created_and_selected(app_world: World, app_as: AppFactory) -> None:
    at = app_as(app_world.coordinator, page=PAGE)
    assert DE("builder.no_survey") in values(at.info)
    form = at.form(key="builder_new_survey")
    form.text_input[0].input("Sommerfest")
    form.text_input[1].input("Wie hat es Ihnen gefallen?")

    at = button(at, DE("builder.new_create")).click().run()

    assert errors(at) == []
    assert DE("builder.created", title="Sommerfest") in values(at.success)
    assert question_names(at) == ["frage_1"]
    chosen = at.selectbox(key="survey_pick").value
    created = get_survey(app_world.db, int(chosen))
    assert created.status.value == "draft"
    assert created.definition.title == {"de": "Sommerfest"}
    assert at.query_params["survey"] == str(created.id)


def test_a_new_survey_needs_a_title(app_world: World, app_as: AppFactory) -> None:
    at = app_as(app_world.coordinator, page=PAGE)
    form = at.form(key="builder_new_survey")
    form.text_input[1].input("Wie hat es Ihnen gefallen?")

    at = button(at, DE("builder.new_create")).click().run()

    assert DE("errors.survey_title_missing") in errors(at)


# --- Who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "anonymous"])
def test_members_and_residents_cannot_use_the_builder(
    app_world: World, survey: Survey, app_as: AppFactory, role: str
) -> None:
    user = None if role == "anonymous" else app_world.member
    assert PAGE not in navigation_of(app_as(user))

    # Opened anyway (the router would refuse): the page itself refuses too.
    direct = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    direct.session_state[CONTEXT_KEY] = PageContext(app_world.db, user or ANONYMOUS, DE)
    direct.run()

    expected = DE("common.not_allowed") if role == "member" else DE("common.login_needed")
    assert expected in values(direct.error) + values(direct.warning)
    assert titles(direct) == []


def test_a_coordinator_of_another_quartier_sees_only_their_surveys(
    app_world: World, survey: Survey, app_as: AppFactory
) -> None:
    sued = create_survey(
        app_world.db, app_world.coordinator_sued, app_world.sued.id,
        editing.new_definition("Umfrage Süd", "Wie geht es Ihnen?"),
    )  # fmt: skip
    at = app_as(app_world.coordinator_sued, page=PAGE)
    at.query_params["survey"] = str(survey.id)
    at.run()

    pick = at.selectbox(key="survey_pick")
    assert pick.value == sued.id
    assert [o for o in pick.options if "Nachbarschaft" in o] == []
    assert "Frage A" not in visible_texts(at)


# --- Languages of the page itself --------------------------------------------------------


def test_the_builder_is_english_throughout(
    app_world: World, survey: Survey, app_as: AppFactory
) -> None:
    at = app_as(app_world.coordinator, page=PAGE, lang="en")
    assert titles(at) == [EN("builder.title")]
    survey_texts = ("Nachbarschaft 2026", "Frage A", "Frage B", "Frage C", "Ja", "Nein")

    for area in ("builder.tab_questions", "builder.tab_pages", "builder.tab_survey"):
        at = open_area(at, area, EN)
        texts = [t for t in visible_texts(at) if t not in PICKER]
        assert german_leaks(texts, (*data_of(app_world), *survey_texts)) == [], area
        assert raw_keys(texts) == [], area


def test_every_question_type_has_a_name_in_german_and_english() -> None:
    german, english = catalogue_keys("de"), catalogue_keys("en")
    keys = [f"qtype.{qtype.value}" for qtype in QuestionType]
    assert [k for k in keys if not german.get(k) or not english.get(k)] == []
