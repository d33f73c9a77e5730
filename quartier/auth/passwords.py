"""Password hashing with argon2id and the password rule."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from quartier.errors import ValidationError

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_LENGTH = 12
MAX_LENGTH = 256
PASSWORD_RULE = (
    f"Das Passwort braucht mindestens {MIN_LENGTH} Zeichen, darunter Buchstaben und "
    "mindestens eine Ziffer oder ein Sonderzeichen, und darf den Benutzernamen nicht enthalten."
)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches. Also spends the hashing time when there is no hash,
    so a missing account cannot be told apart by timing."""
    if not password_hash:
        _HASHER.verify(_DUMMY_HASH, password + "x")
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password_rule(password: str, username: str = "") -> None:
    """Raise ValidationError (field ``password``) naming the rule when ``password`` is weak.

    >>> check_password_rule("Sonnenblume-42")
    >>> check_password_rule("kurz1")
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Das Passwort ist zu kurz. Das Passwort braucht mindestens 12 Zeichen, darunter Buchstaben und mindestens eine Ziffer oder ein Sonderzeichen, und darf den Benutzernamen nicht enthalten.
    """  # noqa: E501
    problem = None
    if len(password) < MIN_LENGTH:
        problem = "Das Passwort ist zu kurz."
    elif len(password) > MAX_LENGTH:
        problem = f"Das Passwort ist länger als {MAX_LENGTH} Zeichen."
    elif not any(c.isalpha() for c in password):
        problem = "Das Passwort enthält keine Buchstaben."
    elif all(c.isalpha() or c.isspace() for c in password):
        problem = "Das Passwort enthält weder Ziffer noch Sonderzeichen."
    elif username and username.lower() in password.lower():
        problem = "Das Passwort enthält den Benutzernamen."
    elif len(set(password)) < 5:
        problem = "Das Passwort besteht aus zu wenigen verschiedenen Zeichen."
    if problem:
        raise ValidationError(f"{problem} {PASSWORD_RULE}", field="password", code="weak_password")


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
