"""XLSForm import and export: pyxform's own test forms, hand-built bad forms, round trips."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from pyxform.xls2json import parse_file_to_json
from pyxform.xls2xform import convert

from quartier.errors import XLSFormError
from quartier.i18n import catalogue_keys
from quartier.surveys.model import (
    Choice,
    Page,
    Question,
    QuestionType,
    SurveyDefinition,
    check_definition,
)
from quartier.surveys.xlsform import ImportedForm, read_xlsform, write_xlsform

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "xlsform"
Q = QuestionType


# --- pyxform's test forms: one expected outcome per file ------------------------------------


@dataclass(frozen=True)
class Imported:
    questions: tuple[tuple[str, QuestionType], ...]
    languages: tuple[str, ...] = ("en",)
    pages: tuple[str, ...] = ("",)
    skipped: tuple[tuple[int, str, str], ...] = ()  # row, name, reason (xlsform.skip_*)


@dataclass(frozen=True)
class Refused:
    key: str
    says: tuple[str, ...]  # parts of the German message


def chinese(sheet: str = "survey", column: str = "constraint_message::chinese") -> Refused:
    """Four forms label a language only as "chinese": no code, no known name."""
    return Refused(
        "errors.xlsform_unknown_language", (f"Tabellenblatt „{sheet}“", "Zeile 1", f"„{column}“")
    )


NOTHING_LEFT = Refused("errors.xlsform_no_questions", ("Tabellenblatt „survey“", "Zeilen: 1"))

OUTCOMES: dict[str, Imported | Refused] = {
    "ODKValidateWarnings.xlsx": Imported(
        (("family_name", Q.TEXT), ("age", Q.INTEGER)),
        skipped=((3, "phone_number", "unsupported_type"),),
    ),
    "UCL_Biomass_Plot_Form.xlsx": Refused(
        "errors.xlsform_expression",
        ("Tabellenblatt „survey“", "Zeile 10", "Spalte „constraint“", "„regex(.,", "„regex“"),
    ),
    "attribute_columns_test.xlsx": chinese(),
    "bad_calc.xlsx": NOTHING_LEFT,
    "case_insensitivity.xlsx": Imported(
        (("q1", Q.SELECT_ONE),),
        skipped=((3, "q2", "unsupported_type"), (4, "q3", "unsupported_type")),
    ),
    "choice_filter_test.xlsx": Refused(
        "errors.xlsform_duplicate_choice",
        ("Tabellenblatt „choices“", "Zeile 6", "„counties“", "„king“", "Zeile 4"),
    ),
    "duplicate_columns.xlsx": Refused(
        "errors.xlsform_duplicate_column",
        ("Tabellenblatt „survey“", "Zeile 1", "„label“", "Spalten D und E"),
    ),
    "extra_columns.xlsx": Imported((("a", Q.TEXT),), languages=("de",)),
    "extra_sheet_names.xlsx": Imported((("test", Q.TEXT),), languages=("de",)),
    "field-list.xlsx": chinese("choices", "label::chinese"),
    "flat_xlsform_test.xlsx": chinese(),
    "group.xlsx": Imported(
        (("family_name", Q.TEXT), ("age", Q.INTEGER)),
        pages=("", "father"),
        skipped=((4, "phone_number", "unsupported_type"),),
    ),
    "include.xlsx": Imported(
        (("name", Q.TEXT),), skipped=((3, "yes_or_no_question", "unsupported_type"),)
    ),
    "include_json.xlsx": NOTHING_LEFT,
    "loop.xlsx": Imported(
        (("available_toilet_types", Q.SELECT_MULTIPLE), ("available_toilet_types_other", Q.TEXT)),
        skipped=((3, "loop_toilet_types", "repeat"), (4, "number", "in_repeat")),
    ),
    "or_other.xlsx": Imported(
        (("fav_color", Q.SELECT_ONE), ("fav_color_other", Q.TEXT)),
        languages=("de",),
        skipped=((3, "fav_pastel", "choice_filter"),),
    ),
    "pull_data.xlsx": Refused(  # a calculate, and a note showing it: nothing to answer
        "errors.xlsform_no_questions", ("Tabellenblatt „survey“", "Zeilen: 2")
    ),
    "specify_other.xlsx": Imported((("sex", Q.SELECT_ONE), ("sex_other", Q.TEXT))),
    "survey_no_name.xlsx": Refused("errors.xlsform_no_survey_sheet", ("„survey“", "Sheet1")),
    "text_and_integer.xlsx": Imported((("your_name", Q.TEXT), ("your_age", Q.INTEGER))),
    "xl_date_ambiguous.xlsx": Imported(
        (("name1", Q.TEXT), ("name2", Q.TEXT), ("name3", Q.TEXT)),
        skipped=((5, "names", "choice_filter"),),
    ),
    "xl_date_ambiguous_v1.xlsx": Imported(
        (
            ("name1", Q.TEXT),
            ("name2", Q.TEXT),
            ("name3", Q.TEXT),
            ("names", Q.SELECT_ONE),
            ("current_date", Q.DATE),
        )
    ),
    "xlsform_spec_test.xlsx": chinese(),
    "yes_or_no_question.xlsx": Imported((("good_day", Q.SELECT_ONE),)),
}
IMPORTED = sorted(name for name, outcome in OUTCOMES.items() if isinstance(outcome, Imported))


def test_every_fixture_has_an_expected_outcome():
    assert sorted(p.name for p in FIXTURES.glob("*.xlsx")) == sorted(OUTCOMES)


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_fixture_imports_or_is_refused_with_sheet_and_row(name):
    expected = OUTCOMES[name]
    if isinstance(expected, Refused):
        with pytest.raises(XLSFormError) as refusal:
            read_xlsform(FIXTURES / name)
        assert refusal.value.key == expected.key
        assert all(part in refusal.value.message for part in expected.says), refusal.value.message
        return
    form = read_xlsform(FIXTURES / name)
    d = form.definition
    assert tuple((q.name, q.type) for q in d.questions()) == expected.questions
    assert d.languages == expected.languages and d.default_language == expected.languages[0]
    assert tuple(p.name for p in d.pages) == expected.pages
    skipped = tuple(
        (s.row, s.name, s.reason_key.removeprefix("xlsform.skip_")) for s in form.skipped
    )
    assert skipped == expected.skipped
    assert {s.sheet for s in form.skipped} <= {"survey", "SURVEY"}


def test_fixture_details():
    case = read_xlsform(FIXTURES / "case_insensitivity.xlsx")
    assert (case.definition.title, case.form_id) == ({"en": "Yes or no"}, "YesNo")
    assert case.definition.question("q1").choices == (
        Choice("n1-c", {"en": "l1-c"}),
        Choice("n2-c", {"en": "l2-c"}),
    )
    assert case.skipped[0].sheet == "SURVEY" and case.skipped[0].type == "select_one_external c1"
    group = read_xlsform(FIXTURES / "group.xlsx").definition
    assert group.pages[1].label == {"en": "Father"}
    assert group.title == {"en": "group"}  # no form_title: the file name
    assert (
        read_xlsform(FIXTURES / "xl_date_ambiguous.xlsx").definition.question("name3").relevant
        == "0"
    )


def test_or_other_adds_a_choice_and_a_text_question_in_the_forms_languages():
    d = read_xlsform(FIXTURES / "or_other.xlsx").definition
    assert d.question("fav_color").choices[-1] == Choice("other", {"de": "Sonstiges"})
    other = d.question("fav_color_other")
    assert other.relevant == "selected(${fav_color}, 'other')" and not other.required
    english = read_xlsform(FIXTURES / "specify_other.xlsx").definition
    assert english.question("sex").choices[-1] == Choice("other", {"en": "Other"})
    assert english.question("sex_other").label == {"en": "Please specify:"}


def fixed_copy(name: str, *, cells: dict[str, str | None] | None = None) -> bytes:
    """A copy of a fixture in memory with "chinese" columns given a code, as our message asks."""
    book = load_workbook(FIXTURES / name, data_only=True)
    for sheet in book.worksheets:
        for cell in sheet[1]:
            if isinstance(cell.value, str) and cell.value.endswith("::chinese"):
                cell.value += " (zh)"
    for coordinate, value in (cells or {}).items():
        book["survey"][coordinate].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_spec_form_with_language_codes_stops_at_its_regex():
    with pytest.raises(XLSFormError, match="Zeile 7, Spalte „relevant“") as refusal:
        read_xlsform(fixed_copy("xlsform_spec_test.xlsx"))
    assert refusal.value.params["token"] == "regex"


def test_spec_form_without_the_regex_imports_with_repeat_media_and_device_rows_skipped():
    form = read_xlsform(fixed_copy("xlsform_spec_test.xlsx", cells={"N7": None}))
    d = form.definition
    assert (d.languages, d.default_language, d.title) == (
        ("en", "de", "zh"),
        "de",
        {"de": "Spec test"},
    )
    assert [p.name for p in d.pages] == ["", "everything", ""]
    assert d.pages[1].relevant == "not(selected(${skip_to_end}, 'yes'))"
    assert d.question("address").label == {"en": "Enter an address", "zh": "您好"}
    assert d.question("address").hint == {"zh": "ni hao"}
    reasons = {s.row: s.reason_key.removeprefix("xlsform.skip_") for s in form.skipped}
    assert reasons[10] == "no_label"  # a note with only an image
    assert reasons[15] == "repeat" and all(reasons[r] == "in_repeat" for r in (16, 17, 18, 28))
    assert [r for r, why in reasons.items() if why == "device_data"] == [42, 44, 46, 48, 50, 52]
    unsupported = [r for r, why in reasons.items() if why == "unsupported_type"]
    assert unsupported == [30, 32, 33, 34, 35, 36, 37, 38, 40]
    showing = [r for r, why in reasons.items() if why == "mentions_skipped"]
    assert showing == [41, 43, 45, 47, 49, 51, 53]  # notes such as "start: ${start}"
    assert not {"required_text", "start", "deviceid", "phonenumber"} & {
        q.name for q in d.questions()
    }
    assert read_xlsform(write_xlsform(d)).definition == d


def test_flat_form_flattens_nested_groups_into_their_page():
    d = read_xlsform(fixed_copy("flat_xlsform_test.xlsx", cells={"N3": None})).definition
    everything = d.pages[1]
    assert everything.name == "everything"
    names = [q.name for q in everything.questions]
    assert names[names.index("required_text") : names.index("required_text") + 3] == [
        "required_text",
        "select_multiple_test",
        "label-test",
    ]
    assert d.question("required_text").required and d.question("list-nolabel-test").required
    assert d.question("select_multiple_test").constraint_message["zh"].startswith("對不起")
    assert read_xlsform(write_xlsform(d)).definition == d


# --- hand-built forms -------------------------------------------------------------------------

SURVEY_HEADER = ["type", "name", "label", "relevant", "constraint", "required"]


def xlsx(survey: list[list], choices: list[list] | None = None, **sheets: list[list]) -> bytes:
    """An .xlsx with a survey sheet (``survey[0]`` is its header), choices and other sheets."""
    book = Workbook()
    book.active.title = "survey"
    for row in survey:
        book.active.append(row)
    for title, rows in ({"choices": choices} | sheets).items():
        if rows is not None:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(data: bytes | Path, key: str, *says: str) -> XLSFormError:
    with pytest.raises(XLSFormError) as refusal:
        read_xlsform(data)
    assert refusal.value.key == key
    assert all(part in refusal.value.message for part in says), refusal.value.message
    assert refusal.value.text("en") != refusal.value.message  # translated, placeholders filled
    return refusal.value


YES_NO = [["list_name", "name", "label"], ["yn", "ja", "Ja"], ["yn", "nein", "Nein"]]


def truncated_xlsx() -> bytes:
    data = xlsx([SURVEY_HEADER, ["text", "a", "A"]])
    return data[: len(data) // 2]


def zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hallo.txt", "kein Excel")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "errors.xlsform_empty"),
        (b"  \n", "errors.xlsform_empty"),
        (bytes(range(256)) * 4, "errors.xlsform_not_xlsx"),
        (b"type,name,label\ntext,a,A\n", "errors.xlsform_not_xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "errors.xlsform_not_xlsx"),  # .xls
        (truncated_xlsx(), "errors.xlsform_corrupt"),
        (zip_without_workbook(), "errors.xlsform_corrupt"),
    ],
    ids=["empty", "blank", "random", "csv", "xls", "truncated", "zip"],
)
def test_files_that_are_no_xlsx_are_refused(data, key):
    refused(data, key, ".xlsx")


def test_missing_file_is_refused(tmp_path):
    refused(tmp_path / "fehlt.xlsx", "errors.xlsform_unreadable", "fehlt.xlsx")


def test_header_cell_that_is_no_text():
    refused(
        xlsx([["type", "name", "label", 2], ["text", "a", "A"]]),
        "errors.xlsform_header_not_text",
        "Tabellenblatt „survey“, Zeile 1, Spalte D",
        "„2“",
    )


def test_no_survey_sheet():
    book = Workbook()
    book.active.title = "Fragen"
    buffer = io.BytesIO()
    book.save(buffer)
    refused(buffer.getvalue(), "errors.xlsform_no_survey_sheet", "„survey“", "Fragen")


def test_header_problems():
    refused(
        xlsx([["type", "name", "label", "Label"]]),
        "errors.xlsform_duplicate_column",
        "Zeile 1",
        "Spalten C und D",
    )
    refused(
        xlsx([["name", "label"], ["a", "A"]]),
        "errors.xlsform_column_missing",
        "Tabellenblatt „survey“, Zeile 1",
        "„type“",
    )
    refused(
        xlsx([["type", "name", "label::Klingonisch"], ["text", "a", "A"]]),
        "errors.xlsform_unknown_language",
        "Zeile 1",
        "„label::Klingonisch“",
    )
    settings = [["form_title", "default_language"], ["T", "Klingonisch"]]
    refused(
        xlsx([SURVEY_HEADER, ["text", "a", "A"]], settings=settings),
        "errors.xlsform_unknown_language",
        "„settings“, Zeile 2",
        "„default_language“",
    )


def test_duplicate_names():
    rows = [
        SURVEY_HEADER,
        ["text", "alter", "Alter"],
        ["note", "n", "N"],
        ["integer", "alter", "B"],
    ]
    refused(xlsx(rows), "errors.xlsform_duplicate_name", "Zeile 4", "„alter“", "Zeile 2")


def test_choice_list_problems():
    select = [SURVEY_HEADER, ["note", "n", "Hallo"], ["select_one farben", "farbe", "Farbe?"]]
    refused(xlsx(select), "errors.xlsform_choice_list_missing", "Zeile 3", "„farben“")
    refused(xlsx(select, YES_NO), "errors.xlsform_choice_list_missing", "Zeile 3", "„farben“")
    nameless = [["list_name", "name", "label"], ["farben", None, "Rot"]]
    refused(xlsx(select, nameless), "errors.xlsform_choice_list_empty", "Zeile 3", "„farben“")
    twice = [["list_name", "name", "label"], ["farben", "rot", "Rot"], ["farben", "rot", "Rosa"]]
    refused(
        xlsx(select, twice),
        "errors.xlsform_duplicate_choice",
        "Tabellenblatt „choices“, Zeile 3",
        "„rot“",
        "Zeile 2",
    )
    spaced = [
        ["list_name", "name", "label"],
        ["farben", "rot", "Rot"],
        ["farben", "hell blau", "B"],
    ]
    refused(
        xlsx(select, spaced),
        "errors.xlsform_bad_choice_name",
        "Tabellenblatt „choices“, Zeile 3",
        "„hell blau“",
        "ohne Leerzeichen",
    )


def test_numeric_choice_codes_import():
    """Likert scales are often coded 1–5: such codes are fine."""
    select = [SURVEY_HEADER, ["select_one skala", "skala", "Wie zufrieden?"]]
    scale = [["list_name", "name", "label"], *[["skala", n, f"Stufe {n}"] for n in range(1, 6)]]
    imported = read_xlsform(xlsx(select, scale))
    assert imported.definition.question("skala").choice_names() == ("1", "2", "3", "4", "5")


@pytest.mark.parametrize(
    ("expression", "key", "says"),
    [
        ("${a} + 1 > 2", "errors.xlsform_expression", ("„${a} + 1 > 2“", "bei „+“", "Zeichen 6")),
        ("${a} =", "errors.xlsform_expression_end", ("„${a} =“", "am Ende")),
        ("${gibtsnicht} = 1", "errors.xlsform_reference_unknown", ("„gibtsnicht“",)),
        ("${ort} != ''", "errors.xlsform_reference_skipped", ("„ort“ in Zeile 3",)),
        ("${spaeter} = 1", "errors.xlsform_reference_later", ("„spaeter“ in Zeile 5",)),
    ],
    ids=["arithmetic", "unfinished", "unknown", "skipped", "later"],
)
def test_expressions_outside_the_subset_or_pointing_nowhere(expression, key, says):
    rows = [
        SURVEY_HEADER,
        ["integer", "a", "A"],
        ["geopoint", "ort", "Wo?"],
        ["text", "b", "B", expression],
        ["integer", "spaeter", "S"],
    ]
    refused(xlsx(rows), key, "Tabellenblatt „survey“, Zeile 4, Spalte „relevant“", *says)


def test_constraint_may_refer_to_its_own_question_but_relevant_may_not():
    own = [SURVEY_HEADER, ["integer", "a", "A", None, ". > 0 and ${a} < 10"]]
    assert read_xlsform(xlsx(own)).definition.question("a").constraint == ". > 0 and ${a} < 10"
    itself = [SURVEY_HEADER, ["integer", "a", "A", "${a} > 0"]]
    refused(xlsx(itself), "errors.xlsform_reference_later", "Zeile 2", "„a“")


def test_question_problems():
    refused(
        xlsx([SURVEY_HEADER, ["note", "n", "N"], ["text", "a", None, None, None, "yes"]]),
        "errors.xlsform_required_no_label",
        "Zeile 3",
        "„a“",
    )
    refused(
        xlsx([SURVEY_HEADER, ["text", "a", "A", None, None, "${x} = 1"]]),
        "errors.xlsform_reference_unknown",
        "Zeile 2",
        "Spalte „required“",
    )
    refused(
        xlsx([SURVEY_HEADER, ["text", "a", "A", None, None, "vielleicht"]]),
        "errors.xlsform_required_value",
        "Zeile 2",
        "„vielleicht“",
    )
    refused(xlsx([SURVEY_HEADER, ["text", "n" * 70, "A"]]), "errors.xlsform_bad_name", "Zeile 2")
    long_other = [SURVEY_HEADER, ["select_one yn or_other", "n" * 60, "A"]]
    refused(xlsx(long_other, YES_NO), "errors.xlsform_bad_name", "Zeile 2", "n_other")


def test_pyxform_refusals_keep_their_row():
    rows = [SURVEY_HEADER, ["text", "a", "A"], ["begin group", "g", "G"], ["text", "b", "B"]]
    refused(xlsx(rows), "errors.xlsform_pyxform", "Tabellenblatt „survey“, Zeile 3", "begin_group")


def test_form_without_supported_questions():
    rows = [SURVEY_HEADER, ["start", "start"], ["geopoint", "ort", "Wo?"], ["note", "n", "Hallo"]]
    refused(xlsx(rows), "errors.xlsform_no_questions", "übersprungene Zeilen: 2")


EDIT_VALUES = st.sampled_from(
    [None, "", "text", "integer", "select_one yn", "select_one yn or_other", "rank yn",
     "begin group", "end group", "begin repeat", "end repeat", "geopoint", "start", "a", "b",
     "${a} = 'ja'", "${b} > 1", ". > 3", "${gibtsnicht}", "(", "yes", "vielleicht", "likert",
     "label::Deutsch (de)", "label::Klingonisch", "relevant", "type", "=1+1", "x" * 80, 7, True]
)  # fmt: skip
FORM = [
    SURVEY_HEADER + ["appearance"],
    ["select_one yn", "a", "A"],
    ["begin group", "g", "G", "${a} = 'ja'"],
    ["integer", "b", "B", None, ". > 0", "yes"],
    ["end group"],
    ["text", "c", "C"],
]


def no_placeholder_left(error: XLSFormError) -> bool:
    return not re.search(r"\{[a-z_]+\}", (error.text("de") + error.text("en")).replace("${", ""))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), EDIT_VALUES), max_size=4))
def test_edited_forms_import_or_are_refused_with_a_full_message(edits):
    rows = [list(row) + [None] * (7 - len(row)) for row in FORM] + [[None] * 7]
    for row, column, value in edits:
        rows[row][column] = value
    try:
        read_xlsform(xlsx(rows, YES_NO))
    except XLSFormError as error:
        assert no_placeholder_left(error), error.message


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=3))
def test_damaged_files_are_read_or_refused(flips):
    data = bytearray(xlsx(FORM, YES_NO))
    for position, byte in flips:
        data[position % len(data)] = byte
    try:
        read_xlsform(bytes(data))
    except XLSFormError as error:
        assert no_placeholder_left(error), error.message


# fmt: off
UNSUPPORTED = [
    "geopoint", "geotrace", "geoshape", "image", "photo", "audio", "video", "file", "barcode",
    "acknowledge", "range", "select_one_from_file orte.csv", "osm", "trigger", "background-audio",
    "time", "datetime",
]
DEVICE = [
    "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
    "email", "audit", "start-geopoint",
]
SKIP_REASONS = ["unsupported_type", "device_data", "repeat", "in_repeat", "choice_filter",
                "no_label", "mentions_skipped"]
# fmt: on


def test_unsupported_and_device_rows_are_listed_with_their_row():
    rows = [["type", "name", "label", "calculation"], ["text", "bleibt", "Bleibt"]]
    rows += [[t, f"u{i}", f"U{i}"] for i, t in enumerate(UNSUPPORTED)]
    rows += [["calculate", "rechnung", None, "1 + 1"], ["hidden", "versteckt", None]]
    rows += [[t, "audit" if t == "audit" else f"d{i}"] for i, t in enumerate(DEVICE)]
    form = read_xlsform(xlsx(rows))
    assert [q.name for q in form.definition.questions()] == ["bleibt"]
    reasons = [(s.row, s.type, s.reason_key) for s in form.skipped]
    assert reasons == [
        *((3 + i, t, "xlsform.skip_unsupported_type") for i, t in enumerate(UNSUPPORTED)),
        (20, "calculate", "xlsform.skip_unsupported_type"),
        (21, "hidden", "xlsform.skip_unsupported_type"),
        *((22 + i, t, "xlsform.skip_device_data") for i, t in enumerate(DEVICE)),
    ]


def test_texts_that_show_a_skipped_answer_are_skipped_too():
    rows = [
        ["type", "name", "label", "calculation"],
        ["start", "start"],
        ["calculate", "summe", None, "1 + 1"],
        ["note", "zeit", "Begonnen um ${start}"],
        ["select_one werte", "wert", "Welcher Wert?"],
        ["integer", "alter", "Alter"],
    ]
    choices = [["list_name", "name", "label"], ["werte", "a", "Summe ${summe}"]]
    form = read_xlsform(xlsx(rows, choices))
    assert [q.name for q in form.definition.questions()] == ["alter"]
    assert [(s.row, s.reason_key) for s in form.skipped][2:] == [
        (4, "xlsform.skip_mentions_skipped"),
        (5, "xlsform.skip_mentions_skipped"),
    ]


def test_every_skip_reason_is_in_the_catalogue():
    german = catalogue_keys("de")
    assert [r for r in SKIP_REASONS if f"xlsform.skip_{r}" not in german] == []


def test_types_appearances_languages_and_required():
    header = [
        "type",
        "name",
        "label::Deutsch (de)",
        "label::English",
        "hint::Türkçe",
        "required",
        "appearance",
        "constraint",
        "constraint_message::Deutsch (de)",
    ]
    rows = [
        header,
        ["text", "kurz", "Kurz", "Short", "Kısa", "yes"],
        ["text", "lang", "Lang", "Long", None, "TRUE", "multiline"],
        ["string", "s", "S", None, None, "true()"],
        ["int", "i", "I", None, None, "no", None, ". >= 0", "Nicht negativ"],
        ["decimal", "d", "D"],
        ["date", "datum", "Datum"],
        ["select_one skala", "likert", "Skala", None, None, None, "likert"],
        ["select one from skala", "eins", "Eins"],
        ["select all that apply skala", "mehr", "Mehr", None, None, None, "minimal"],
        ["select_multiple skala", "mehr2", "Mehr 2"],
        ["rank skala", "rang", "Rang"],
        ["note", None, "Danke"],
    ]
    choices = [
        ["list_name", "name", "label::Deutsch (de)"],
        ["skala", "gut", "Gut"],
        ["skala", "schlecht", None],
    ]
    d = read_xlsform(xlsx(rows, choices)).definition
    assert [(q.name, q.type) for q in d.questions()] == [
        ("kurz", Q.TEXT),
        ("lang", Q.LONG_TEXT),
        ("s", Q.TEXT),
        ("i", Q.INTEGER),
        ("d", Q.DECIMAL),
        ("datum", Q.DATE),
        ("likert", Q.LIKERT),
        ("eins", Q.SELECT_ONE),
        ("mehr", Q.SELECT_MULTIPLE),
        ("mehr2", Q.SELECT_MULTIPLE),
        ("rang", Q.RANKING),
        ("generated_note_name_13", Q.NOTE),
    ]
    assert (d.languages, d.default_language) == (("de", "en", "tr"), "de")
    assert [q.required for q in d.questions()][:4] == [True, True, True, False]
    kurz, i = d.question("kurz"), d.question("i")
    assert (kurz.label, kurz.hint) == ({"de": "Kurz", "en": "Short"}, {"tr": "Kısa"})
    assert (i.constraint, i.constraint_message) == (". >= 0", {"de": "Nicht negativ"})
    assert d.question("rang").choices == (
        Choice("gut", {"de": "Gut"}),
        Choice("schlecht", {"de": "schlecht"}),
    )


def test_plain_columns_take_the_settings_language_else_the_argument():
    rows = [["type", "name", "label", "label::Deutsch (de)"], ["text", "a", "A", "Ah"]]
    settings = [["form_title", "default_language"], ["Titel", "English (en)"]]
    d = read_xlsform(xlsx(rows, settings=settings)).definition
    assert (d.default_language, d.languages, d.title) == ("en", ("en", "de"), {"en": "Titel"})
    assert d.question("a").label == {"en": "A", "de": "Ah"}
    d = read_xlsform(xlsx([rows[0][:3], ["text", "a", "Soru"]]), default_language="tr").definition
    assert (d.default_language, d.languages, d.question("a").label) == (
        "tr",
        ("tr",),
        {"tr": "Soru"},
    )


def test_groups_become_pages_and_nested_groups_flatten_with_their_condition():
    rows = [
        SURVEY_HEADER,
        ["select_one yn", "wohnt", "Wohnen Sie hier?"],
        ["begin group", "haus", "Haus", "${wohnt} = ‘ja’"],  # typographic quotes, as in Excel
        ["integer", "jahre", "Jahre?"],
        ["begin_group", "innen", None, "${jahre} > 2"],
        ["text", "gut", "Was ist gut?", "${jahre} < 50"],
        ["text", "schlecht", "Was nicht?"],
        ["end_group"],
        ["end group"],
        ["note", "zwischen", "Fast geschafft"],
        ["begin group", "leer", "Leer"],
        ["geopoint", "ort", "Wo?"],
        ["end group"],
        ["text", "ende", "Noch etwas?"],
    ]
    form = read_xlsform(xlsx(rows, YES_NO))
    pages = form.definition.pages
    assert [(p.name, [q.name for q in p.questions]) for p in pages] == [
        ("", ["wohnt"]),
        ("haus", ["jahre", "gut", "schlecht"]),
        ("", ["zwischen"]),
        ("", ["ende"]),
    ]  # the group "leer" kept no question and is dropped
    assert (pages[1].label, pages[1].relevant) == ({"de": "Haus"}, "${wohnt} = 'ja'")
    assert pages[1].questions[1].relevant == "(${jahre} > 2) and (${jahre} < 50)"
    assert pages[1].questions[2].relevant == "${jahre} > 2"
    assert [(s.row, s.name) for s in form.skipped] == [(12, "ort")]


def test_repeats_are_skipped_with_everything_inside():
    rows = [
        SURVEY_HEADER,
        ["text", "a", "A"],
        ["begin repeat", "kinder", "Kinder"],
        ["text", "kind", "Name"],
        ["begin group", "g", "G"],
        ["begin repeat", "innen", "Innen"],
        ["integer", "x", "X"],
        ["end repeat"],
        ["end group"],
        ["end repeat"],
        ["text", "b", "B"],
    ]
    form = read_xlsform(xlsx(rows))
    assert [q.name for q in form.definition.questions()] == ["a", "b"]
    assert [(s.row, s.reason_key) for s in form.skipped] == [
        (3, "xlsform.skip_repeat"),
        *((r, "xlsform.skip_in_repeat") for r in (4, 5, 6, 7)),
    ]


def test_title_translations_and_file_name():
    rows = [["type", "name", "label::Deutsch (de)", "label::English (en)"], ["text", "a", "A", "A"]]
    texts = [
        ["name", "text::Deutsch (de)", "text::English (en)"],
        ["form_title", "Titel", "Title"],
        ["description", "Worum es geht", "What it is about"],
    ]
    d = read_xlsform(xlsx(rows, quartier_texts=texts)).definition
    assert (d.title, d.description) == (
        {"de": "Titel", "en": "Title"},
        {"de": "Worum es geht", "en": "What it is about"},
    )
    untitled = read_xlsform(xlsx(rows))
    assert (untitled.definition.title, untitled.form_id) == ({"de": "Importierte Befragung"}, "")


# --- export and round trip --------------------------------------------------------------------


def L(de: str, en: str, ar: str | None = None) -> dict[str, str]:  # noqa: N802
    return {"de": de, "en": en} | ({"ar": ar} if ar else {})


YES_NO_CHOICES = (Choice("ja", L("Ja", "Yes", "نعم")), Choice("nein", L("Nein", "No", "لا")))
SCALE = tuple(Choice(f"s{i}", L(f"Stufe {i}", f"Level {i}")) for i in range(1, 6))
EVERYTHING = SurveyDefinition(
    title=L("Befragung „Lindenplatz“", "Survey “Lindenplatz”", "استبيان"),
    description=L("Zeile 1\nZeile 2  mit  Abstand", "Line 1"),
    default_language="de",
    languages=("de", "en", "ar"),
    pages=(
        Page(
            "",
            {},
            (
                Question("intro", Q.NOTE, L("Willkommen!", "Welcome!", "أهلا")),
                Question(
                    "wohnt",
                    Q.SELECT_ONE,
                    L("Wohnen Sie hier?", "Do you live here?"),
                    hint=L("Bitte „ja“ oder „nein“", "Yes or no"),
                    required=True,
                    choices=YES_NO_CHOICES,
                ),
            ),
        ),
        Page(
            "wohnen",
            L("Wohnen", "Living"),
            (
                Question(
                    "seit",
                    Q.INTEGER,
                    L("Seit wie vielen Jahren?", "For how many years?"),
                    required=True,
                    constraint=". >= 0 and . < 100",
                    constraint_message=L("Bitte 0 bis 99", "Please 0 to 99"),
                    relevant="${wohnt} = 'ja'",
                ),
                Question("miete", Q.DECIMAL, L("Miete in €", "Rent in €"), constraint=". > 0"),
                Question(
                    "zufrieden", Q.LIKERT, L("Wie zufrieden?", "How satisfied?"), choices=SCALE
                ),
                Question("einzug", Q.DATE, L("Einzugsdatum", "Move-in date")),
            ),
            relevant="${wohnt} = 'ja'",
        ),
        Page(
            "ideen",
            L("Ideen", "Ideas"),
            (
                Question(
                    "wuensche",
                    Q.SELECT_MULTIPLE,
                    L("Was wünschen Sie sich?", "Your wishes?"),
                    choices=(
                        Choice("baenke", L("Bänke", "Benches")),
                        Choice("other", L("=Sonstiges", "+Other")),
                    ),
                ),
                Question("rangfolge", Q.RANKING, L("Ordnen Sie", "Rank"), choices=SCALE),
                Question(
                    "titel",
                    Q.TEXT,
                    L("Kurztitel", "Short title"),
                    constraint="string-length(.) <= 80",
                ),
                Question(
                    "text",
                    Q.LONG_TEXT,
                    L("Beschreibung\nmehrzeilig", "Description"),
                    relevant="selected(${wuensche}, 'other') or count-selected(${wuensche}) > 1",
                ),
            ),
        ),
    ),
)


def pyxform_reads(data: bytes, tmp_path: Path) -> dict:
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    convert(xlsform=str(path))  # the XForm builds, too
    return parse_file_to_json(str(path))


def test_export_reads_back_unchanged_and_pyxform_accepts_it(tmp_path):
    check_definition(EVERYTHING)
    assert {q.type for q in EVERYTHING.questions()} == set(QuestionType)
    data = write_xlsform(EVERYTHING)
    form = pyxform_reads(data, tmp_path)
    assert form["title"] == 'Befragung „Lindenplatz"' and form["default_language"] == "Deutsch (de)"
    imported = read_xlsform(data)
    assert imported.definition == EVERYTHING
    assert imported.skipped == () and imported.form_id == "befragung_lindenplatz"


def test_export_layout():
    book = load_workbook(io.BytesIO(write_xlsform(EVERYTHING)))
    assert book.sheetnames == ["survey", "choices", "settings", "quartier_texts"]
    survey = [[c.value for c in row] for row in book["survey"].iter_rows()]
    assert survey[0][:5] == [
        "type",
        "name",
        "label::Deutsch (de)",
        "label::English (en)",
        "label::العربية (ar)",
    ]
    assert [r[0] for r in survey[1:4]] == ["note", "select_one wohnt", "begin group"]
    assert survey[6][:2] == ["select_one zufrieden", "zufrieden"] and "likert" in survey[6]
    assert survey[10][0] == "select_multiple wuensche" and survey[11][0] == "rank zufrieden"
    choices = [[c.value for c in row][:2] for row in book["choices"].iter_rows()]
    assert [row[0] for row in choices].count("zufrieden") == 5  # one list for both scales
    other = next(row for row in book["choices"].iter_rows() if row[1].value == "other")
    assert other[2].value == "=Sonstiges" and other[2].data_type == "s"  # never a formula


def test_unnamed_page_with_a_condition_becomes_a_named_group():
    page = Page("", L("Teil", "Part"), (Question("b", Q.TEXT, L("B", "B")),), relevant="${a} = 1")
    first = Page("", {}, (Question("a", Q.INTEGER, L("A", "A")),))
    d = SurveyDefinition(L("T", "T"), "de", ("de", "en"), (first, page))
    back = read_xlsform(write_xlsform(d)).definition
    assert back.pages == (first, Page("page_2", page.label, page.questions, page.relevant))


@pytest.mark.parametrize("name", IMPORTED)
def test_imported_fixture_survives_export_and_import(name, tmp_path):
    form: ImportedForm = read_xlsform(FIXTURES / name)
    data = write_xlsform(form.definition)
    pyxform_reads(data, tmp_path)
    assert read_xlsform(data).definition == form.definition
