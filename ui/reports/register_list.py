"""The certificate register: issued certificates of the period, with reprint of the selected ones."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from desk.core.i18n import N_, _
from desk.core.periods import Period
from desk.db.listing import ListQuery
from desk.reports.register import ISSUED
from ui.common.context import AppContext
from ui.common.table_model import ColumnSpec, LazyTableModel

COLUMNS = (
    ColumnSpec("number", N_("证书编号"), width=120),
    ColumnSpec("awardee", N_("受表彰者"), width=120),
    ColumnSpec("honour", N_("荣誉称号"), width=130),
    ColumnSpec("award_date", N_("表彰日期"), kind="date", width=110),
    ColumnSpec("issued_by", N_("打印人"), width=70),
    ColumnSpec("printings", N_("打印次数"), kind="int", width=70),
)


class RegisterList(QWidget):
    """Lists issued certificates (lazy, sorted in SQL) and asks for reprints by number."""

    reprint_requested = Signal(list)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.period: Period = context.period
        self.title_label = QLabel()
        self.model = LazyTableModel(COLUMNS, self._count, self._fetch, self)
        self.table = QTableView()
        self.table.setObjectName("register")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # No sort column at first: the register keeps its newest-first order until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        for number, column in enumerate(COLUMNS):
            self.table.setColumnWidth(number, column.width)
        self.reprint_button = QPushButton()
        self.reprint_button.clicked.connect(self._on_reprint_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.title_label, 1)
        row.addWidget(self.reprint_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self._retranslate()
        self.refresh()

    def _retranslate(self) -> None:
        self.reprint_button.setText(_("重印所选证书"))
        self.title_label.setText(_("证书登记簿（{period}）：重印时按登记的文字原样打印").format(period=self.period.label))

    def _query(self) -> ListQuery:
        return ListQuery(period=self.period)

    def _count(self) -> int:
        with self.context.sessions() as session:
            return ISSUED.count(session, self._query())

    def _fetch(self, offset: int, limit: int, order_by: str | None, descending: bool) -> list[dict]:
        query = ListQuery(period=self.period, order_by=order_by, descending=descending)
        with self.context.sessions() as session:
            return ISSUED.rows(session, query, offset, limit)

    def set_period(self, period: Period) -> None:
        self.period = period
        self._retranslate()
        self.refresh()

    def refresh(self) -> None:
        self.model.reload()

    def selected_numbers(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [found["number"] for row in rows if (found := self.model.row(row))]

    def _on_reprint_button_clicked(self) -> None:
        numbers = self.selected_numbers()
        if numbers:
            self.reprint_requested.emit(numbers)
