"""导入Excel / 导出Excel buttons on every record screen whose key has a sheet (a RecordScreen toolbar hook)."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desk.core.errors import Cancelled
from desk.core.i18n import _
from desk.sheets import jobs as sheet_jobs
from ui.common.messages import show_error
from ui.common.operations import Operation, run_operation
from ui.sheets.screen import SheetsScreen


class ImportDialog(QDialog):
    """The import part of the Excel screen, for one area, in a dialog opened from its record screen."""

    def __init__(self, screen: Any, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("导入Excel：{sheet}").format(sheet=_(screen.context.sheets[key].title)))
        self.sheets = SheetsScreen(screen.context, self)
        self.sheets.choose_area(key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheets, 1)
        layout.addWidget(buttons)
        self.resize(960, 620)
        self.sheets.imported.connect(lambda _key: screen.refresh())


def export_screen_list(screen: Any, path: str | None = None) -> Operation | None:
    """Write the record screen's list as it is filtered now (search, period, filters) in the background.

    The count appears in the screen's count label; a cancelled export leaves no file.
    """
    spec = screen.context.sheets[screen.spec.key]
    if path is None:
        name = _("{sheet}.xlsx").format(sheet=_(spec.title))
        path, _filter = QFileDialog.getSaveFileName(screen, _("导出列表"), name, _("Excel 文件 (*.xlsx)"))
        if not path:
            return None
    actor, query, target = screen.context.actor, screen.list_query(), path

    def failed(error: BaseException) -> None:
        if isinstance(error, Cancelled):
            screen.count_label.setText(_("已取消导出，没有写出文件。"))
            return
        show_error(screen, error)

    return run_operation(
        screen, screen.context.sessions,
        partial(sheet_jobs.export_list, actor=actor, key=spec.key, query=query, path=target),
        _("正在导出第 {done} / {total} 条记录…"),
        lambda count: screen.count_label.setText(_("已导出 {count} 条记录到 {path}").format(count=count, path=target)),
        failed, busy=tuple(button for button in (getattr(screen, "export_excel_button", None),) if button is not None),
        process=True,
    )


def add_sheet_buttons(screen: Any, layout: QHBoxLayout) -> None:
    """Add 导入Excel/导出Excel to ``screen`` when its key names a sheet."""
    key = screen.spec.key
    if key not in screen.context.sheets:
        return
    screen.import_excel_button = QPushButton(_("导入Excel…"))
    screen.export_excel_button = QPushButton(_("导出Excel…"))
    screen.import_excel_button.setObjectName("import_excel")
    screen.export_excel_button.setObjectName("export_excel")
    screen.import_excel_button.clicked.connect(lambda: ImportDialog(screen, key, screen).exec())
    screen.export_excel_button.clicked.connect(lambda: export_screen_list(screen))
    layout.addWidget(screen.import_excel_button)
    layout.addWidget(screen.export_excel_button)

