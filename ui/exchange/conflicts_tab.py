"""Conflicts awaiting a person: a field-by-field view of ours and theirs, and the choice between them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.core.formatting import format_datetime
from desk.core.i18n import N_, _
from desk.exchange.apply import conflict_fields, resolve_conflict
from desk.exchange.labels import column_label
from desk.exchange.model import Conflict
from desk.exchange.queries import CONFLICTS
from ui.common.context import AppContext
from ui.common.messages import show_error
from ui.common.table_model import ColumnSpec
from ui.exchange.lists import make_list

CONFLICT_COLUMNS = (
    ColumnSpec("created_at", N_("发现日期"), kind="date", width=130),
    ColumnSpec("table_label", N_("数据类别"), width=110),
    ColumnSpec("sender", N_("来自单位"), width=110),
    ColumnSpec("record_id", N_("记录编号"), width=280),
)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            return format_datetime(dt.datetime.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


class ConflictsTab(QWidget):
    """Open conflicts on the left; the chosen one's fields on the right with the two buttons."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.list_view, self.model = make_list(context, CONFLICTS, CONFLICT_COLUMNS, {"open": True})
        self.fields_table = QTableWidget(0, 3)
        self.fields_table.verticalHeader().setVisible(False)
        self.fields_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.fields_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.mine_button = QPushButton()
        self.theirs_button = QPushButton()
        self.status_label = QLabel()
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.hint_label)
        side.addWidget(self.fields_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mine_button)
        buttons.addWidget(self.theirs_button)
        buttons.addStretch(1)
        side.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list_view)
        splitter.addWidget(right)
        splitter.setSizes([420, 580])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)
        self.list_view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.mine_button.clicked.connect(lambda: self.resolve("mine"))
        self.theirs_button.clicked.connect(lambda: self.resolve("theirs"))
        self.conflict_id: str | None = None
        self._retranslate()
        self._show(None)

    def _retranslate(self) -> None:
        self.fields_table.setHorizontalHeaderLabels([_("字段"), _("本单位的"), _("对方的")])
        self.hint_label.setText(_("同一条记录在两边都改过。不同的字段用粗体标出；请核实后选择保留哪一边。"))
        self.mine_button.setText(_("保留本单位的"))
        self.theirs_button.setText(_("采用对方的"))

    def refresh(self) -> None:
        self.model.reload()
        self._show(None)
        self.status_label.setText(_("待处理的冲突：{count} 条").format(count=self.model.rowCount()))

    def select_row(self, number: int) -> None:
        self.list_view.selectRow(number)

    def _on_current_changed(self, current, _previous) -> None:
        self._show(self.model.row_id(current.row()) if current.isValid() else None)

    def _show(self, conflict_id: str | None) -> None:
        self.conflict_id = conflict_id
        self.fields_table.setRowCount(0)
        self.mine_button.setEnabled(conflict_id is not None)
        self.theirs_button.setEnabled(conflict_id is not None)
        if conflict_id is None:
            return
        try:
            with self.context.sessions() as session:
                fields = conflict_fields(session, conflict_id)
                self.table_name = session.get(Conflict, conflict_id).table_name
        except DeskError as exc:
            show_error(self, exc)
            return
        self.fields_table.setRowCount(len(fields))
        bold = QFont()
        bold.setBold(True)
        for number, (name, mine, theirs) in enumerate(fields):
            label = column_label(self.table_name, name)
            items = [QTableWidgetItem(label), QTableWidgetItem(_text(mine)), QTableWidgetItem(_text(theirs))]
            if mine != theirs:
                for item in items:
                    item.setFont(bold)
                    item.setBackground(QBrush(QColor("#fff4ce")))
            for column, item in enumerate(items):
                self.fields_table.setItem(number, column, item)

    def resolve(self, choice: str) -> bool:
        """Settle the shown conflict with ``choice`` ("mine" or "theirs"); return whether it was settled."""
        if self.conflict_id is None:
            return False
        try:
            with self.context.sessions.begin() as session:
                resolve_conflict(session, self.context.actor, self.conflict_id, choice)
        except Exception as exc:  # noqa: BLE001 (show_error logs anything that is not a DeskError)
            show_error(self, exc)
            return False
        self.refresh()
        self.status_label.setText(_("已保留本单位的记录") if choice == "mine" else _("已采用对方的记录"))
        self.context.data_changed.emit("exchange")
        return True
