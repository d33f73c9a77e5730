"""The Quartier's population by language, entered from city statistics: what the reach
of the language communities is measured against. Replaced as a whole."""

from __future__ import annotations

import math
from collections.abc import Mapping

from babel.numbers import format_decimal

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import ValidationError
from quartier.events import checks
from quartier.events.model import SHARE_TOLERANCE, PopulationShares, check_language
from quartier.storage import Database
from quartier.storage.db import Cursor

__all__ = ["population_shares", "set_population_shares"]

MAX_SOURCE = 200
YEARS = (1990, 2100)


def german_number(value: float) -> str:
    """A share as the German message shows it.

    >>> german_number(99.0), german_number(100.4), german_number(101.25)
    ('99,0', '100,4', '101,25')
    """
    return str(format_decimal(value, format="#,##0.0#", locale="de_DE"))


def check_shares(values: Mapping[str, float | int | None]) -> dict[str, float]:
    """Population shares: known languages (or 'andere'), each between 0 and 100, zeros
    dropped, not empty, adding up to 100 % ± SHARE_TOLERANCE. Rounded to 2 decimals.

    >>> check_shares({"de": 46, "tr": 17, "andere": 37, "ar": 0})
    {'de': 46.0, 'andere': 37.0, 'tr': 17.0}
    >>> check_shares({"de": 60, "tr": 39})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Die Anteile ergeben zusammen 99,0 % statt 100 %. ...
    >>> check_shares({"de": 60, "tr": 40.4}), check_shares({"de": 99.5})
    ({'de': 60.0, 'tr': 40.4}, {'de': 99.5})
    """
    cleaned: dict[str, float] = {}
    for raw_code, raw_value in values.items():
        code = check_language(raw_code.strip(), "shares")
        if raw_value is None:
            continue
        value = float(raw_value)
        if not math.isfinite(value) or value < 0 or value > 100:
            raise ValidationError(
                "errors.share_out_of_range", field="shares",
                language=checks.category_name(code, True), value=german_number(value),
            )  # fmt: skip
        value = round(value, 2)
        if value:
            cleaned[code] = value
    if not cleaned:
        raise ValidationError("errors.shares_empty", field="shares")
    total = round(sum(cleaned.values()), 2)
    if abs(total - 100) > SHARE_TOLERANCE + 1e-9:
        raise ValidationError("errors.shares_sum", field="shares", total=german_number(total))
    return dict(sorted(cleaned.items(), key=lambda item: (-item[1], checks.language_rank(item[0]))))


def check_source(source: str, as_of_year: int | None) -> tuple[str, int | None]:
    """The statistics' source text and year (1990–2100)."""
    source = checks.limited(source, "source", "field.population_source", MAX_SOURCE)
    if as_of_year is not None and not YEARS[0] <= as_of_year <= YEARS[1]:
        raise ValidationError(
            "errors.year_out_of_range", field="as_of_year", value=as_of_year, low=YEARS[0],
            high=YEARS[1],
        )  # fmt: skip
    return source, as_of_year


def set_population_shares(
    db: Database,
    user: User,
    quartier_id: int,
    shares: Mapping[str, float],
    source: str = "",
    as_of_year: int | None = None,
) -> PopulationShares:
    """Replace the Quartier's population shares (language code or 'andere' → percent).

    Entries with share 0 are dropped. Raises PermissionDenied or ValidationError (an
    unknown language, a share below 0 or above 100, none at all, a sum that is not
    100 % ± SHARE_TOLERANCE, a source too long, an implausible year).
    """
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    cleaned = check_shares(shares)
    source, as_of_year = check_source(source, as_of_year)
    with db.transaction() as cur:
        cur.execute("DELETE FROM population_shares WHERE quartier_id = ?", [quartier_id])
        cur.execute(
            "INSERT INTO population_shares (quartier_id, language, share)"
            " SELECT ?, unnest(?::VARCHAR[]), unnest(?::DECIMAL(5, 2)[])",
            [quartier_id, list(cleaned), list(cleaned.values())],
        )
        cur.execute("DELETE FROM population_sources WHERE quartier_id = ?", [quartier_id])
        cur.execute(
            "INSERT INTO population_sources (quartier_id, source, as_of_year, entered_by)"
            " VALUES (?, ?, ?, ?)",
            [quartier_id, source, as_of_year, user.id],
        )
        shares_now = _load(cur, quartier_id)
    assert shares_now is not None
    return shares_now


def _load(cur: Cursor, quartier_id: int) -> PopulationShares | None:
    rows = cur.execute(
        "SELECT language, share::DOUBLE FROM population_shares WHERE quartier_id = ?",
        [quartier_id],
    ).fetchall()
    if not rows:
        return None
    meta = cur.execute(
        "SELECT source, as_of_year FROM population_sources WHERE quartier_id = ?", [quartier_id]
    ).fetchone()
    ordered = sorted(rows, key=lambda r: (-float(r[1]), checks.language_rank(str(r[0]))))
    return PopulationShares(
        quartier_id=quartier_id,
        shares={str(code): float(share) for code, share in ordered},
        source=str(meta[0]) if meta else "",
        as_of_year=None if meta is None or meta[1] is None else int(meta[1]),
    )


def population_shares(db: Database, quartier_id: int) -> PopulationShares | None:
    """The Quartier's shares (largest first), or None if none were entered."""
    with db.read() as cur:
        return _load(cur, quartier_id)
