"""The audit log view: a lazy list with filters by user, kind, table, dates and text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desk.core.i18n import N_, _, ngettext
from desk.db.listing import ListQuery
from desk.security.audit import KINDS
from desk.security.model import AuditEntry
from desk.security.queries import AUDIT, shown_for
from ui.common.context import AppContext
from ui.common.table_model import ColumnSpec, LazyTableModel

COLUMNS = (
    ColumnSpec("at_text", N_("时间"), width=150),
    ColumnSpec("user", N_("用户"), width=80),
    ColumnSpec("kind_label", N_("操作"), width=90),
    ColumnSpec("table_label", N_("数据类别"), width=110),
    ColumnSpec("record_text", N_("记录"), width=120),
    ColumnSpec("detail_text", N_("内容（旧值 → 新值）"), width=400),
)


class AuditView(QWidget):
    """Read-only: the audit log has no edit or delete path anywhere."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.user_combo = QComboBox()
        self.user_combo.setObjectName("audit_user")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("audit_kind")
        self.kind_combo.addItem(_("全部操作"), "")
        for key, label in KINDS.items():
            self.kind_combo.addItem(_(label), key)
        self.dates_check = QCheckBox(_("日期"))
        self.since_edit = QDateEdit(QDate.currentDate().addMonths(-1))
        self.until_edit = QDateEdit(QDate.currentDate())
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("audit_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(_("按记录编号或内容搜索"))
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("用户：")))
        top.addWidget(self.user_combo)
        top.addWidget(QLabel(_("操作：")))
        top.addWidget(self.kind_combo)
        top.addWidget(self.dates_check)
        top.addWidget(self.since_edit)
        top.addWidget(QLabel("—"))
        top.addWidget(self.until_edit)
        top.addWidget(self.search_edit, 1)
        self.model = LazyTableModel(COLUMNS, self._count, self._fetch, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for number, column in enumerate(COLUMNS):
            self.table.setColumnWidth(number, column.width)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        for combo in (self.user_combo, self.kind_combo):
            combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.dates_check.toggled.connect(self._on_dates_toggled)
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(lambda _date: self.refresh())
        self._load_users()
        self.refresh()

    def _load_users(self) -> None:
        with self.context.sessions() as session:
            users = list(session.scalars(select(AuditEntry.user).where(AuditEntry.user != "").distinct()
                                         .order_by(AuditEntry.user)))
        current = self.user_combo.currentData()
        self.user_combo.blockSignals(True)
        self.user_combo.clear()
        self.user_combo.addItem(_("全部用户"), "")
        for user in users:
            self.user_combo.addItem(user, user)
        index = self.user_combo.findData(current)
        self.user_combo.setCurrentIndex(max(index, 0))
        self.user_combo.blockSignals(False)

    def _on_dates_toggled(self, on: bool) -> None:
        self.since_edit.setEnabled(on)
        self.until_edit.setEnabled(on)
        self.refresh()

    def query(self) -> ListQuery:
        """Return the filters chosen now."""
        filters: dict[str, Any] = {"user": self.user_combo.currentData(), "kind": self.kind_combo.currentData()}
        if self.dates_check.isChecked():
            since = self.since_edit.date()
            until = self.until_edit.date()
            filters["since"] = dt.date(since.year(), since.month(), since.day())
            filters["until"] = dt.date(until.year(), until.month(), until.day())
        return ListQuery(search=self.search_edit.text(), filters=filters)

    def _count(self) -> int:
        with self.context.sessions() as session:
            return AUDIT.count(session, self.query())

    def _fetch(self, offset: int, limit: int, order_by: str | None, descending: bool) -> list[dict[str, Any]]:
        with self.context.sessions() as session:
            rows = AUDIT.rows(session, self.query(), offset, limit)
        return [shown_for(row, self.context.actor) for row in rows]

    def refresh(self) -> None:
        """Read the list again (new entries appear at the top)."""
        self.model.reload()
        count = self.model.rowCount()
        self.count_label.setText(ngettext("共 {count} 条", "共 {count} 条", count).format(count=count))
