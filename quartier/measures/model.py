"""Measures as records and pure rules: the status and its transitions, the limits of
the fields and their checks. No database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from quartier.errors import ValidationError
from quartier.i18n import berlin_today

MAX_TITLE = 120
MAX_DESCRIPTION = 4000
MAX_RESPONSIBLE = 200
MAX_PARTNERS = 500
MAX_BUDGET_CENTS = 10_000_000_000  # 100 million euros: far above any Quartier budget


class MeasureStatus(StrEnum):
    """Mirrors the CHECK constraint on ``measures.status``."""

    PLANNED = "geplant"
    ACTIVE = "in_umsetzung"
    DONE = "umgesetzt"
    CANCELLED = "abgebrochen"


# Where a measure may go from each status; "umgesetzt" can be reopened, "abgebrochen" revived.
TRANSITIONS: Mapping[MeasureStatus, tuple[MeasureStatus, ...]] = {
    MeasureStatus.PLANNED: (MeasureStatus.ACTIVE, MeasureStatus.CANCELLED),
    MeasureStatus.ACTIVE: (MeasureStatus.DONE, MeasureStatus.CANCELLED, MeasureStatus.PLANNED),
    MeasureStatus.DONE: (MeasureStatus.ACTIVE,),
    MeasureStatus.CANCELLED: (MeasureStatus.PLANNED,),
}

# One message per current status: it names the status and the ways out of it.
_REFUSED_FROM: Mapping[MeasureStatus, str] = {
    MeasureStatus.PLANNED: "errors.measure_status_from_geplant",
    MeasureStatus.ACTIVE: "errors.measure_status_from_in_umsetzung",
    MeasureStatus.DONE: "errors.measure_status_from_umgesetzt",
    MeasureStatus.CANCELLED: "errors.measure_status_from_abgebrochen",
}


@dataclass(frozen=True)
class Milestone:
    id: int
    measure_id: int
    title: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class Measure:
    id: int
    quartier_id: int
    idea_id: int | None
    group_id: int | None
    title: str
    description: str
    responsible: str
    responsible_actor_id: int | None
    partners: str
    budget_cents: int | None
    starts_on: date | None
    ends_on: date | None
    status: MeasureStatus
    milestones: tuple[Milestone, ...]

    @property
    def progress(self) -> float:
        """Share of milestones done, 0.0 without milestones."""
        return share_done(sum(m.done_on is not None for m in self.milestones), len(self.milestones))


@dataclass(frozen=True)
class MeasureView:
    """What residents see on the board and the receipt page: no names, no budget."""

    title: str
    status: MeasureStatus
    progress: float
    starts_on: date | None
    ends_on: date | None
    milestones: tuple[tuple[str, date, bool], ...]  # (title, due_on, done)


# --- pure rules ------------------------------------------------------------------------


def share_done(done: int, total: int) -> float:
    """Progress as a share in [0, 1]; no milestones means no progress yet.

    >>> share_done(0, 0)
    0.0
    >>> share_done(1, 4)
    0.25
    >>> share_done(3, 3)
    1.0
    """
    return done / total if total else 0.0


def next_statuses(status: MeasureStatus) -> tuple[MeasureStatus, ...]:
    """The statuses a measure may move to from ``status`` (for the page's buttons).

    >>> [s.value for s in next_statuses(MeasureStatus.PLANNED)]
    ['in_umsetzung', 'abgebrochen']
    >>> [s.value for s in next_statuses(MeasureStatus.DONE)]
    ['in_umsetzung']
    """
    return TRANSITIONS[status]


def check_transition(current: MeasureStatus, target: MeasureStatus) -> None:
    """Raise ValidationError (naming ``current``) unless ``current`` may move to ``target``.

    Staying in the same status is not a move and always passes (a double click).

    >>> check_transition(MeasureStatus.PLANNED, MeasureStatus.ACTIVE)
    >>> check_transition(MeasureStatus.CANCELLED, MeasureStatus.DONE)
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Die Maßnahme ist abgebrochen und kann nicht direkt auf „umgesetzt“ gesetzt werden. Möglich ist nur „geplant“ (wieder aufnehmen).
    """  # noqa: E501
    if target != current and target not in TRANSITIONS[current]:
        raise ValidationError(
            _REFUSED_FROM[current], field="status", label=f"measure.status.{target.value}"
        )


def _too_long(field: str, label: str, value: str, limit: int) -> ValidationError:
    return ValidationError(
        "errors.text_too_long", field=field, label=label, length=len(value), limit=limit
    )


@dataclass(frozen=True)
class _Fields:
    title: str
    description: str
    responsible: str
    partners: str
    budget_cents: int | None
    starts_on: date | None
    ends_on: date | None


def _clean(
    title: str,
    description: str,
    responsible: str,
    partners: str,
    budget_cents: int | None,
    starts_on: date | None,
    ends_on: date | None,
) -> _Fields:
    """Trim and check the plain fields of a measure; raises ValidationError."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError("errors.measure_title_missing", field="title")
    fields = _Fields(
        title,
        description.strip(),
        responsible.strip(),
        partners.strip(),
        budget_cents,
        starts_on,
        ends_on,
    )
    for name, label, value, limit in (
        ("title", "field.title", fields.title, MAX_TITLE),
        ("description", "field.description", fields.description, MAX_DESCRIPTION),
        ("responsible", "field.responsible", fields.responsible, MAX_RESPONSIBLE),
        ("partners", "field.partners", fields.partners, MAX_PARTNERS),
    ):
        if len(value) > limit:
            raise _too_long(name, label, value, limit)
    if budget_cents is not None and not 0 <= budget_cents <= MAX_BUDGET_CENTS:
        raise ValidationError("errors.measure_budget_range", field="budget_cents")
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise ValidationError("errors.measure_period", field="ends_on")
    return fields


def _clean_milestone_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("errors.milestone_title_missing", field="title")
    if len(title) > MAX_TITLE:
        raise _too_long("title", "field.milestone_title", title, MAX_TITLE)
    return title


_today = berlin_today
