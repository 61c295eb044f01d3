"""Screens of data safety: login, the idle lock, users and the audit log."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="security", title=N_("用户与审计"), order=95, factory=Deferred("ui.security.screen", "SecurityScreen"))
