"""A lazy list over one of the exchange area's ListSources, with its own session per page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desk.db.listing import ListQuery, ListSource
from ui.common.context import AppContext
from ui.common.table_model import ColumnSpec, LazyTableModel


def make_list(
    context: AppContext, source: ListSource, columns: Sequence[ColumnSpec], filters: Mapping[str, Any] | None = None
) -> tuple[QTableView, LazyTableModel]:
    """Return a read-only table view and its lazy model over ``source``."""

    def query(order_by: str | None = None, descending: bool = False) -> ListQuery:
        return ListQuery(filters=dict(filters or {}), order_by=order_by, descending=descending)

    def count() -> int:
        with context.sessions() as session:
            return source.count(session, query())

    def fetch(offset: int, limit: int, order_by: str | None, descending: bool) -> list[dict[str, Any]]:
        with context.sessions() as session:
            return source.rows(session, query(order_by, descending), offset, limit)

    model = LazyTableModel(columns, count, fetch)
    view = QTableView()
    view.setModel(model)
    model.setParent(view)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    for number, column in enumerate(columns):
        if column.width:
            view.setColumnWidth(number, column.width)
    model.reload()
    return view, model
