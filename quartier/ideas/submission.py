"""What residents do without an account: submit an idea, find similar ones, support one."""

from __future__ import annotations

from typing import Any

from quartier.errors import NotFoundError, ValidationError
from quartier.ideas import checks
from quartier.ideas.model import Idea, IdeaStatus, Receipt
from quartier.ideas.reading import fetch_ideas, load_idea
from quartier.ideas.receipts import new_receipt_code, normalise_receipt_code, receipt_hash
from quartier.network import FieldOfAction
from quartier.storage import Database
from quartier.storage.db import Cursor
from quartier.surveys.responses import Channel

# How many published ideas similar_ideas compares at most (the newest); keeps typing fast.
SIMILAR_SCAN = 20_000
SIMILAR_THRESHOLD = 0.45  # about half of the typed words, or one of two plus a bit
_WORD_MATCH = 0.88  # two words count as the same above this Jaro-Winkler similarity
_NEAR_IDENTICAL = 0.95  # whole titles this close match even if split differently


def _field(value: FieldOfAction | str | None) -> FieldOfAction | None:
    if value is None or value == "":
        return None
    try:
        return FieldOfAction(value)
    except ValueError:
        raise ValidationError("errors.idea_field_invalid", field="field_of_action") from None


def _channel(value: Channel | str) -> Channel:
    try:
        return Channel(value)
    except ValueError:
        raise ValidationError("errors.idea_channel_invalid", field="channel") from None


def _author(name: str | None, contact: str | None, consent: bool) -> tuple[str | None, str | None]:
    clean_name = checks.one_line(name or "") or None
    clean_contact = (contact or "").strip() or None
    if (clean_name or clean_contact) and not consent:
        raise ValidationError("errors.idea_consent_missing", field="consent")
    if clean_name and len(clean_name) > checks.AUTHOR_NAME_LIMIT:
        raise checks.too_long(
            "author_name", "field.author_name", clean_name, checks.AUTHOR_NAME_LIMIT
        )
    if clean_contact and len(clean_contact) > checks.AUTHOR_CONTACT_LIMIT:
        raise checks.too_long(
            "author_contact", "field.author_contact", clean_contact, checks.AUTHOR_CONTACT_LIMIT
        )
    return clean_name, clean_contact


def _existing(cur: Cursor, hashed: str, quartier_id: int, title: str) -> Idea | None:
    """The idea already stored under this code (a double tap), or None.

    A code that belongs to another Quartier's idea or to a different title is refused
    with the same message as a malformed one: nothing about that idea leaks.
    """
    row = cur.execute(
        "SELECT id, quartier_id, title FROM ideas WHERE receipt_hash = ?", [hashed]
    ).fetchone()
    if row is None:
        return None
    if int(row[1]) != quartier_id or str(row[2]) != title:
        raise ValidationError("errors.receipt_code_invalid", field="receipt_code")
    return load_idea(cur, int(row[0]))


def submit_idea(
    db: Database,
    quartier_id: int,
    title: str,
    description: str = "",
    *,
    language: str,
    field_of_action: FieldOfAction | None = None,
    place: str = "",
    author_name: str | None = None,
    author_contact: str | None = None,
    consent: bool = False,
    channel: Channel = Channel.ONLINE,
    event_id: int | None = None,
    receipt_code: str | None = None,
) -> Receipt:
    """Store a resident's idea (status 'eingereicht') and return it with its receipt code.

    ``receipt_code`` is the code the form was shown with (:func:`new_receipt_code`);
    submitting again with the same code returns the stored idea instead of a second
    one. A name or contact is stored only with ``consent``. Raises ValidationError
    (title, description, place, language, author fields, consent, receipt code) or
    NotFoundError (Quartier or event unknown); nothing is stored then.
    """
    clean_title = checks.title(title)
    clean_description = checks.description(description)
    clean_place = checks.limited(place, "place", "field.place", checks.PLACE_LIMIT)
    clean_language = checks.language(language)
    field = _field(field_of_action)
    chosen_channel = _channel(channel)
    name, contact = _author(author_name, author_contact, consent)
    if receipt_code is None:
        code = new_receipt_code()
    else:
        normalised = normalise_receipt_code(receipt_code)
        if normalised is None:
            raise ValidationError("errors.receipt_code_invalid", field="receipt_code")
        code = normalised
    hashed = receipt_hash(code)
    with db.transaction() as cur:
        stored = _existing(cur, hashed, quartier_id, clean_title)
        if stored is not None:
            return Receipt(stored, code)
        if cur.execute("SELECT 1 FROM quartiers WHERE id = ?", [quartier_id]).fetchone() is None:
            raise NotFoundError("errors.idea_quartier_unknown", field="quartier")
        if event_id is not None:
            found = cur.execute(
                "SELECT 1 FROM events WHERE id = ? AND quartier_id = ?", [event_id, quartier_id]
            ).fetchone()
            if found is None:
                raise NotFoundError("resident.error_event_unknown", field="event")
        row = cur.execute(
            "INSERT INTO ideas (quartier_id, receipt_hash, title, description, field_of_action,"
            " place, language, author_name, author_contact, consent_at, channel, event_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " CASE WHEN ? THEN now() END, ?, ?) RETURNING id",
            [quartier_id, hashed, clean_title, clean_description,
             field.value if field else None, clean_place, clean_language, name, contact,
             bool(name or contact), chosen_channel.value, event_id],
        ).fetchone()  # fmt: skip
        assert row is not None
        idea_id = int(row[0])
        cur.execute(
            "INSERT INTO idea_history (quartier_id, idea_id, action) VALUES (?, ?, 'eingereicht')",
            [quartier_id, idea_id],
        )
        idea = load_idea(cur, idea_id)
    assert idea is not None
    return Receipt(idea, code)


