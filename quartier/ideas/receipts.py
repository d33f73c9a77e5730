"""Receipt codes: the author's key to the status page of their idea.

Ten random characters of Crockford's base32 (digits and capitals without I, L, O, U),
about 50 bits, shown as ``XXXX-XXXX-XX`` so it can be read aloud, typed on a phone or
written on paper. Only a SHA-256 hash of the normalised code is stored: whoever reads
the database cannot open the status pages, and with 2**50 possible codes trying codes
finds nothing.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
# Letters people confuse with digits are read as the digit (Crockford's rule).
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -\t\n\r")
# Longer input is never a code; do not even normalise it.
_MAX_RAW = 40


def _formatted(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}"


def new_receipt_code() -> str:
    """A fresh receipt code from the ``secrets`` generator, e.g. ``K7QM-4XR9-PT``.

    >>> code = new_receipt_code()
    >>> len(code), code[4], code[9], normalise_receipt_code(code) == code
    (12, '-', '-', True)
    """
    return _formatted("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def normalise_receipt_code(raw: str) -> str | None:
    """The code in its canonical form ``XXXX-XXXX-XX``, or None if ``raw`` is not a code.

    Case, spaces and hyphens do not matter; O reads as 0, I and L as 1.

    >>> normalise_receipt_code(" k7qm 4xr9-pt ")
    'K7QM-4XR9-PT'
    >>> normalise_receipt_code("O1IL-0000-00")
    '0111-0000-00'
    >>> normalise_receipt_code("K7QM-4XR9-PU") is None  # U is not in the alphabet
    True
    >>> normalise_receipt_code("K7QM-4XR9") is None
    True
    """
    if not isinstance(raw, str) or len(raw) > _MAX_RAW or not raw.isascii():
        return None
    compact = raw.translate(_SEPARATORS).upper().translate(_CONFUSABLE)
    if len(compact) != LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return _formatted(compact)


def receipt_hash(code: str) -> str:
    """The stored form of a canonical code (see :func:`normalise_receipt_code`)."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()
