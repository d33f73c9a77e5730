"""Foreign cell values → drafts: one row of the data editor, a CSV file or a graph file.

Values come as typed by people (German labels such as "Frühe Hilfen", any case) or as
the internal values ("fruehe_hilfen"); dates as ``date``, ``datetime``, ISO text or
dd.mm.yyyy; empty cells as ``None``, ``""`` or NaN (pandas). A value that does not
fit raises :class:`ValidationError` naming the field and listing what is allowed.

Defaults for what a file leaves out (documented for the import, too): an actor
without a type is "andere", a tie without a type is a "Kooperation", a tie without a
strength has strength 2 (mittel).
"""

from __future__ import annotations

import functools
import numbers
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum

from quartier.errors import ValidationError
from quartier.i18n import translator
from quartier.network.model import ActorDraft, ActorType, FieldOfAction, TieDraft, TieType

#: Keys of an actor row and of a tie row (the internal column names).
ACTOR_KEYS = (
    "name", "actor_type", "fields_of_action", "contact_role", "active_from", "active_to", "notes",
)  # fmt: skip
TIE_KEYS = ("source", "target", "tie_type", "strength", "starts_on", "ends_on", "notes")

#: Separators between several fields of action in one cell.
FIELD_SEPARATORS = re.compile(r"\s*[|,;]\s*")

#: Tie-type words people use besides the labels ("Vermittlung/Weiterleitung").
_TIE_ALIASES = {
    "vermittlung": TieType.REFERRAL,
    "weiterleitung": TieType.REFERRAL,
    "vermittlung / weiterleitung": TieType.REFERRAL,
    "vertrag": TieType.CONTRACT,
}
_STRENGTH_WORDS = {"schwach": 1, "mittel": 2, "stark": 3, "weak": 1, "medium": 2, "strong": 3}
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")


def name_key(name: str) -> str:
    """How names are compared: case and spacing ignored.

    >>> name_key("  Kita   REGENBOGEN ") == name_key("kita regenbogen")
    True
    """
    return " ".join(name.split()).casefold()


class ActorIndex(dict[str, int]):
    """Actor ids by :func:`name_key` of their names (what :func:`parse_tie_row` looks up)."""

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, int]]) -> ActorIndex:
        """From (name, id) pairs; the first of two equal names wins."""
        index = cls()
        for name, actor_id in pairs:
            index.setdefault(name_key(name), actor_id)
        return index


def is_blank(value: object) -> bool:
    """An empty cell: None, blank text, NaN or NaT (they differ from themselves).

    >>> [is_blank(v) for v in (None, " ", float("nan"), 0, "x")]
    [True, True, True, False, False]
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float | datetime):
        return value != value
    return type(value).__name__ == "NAType"  # pandas.NA, which refuses comparisons


def cell_text(value: object) -> str:
    """A cell as trimmed text ("" when blank); whole floats lose their ``.0``.

    >>> cell_text(None), cell_text(" a "), cell_text(2.0), cell_text(float("nan"))
    ('', 'a', '2', '')
    """
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@functools.cache
def _lookup(kind: type[StrEnum], prefix: str) -> dict[str, StrEnum]:
    de = translator("de")
    table: dict[str, StrEnum] = {}
    for member in kind:
        table[member.value.casefold()] = member
        table[name_key(de(f"{prefix}.{member.value}"))] = member
    return table


def labels(kind: type[StrEnum], prefix: str) -> list[str]:
    """The German labels of an enum, in order (for messages and exports).

    >>> labels(TieType, "tie_type")[0]
    'Kooperation'
    """
    de = translator("de")
    return [de(f"{prefix}.{member.value}") for member in kind]


def actor_type_of(value: object) -> ActorType | None:
    """The actor type for a label or value; None when the cell is empty.

    >>> actor_type_of("frühe hilfen"), actor_type_of("kita"), actor_type_of("")
    (<ActorType.EARLY_HELP: 'fruehe_hilfen'>, <ActorType.KITA: 'kita'>, None)
    """
    text = cell_text(value)
    if not text:
        return None
    found = _lookup(ActorType, "actor_type").get(name_key(text))
    if found is None:
        raise ValidationError(
            "errors.actor_type_unknown", field="actor_type", value=text,
            allowed=", ".join(labels(ActorType, "actor_type")),
        )  # fmt: skip
    return ActorType(found)


def fields_of(value: object) -> tuple[FieldOfAction, ...]:
    """Fields of action from a list or from text separated by ``|``, ``,`` or ``;``.

    >>> [f.value for f in fields_of("Bildung | kinder_jugend")]
    ['bildung', 'kinder_jugend']
    >>> fields_of(["gesundheit"]), fields_of(None)
    ((<FieldOfAction.HEALTH: 'gesundheit'>,), ())
    """
    if is_blank(value):
        return ()
    if isinstance(value, str):
        parts = FIELD_SEPARATORS.split(value.strip())
    elif isinstance(value, Iterable):
        parts = [cell_text(v) for v in value]
    else:
        parts = [cell_text(value)]
    table = _lookup(FieldOfAction, "field_of_action")
    fields: list[FieldOfAction] = []
    for part in parts:
        if not part.strip():
            continue
        found = table.get(name_key(part))
        if found is None:
            raise ValidationError(
                "errors.field_of_action_unknown", field="fields_of_action", value=part.strip(),
                allowed=", ".join(labels(FieldOfAction, "field_of_action")),
            )  # fmt: skip
        fields.append(FieldOfAction(found))
    return tuple(dict.fromkeys(fields))


def tie_type_of(value: object) -> TieType:
    """The tie type for a label, an alias or a value; "kooperation" when empty.

    >>> [tie_type_of(v).value for v in ("Weiterleitung", "FÖRDERUNG", None)]
    ['vermittlung', 'foerderung', 'kooperation']
    """
    text = cell_text(value)
    if not text:
        return TieType.COOPERATION
    key = name_key(text)
    found = _lookup(TieType, "tie_type").get(key) or _TIE_ALIASES.get(key)
    if found is None:
        raise ValidationError(
            "errors.tie_type_unknown", field="tie_type", value=text,
            allowed=", ".join(labels(TieType, "tie_type")),
        )  # fmt: skip
    return TieType(found)


def strength_of(value: object) -> int:
    """Strength 1–3 from a number, digits or a word; 2 when empty.

    >>> strength_of("3"), strength_of(1.0), strength_of("stark"), strength_of("")
    (3, 1, 3, 2)
    """
    if isinstance(value, bool):
        raise ValidationError("errors.tie_strength", field="strength", value=value)
    if isinstance(value, numbers.Integral):
        number = int(value)
    else:
        text = cell_text(value).replace(",", ".")
        if not text:
            return 2
        if text.casefold() in _STRENGTH_WORDS:
            return _STRENGTH_WORDS[text.casefold()]
        try:
            as_float = float(text)
        except ValueError:
            raise ValidationError("errors.tie_strength", field="strength", value=text) from None
        if not as_float.is_integer():
            raise ValidationError("errors.tie_strength", field="strength", value=text)
        number = int(as_float)
    if number not in (1, 2, 3):
        raise ValidationError("errors.tie_strength", field="strength", value=number)
    return number


def date_of(value: object, field: str) -> date | None:
    """A date from a date, a datetime, ISO text or dd.mm.yyyy; None when empty.

    >>> date_of("01.03.2021", "x"), date_of("2021-03-01", "x"), date_of(float("nan"), "x")
    (datetime.date(2021, 3, 1), datetime.date(2021, 3, 1), None)
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    match = _GERMAN_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text)
    if match is not None:
        numbers_ = [int(g) for g in match.groups()]
        day, month, year = numbers_ if match.re is _GERMAN_DATE else numbers_[::-1]
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise ValidationError("errors.date_invalid", field=field, label=f"field.{field}", value=text)


