"""Conflicts awaiting a person: a field-by-field view of ours and theirs, and the choice between them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
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
from desk.exchange.apply import ConflictField, conflict_view, resolve_by_field, resolve_conflict
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


def _text(value: str) -> str:
    if len(value) >= 19 and value[10:11] == "T":  # a bookkeeping time, shown in local words
        try:
            return format_datetime(dt.datetime.fromisoformat(value))
        except ValueError:
            pass
    return value


class ConflictsTab(QWidget):
    """Open conflicts on the left; the chosen one's fields on the right with the two buttons."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.list_view, self.model = make_list(context, CONFLICTS, CONFLICT_COLUMNS, {"open": True})
        self.fields_table = QTableWidget(0, 4)
        self.fields_table.setObjectName("conflict_fields")
        self.fields_table.verticalHeader().setVisible(False)
        self.fields_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.fields_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.mine_button = QPushButton()
        self.theirs_button = QPushButton()
        self.fields_button = QPushButton()
        self.fields_button.setObjectName("resolve_by_field")
        self.status_label = QLabel()
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.hint_label)
        side.addWidget(self.fields_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mine_button)
        buttons.addWidget(self.theirs_button)
        buttons.addWidget(self.fields_button)
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
        self.fields_button.clicked.connect(self.resolve_by_field)
        self.conflict_id: str | None = None
        self.fields: list[ConflictField] = []
        self._retranslate()
        self._show(None)

    def _retranslate(self) -> None:
        self.fields_table.setHorizontalHeaderLabels([_("字段"), _("本单位的"), _("对方的"), _("采用对方的")])
        self.hint_label.setText(_("同一条记录在两边都改过。不同的字段用粗体标出：可以整条保留或采用，"
                                  "也可以逐项勾选要采用对方的字段，再按“按勾选的字段处理”。"))
        self.mine_button.setText(_("整条保留本单位的"))
        self.theirs_button.setText(_("整条采用对方的"))
        self.fields_button.setText(_("按勾选的字段处理"))

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
        self.fields = []
        self.fields_table.setRowCount(0)
        for button in (self.mine_button, self.theirs_button, self.fields_button):
            button.setEnabled(conflict_id is not None)
        if conflict_id is None:
            return
        try:
            with self.context.sessions() as session:
                self.fields = conflict_view(session, conflict_id, self.context.travel)
        except DeskError as exc:
            show_error(self, exc)
            return
        self.fields_table.setRowCount(len(self.fields))
        bold = QFont()
        bold.setBold(True)
        for number, field in enumerate(self.fields):
            items = [QTableWidgetItem(field.label), QTableWidgetItem(_text(field.mine)),
                     QTableWidgetItem(_text(field.theirs))]
            if field.differs:
                for item in items:
                    item.setFont(bold)
                    item.setBackground(QBrush(QColor("#fff4ce")))
            for column, item in enumerate(items):
                self.fields_table.setItem(number, column, item)
            take = QTableWidgetItem()
            if field.differs and not field.bookkeeping:  # each differing field is kept or taken on its own
                take.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                take.setCheckState(Qt.CheckState.Unchecked)
            else:
                take.setFlags(Qt.ItemFlag.NoItemFlags)
            self.fields_table.setItem(number, 3, take)

    def taken_fields(self) -> list[str]:
        """Return the columns whose incoming value is ticked to be taken."""
        return [field.column for number, field in enumerate(self.fields)
                if (item := self.fields_table.item(number, 3)) is not None
                and item.checkState() == Qt.CheckState.Checked]

    def set_taken(self, column: str, taken: bool = True) -> None:
        """Tick (or untick) taking the incoming value of ``column`` (keyboard and tests)."""
        for number, field in enumerate(self.fields):
            if field.column == column:
                state = Qt.CheckState.Checked if taken else Qt.CheckState.Unchecked
                item = self.fields_table.item(number, 3)
                if item is not None:
                    item.setCheckState(state)

    def resolve_by_field(self) -> bool:
        """Settle the shown conflict taking the ticked fields and keeping ours elsewhere."""
        if self.conflict_id is None:
            return False
        taken = self.taken_fields()
        labels = "、".join(field.label for field in self.fields if field.column in taken)
        try:
            with self.context.sessions.begin() as session:
                resolve_by_field(session, self.context.actor, self.conflict_id, taken, self.context.travel)
        except Exception as exc:  # noqa: BLE001 (show_error logs anything that is not a DeskError)
            show_error(self, exc)
            return False
        self.refresh()
        self.status_label.setText(_("已采用对方的：{fields}；其余保留本单位的").format(fields=labels) if taken
                                  else _("已保留本单位的记录"))
        self.context.data_changed.emit("exchange")
        return True

    def resolve(self, choice: str) -> bool:
        """Settle the shown conflict with ``choice`` ("mine" or "theirs"); return whether it was settled."""
        if self.conflict_id is None:
            return False
        try:
            with self.context.sessions.begin() as session:
                resolve_conflict(session, self.context.actor, self.conflict_id, choice, self.context.travel)
        except Exception as exc:  # noqa: BLE001 (show_error logs anything that is not a DeskError)
            show_error(self, exc)
            return False
        self.refresh()
        self.status_label.setText(_("已保留本单位的记录") if choice == "mine" else _("已采用对方的记录"))
        self.context.data_changed.emit("exchange")
        return True
