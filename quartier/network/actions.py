"""The single-record user actions on the network: actors and ties one by one.

Each function checks the permission (coordinators and administrators of the actor's or
tie's Quartier), validates, writes in one transaction and returns the record as stored,
or raises a QuartierError. Records are looked up first, so an id of another Quartier's
actor or tie is refused with PermissionDenied, an unknown id with NotFoundError.
"""

from __future__ import annotations

from datetime import date

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import NotFoundError, ValidationError
from quartier.network.actors import (
    delete_actor_row_in,
    find_actor_by_name_in,
    get_actor_in,
    in_use_error,
    insert_actor_in,
    update_actor_in,
)
from quartier.network.checks import check_actor
from quartier.network.model import Actor, ActorDraft, Tie, TieDraft
from quartier.network.ties import delete_tie_in, get_tie_in, insert_tie_in, update_tie_in
from quartier.storage import Database
from quartier.storage.db import Cursor


def _actor(cur: Cursor, actor_id: int) -> Actor:
    actor = get_actor_in(cur, actor_id)
    if actor is None:
        raise NotFoundError("errors.actor_unknown", field="actor", value=actor_id)
    return actor


def _tie(cur: Cursor, tie_id: int) -> Tie:
    tie = get_tie_in(cur, tie_id)
    if tie is None:
        raise NotFoundError("errors.tie_unknown", field="tie", value=tie_id)
    return tie


def _check_name_free(cur: Cursor, quartier_id: int, name: str, own_id: int | None) -> None:
    """Names are unique per Quartier, ignoring case and spacing; the message names the
    actor as stored, so the user finds it in the list."""
    other = find_actor_by_name_in(cur, quartier_id, name)
    if other is not None and other != own_id:
        raise ValidationError("errors.actor_name_taken", field="name", name=_actor(cur, other).name)


def _check_quartier(cur: Cursor, quartier_id: int) -> None:
    if cur.execute("SELECT 1 FROM quartiers WHERE id = ?", [quartier_id]).fetchone() is None:
        raise NotFoundError("errors.unknown_quartier", field="quartier")


# --- actors ----------------------------------------------------------------------------


def get_actor(db: Database, actor_id: int) -> Actor:
    """One actor with its fields of action; raises NotFoundError."""
    with db.read() as cur:
        return _actor(cur, actor_id)


def create_actor(db: Database, user: User, quartier_id: int, draft: ActorDraft) -> Actor:
    """Add an actor to the Quartier, recording who entered it.

    Raises PermissionDenied, ValidationError (the checks of :func:`check_actor`, or
    ``errors.actor_name_taken`` when the Quartier has an actor of that name, case and
    spacing ignored) or NotFoundError for an unknown Quartier.
    """
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    draft = check_actor(draft)
    with db.transaction() as cur:
        _check_quartier(cur, quartier_id)
        _check_name_free(cur, quartier_id, draft.name, None)
        created = insert_actor_in(cur, quartier_id, draft, created_by=user.id)
        return _actor(cur, created.id)


def update_actor(db: Database, user: User, actor_id: int, draft: ActorDraft) -> Actor:
    """Replace an actor's fields with ``draft`` (the whole form).

    Raises NotFoundError, PermissionDenied or ValidationError (as :func:`create_actor`;
    keeping its own name is fine).
    """
    with db.transaction() as cur:
        actor = _actor(cur, actor_id)
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, actor)
        draft = check_actor(draft)
        _check_name_free(cur, actor.quartier_id, draft.name, actor.id)
        update_actor_in(cur, actor, draft, user.id)
        return _actor(cur, actor.id)


def delete_actor(db: Database, user: User, actor_id: int) -> None:
    """Delete an actor that nothing refers to (no tie, group membership, measure or event).

    An actor that is in use is refused with ``errors.actor_in_use``: its history stays,
    and "Aktiv bis" is the way to say it no longer exists. Raises NotFoundError,
    PermissionDenied or ValidationError.
    """
    with db.transaction() as cur:
        actor = _actor(cur, actor_id)
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, actor)
        if (error := in_use_error(cur, actor)) is not None:
            raise error
        cur.execute("DELETE FROM actor_fields WHERE actor_id = ?", [actor.id])
    with db.transaction() as cur:  # the actor row itself: see delete_actor_row_in
        error = delete_actor_row_in(cur, actor)
    if error is not None:
        raise error


# --- ties ------------------------------------------------------------------------------


def get_tie(db: Database, tie_id: int) -> Tie:
    """One tie with who entered it; raises NotFoundError."""
    with db.read() as cur:
        return _tie(cur, tie_id)


def create_tie(db: Database, user: User, quartier_id: int, draft: TieDraft) -> Tie:
    """Add a tie between two actors of the Quartier, recording who entered it.

    Raises PermissionDenied or ValidationError: a self-tie, a strength other than 1–3,
    an end before the start, an actor not of this Quartier (``errors.tie_actor_unknown``)
    or a duplicate (same two actors in either direction, same type, overlapping dates).
    """
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    with db.transaction() as cur:
        return insert_tie_in(cur, quartier_id, draft, created_by=user.id)


def update_tie(db: Database, user: User, tie_id: int, draft: TieDraft) -> Tie:
    """Replace a tie's fields with ``draft``; raises NotFoundError, PermissionDenied or
    ValidationError (as :func:`create_tie`, the tie itself not counting as a duplicate)."""
    with db.transaction() as cur:
        tie = _tie(cur, tie_id)
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, tie)
        return update_tie_in(cur, tie, draft, user.id)


def end_tie(db: Database, user: User, tie_id: int, ends_on: date) -> Tie:
    """Set the last day of a tie (it holds on ``ends_on`` itself).

    Raises NotFoundError, PermissionDenied or ValidationError (an end before the start).
    """
    with db.transaction() as cur:
        tie = _tie(cur, tie_id)
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, tie)
        draft = TieDraft(
            tie.source_id, tie.target_id, tie.tie_type, tie.strength, tie.starts_on, ends_on,
            tie.notes,
        )  # fmt: skip
        return update_tie_in(cur, tie, draft, user.id)


def delete_tie(db: Database, user: User, tie_id: int) -> None:
    """Delete a tie entered by mistake (an ended tie is ended, not deleted).

    Raises NotFoundError or PermissionDenied.
    """
    with db.transaction() as cur:
        tie = _tie(cur, tie_id)
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, tie)
        delete_tie_in(cur, tie.id)
