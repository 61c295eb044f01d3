"""The DeskError family: every error a user may see carries a translated message."""

from __future__ import annotations

from collections.abc import Mapping


class DeskError(Exception):
    """An error whose message is written for the user, already translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(DeskError):
    """Input that breaks a rule; ``problems`` maps field keys to messages."""

    def __init__(self, problems: Mapping[str, str], message: str | None = None):
        self.problems = dict(problems)
        if message is None:
            message = "；".join(self.problems.values())
        super().__init__(message)


class NotFoundError(DeskError):
    """A record that was asked for does not exist or is marked deleted."""


class DatabaseError(DeskError):
    """The database cannot be opened or used (missing, too new, damaged, locked)."""


class ChangedMeanwhile(DeskError):
    """Another user saved the record after this user opened it; nothing was written."""


class PermissionDenied(DeskError):
    """The current user may not do what was asked."""


class Cancelled(DeskError):
    """Work the user cancelled before it wrote anything."""
