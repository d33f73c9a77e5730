"""Pure checks for actors and ties, and the row-level report of a rejected batch.

One form, one row of the bulk editor and one row of an imported file all pass the
same checks. A batch (editor or import) collects every problem first and is then
refused as a whole with :class:`BatchRejected`; nothing of it is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from quartier.errors import QuartierError, ValidationError
from quartier.network.model import (
    CONTACT_LIMIT,
    NAME_LIMIT,
    NOTES_LIMIT,
    STRENGTHS,
    ActorDraft,
    Tie,
    TieDraft,
)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _within(text: str, field: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters; else the error naming ``field``."""
    if len(text) > limit:
        raise ValidationError(
            "errors.text_too_long", field=field, label=f"field.{field}", length=len(text),
            limit=limit,
        )  # fmt: skip
    return text


def check_actor(draft: ActorDraft) -> ActorDraft:
    """The draft with tidied text, or ValidationError naming the field.

    >>> from quartier.network.model import ActorType
    >>> check_actor(ActorDraft("  Kita   Regenbogen ", ActorType.KITA)).name
    'Kita Regenbogen'
    >>> try:
    ...     check_actor(ActorDraft(" ", ActorType.KITA))
    ... except ValidationError as e:
    ...     e.key
    'errors.actor_name_missing'
    """
    name = _squash(draft.name)
    if not name:
        raise ValidationError("errors.actor_name_missing", field="name")
    _within(name, "name", NAME_LIMIT)
    contact = _within(_squash(draft.contact_role), "contact_role", CONTACT_LIMIT)
    notes = _within(draft.notes.strip(), "notes", NOTES_LIMIT)
    if draft.active_from and draft.active_to and draft.active_to < draft.active_from:
        raise ValidationError("errors.active_period", field="active_to")
    fields = tuple(dict.fromkeys(draft.fields_of_action))
    return replace(draft, name=name, contact_role=contact, notes=notes, fields_of_action=fields)


def check_tie(draft: TieDraft) -> TieDraft:
    """The draft with tidied notes, or ValidationError naming the field.

    >>> from quartier.network.model import TieType
    >>> for strength, target in ((2, 1), (4, 2)):
    ...     try:
    ...         check_tie(TieDraft(1, target, TieType.COOPERATION, strength=strength))
    ...     except ValidationError as e:
    ...         print(e.key, e.field)
    errors.tie_self target_id
    errors.tie_strength strength
    """
    if draft.source_id == draft.target_id:
        raise ValidationError("errors.tie_self", field="target_id")
    if isinstance(draft.strength, bool) or draft.strength not in STRENGTHS:
        raise ValidationError("errors.tie_strength", field="strength", value=draft.strength)
    if draft.starts_on and draft.ends_on and draft.ends_on < draft.starts_on:
        raise ValidationError(
            "errors.tie_period", field="ends_on", start=draft.starts_on.strftime("%d.%m.%Y"),
            end=draft.ends_on.strftime("%d.%m.%Y"),
        )  # fmt: skip
    return replace(draft, notes=_within(draft.notes.strip(), "notes", NOTES_LIMIT))


def periods_overlap(
    a_start: date | None, a_end: date | None, b_start: date | None, b_end: date | None
) -> bool:
    """Whether two periods share a day (open ends run forever; both ends inclusive).

    >>> periods_overlap(date(2020, 1, 1), date(2020, 12, 31), date(2020, 12, 31), None)
    True
    >>> periods_overlap(date(2020, 1, 1), date(2020, 12, 30), date(2020, 12, 31), None)
    False
    """
    return (a_end is None or b_start is None or b_start <= a_end) and (
        b_end is None or a_start is None or a_start <= b_end
    )


def same_tie(a: TieDraft | Tie, b: TieDraft | Tie) -> bool:
    """A duplicate: the same two actors (either direction), the same type, overlapping dates.

    A cooperation that ended and started again later is two ties, not a duplicate.
    """
    return (
        {a.source_id, a.target_id} == {b.source_id, b.target_id}
        and a.tie_type == b.tie_type
        and periods_overlap(a.starts_on, a.ends_on, b.starts_on, b.ends_on)
    )


def duplicate_of(
    draft: TieDraft, existing: Iterable[Tie], ignore_id: int | None = None
) -> Tie | None:
    """The stored tie that ``draft`` would duplicate (``ignore_id``: the tie being edited)."""
    for tie in existing:
        if tie.id != ignore_id and same_tie(draft, tie):
            return tie
    return None


@dataclass(frozen=True)
class RowProblem:
    """One problem in one row of a batch: where it is, and the error that says what to fix."""

    source: str  # "akteure.csv", "beziehungen.csv", "GraphML", the editor's table name
    row: int | None  # as the user sees it: a file's line number or the editor's row number
    error: QuartierError

    def text(self, language: str = "de", quote: Callable[[str], str] | None = None) -> str:
        from quartier.i18n import translator

        t = translator(language)
        message = self.error.text(language, quote)
        source = quote(self.source) if quote else self.source
        if self.row is None:
            return t("network.problem_in_source", source=source, message=message)
        return t("network.problem_in_row", source=source, row=self.row, message=message)


class BatchRejected(QuartierError):
    """A batch (bulk edit or import) with problems; nothing of it was stored."""

    code = "network_batch"

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("errors.network_batch_rejected", count=len(self.problems))

    def report(self, language: str = "de", quote: Callable[[str], str] | None = None) -> list[str]:
        """One line per problem, in file order."""
        return [p.text(language, quote) for p in self.problems]


#: A batch with more problems than this reports the first ones and how many more there are.
REPORT_LIMIT = 200
