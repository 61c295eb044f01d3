"""Office settings of data safety: the idle time before the screen locks."""

from __future__ import annotations

from desk.office.settings import OfficeSettingSpec

IDLE_LOCK_MINUTES = OfficeSettingSpec("idle_lock_minutes", int, 10)
