"""The exchange screen: key cards, export to a USB stick, import, ledger and conflicts."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="exchange", title=N_("数据交换"), order=80, factory=Deferred("ui.exchange.screen", "make_screen"))