# Words of a title: lower case, anything but letters and digits splits (any script).
_WORDS = r"string_split(trim(regexp_replace(lower({}), '[^\p{{L}}\p{{N}}]+', ' ', 'g')), ' ')"

# Two words are the same if they are close (typos: Jaro-Winkler) or one contains the
# other (German compounds: "Fest" and "Kinderfest").
_SAME_WORD = (
    f"(jaro_winkler_similarity(w, v) >= {_WORD_MATCH}"
    " OR (length(w) >= 4 AND contains(v, w)) OR (length(v) >= 4 AND contains(w, v)))"
)

# Short words that say nothing about an idea ("Kochbuch mit Rezepten" is about a
# cookbook, not about "mit"); a constant, so it can sit in the SQL text.
STOP_WORDS = ("und", "mit", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen",
              "für", "fuer", "von", "vom", "zum", "zur", "bei", "auf", "aus", "nach", "mehr",
              "auch", "the", "and", "for", "with", "bir", "ve", "için")  # fmt: skip
_STOP_SQL = "[" + ", ".join(f"'{w}'" for w in STOP_WORDS) + "]"
_MEANINGFUL = f"length(w) >= 3 AND NOT list_contains({_STOP_SQL}, w)"

_SIMILAR_SQL = f"""
WITH query AS (
    SELECT lower($title) AS whole, {_WORDS.format("$title")} AS all_words
),
query_words AS (
    SELECT whole, CASE WHEN len(list_filter(all_words, lambda w: {_MEANINGFUL})) > 0
        THEN list_filter(all_words, lambda w: {_MEANINGFUL}) ELSE all_words END AS words
    FROM query
),
candidates AS (
    SELECT id, lower(title) AS whole, {_WORDS.format("title")} AS words
    FROM ideas
    WHERE quartier_id = $quartier AND status = 'veroeffentlicht'
    ORDER BY id DESC
    LIMIT {SIMILAR_SCAN}
),
scored AS (
    SELECT c.id,
        -- share of the typed words that the title contains
        list_avg(list_transform(q.words, lambda w: CASE WHEN list_bool_or(list_transform(
            c.words, lambda v: {_SAME_WORD})) THEN 1.0 ELSE 0.0 END)) AS covered,
        -- share of the title's longer words that were typed
        list_avg(list_transform(list_filter(c.words, lambda w: {_MEANINGFUL}),
            lambda v: CASE WHEN list_bool_or(list_transform(
            q.words, lambda w: {_SAME_WORD})) THEN 1.0 ELSE 0.0 END)) AS covering,
        jaro_winkler_similarity(q.whole, c.whole) AS whole
    FROM candidates c, query_words q
)
SELECT id, CASE WHEN whole >= {_NEAR_IDENTICAL} THEN 1.0
    ELSE 0.7 * covered + 0.3 * coalesce(covering, covered) END AS score
FROM scored
WHERE score >= $threshold
ORDER BY score DESC, whole DESC, id DESC
LIMIT $limit
"""


def similar_ideas(db: Database, quartier_id: int, title: str, limit: int = 5) -> list[Idea]:
    """Published ideas of the Quartier whose title resembles ``title``, most similar first.

    Word order, case, punctuation and small typos do not matter ("Spielplatz am
    Lindenplatz" finds "Neuer Spielplatz Lindenplatz"). Titles under three characters
    give no suggestions.
    """
    typed = checks.one_line(title)[: checks.TITLE_LIMIT]
    if len(typed) < 3 or limit <= 0:
        return []
    params: dict[str, Any] = {
        "title": typed,
        "quartier": quartier_id,
        "threshold": SIMILAR_THRESHOLD,
        "limit": min(limit, 50),
    }
    with db.read() as cur:
        ranked = [int(r[0]) for r in cur.execute(_SIMILAR_SQL, params).fetchall()]
        if not ranked:
            return []
        ideas, _ = fetch_ideas(cur, quartier_id, "i.id IN (SELECT unnest($ids))", {"ids": ranked})
    by_id = {idea.id: idea for idea in ideas}
    return [by_id[i] for i in ranked if i in by_id]


def support_idea(db: Database, idea_id: int, channel: Channel = Channel.ONLINE) -> int:
    """Add one "me too" to a published idea and return its new number of supports.

    Raises NotFoundError (errors.idea_unknown) for unknown or unpublished ideas.
    """
    chosen = _channel(channel)
    with db.transaction() as cur:
        row = cur.execute(
            "SELECT quartier_id, status FROM ideas WHERE id = ?", [idea_id]
        ).fetchone()
        if row is None or row[1] != IdeaStatus.PUBLISHED.value:
            raise NotFoundError("errors.idea_unknown", field="idea")
        cur.execute(
            "INSERT INTO idea_supports (quartier_id, idea_id, channel) VALUES (?, ?, ?)",
            [row[0], idea_id, chosen.value],
        )
        counted = cur.execute(
            "SELECT count(*) FROM idea_supports WHERE idea_id = ?", [idea_id]
        ).fetchone()
    assert counted is not None
    return int(counted[0])
