"""Receipt codes: format, alphabet, normalisation, unguessable, only a hash stored."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quartier.errors import NotFoundError
from quartier.ideas import idea_status, new_receipt_code, normalise_receipt_code
from quartier.ideas.receipts import ALPHABET
from tests.conftest import World
from tests.ideas.helpers import submit

FORMAT = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}")


def test_alphabet_is_crockford_base32():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert "".join(sorted(ALPHABET)) == ALPHABET


def test_new_codes_have_the_readable_format_and_about_50_bits():
    code = new_receipt_code()
    assert FORMAT.fullmatch(code), code
    assert len(code.replace("-", "")) * 5 == 50


def test_ten_thousand_codes_are_all_distinct_and_use_the_whole_alphabet():
    codes = [new_receipt_code() for _ in range(10_000)]
    assert len(set(codes)) == 10_000
    assert all(FORMAT.fullmatch(c) for c in codes)
    assert set("".join(codes).replace("-", "")) == set(ALPHABET)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("K7QM-4XR9-PT", "K7QM-4XR9-PT"),
        ("k7qm-4xr9-pt", "K7QM-4XR9-PT"),
        ("K7QM4XR9PT", "K7QM-4XR9-PT"),
        ("  k7qm 4xr9 pt  ", "K7QM-4XR9-PT"),
        ("K7-QM-4X-R9-PT", "K7QM-4XR9-PT"),
        ("K7QM\t4XR9\nPT", "K7QM-4XR9-PT"),
        ("OOOO-0000-00", "0000-0000-00"),  # O reads as zero
        ("o1il-IIII-ll", "0111-1111-11"),  # I and L read as one
        ("K7QM-4XR9-PU", None),  # U is not in the alphabet
        ("K7QM-4XR9-P", None),  # too short
        ("K7QM-4XR9-PTX", None),  # too long
        ("", None),
        ("   ", None),
        ("----------", None),
        ("K7QM_4XR9_PT", None),
        ("K7QM.4XR9.PT", None),
        ("K7QM-4XR9-P€", None),
        ("ＫＴＱＭ-４ＸＲ９-ＰＴ", None),  # full-width look-alikes
        ("ıııı-ıııı-ıı", None),  # dotless i upper-cases to I: refused, not guessed
        ("<script>alert(1)</script>", None),
        ("K7QM-4XR9-PT; DROP TABLE ideas", None),
        ("A" * 100_000, None),
    ],
)
def test_normalisation(raw, expected):
    assert normalise_receipt_code(raw) == expected


@given(st.text(max_size=60))
def test_normalising_any_text_gives_none_or_a_canonical_code(raw):
    result = normalise_receipt_code(raw)
    assert result is None or (FORMAT.fullmatch(result) and normalise_receipt_code(result) == result)


@given(st.lists(st.sampled_from(ALPHABET), min_size=10, max_size=10), st.booleans())
def test_spelling_variants_of_a_code_normalise_back(chars, spaced):
    code = "".join(chars)
    canonical = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    typed = " ".join(code.lower()) if spaced else code.lower()
    assert normalise_receipt_code(typed) == canonical


def _error(world: World, code: str) -> tuple[type, str, dict[str, object], str | None, str]:
    with pytest.raises(NotFoundError) as caught:
        idea_status(world.db, code)
    err = caught.value
    return type(err), err.key, err.params, err.field, err.message


@pytest.mark.parametrize(
    "code",
    ["", "hallo", "K7QM-4XR9-PU", "A" * 100_000, "' OR 1=1 --", "0000-0000-00"],
)
def test_a_malformed_or_guessed_code_gets_exactly_the_answer_of_an_unknown_one(world, code):
    submit(world)
    unknown = new_receipt_code()
    assert _error(world, code) == _error(world, unknown)
    assert _error(world, unknown)[1] == "errors.receipt_unknown"


def test_the_code_opens_the_status_page_in_any_spelling(world):
    receipt = submit(world)
    compact = receipt.code.replace("-", "").lower()
    assert idea_status(world.db, compact).idea.id == receipt.idea.id
    assert idea_status(world.db, f" {receipt.code} ").idea.id == receipt.idea.id


def test_only_a_hash_of_the_code_is_stored(world):
    receipt = submit(world, "Trinkbrunnen am Markt", description="Bitte mit Schale für Hunde")
    with world.db.read() as cur:
        stored = cur.execute("SELECT receipt_hash FROM ideas").fetchone()
        whole_rows = cur.execute("SELECT CAST(ideas AS VARCHAR) FROM ideas").fetchall()
        history = cur.execute("SELECT CAST(idea_history AS VARCHAR) FROM idea_history").fetchall()
    assert stored is not None
    assert stored[0] == hashlib.sha256(receipt.code.encode()).hexdigest()
    text = " ".join(str(r[0]) for r in whole_rows + history)
    assert "Trinkbrunnen" in text  # the rows were really read
    for form in (receipt.code, receipt.code.replace("-", ""), receipt.code.lower()):
        assert form not in text
