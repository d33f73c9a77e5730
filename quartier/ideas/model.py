"""The records of the ideas domain: ideas, receipts, working groups and read models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from quartier.ideas.stages import Stage
from quartier.network import FieldOfAction
from quartier.surveys.responses import Channel

if TYPE_CHECKING:
    from quartier.measures import MeasureView


class IdeaStatus(StrEnum):
    """Moderation state; mirrors the CHECK constraint on ``ideas.status``."""

    SUBMITTED = "eingereicht"
    PUBLISHED = "veroeffentlicht"
    REJECTED = "abgelehnt"
    DUPLICATE = "duplikat"


@dataclass(frozen=True)
class Idea:
    id: int
    quartier_id: int
    title: str
    description: str
    field_of_action: FieldOfAction | None
    place: str
    language: str
    channel: Channel
    event_id: int | None
    submitted_at: datetime
    status: IdeaStatus
    stage: Stage
    group_id: int | None
    duplicate_of: int | None
    reason: str
    edit_note: str
    supports: int
    author_name: str | None  # only filled for staff reads, else None
    author_contact: str | None


@dataclass(frozen=True)
class Receipt:
    """What :func:`submit_idea` returns: the idea and its code, formatted for reading aloud."""

    idea: Idea
    code: str


@dataclass(frozen=True)
class WorkingGroup:
    id: int
    quartier_id: int
    name: str
    theme: str
    is_archived: bool
    member_ids: frozenset[int]  # satisfies auth.HasMembers
    meetings: tuple[tuple[date, str], ...]  # (day, note), ascending


@dataclass(frozen=True)
class GroupMember:
    user_id: int
    username: str
    display_name: str
    actor_id: int | None


@dataclass(frozen=True)
class StepView:
    """One step on an idea's path."""

    stage: Stage
    reached_on: date | None
    is_current: bool


@dataclass(frozen=True)
class IdeaStatusView:
    """What ``/status?code=…`` shows: no author data, no link to any survey."""

    idea: Idea
    path: tuple[StepView, ...]
    group_name: str | None
    duplicate_title: str | None
    measure: MeasureView | None


@dataclass(frozen=True)
class BoardPage:
    ideas: list[Idea]
    total: int
