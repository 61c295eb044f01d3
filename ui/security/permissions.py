"""Which screens a user sees: record screens need record content; the users-and-audit screen its own rights."""

from __future__ import annotations

from desk.core import roles

SECURITY_SCREEN = "security"


def screen_allowed(actor: object, key: str) -> bool:
    """Return whether the navigation shows the screen ``key`` to ``actor`` (desk/ enforces the rest)."""
    if key == SECURITY_SCREEN:
        return roles.allowed(actor, roles.MANAGE_USERS) or roles.allowed(actor, roles.VIEW_AUDIT)
    return roles.allowed(actor, roles.VIEW)
