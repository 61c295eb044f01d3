"""The 慰问帮扶 screen: relief visits, the beneficiary register and stipend batches in tabs."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="relief", title=N_("慰问帮扶"), order=30, factory=Deferred("ui.relief.screen", "make_screen"))
