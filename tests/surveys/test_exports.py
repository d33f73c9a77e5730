"""Exports: one wide row per response, labels in a chosen language, safe in Excel."""

import csv
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from quartier.errors import NotFoundError
from quartier.events import create_event
from quartier.surveys.exports import (
    ExportFormat,
    export_filename,
    export_responses,
    neutralise,
)
from quartier.surveys.model import Choice, Page, Question, SurveyDefinition
from quartier.surveys.model import QuestionType as T
from quartier.surveys.responses import Channel, new_form_key, submit
from quartier.surveys.store import create_survey, get_survey, open_survey, save_definition

LONG = "Lärm " * 1000  # 5000 characters, stored as given except the final blank
ARABIC = "نريد مقاعد أكثر في الحديقة"


def _choices(*pairs: tuple[str, str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(name, {"de": de, "en": en}) for name, de, en in pairs)


DEFINITION = SurveyDefinition(
    title={"de": "Spielplatz am Anger", "en": "Playground on the green"},
    default_language="de",
    languages=("de", "en"),
    pages=(
        Page(
            name="",
            label={},
            questions=(
                Question("intro", T.NOTE, {"de": "Willkommen", "en": "Welcome"}),
                Question("wish", T.TEXT, {"de": "Wunsch", "en": "Wish"}),
                Question("story", T.LONG_TEXT, {"de": "Erzählen Sie", "en": "Tell us"}),
                Question("age", T.INTEGER, {"de": "Alter", "en": "Age"}),
                Question("balance", T.INTEGER, {"de": "Saldo", "en": "Balance"}),
                Question("hours", T.DECIMAL, {"de": "Stunden", "en": "Hours"}),
                Question("visit", T.DATE, {"de": "Besuch", "en": "Visit"}),
                Question(
                    "often",
                    T.SELECT_ONE,
                    {"de": "Wie oft?", "en": "How often?"},
                    choices=_choices(("daily", "Täglich", "Daily"), ("rarely", "Selten", "Rarely")),
                ),
                Question(
                    "wishes",
                    T.SELECT_MULTIPLE,
                    {"de": "Was fehlt?", "en": "What is missing?"},
                    choices=_choices(
                        ("benches", "Bänke", "Benches"),
                        ("shade", "Schatten", "Shade"),
                        ("water", "Wasser", "Water"),
                    ),
                ),
                Question(
                    "mood",
                    T.LIKERT,
                    {"de": "Zufrieden?", "en": "Satisfied?"},
                    choices=_choices(("low", "Gar nicht", "Not at all"), ("high", "Sehr", "Very")),
                ),
                Question(
                    "order",
                    T.RANKING,
                    {"de": "Reihenfolge", "en": "Order"},
                    choices=_choices(
                        ("swing", "Schaukel", "Swing"),
                        ("slide", "Rutsche", "Slide"),
                        ("sand", "Sandkasten", "Sandpit"),
                    ),
                ),
            ),
        ),
    ),
)

HEADERS = [
    "_id", "_submitted_at", "_channel", "_event", "_language", "_version",
    "wish", "story", "age", "balance", "hours", "visit",
    "often", "often_label", "wishes", "wishes_label", "mood", "mood_label",
    "order", "order_label",
]  # fmt: skip


@pytest.fixture
def survey(world):
    created = create_survey(world.db, world.coordinator, world.nord.id, DEFINITION)
    open_survey(world.db, world.coordinator, created.id)
    fest = create_event(world.db, world.coordinator, world.nord.id, "Sommerfest", date(2026, 7, 4))
    first = submit(
        world.db,
        created.id,
        {
            "wish": '=HYPERLINK("http://x")',
            "story": "geheim: Telefon 0151",
            "age": "-3",
            "balance": "+1",
            "hours": "2,5",
            "visit": "2026-07-04",
            "often": "daily",
            "wishes": ("water", "benches"),
            "mood": "high",
            "order": ("sand", "swing", "slide"),
        },
        token=new_form_key(),
        channel=Channel.QR,
        language="de",
        event_id=fest.id,
        now=datetime(2026, 7, 4, 10, 30, tzinfo=UTC),
    )
    second = submit(
        world.db,
        created.id,
        {"wish": "@SUM(A1)", "story": "-2+3", "often": "rarely", "wishes": ("shade",)},
        token=new_form_key(),
        channel=Channel.ONLINE,
        language="en",
        now=datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
    )
    third = submit(
        world.db,
        created.id,
        {"wish": ARABIC, "story": LONG, "balance": "+1"},
        token=new_form_key(),
        channel=Channel.ONLINE,
        language="en",
        now=datetime(2026, 12, 2, 8, 0, tzinfo=UTC),
    )
    fourth = submit(
        world.db,
        created.id,
        {"wish": "<script>alert('x')</script>", "story": "+cmd|' /C calc'!A0"},
        token=new_form_key(),
        channel=Channel.KIOSK,
        language="de",
        now=datetime(2026, 12, 3, 8, 0, tzinfo=UTC),
    )
    with world.db.transaction() as cur:
        cur.execute(
            "INSERT INTO hidden_answers (quartier_id, response_id, question, hidden_by)"
            " VALUES (?, ?, 'story', ?)",
            [world.nord.id, first.response_id, world.coordinator.id],
        )
    ids = [s.response_id for s in (first, second, third, fourth)]
    return get_survey(world.db, created.id), ids


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def read_xlsx(path: Path) -> tuple[list[list[object]], list[list[object]]]:
    book = load_workbook(path)
    assert book.sheetnames == ["Antworten", "Fragen"]
    answers = [list(r) for r in book["Antworten"].iter_rows(values_only=True)]
    questions = [list(r) for r in book["Fragen"].iter_rows(values_only=True)]
    return answers, questions


def as_dicts(rows: list[list[object]]) -> list[dict[str, object]]:
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_csv_has_codes_labels_and_neutralised_formulas(world, survey, tmp_path):
    s, ids = survey
    out = tmp_path / "a.csv"
    assert export_responses(world.db, s.id, ExportFormat.CSV, "de", out) == 4
    rows = read_csv(out)
    assert rows[0] == HEADERS
    first, second, third, fourth = as_dicts(rows)
    assert first == {
        "_id": str(ids[0]), "_submitted_at": "2026-07-04T12:30:00+02:00", "_channel": "qr",
        "_event": "Sommerfest", "_language": "de", "_version": "1",
        "wish": "'=HYPERLINK(\"http://x\")", "story": "", "age": "-3", "balance": "1",
        "hours": "2.5", "visit": "2026-07-04",
        "often": "daily", "often_label": "Täglich",
        "wishes": "benches water", "wishes_label": "Bänke; Wasser",
        "mood": "high", "mood_label": "Sehr",
        "order": "sand swing slide", "order_label": "Sandkasten; Schaukel; Rutsche",
    }  # fmt: skip
    assert second["_submitted_at"] == "2026-12-01T09:00:00+01:00" and second["_event"] == ""
    assert (second["wish"], second["story"]) == ("'@SUM(A1)", "'-2+3")
    assert (second["age"], second["order"], second["order_label"]) == ("", "", "")
    assert (second["wishes"], second["wishes_label"]) == ("shade", "Schatten")
    assert third["wish"] == ARABIC and third["story"] == LONG.strip()
    assert len(third["story"]) == 4999
    assert fourth["wish"] == "<script>alert('x')</script>"
    assert fourth["story"] == "'+cmd|' /C calc'!A0"


def test_labels_follow_the_chosen_language(world, survey, tmp_path):
    s, _ = survey
    out = tmp_path / "a.csv"
    export_responses(world.db, s.id, ExportFormat.CSV, "en", out)
    first = as_dicts(read_csv(out))[0]
    assert first["often_label"] == "Daily" and first["wishes_label"] == "Benches; Water"
    assert first["order_label"] == "Sandpit; Swing; Slide" and first["mood_label"] == "Very"
    export_responses(world.db, s.id, ExportFormat.CSV, "ar", out)  # not offered: German
    assert as_dicts(read_csv(out))[0]["often_label"] == "Täglich"


def test_xlsx_keeps_numbers_and_neutralises_text(world, survey, tmp_path):
    s, ids = survey
    out = tmp_path / "a.xlsx"
    assert export_responses(world.db, s.id, ExportFormat.XLSX, "en", out) == 4
    answers, questions = read_xlsx(out)
    assert answers[0] == HEADERS
    first, second, third, fourth = as_dicts(answers)
    assert first["_id"] == ids[0] and first["_version"] == 1
    assert first["age"] == -3 and isinstance(first["age"], int)
    assert first["balance"] == 1 and first["hours"] == 2.5
    assert first["visit"] == datetime(2026, 7, 4)
    assert first["wish"] == '\'=HYPERLINK("http://x")' and first["story"] is None
    assert (first["wishes"], first["wishes_label"]) == ("benches water", "Benches; Water")
    assert (first["order"], first["order_label"]) == ("sand swing slide", "Sandpit; Swing; Slide")
    assert (second["wish"], second["story"]) == ("'@SUM(A1)", "'-2+3")
    assert third["wish"] == ARABIC and third["story"] == LONG.strip()
    assert fourth["wish"] == "<script>alert('x')</script>"
    assert fourth["story"] == "'+cmd|' /C calc'!A0"
    assert questions[0] == ["name", "type", "label"]
    assert questions[1] == ["wish", "text", "Wish"]
    assert [q[0] for q in questions[1:]] == [h for h in HEADERS[6:] if not h.endswith("_label")]


def test_parquet_keeps_types_and_raw_text(world, survey, tmp_path):
    s, ids = survey
    out = tmp_path / "a.parquet"
    assert export_responses(world.db, s.id, ExportFormat.PARQUET, "de", out) == 4
    con = duckdb.connect()
    rel = con.sql("SELECT * FROM read_parquet(?)", params=[str(out)])
    assert rel.columns == HEADERS
    types = dict(zip(rel.columns, map(str, rel.types), strict=True))
    assert (types["age"], types["hours"], types["visit"]) == ("BIGINT", "DOUBLE", "DATE")
    first, second, third, fourth = (dict(zip(HEADERS, r, strict=True)) for r in rel.fetchall())
    assert first["_id"] == ids[0] and first["age"] == -3 and first["visit"] == date(2026, 7, 4)
    assert first["wish"] == '=HYPERLINK("http://x")' and first["story"] is None
    assert first["order_label"] == "Sandkasten; Schaukel; Rutsche"
    assert second["story"] == "-2+3" and third["story"] == LONG.strip()
    assert fourth["wish"] == "<script>alert('x')</script>"


def test_a_survey_without_responses_exports_the_header(world, tmp_path):
    s = create_survey(world.db, world.coordinator, world.nord.id, DEFINITION)
    for fmt in ExportFormat:
        out = tmp_path / f"empty.{fmt.value}"
        assert export_responses(world.db, s.id, fmt, "de", out) == 0
        assert out.exists() and not out.with_name(out.name + ".part").exists()
    assert read_csv(tmp_path / "empty.csv") == [HEADERS]


def test_unknown_survey(world, tmp_path):
    with pytest.raises(NotFoundError):
        export_responses(world.db, 999, ExportFormat.CSV, "de", tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_filename(world, survey):
    s, _ = survey
    assert export_filename(s, ExportFormat.XLSX) == f"umfrage-{s.id}-spielplatz-am-anger.xlsx"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1", "'=1"), ("\n-1", "'\n-1"), ("\r", "'\r"), ("a=1", "a=1"), (-1.5, -1.5), ("", "")],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_codes_dropped_in_a_later_version_keep_their_old_label(world, survey, tmp_path):
    s, _ = survey
    page = DEFINITION.pages[0]
    often = page.questions[7]
    renamed = replace(often, choices=_choices(("daily", "Jeden Tag", "Every day")))
    edited = replace(
        DEFINITION,
        pages=(replace(page, questions=(*page.questions[:7], renamed, *page.questions[8:])),),
    )
    assert save_definition(world.db, world.coordinator, s.id, edited).version == 2
    out = tmp_path / "a.csv"
    export_responses(world.db, s.id, ExportFormat.CSV, "de", out)
    rows = as_dicts(read_csv(out))
    assert [(r["often"], r["often_label"], r["_version"]) for r in rows[:2]] == [
        ("daily", "Jeden Tag", "1"),
        ("rarely", "Selten", "1"),
    ]
