"""The commendations screen: awards and the honour title catalogue."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="awards", title=N_("表彰"), order=20, factory=Deferred("ui.awards.screen", "make_screen"))
