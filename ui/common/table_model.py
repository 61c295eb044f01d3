"""A lazy table model: it knows the row count and fetches pages of rows only when shown.

With ``count_later`` (the record screens) a reload reads the first page at once and shows it; a
page shorter than a full one is the whole list, so its count is known.  Otherwise the exact count
(over a million petitions, an index count of 50–150 ms, longer on a loaded office server) follows
and ``counted`` announces it: from ``start_count`` when given (the record screens count off the GUI
thread, so the window stays free while the server counts), else from a timer after the list has painted.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor

from desk.core.fields import RecordKind
from desk.core.formatting import format_count, format_date, format_yuan
from desk.core.i18n import _

PAGE_SIZE = 200
MAX_PAGES = 50


@dataclass(frozen=True)
class ColumnSpec:
    """A list column: row key, header message id, and how a value is shown.

    ``kind``: text, date, int, money (fen), bool, or choice with ``labels`` (value → msgid).
    ``alert_key`` names a row key whose truth paints the row (overdue petitions).
    """

    key: str
    label: str
    kind: str = "text"
    labels: dict[str, str] | None = None
    width: int = 0
    alert_key: str = ""


# A Chinese character in the list's font at 1366×768, and a cell's margins, in pixels.
# The widest value a list shows of a kind whose width the font decides: a date, an amount in yuan.
KIND_SAMPLES: dict[str, Any] = {"date": dt.date(2020, 12, 28), "money": 99_999_999}
CHARACTER_PX = 13
MARGIN_PX = 16


def list_columns(kind: RecordKind) -> tuple[ColumnSpec, ...]:
    """Return the screen list's columns of ``kind`` as its declaration lists them (``RecordKind.listed``).

    Labels, kinds and choices are the fields'; a column is never narrower than its header (the screen sees to it).
    """
    return tuple(
        ColumnSpec(column.key, column.label, column.kind, dict(column.choices) if column.choices else None,
                   width=column.width * CHARACTER_PX + MARGIN_PX if column.width else 40, alert_key=column.alert_key)
        for column in kind.list_columns(screen=True)
    )


def display_value(column: ColumnSpec, value: Any) -> str:
    """Return a cell's text."""
    if value is None:
        return ""
    if column.kind == "date" and isinstance(value, (dt.date, dt.datetime)):
        return format_date(value if not isinstance(value, dt.datetime) else value.date())
    if column.kind == "int":
        return format_count(int(value))
    if column.kind == "money":
        return format_yuan(int(value))
    if column.kind == "bool":
        return _("是") if value else ""
    if column.kind == "choice" and column.labels is not None:
        label = column.labels.get(str(value))
        return _(label) if label else str(value)
    return str(value)


Fetch = Callable[[int, int, str | None, bool], list[dict[str, Any]]]
# start_count(deliver): begin counting the list as it is now; call deliver(total) later on the GUI thread.
StartCount = Callable[[Callable[[int], None]], None]


class LazyTableModel(QAbstractTableModel):
    """Rows come from ``fetch(offset, limit, order_by, descending)``; only a few pages stay cached."""

    counted = Signal(int)  # the exact number of rows, once known after a reload

    def __init__(self, columns: Sequence[ColumnSpec], count: Callable[[], int], fetch: Fetch, parent=None,
                 count_later: bool = False, start_count: StartCount | None = None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self._count_rows = count
        self._fetch = fetch
        self.count_later = count_later
        self._start_count = start_count
        self.count_known = True  # False between a reload that showed a full first page and its exact count
        self._generation = 0  # a count scheduled for an earlier reload is dropped
        self._row_count = 0
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self.order_by: str | None = None
        self.descending = False

    # -- Qt interface -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._row_count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._row_count:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            row = self.row(index.row())
            return display_value(column, row.get(column.key)) if row else None
        if role == Qt.ItemDataRole.ToolTipRole and column.kind == "text":  # a long text cut by its column, whole
            row = self.row(index.row())
            text = display_value(column, row.get(column.key)) if row else ""
            return text if len(text) > 6 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in ("int", "money"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            alert = next((c.alert_key for c in self.columns if c.alert_key), "")
            row = self.row(index.row()) if alert else None
            if row and row.get(alert):
                return QBrush(QColor("#b00020"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return _(self.columns[section].label)
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Sorting happens in SQL: the model never holds every row (see desk.db.listing).
        if not 0 <= column < len(self.columns):
            return
        self.order_by = self.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- our interface --------------------------------------------------------------------
    def reload(self) -> None:
        """Forget cached rows and count again (with ``count_later``: show the first page, count after it)."""
        self.beginResetModel()
        self._pages.clear()
        self._generation += 1
        try:
            if self.count_later:
                self.count_known = False  # the fetch below must not take the old count for this list's
                first = self._fetch(0, PAGE_SIZE, self.order_by, self.descending)
                self._pages[0] = first
                self._row_count = len(first)
                self.count_known = len(first) < PAGE_SIZE  # a short first page is the whole list
            else:
                self._row_count = self._count_rows()
                self.count_known = True
        finally:
            self.endResetModel()
        if self.count_known:
            self.counted.emit(self._row_count)
        elif self._start_count is not None:
            self._start_count(partial(self.deliver_count, self._generation))
        else:
            QTimer.singleShot(0, partial(self._count_now, self._generation))

    def finish_count(self) -> int:
        """Count now if the exact count is still to come; return the number of rows."""
        if not self.count_known:
            self._count_now(self._generation)
        return self._row_count

    def _count_now(self, generation: int) -> None:
        if generation != self._generation or self.count_known:
            return
        self._apply_count(self._count_rows())

    def deliver_count(self, generation: int, total: int) -> None:
        """Take the exact count started for reload ``generation`` (dropped if the list reloaded since)."""
        if generation == self._generation and not self.count_known:
            self._apply_count(int(total))

    def _apply_count(self, total: int) -> None:
        self.count_known = True
        if total > self._row_count:
            self.beginInsertRows(QModelIndex(), self._row_count, total - 1)
            self._row_count = total
            self.endInsertRows()
        elif total < self._row_count:  # rows went away between the page and the count
            self.beginResetModel()
            self._pages.clear()
            self._row_count = total
            self.endResetModel()
        self.counted.emit(total)

    def row(self, number: int) -> dict[str, Any] | None:
        """Return row ``number``, fetching its page if needed."""
        if not 0 <= number < self._row_count:
            return None
        page = number // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            rows = self._fetch(page * PAGE_SIZE, PAGE_SIZE, self.order_by, self.descending)
            self._pages[page] = rows
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        offset = number - page * PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def row_id(self, number: int) -> str | None:
        """Return the record id of row ``number``."""
        row = self.row(number)
        return None if row is None else row.get("id")

    def find_cached(self, record_id: str) -> int | None:
        """Return the row number of ``record_id`` if its page is cached."""
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.get("id") == record_id:
                    return page * PAGE_SIZE + offset
        return None
