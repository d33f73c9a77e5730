"""Password hashing with argon2id and the password rule."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from quartier.errors import ValidationError

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_LENGTH = 12
MAX_LENGTH = 256


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches. Also spends the hashing time when there is no hash,
    so a missing account cannot be told apart by timing."""
    try:
        if not password_hash:
            _HASHER.verify(_DUMMY_HASH, password)
            return False
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_repeated(password: str, repeat: str) -> None:
    """Raise ValidationError when the two entries of a new password differ.

    >>> check_repeated("Sonnenblume-42", "Sonnenblume-42")
    """
    if password != repeat:
        raise ValidationError("errors.password_mismatch", field="password")


def check_password_rule(password: str, username: str = "") -> None:
    """Raise ValidationError (field ``password``) naming the rule when ``password`` is weak.

    >>> check_password_rule("Sonnenblume-42")
    >>> check_password_rule("kurz1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Das Passwort ist zu kurz. ...
    """
    problem = None
    if len(password) < MIN_LENGTH:
        problem = "short"
    elif len(password) > MAX_LENGTH:
        problem = "long"
    elif not any(c.isalpha() for c in password):
        problem = "no_letter"
    elif all(c.isalpha() or c.isspace() for c in password):
        problem = "no_digit"
    elif username and username.lower() in password.lower():
        problem = "username"
    elif len(set(password)) < 5:
        problem = "repetitive"
    if problem:
        raise ValidationError(
            f"errors.password_{problem}",
            field="password",
            code="weak_password",
            min=MIN_LENGTH,
            max=MAX_LENGTH,
        )


_WORDS = (
    "Linde", "Ahorn", "Birke", "Eiche", "Kastanie", "Weide", "Pappel", "Ulme",
    "Buche", "Esche", "Rose", "Tulpe", "Nelke", "Sonne", "Regen", "Wolke",
    "Brunnen", "Garten", "Bruecke", "Turm", "Hafen", "Markt", "Platz", "Laterne",
)  # fmt: skip


def generate_password() -> str:
    """A random password that satisfies the rule and is easy to read aloud,
    e.g. ``Linde-Hafen-Rose-4821``."""
    words = [secrets.choice(_WORDS) for _ in range(3)]
    return "-".join(words) + f"-{secrets.randbelow(9000) + 1000}"


_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))
