"""The reports screen: work summary, statistics tables and honour certificates."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="reports", title=N_("报表"), order=70, factory=Deferred("ui.reports.screen", "ReportsScreen"))
