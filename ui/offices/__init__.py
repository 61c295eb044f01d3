"""The register of subordinate offices (下级组织)."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="offices", title=N_("下级组织"), order=90, factory=Deferred("ui.offices.screen", "make_screen"))
