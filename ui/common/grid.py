"""A grid for lines inside a form (goods lines, stipend lines, leaders, trainees typed in bulk).

Tab moves across, Enter moves down (adding a row at the end), Ctrl+D copies the row above,
Ctrl+Delete removes a row.  An empty row always waits at the bottom.  ``value()`` returns the
filled rows as dicts; numbers that do not parse come back as typed so the service can say
what is wrong, and ``show_cell_problems`` marks those cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desk.core.fields import RecordKind
from desk.core.formatting import fen_to_yuan, yuan_to_fen
from desk.core.i18n import _
from ui.common.fields import Choices

VALUE_ROLE = Qt.ItemDataRole.UserRole
PROBLEM_BRUSH = QBrush(QColor("#fde0e0"))


@dataclass(frozen=True)
class GridColumn:
    """A grid column: key, header message id, kind (text, int, money, choice, combo), choices, width."""

    key: str
    label: str
    kind: str = "text"
    choices: Choices = ()
    width: int = 110
    translate_choices: bool = True


_GRID_KINDS = {"date": "text", "multiline": "text", "ref": "choice"}


def grid_columns(kind: RecordKind, widths: dict[str, int], **overrides: dict[str, Any]) -> tuple[GridColumn, ...]:
    """Return the columns of a grid of ``kind``'s lines (desk/<area>/fields.py), with the screen's widths.

    ``overrides`` maps a key to GridColumn attributes (``kind="combo"`` for a column with suggestions).
    """
    columns = []
    for declared in kind.fields:
        if declared.key not in widths:
            continue
        values: dict[str, Any] = {
            "key": declared.key, "label": declared.label, "kind": _GRID_KINDS.get(declared.kind, declared.kind),
            "choices": tuple((declared.choices or {}).items()), "width": widths[declared.key],
        }
        values.update(overrides.get(declared.key, {}))
        columns.append(GridColumn(**values))
    return tuple(columns)


class _ChoiceDelegate(QStyledItemDelegate):
    def __init__(self, grid: LineGrid):
        super().__init__(grid)
        self.grid = grid

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802
        column = self.grid.columns[index.column()]
        choices = self.grid.column_choices[column.key]
        if column.kind == "choice":
            editor = QComboBox(parent)
            editor.addItem("", "")
            for value, label in choices:
                editor.addItem(_(label) if column.translate_choices else label, value)
            return editor
        editor = QLineEdit(parent)
        if column.kind == "combo" and choices:
            completer = QCompleter([value for value, _label in choices], editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(VALUE_ROLE) or "")
            editor.setCurrentIndex(max(found, 0))
        else:
            editor.setText(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", VALUE_ROLE)
            model.setData(index, editor.currentText() if editor.currentData() else "", Qt.ItemDataRole.DisplayRole)
        else:
            model.setData(index, editor.text().strip(), Qt.ItemDataRole.DisplayRole)


class LineGrid(QTableWidget):
    """Editable lines with the field-editor interface: ``value()``, ``set_value()``, ``changed``."""

    changed = Signal()

    def __init__(self, columns: Sequence[GridColumn], parent: QWidget | None = None):
        super().__init__(0, len(columns), parent)
        self.columns = tuple(columns)
        self.column_choices: dict[str, Choices] = {column.key: column.choices for column in self.columns}
        self._loading = False
        self.setItemDelegate(_ChoiceDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setMinimumHeight(130)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        for number, column in enumerate(self.columns):
            self.setColumnWidth(number, column.width)
        self.itemChanged.connect(self._on_item_changed)
        self._retranslate()
        self._ensure_blank_row()

    def _retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_(column.label) for column in self.columns])
        self.setToolTip(_("Tab 横向移动，回车到下一行，Ctrl+D 复制上一行，Ctrl+Delete 删除本行"))

    # -- value interface ------------------------------------------------------------------------
    def value(self) -> list[dict[str, Any]]:
        """Return the filled rows (blank rows left out), typed where the text parses."""
        rows = []
        for row in range(self.rowCount()):
            if self._row_is_blank(row):
                continue
            rows.append({column.key: self._cell_value(row, number) for number, column in enumerate(self.columns)})
        return rows

    def set_value(self, rows: Any) -> None:
        """Show ``rows`` (a list of dicts keyed like the columns)."""
        self._loading = True
        self.setRowCount(0)
        for values in rows or ():
            row = self.rowCount()
            self.insertRow(row)
            for number, column in enumerate(self.columns):
                self._set_cell(row, number, values.get(column.key))
        self._loading = False
        self._ensure_blank_row()
        self.show_cell_problems({})

    def set_choices(self, choices: Choices) -> None:
        """Set suggestions of the first combo or choice column (the RecordForm interface)."""
        for column in self.columns:
            if column.kind in ("combo", "choice"):
                self.column_choices[column.key] = choices
                return

    def set_column_choices(self, key: str, choices: Choices) -> None:
        """Set the choices or suggestions of column ``key``."""
        self.column_choices[key] = choices

    def show_cell_problems(self, problems: Mapping[tuple[int, str], str]) -> None:
        """Mark cells with problems, keyed by (index among filled rows, column key), with the message as tooltip."""
        filled = [row for row in range(self.rowCount()) if not self._row_is_blank(row)]
        self._loading = True
        for row in range(self.rowCount()):
            for number in range(len(self.columns)):
                item = self._item(row, number)
                item.setBackground(QBrush())
                item.setToolTip("")
        for (index, key), message in problems.items():
            if 0 <= index < len(filled):
                number = next((n for n, column in enumerate(self.columns) if column.key == key), 0)
                item = self._item(filled[index], number)
                item.setBackground(PROBLEM_BRUSH)
                item.setToolTip(message)
        self._loading = False

    def cell_problem(self, index: int, key: str) -> str:
        """Return the problem shown on a cell (index among filled rows)."""
        filled = [row for row in range(self.rowCount()) if not self._row_is_blank(row)]
        number = next(n for n, column in enumerate(self.columns) if column.key == key)
        return self._item(filled[index], number).toolTip()

    # -- keyboard ---------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        row, column = self.currentRow(), self.currentColumn()
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not control:
            self._ensure_blank_row()
            if row + 1 >= self.rowCount():
                self.insertRow(self.rowCount())
            self.setCurrentCell(row + 1, max(column, 0))
            return
        if event.key() == Qt.Key.Key_D and control and row > 0:
            self.copy_row_above(row)
            return
        if event.key() == Qt.Key.Key_Delete and control and row >= 0:
            self.removeRow(row)
            self._ensure_blank_row()
            self.changed.emit()
            return
        super().keyPressEvent(event)

    def copy_row_above(self, row: int) -> None:
        """Copy every cell of the row above into ``row``."""
        for number in range(len(self.columns)):
            source = self._item(row - 1, number)
            target = self._item(row, number)
            target.setData(VALUE_ROLE, source.data(VALUE_ROLE))
            target.setText(source.text())
        self._ensure_blank_row()

    # -- helpers ----------------------------------------------------------------------------------
    def _item(self, row: int, number: int) -> QTableWidgetItem:
        item = self.item(row, number)
        if item is None:
            item = QTableWidgetItem("")
            was_loading, self._loading = self._loading, True
            self.setItem(row, number, item)
            self._loading = was_loading
        return item

    def _set_cell(self, row: int, number: int, value: Any) -> None:
        column = self.columns[number]
        item = self._item(row, number)
        if column.kind == "choice":
            labels = dict(self.column_choices[column.key])
            label = labels.get(value or "", "")
            item.setData(VALUE_ROLE, value or "")
            item.setText(_(label) if label and column.translate_choices else label)
        elif column.kind == "money" and isinstance(value, int):
            item.setText(str(fen_to_yuan(value)))
        else:
            item.setText("" if value is None else str(value))
        if column.kind in ("int", "money"):
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _cell_value(self, row: int, number: int) -> Any:
        column = self.columns[number]
        item = self.item(row, number)
        if item is None:
            return None if column.kind in ("int", "money") else ""
        if column.kind == "choice":
            return item.data(VALUE_ROLE) or ""
        text = item.text().strip()
        if column.kind == "int":
            if not text:
                return None
            return int(text) if text.lstrip("-").isdigit() else text
        if column.kind == "money":
            if not text:
                return None
            try:
                return yuan_to_fen(text)
            except (ValueError, ArithmeticError):
                return text
        return text

    def _row_is_blank(self, row: int) -> bool:
        for number, column in enumerate(self.columns):
            item = self.item(row, number)
            if item is None:
                continue
            if (column.kind == "choice" and item.data(VALUE_ROLE)) or (column.kind != "choice" and item.text().strip()):
                return False
        return True

    def _ensure_blank_row(self) -> None:
        if self.rowCount() == 0 or not self._row_is_blank(self.rowCount() - 1):
            was_loading, self._loading = self._loading, True
            self.insertRow(self.rowCount())
            self._loading = was_loading

    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        if self._loading:
            return
        self._ensure_blank_row()
        self.changed.emit()