def parse_actor_row(values: Mapping[str, object]) -> ActorDraft:
    """An actor draft from one row (keys :data:`ACTOR_KEYS`; missing keys are empty).

    The draft is not yet checked (:func:`~quartier.network.checks.check_actor` tidies
    and checks lengths and the active period).

    >>> parse_actor_row({"name": "Kita Regenbogen", "actor_type": "Kita",
    ...                  "fields_of_action": "Bildung", "active_from": "01.08.2019"})
    ... # doctest: +NORMALIZE_WHITESPACE
    ActorDraft(name='Kita Regenbogen', actor_type=<ActorType.KITA: 'kita'>,
        fields_of_action=(<FieldOfAction.EDUCATION: 'bildung'>,), contact_role='',
        active_from=datetime.date(2019, 8, 1), active_to=None, notes='')
    """
    return ActorDraft(
        name=cell_text(values.get("name")),
        actor_type=actor_type_of(values.get("actor_type")) or ActorType.OTHER,
        fields_of_action=fields_of(values.get("fields_of_action")),
        contact_role=cell_text(values.get("contact_role")),
        active_from=date_of(values.get("active_from"), "active_from"),
        active_to=date_of(values.get("active_to"), "active_to"),
        notes=cell_text(values.get("notes")),
    )


def actor_id_of(value: object, actor_ids: Mapping[str, int], field: str) -> int:
    """The id of the actor named ``value`` (case and spacing ignored)."""
    name = " ".join(cell_text(value).split())
    if not name:
        raise ValidationError("errors.tie_actor_name_missing", field=field, label=f"field.{field}")
    key = name_key(name)
    found = actor_ids.get(key, actor_ids.get(name))
    if found is None and not isinstance(actor_ids, ActorIndex):
        found = next((i for n, i in actor_ids.items() if name_key(n) == key), None)
    if found is None:
        raise ValidationError(
            "errors.tie_actor_name_unknown", field=field, label=f"field.{field}", name=name
        )
    return found


def parse_tie_row(values: Mapping[str, object], actor_ids: Mapping[str, int]) -> TieDraft:
    """A tie draft from one row (keys :data:`TIE_KEYS`); source and target are names.

    ``actor_ids`` maps names to ids; an :class:`ActorIndex` is looked up directly, any
    other mapping is compared name by name. Not yet checked (self-ties, the period:
    :func:`~quartier.network.checks.check_tie`).

    >>> parse_tie_row({"source": "kita  regenbogen", "target": "Schule", "tie_type": "",
    ...                "starts_on": "2020-02-01"}, {"Kita Regenbogen": 1, "Schule": 2})
    ... # doctest: +NORMALIZE_WHITESPACE
    TieDraft(source_id=1, target_id=2, tie_type=<TieType.COOPERATION: 'kooperation'>,
        strength=2, starts_on=datetime.date(2020, 2, 1), ends_on=None, notes='')
    """
    return TieDraft(
        source_id=actor_id_of(values.get("source"), actor_ids, "source"),
        target_id=actor_id_of(values.get("target"), actor_ids, "target"),
        tie_type=tie_type_of(values.get("tie_type")),
        strength=strength_of(values.get("strength")),
        starts_on=date_of(values.get("starts_on"), "starts_on"),
        ends_on=date_of(values.get("ends_on"), "ends_on"),
        notes=cell_text(values.get("notes")),
    )
