"""Widgets of the relief screens: a form that marks grid cells, a live summary line, a history table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from desk.core.formatting import format_date, format_yuan
from desk.core.i18n import _
from desk.directory.service import leader_post
from desk.relief.lines import parse_cell_key
from ui.common.fields import FieldSpec
from ui.common.form import RecordForm
from ui.common.grid import LineGrid

SUMMARY_KEY = "summary"


class SummaryView(QLabel):
    """A read-only line computed from the other fields (totals); it holds no value of its own."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("font-weight: bold; color: #0d47a1;")

    def value(self) -> None:
        return None

    def set_value(self, _value: Any) -> None:
        """The summary is computed by the form, never loaded."""


class HistoryView(QTableWidget):
    """A beneficiary's visits and stipends (date, what, amount), read only."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__(0, 3)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # information only: Tab passes it by
        self.setMinimumHeight(120)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, 120)
        self.setHorizontalHeaderLabels([_("日期"), _("慰问与扶助"), _("金额")])
        self._rows: list[dict[str, Any]] = []

    def value(self) -> list[dict[str, Any]]:
        return self._rows

    def set_value(self, rows: Any) -> None:
        self._rows = list(rows or ())
        self.setRowCount(len(self._rows))
        for number, row in enumerate(self._rows):
            kind = _("慰问") if row["kind"] == "visit" else _("扶助款")
            texts = (
                format_date(row["date"]),
                _("{kind}：{what}").format(kind=kind, what=row["what"]),
                format_yuan(row["amount_fen"]) if row["amount_fen"] is not None else "",
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(number, column, item)

    def row_texts(self) -> list[tuple[str, ...]]:
        """Return what the table shows, row by row."""
        return [tuple(item.text() if (item := self.item(r, c)) is not None else "" for c in range(3))
                for r in range(self.rowCount())]


class LeaderGrid(LineGrid):
    """Leaders and posts; a remembered leader's post fills in when her name is typed."""

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._loading and item.column() == 0 and self.sessions is not None and item.text().strip():
            post_item = self._item(item.row(), 1)
            if not post_item.text().strip():
                with self.sessions() as session:  # one leader by her name's index
                    post = leader_post(session, item.text())
                if post:
                    post_item.setText(post)  # emits itemChanged: lands below
        super()._on_item_changed(item)


class ReliefForm(RecordForm):
    """A record form whose grids get their cell problems marked, with an optional live summary line."""

    def __init__(self, fields: tuple[FieldSpec, ...], summary: Callable[[dict[str, Any]], str] | None = None):
        super().__init__(fields)
        self.summary = summary
        self.changed.connect(self.update_summary)
        self.update_summary()

    def set_values(self, values: Mapping[str, Any]) -> None:
        super().set_values(values)
        self.update_summary()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        cells: dict[str, dict[tuple[int, str], str]] = {}
        for key, message in problems.items():
            parsed = parse_cell_key(key)
            if parsed is not None:
                cells.setdefault(parsed[0], {})[(parsed[1], parsed[2])] = message
        for key, editor in self.editors.items():
            if isinstance(editor, LineGrid):
                editor.show_cell_problems(cells.get(key, {}))
        super().show_problems(problems)

    def update_summary(self) -> None:
        """Recompute the summary line from what is typed now."""
        if self.summary is not None and SUMMARY_KEY in self.editors:
            view = self.editors[SUMMARY_KEY]
            assert isinstance(view, QLabel)
            view.setText(self.summary(self.values()))


def summary_field(label: str) -> FieldSpec:
    """Return the field of a form's live summary line."""
    return FieldSpec(SUMMARY_KEY, label, kind="custom", editor=SummaryView)


def form_factory(summary: Callable[[dict[str, Any]], str] | None = None) -> Callable[[tuple[FieldSpec, ...]], RecordForm]:
    """Return a RecordScreenSpec form factory building a ReliefForm."""
    return lambda fields: ReliefForm(fields, summary)
