"""The 维权信访 screen: petitions with their handling steps, deadlines and answer rate."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="petitions", title=N_("维权信访"), order=40, factory=Deferred("ui.petitions.screen", "make_screen"))
