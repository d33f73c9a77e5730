"""QuartierError and its subclasses.

Each error has a stable ``code`` (for tests and logs) and a German ``message`` that
names the field, row or value and says what to fix. Pages catch only QuartierError;
anything else is a bug.
"""

from __future__ import annotations


class QuartierError(Exception):
    """A problem the user can fix. ``message`` is German and says how."""

    code = "quartier"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class ValidationError(QuartierError):
    """Input that breaks a rule; ``field`` names the input."""

    code = "validation"


class NotFoundError(QuartierError):
    code = "not_found"


class PermissionDenied(QuartierError):
    code = "permission_denied"


class LoginFailed(QuartierError):
    """Wrong username or password — deliberately the same message for both."""

    code = "login_failed"


class LoginThrottled(QuartierError):
    code = "login_throttled"


class DatabaseUnavailable(QuartierError):
    """The database file cannot be opened: locked, unwritable or not a database."""

    code = "database_unavailable"


class BackupInvalid(QuartierError):
    code = "backup_invalid"


class AlreadyDone(QuartierError):
    """An action that may happen only once, such as seeding the demo."""

    code = "already_done"
