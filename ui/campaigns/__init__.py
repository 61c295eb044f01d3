"""The campaigns screen: events and household campaigns."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="campaigns", title=N_("活动与创建"), order=10, factory=Deferred("ui.campaigns.screen", "make_screen"))
