"""The home screen: the current period's key figures and what needs attention."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="home", title=N_("首页"), order=0, factory=Deferred("ui.home.screen", "HomeScreen"))
