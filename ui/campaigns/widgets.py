"""Widgets of the campaigns and awards screens: the attachment list and the leader grid."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.campaigns.attachments import attachment_path, copy_attachment
from desk.campaigns.fields import LEADER
from desk.core.i18n import _
from desk.directory.service import leader_post
from ui.common.directory import LEADERS
from ui.common.grid import LineGrid, grid_columns
from ui.common.messages import show_error

STORED_ROLE = 0x0100 + 1


class AttachmentList(QWidget):
    """Photos and scans of a record: added files are copied into the database's attachments folder."""

    changed = Signal()

    def __init__(self, db_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.list = QListWidget()
        self.list.setMaximumHeight(90)
        self.add_button = QPushButton(_("添加附件…"))
        self.open_button = QPushButton(_("打开"))
        self.remove_button = QPushButton(_("移除"))
        buttons = QVBoxLayout()
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.list.itemActivated.connect(lambda _item: self.open_current())

    def value(self) -> list[dict[str, str]]:
        return [
            {"file_name": item.text(), "stored_name": item.data(STORED_ROLE)}
            for item in (self.list.item(row) for row in range(self.list.count()))
        ]

    def set_value(self, value: Any) -> None:
        self.list.clear()
        for entry in value or ():
            self._add_item(entry["file_name"], entry["stored_name"])

    def _add_item(self, file_name: str, stored_name: str) -> None:
        item = QListWidgetItem(file_name)
        item.setData(STORED_ROLE, stored_name)
        item.setToolTip(str(attachment_path(stored_name, self.db_path)))
        self.list.addItem(item)

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("选择照片或扫描件"), "", _("图片和文档 (*.jpg *.jpeg *.png *.pdf *.doc *.docx);;所有文件 (*)")
        )
        self.add_files(paths)

    def add_files(self, paths: Sequence[str | Path]) -> None:
        """Copy ``paths`` into the attachments folder and list them (saved with the record)."""
        for path in paths:
            try:
                copied = copy_attachment(path, self.db_path)
            except Exception as exc:  # noqa: BLE001 - show_error presents any failure (logged with its traceback)
                show_error(self, exc)
                continue
            self._add_item(copied["file_name"], copied["stored_name"])
            self.changed.emit()

    def current_path(self) -> Path | None:
        item = self.list.currentItem()
        return None if item is None else attachment_path(item.data(STORED_ROLE), self.db_path)

    def open_current(self) -> None:
        path = self.current_path()
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()


class LeaderGrid(LineGrid):
    """Leaders present: a remembered leader's post is filled in when the name is typed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(grid_columns(LEADER, {"name": 110, "post": 200}, name={"kind": "combo", "lookup": LEADERS}), parent)
        self.itemChanged.connect(self._fill_post)

    def _fill_post(self, item) -> None:
        if self._loading or item.column() != 0 or self.sessions is None or not item.text().strip():
            return
        target = self._item(item.row(), 1)
        if target.text().strip():
            return
        with self.sessions() as session:  # one leader by her name's index
            post = leader_post(session, item.text())
        if post:
            target.setText(post)
