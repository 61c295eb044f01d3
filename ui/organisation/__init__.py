"""The organisation-building screen: grassroots organisations, assessments, cadre pools and indicators."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="organisation", title=N_("组织建设"), order=60, factory=Deferred("ui.organisation.screen", "make_screen"))
