"""Office settings of data safety: the idle time before the screen locks."""

from __future__ import annotations

from desk.office.settings import OfficeSettingSpec

IDLE_LOCK_MINUTES = OfficeSettingSpec("idle_lock_minutes", int, 10)
# Users whose password an administrator set (a new user, a reset), space-separated: they choose their own at login.
PASSWORD_CHANGE_DUE = OfficeSettingSpec("password_change_due", str, "")
# An office that declined encryption from the command line (``encrypt --decline``), and the demo database.
KEEP_PLAIN = OfficeSettingSpec("keep_plain", bool, False)
# The demo database (``demo``): plain on purpose; its first output line and the window's title say so.
DEMO_DATABASE = OfficeSettingSpec("demo_database", bool, False)
