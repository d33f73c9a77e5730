"""Foreign cell values → drafts: labels and codes, dates, empty cells, actor names."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from quartier.errors import ValidationError
from quartier.network.model import ActorType, FieldOfAction, TieType
from quartier.network.rows import (
    ActorIndex,
    actor_type_of,
    date_of,
    fields_of,
    name_key,
    parse_actor_row,
    parse_tie_row,
    strength_of,
    tie_type_of,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("kita", ActorType.KITA),
        ("Kita", ActorType.KITA),
        ("Frühe Hilfen", ActorType.EARLY_HELP),
        ("FRÜHE   HILFEN", ActorType.EARLY_HELP),
        ("fruehe_hilfen", ActorType.EARLY_HELP),
        ("Polizei (Bezirksdienst)", ActorType.POLICE),
        ("Integrationsbeauftragte*r", ActorType.INTEGRATION_OFFICER),
        ("andere", ActorType.OTHER),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_actor_types_by_label_or_code(cell: object, expected: ActorType | None) -> None:
    assert actor_type_of(cell) == expected


def test_unknown_actor_type_lists_the_labels() -> None:
    with pytest.raises(ValidationError) as caught:
        actor_type_of("Verein")
    assert caught.value.field == "actor_type"
    message = caught.value.message
    assert message.startswith("Die Art „Verein“ kennt Quartier nicht.")
    assert "Frühe Hilfen" in message and "Moscheegemeinde" in message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Bildung|Gesundheit", (FieldOfAction.EDUCATION, FieldOfAction.HEALTH)),
        ("bildung, gesundheit", (FieldOfAction.EDUCATION, FieldOfAction.HEALTH)),
        ("Kinder und Jugend ; Wohnen und Wohnumfeld",
         (FieldOfAction.CHILDREN_YOUTH, FieldOfAction.HOUSING)),
        (["arbeit", "Beratung"], (FieldOfAction.WORK, FieldOfAction.COUNSELLING)),
        (("nachbarschaft",), (FieldOfAction.NEIGHBOURHOOD,)),
        ("bildung|bildung", (FieldOfAction.EDUCATION,)),
        ("bildung||", (FieldOfAction.EDUCATION,)),
        ("", ()),
        (None, ()),
        ([], ()),
    ],
)  # fmt: skip
def test_fields_of_action(cell: object, expected: tuple[FieldOfAction, ...]) -> None:
    assert fields_of(cell) == expected


def test_unknown_field_of_action_is_named() -> None:
    with pytest.raises(ValidationError) as caught:
        fields_of("Bildung|Sport")
    assert caught.value.field == "fields_of_action"
    assert "„Sport“" in caught.value.message
    assert "Kinder und Jugend" in caught.value.message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Kooperation", TieType.COOPERATION),
        ("förderung", TieType.FUNDING),
        ("Mitgliedschaft", TieType.MEMBERSHIP),
        ("Vermittlung/Weiterleitung", TieType.REFERRAL),
        ("Vermittlung", TieType.REFERRAL),
        ("weiterleitung", TieType.REFERRAL),
        ("KOOPERATIONSVERTRAG", TieType.CONTRACT),
        ("vermittlung", TieType.REFERRAL),
        ("", TieType.COOPERATION),
        (None, TieType.COOPERATION),
    ],
)
def test_tie_types(cell: object, expected: TieType) -> None:
    assert tie_type_of(cell) == expected


def test_unknown_tie_type_lists_the_labels() -> None:
    with pytest.raises(ValidationError) as caught:
        tie_type_of("Freundschaft")
    assert "„Freundschaft“" in caught.value.message
    assert "Vermittlung/Weiterleitung" in caught.value.message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(1, 1), (3, 3), ("2", 2), (" 3 ", 3), (2.0, 2), ("1,0", 1), ("stark", 3), ("", 2),
     (None, 2), (float("nan"), 2)],
)  # fmt: skip
def test_strengths(cell: object, expected: int) -> None:
    assert strength_of(cell) == expected


@pytest.mark.parametrize("cell", [0, 4, "5", "2.5", "viel", True, -1])
def test_bad_strengths(cell: object) -> None:
    with pytest.raises(ValidationError) as caught:
        strength_of(cell)
    assert caught.value.key == "errors.tie_strength"
    assert "1 (schwach), 2 (mittel) oder 3 (stark)" in caught.value.message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2021-03-01", date(2021, 3, 1)),
        ("01.03.2021", date(2021, 3, 1)),
        ("1.3.2021", date(2021, 3, 1)),
        ("2021-03-01T00:00:00", date(2021, 3, 1)),
        ("2021-03-01 00:00:00", date(2021, 3, 1)),
        (date(2021, 3, 1), date(2021, 3, 1)),
        (datetime(2021, 3, 1, 12, 30), date(2021, 3, 1)),
        (pd.Timestamp("2021-03-01"), date(2021, 3, 1)),
        (pd.NaT, None),
        (pd.NA, None),
        (math.nan, None),
        ("", None),
        (None, None),
    ],
)
def test_dates(cell: object, expected: date | None) -> None:
    assert date_of(cell, "starts_on") == expected


@pytest.mark.parametrize("cell", ["31.02.2021", "2021-13-01", "März 2021", "01/03/2021", "2021"])
def test_bad_dates_name_the_field_and_the_format(cell: str) -> None:
    with pytest.raises(ValidationError) as caught:
        date_of(cell, "active_from")
    assert caught.value.field == "active_from"
    assert caught.value.message.startswith(f"„Aktiv seit“: „{cell}“ ist kein gültiges Datum.")
    assert "TT.MM.JJJJ" in caught.value.message


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_german_and_iso_dates_read_back(day: date) -> None:
    assert date_of(day.strftime("%d.%m.%Y"), "x") == day
    assert date_of(day.isoformat(), "x") == day


@given(st.text(max_size=30))
def test_name_key_ignores_case_and_spacing(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key
    assert name_key(f"  {name}\t ") == key
    assert name_key(name.casefold()) == key
    assert name_key("  ".join(name.split())) == key


def test_actor_row_with_labels_and_defaults() -> None:
    draft = parse_actor_row({"name": " Förderverein Süd ", "fields_of_action": "Bildung"})
    assert draft.name == "Förderverein Süd"
    assert draft.actor_type == ActorType.OTHER  # no type: "andere"
    assert draft.fields_of_action == (FieldOfAction.EDUCATION,)
    assert (draft.contact_role, draft.active_from, draft.active_to, draft.notes) == (
        "", None, None, "",
    )  # fmt: skip


def test_actor_row_keeps_html_and_formulas_literally() -> None:
    draft = parse_actor_row({"name": "<b>Kita</b>", "actor_type": "kita", "notes": "=1+1"})
    assert (draft.name, draft.notes) == ("<b>Kita</b>", "=1+1")


def test_actor_row_from_the_data_editor() -> None:
    draft = parse_actor_row({
        "id": 3, "name": "Kita", "actor_type": "kita", "fields_of_action": ["bildung"],
        "contact_role": None, "active_from": date(2020, 1, 1), "active_to": pd.NaT,
        "notes": float("nan"),
    })  # fmt: skip
    assert draft.active_from == date(2020, 1, 1)
    assert (draft.active_to, draft.contact_role, draft.notes) == (None, "", "")


def test_tie_row_matches_names_loosely() -> None:
    index = ActorIndex.of([("Kita Regenbogen", 1), ("Grundschule am Park", 2)])
    draft = parse_tie_row(
        {"source": "KITA  regenbogen", "target": "grundschule am park", "tie_type": "Förderung",
         "strength": "3", "starts_on": "01.01.2020", "ends_on": "2020-12-31", "notes": " x "},
        index,
    )  # fmt: skip
    assert (draft.source_id, draft.target_id, draft.tie_type, draft.strength) == (
        1, 2, TieType.FUNDING, 3,
    )  # fmt: skip
    assert (draft.starts_on, draft.ends_on, draft.notes) == (
        date(2020, 1, 1), date(2020, 12, 31), "x",
    )  # fmt: skip


def test_tie_row_with_a_plain_mapping_of_names() -> None:
    draft = parse_tie_row({"source": "kita", "target": "SCHULE"}, {"Kita": 1, "Schule": 2})
    assert (draft.source_id, draft.target_id) == (1, 2)
    assert (draft.tie_type, draft.strength) == (TieType.COOPERATION, 2)


@pytest.mark.parametrize(
    ("values", "key", "text"),
    [
        ({"source": "Kita", "target": "Unbekannt"}, "errors.tie_actor_name_unknown",
         "„An“: Einen Akteur „Unbekannt“ gibt es in diesem Quartier nicht."),
        ({"source": "", "target": "Kita"}, "errors.tie_actor_name_missing", "„Von“ ist leer."),
        ({"source": "Kita", "target": "Schule", "tie_type": "Liebe"},
         "errors.tie_type_unknown", "„Liebe“"),
        ({"source": "Kita", "target": "Schule", "starts_on": "morgen"},
         "errors.date_invalid", "„Beginn“: „morgen“ ist kein gültiges Datum."),
    ],
)  # fmt: skip
def test_bad_tie_rows(values: dict[str, object], key: str, text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_tie_row(values, ActorIndex.of([("Kita", 1), ("Schule", 2)]))
    assert caught.value.key == key
    assert text in caught.value.message
