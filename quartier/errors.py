"""QuartierError and its subclasses.

An error names a catalogue key (``errors.*`` in ``locales/``) and the values for its
placeholders, so the same problem reads in German (the default, used by the command
line and logs) or in the user's language. ``code`` is stable for tests; ``field``
names the input to fix. Pages catch only QuartierError; anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Callable


class QuartierError(Exception):
    """A problem the user can fix; its message says how."""

    code = "quartier"

    def __init__(
        self, key: str, /, *, field: str | None = None, code: str | None = None, **params: object
    ) -> None:
        self.key = key
        self.params = params
        self.field = field
        if code is not None:
            self.code = code
        super().__init__(key)

    def text(self, language: str = "de", quote: Callable[[str], str] | None = None) -> str:
        """The message in ``language`` (German by default). ``quote`` is applied to the
        values (which may be user text, such as a title) before they are put in, e.g. to
        escape Markdown for a page that renders it."""
        from quartier.i18n import translator

        t = translator(language)
        # A parameter named ``label`` is itself a catalogue key (the field's name).
        params = {
            k: t(str(v)) if k == "label" else quote(str(v)) if quote else v
            for k, v in self.params.items()
        }
        return t(self.key, **params)

    @property
    def message(self) -> str:
        return self.text("de")

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
    """Wrong username or password — deliberately one message for both."""

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


class XLSFormError(QuartierError):
    """A spreadsheet that cannot become a survey; params name the sheet, row and problem."""

    code = "xlsform"
