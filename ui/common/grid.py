"""A grid for lines inside a form (goods lines, stipend lines, leaders, trainees typed in bulk).

Typing starts editing the cell (Chinese from an input method too).  Enter keeps the cell and
moves right, then to the first cell of the next row; Enter on an empty row leaves the grid for
the next field.  Tab moves across as well, Ctrl+D copies the row above, Ctrl+Delete removes a
row.  An empty row always waits at the bottom.  ``value()`` returns the
filled rows as dicts; numbers that do not parse come back as typed so the service can say
what is wrong, and ``show_cell_problems`` marks those cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desk.core.fields import RecordKind
from desk.core.formatting import fen_to_yuan, yuan_to_fen
from desk.core.i18n import _
from ui.common.fields import Choices
from ui.common.keyboard import TypeToSelectCombo, close_suggestions, is_plain_enter, move_on, suggestions
from ui.common.lookup import Lookup, LookupEditor, SuggestEditor

VALUE_ROLE = Qt.ItemDataRole.UserRole
PROBLEM_BRUSH = QBrush(QColor("#fde0e0"))


@dataclass(frozen=True)
class GridColumn:
    """A grid column: key, header message id, kind (text, int, money, choice, combo), choices, width.

    A column over a list that grows without bound (beneficiaries, units, leaders) has a ``lookup``
    instead of choices: its cells search as the clerk types (ui/common/lookup.py) and the grid reads
    the labels of the record's own values only.
    """

    key: str
    label: str
    kind: str = "text"
    choices: Choices = ()
    width: int = 110
    translate_choices: bool = True
    lookup: Lookup | None = None


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
        self.open_editor: QWidget | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        column = self.grid.columns[index.column()]
        choices = self.grid.column_choices[column.key]
        editor: QWidget
        if column.lookup is not None:
            searching: LookupEditor | SuggestEditor
            if column.kind == "choice":
                searching = LookupEditor(column.lookup, parent)
            else:
                searching = SuggestEditor(column.lookup, parent)
            searching.bind(self.grid.sessions)
            editor = searching
            self.open_editor = editor
            editor.destroyed.connect(lambda _obj=None: self._forget(editor))
            return editor
        if column.kind == "choice":
            combo = editor = TypeToSelectCombo(parent)
            combo.addItem("", "")
            for value, label in choices:
                combo.addItem(_(label) if column.translate_choices else label, value)
        else:
            line = editor = QLineEdit(parent)
            if column.kind == "combo" and choices:
                suggestions(line, QCompleter([value for value, _label in choices], line), line)
        self.open_editor = editor
        editor.destroyed.connect(lambda _obj=None: self._forget(editor))
        return editor

    def _forget(self, editor: QObject) -> None:
        if self.open_editor is editor:
            self.open_editor = None

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Qt closes a cell editor on Enter only after a queued call: keys typed right after Enter
        # would still land in the old cell.  Commit now, then move on.
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and is_plain_enter(event) \
                and isinstance(editor, QWidget):
            self.finish(editor)
            self.grid.advance()
            return True
        return super().eventFilter(editor, event)

    def finish(self, editor: QWidget) -> None:
        """Write the editor's text into its cell and close it."""
        close_suggestions(editor)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self._forget(editor)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, LookupEditor):
            editor.show_choice(index.data(VALUE_ROLE) or "", index.data(Qt.ItemDataRole.DisplayRole) or "")
        elif isinstance(editor, QComboBox):
            found = editor.findData(index.data(VALUE_ROLE) or "")
            editor.setCurrentIndex(max(found, 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, LookupEditor):
            editor.resolve()  # typed text naming one record takes it; anything else keeps the record before
            value, label = editor.value(), editor.chosen_text  # read first: setting the value refreshes the editor
            model.setData(index, value, VALUE_ROLE)
            model.setData(index, label if value else "", Qt.ItemDataRole.DisplayRole)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", VALUE_ROLE)
            model.setData(index, editor.currentText() if editor.currentData() else "", Qt.ItemDataRole.DisplayRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text().strip(), Qt.ItemDataRole.DisplayRole)


class LineGrid(QTableWidget):
    """Editable lines with the field-editor interface: ``value()``, ``set_value()``, ``changed``."""

    changed = Signal()

    def __init__(self, columns: Sequence[GridColumn], parent: QWidget | None = None):
        super().__init__(0, len(columns), parent)
        self.columns = tuple(columns)
        self.column_choices: dict[str, Choices] = {column.key: column.choices for column in self.columns}
        self.sessions = None  # for columns with a lookup (``bind``)
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

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Share the visible width among the columns in the declared proportions, so a grid in a narrow
        form shows every column without scrolling sideways (none narrower than its header)."""
        available = self.viewport().width()
        declared = sum(column.width for column in self.columns)
        if available <= 0 or not declared:
            return
        metrics = self.horizontalHeader().fontMetrics()
        floors = [metrics.horizontalAdvance(_(column.label)) + 16 for column in self.columns]
        widths = [max(floor, int(column.width * available / declared)) for floor, column in zip(floors, self.columns)]
        excess = sum(widths) - available
        spare = sum(width - floor for width, floor in zip(widths, floors))
        if excess > 0 and spare > 0:
            # Headers keep their room; the wide columns give up what the narrow ones needed.
            widths = [width - (width - floor) * min(excess, spare) // spare for width, floor in zip(widths, floors)]
        for number, width in enumerate(widths):
            self.setColumnWidth(number, width)

    def _retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_(column.label) for column in self.columns])
        self.setToolTip(_("回车或 Tab 到右边一格，行末到下一行，空行上回车离开表格；Ctrl+D 复制上一行，Ctrl+Delete 删除本行"))

    # -- value interface ------------------------------------------------------------------------
    def value(self) -> list[dict[str, Any]]:
        """Return the filled rows (blank rows left out), typed where the text parses."""
        rows = []
        for row in range(self.rowCount()):
            if self._row_is_blank(row):
                continue
            rows.append({column.key: self._cell_value(row, number) for number, column in enumerate(self.columns)})
        return rows

    def bind(self, sessions) -> None:
        """Give the columns that search as the clerk types their sessions."""
        self.sessions = sessions

    def set_value(self, rows: Any) -> None:
        """Show ``rows`` (a list of dicts keyed like the columns)."""
        self._describe(rows or ())
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
        self.clearSelection()  # an empty grid shows no highlighted row until one is chosen

    def _describe(self, rows: Any) -> None:
        """Read the labels of the values ``rows`` hold in lookup columns: the record's own, by id."""
        if self.sessions is None:
            return
        for column in self.columns:
            if column.lookup is None or column.lookup.describe is None or column.kind != "choice":
                continue
            values = {str(row.get(column.key)) for row in rows if row.get(column.key)}
            if not values:
                continue
            with self.sessions() as session:
                self.column_choices[column.key] = tuple(column.lookup.describe(session, values).items())

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
        row = self.currentRow()
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if is_plain_enter(event):
            self.advance()
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

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt override)
        # Qt opens the cell editor on a bare commit but drops the committed text: hand it on.
        if self.state() != QAbstractItemView.State.EditingState and event.commitString() and not event.preeditString():
            if self.currentRow() < 0:
                self.setCurrentCell(0, 0)
            self.editItem(self._item(self.currentRow(), max(self.currentColumn(), 0)))
            editor = QApplication.focusWidget()
            if editor is not None and editor is not self and self.isAncestorOf(editor):
                if isinstance(editor, QLineEdit):
                    editor.selectAll()
                QApplication.sendEvent(editor, event)
                return
        super().inputMethodEvent(event)

    def advance(self) -> None:
        """Enter: move right, then to the next row's first cell; from an empty row, to the next field."""
        row, column = max(self.currentRow(), 0), max(self.currentColumn(), 0)
        self._ensure_blank_row()
        if self._row_is_blank(row):
            move_on(self)
            return
        if column + 1 < len(self.columns):
            self.setCurrentCell(row, column + 1)
            return
        if row + 1 >= self.rowCount():
            self.insertRow(self.rowCount())
        self.setCurrentCell(row + 1, 0)

    def enter_from_above(self) -> None:
        """Coming in from the field above: start at the first cell of the empty row at the bottom."""
        self._ensure_blank_row()
        self.setCurrentCell(self.rowCount() - 1, 0)

    def commit_open_editor(self) -> None:
        """Keep what is typed in a cell still being edited (Ctrl+S, leaving the form, switching tabs)."""
        delegate = self.itemDelegate()
        if not isinstance(delegate, _ChoiceDelegate):
            return
        editor = delegate.open_editor
        if editor is not None and self.state() == QAbstractItemView.State.EditingState:
            delegate.finish(editor)

    def focus_cell(self, index: int, key: str) -> None:
        """Put focus on a cell (index among filled rows, column key), as for the first problem of a save."""
        filled = [row for row in range(self.rowCount()) if not self._row_is_blank(row)]
        number = next((n for n, column in enumerate(self.columns) if column.key == key), 0)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if 0 <= index < len(filled):
            self.setCurrentCell(filled[index], number)

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
