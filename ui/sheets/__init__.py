"""The Excel import and export screen."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="sheets", title=N_("Excel导入导出"), order=85, factory=Deferred("ui.sheets.screen", "make_screen"))
# Adds 导入Excel/导出Excel to every record screen, imported when the first record screen is built.
TOOLBAR_HOOK = Deferred("ui.sheets.buttons", "add_sheet_buttons")
