"""The line grid: typing lines, Enter down, Ctrl+D copies the row above, values typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication

from tests.helpers import type_text
from ui.common.grid import GridColumn, LineGrid

COLUMNS = (
    GridColumn("item", "物品"),
    GridColumn("quantity", "数量", kind="int"),
    GridColumn("unit", "单位", kind="choice", choices=(("box", "箱"), ("piece", "个"))),
    GridColumn("value", "价值(元)", kind="money"),
)


def edit_cell(grid, row, column, text):
    grid.setCurrentCell(row, column)
    grid.editItem(grid.item(row, column) or grid._item(row, column))
    editor = QApplication.focusWidget()
    type_text(editor, text)
    grid.commitData(editor)  # what leaving the cell does
    grid.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def test_typing_lines_and_reading_values(qtbot):
    grid = LineGrid(COLUMNS)
    qtbot.addWidget(grid)
    grid.show()
    grid.activateWindow()
    qtbot.waitUntil(grid.isActiveWindow)
    with qtbot.waitSignal(grid.changed):
        edit_cell(grid, 0, 0, "奶粉")
    edit_cell(grid, 0, 1, "20")
    edit_cell(grid, 0, 3, "1500.5")
    assert grid.rowCount() == 2  # a blank row waits at the bottom
    grid.setCurrentCell(1, 0)
    QTest.keyClick(grid, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    edit_cell(grid, 1, 1, "2x")
    values = grid.value()
    assert values[0] == {"item": "奶粉", "quantity": 20, "unit": "", "value": 150_050}
    assert values[1]["item"] == "奶粉" and values[1]["quantity"] == "2x"  # kept as typed for the service to refuse
    grid.show_cell_problems({(1, "quantity"): "数量应为整数"})
    assert grid.cell_problem(1, "quantity") == "数量应为整数"


def test_set_value_round_trips_and_enter_moves_right_then_down(qtbot):
    grid = LineGrid(COLUMNS)
    qtbot.addWidget(grid)
    rows = [{"item": "书包", "quantity": 100, "unit": "piece", "value": 500_000}]
    grid.set_value(rows)
    assert grid.value() == rows
    assert grid.item(0, 2).text() == "个"
    grid.setCurrentCell(0, 1)
    QTest.keyClick(grid, Qt.Key.Key_Return)
    assert (grid.currentRow(), grid.currentColumn()) == (0, 2)
    grid.setCurrentCell(0, 3)
    QTest.keyClick(grid, Qt.Key.Key_Return)
    assert (grid.currentRow(), grid.currentColumn()) == (1, 0)
    grid.setCurrentCell(0, 0)
    QTest.keyClick(grid, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert grid.value() == []
