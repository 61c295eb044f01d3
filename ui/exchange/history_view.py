"""The history of records made at other offices (travelled with their bundles), shown apart from this office's log."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from desk.exchange.model import TravelledAudit
from desk.exchange.queries import TRAVELLED_AUDIT, history_shown_for
from ui.common.context import AppContext
from ui.common.table_model import ColumnSpec, LazyTableModel

COLUMNS = (
    ColumnSpec("at_text", N_("时间"), width=150),
    ColumnSpec("sender_text", N_("发送单位"), width=170),
    ColumnSpec("origin_text", N_("来源单位"), width=170),
    ColumnSpec("user", N_("用户"), width=80),
    ColumnSpec("kind_label", N_("操作"), width=80),
    ColumnSpec("table_label", N_("数据类别"), width=100),
    ColumnSpec("detail_text", N_("内容（旧值 → 新值）"), width=400),
)


class TravelledAuditView(QWidget):
    """Read-only: the entries other offices made to the records they sent, by sender, masked as declared."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.sender_combo = QComboBox()
        self.sender_combo.setObjectName("travelled_sender")
        note = QLabel(_("下级单位随数据包送来的修改记录，与本单位自己的审计日志分开保存；身份证号码、电话只显示部分。"))
        note.setWordWrap(True)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("travelled_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(_("在显示的内容中查找（单位、用户、操作、内容）"))
        self.count_label = QLabel()
        top = QHBoxLayout()
        sender_label = QLabel(_("发送单位(&S)："))
        sender_label.setBuddy(self.sender_combo)
        top.addWidget(sender_label)
        top.addWidget(self.sender_combo)
        search_label = QLabel(_("查找(&F)："))
        search_label.setBuddy(self.search_edit)
        top.addWidget(search_label)
        top.addWidget(self.search_edit, 1)
        self._matching: list[int] | None = None  # ids of the entries matching the search (None: no search)
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
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.setTabOrder(self.sender_combo, self.search_edit)
        self.setTabOrder(self.search_edit, self.table)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self._on_search_edit_return)
        self.sender_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh()

    def _on_search_edit_return(self) -> None:
        self._timer.stop()
        self.refresh()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def _load_senders(self) -> None:
        with self.context.sessions() as session:
            senders = list(session.execute(select(TravelledAudit.sender, TravelledAudit.sender_name).distinct()
                                           .order_by(TravelledAudit.sender)))
        current = self.sender_combo.currentData()
        self.sender_combo.blockSignals(True)
        self.sender_combo.clear()
        self.sender_combo.addItem(_("全部单位"), "")
        for code, name in senders:
            self.sender_combo.addItem(_("{name}（{code}）").format(name=name, code=code), code)
        self.sender_combo.setCurrentIndex(max(self.sender_combo.findData(current), 0))
        self.sender_combo.blockSignals(False)

    def query(self) -> ListQuery:
        """Return the filters chosen now."""
        return ListQuery(search=self.search_edit.text(), filters={"sender": self.sender_combo.currentData() or ""})

    def _count(self) -> int:
        if self._matching is not None:
            return len(self._matching)
        with self.context.sessions() as session:
            return TRAVELLED_AUDIT.count(session, self.query())

    def _fetch(self, offset: int, limit: int, order_by: str | None, descending: bool) -> list[dict[str, Any]]:
        with self.context.sessions() as session:
            if self._matching is not None:
                rows = TRAVELLED_AUDIT.rows_of(session, self._matching[offset:offset + limit])
            else:
                rows = TRAVELLED_AUDIT.rows(session, self.query(), offset, limit)
        return [history_shown_for(row, self.context.actor) for row in rows]

    def refresh(self) -> None:
        """Read the senders and the list again; a search matches what this reader is shown (masked)."""
        self._load_senders()
        query = self.query()
        self._matching = None
        if query.search.strip():
            with self.context.sessions() as session:
                self._matching = TRAVELLED_AUDIT.matching_ids(session, query, self.context.actor)
        self.model.reload()
        count = self.model.rowCount()
        self.count_label.setText(ngettext("共 {count} 条", "共 {count} 条", count).format(count=count))
