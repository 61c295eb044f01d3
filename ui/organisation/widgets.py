"""Widgets of the organisation screen: a warning note, the ranking table, and a form that marks grid cells."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from desk.core.i18n import _
from desk.organisation.assessment import rank, rate
from desk.organisation.model import CONSEQUENCES, RATINGS
from ui.common.fields import FieldSpec
from ui.common.form import RecordForm
from ui.common.grid import LineGrid

WARNING_STYLE = "color: #8a5300; background: #fff4d6; padding: 4px;"


class NoteLabel(QLabel):
    """A read-only note in a form (a warning the service computed); hidden when empty."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet(WARNING_STYLE)
        self.hide()

    def value(self) -> str:
        return self.text()

    def set_value(self, value: Any) -> None:
        self.setText(str(value or ""))
        self.setVisible(bool(value))


class ThresholdLabel(QLabel):
    """Shows the score thresholds the ratings follow; its value is (excellent_min, competent_min)."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self._value: tuple[int, int] | None = None

    def value(self) -> tuple[int, int] | None:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = tuple(value) if value else None
        if self._value:
            self.setText(_("优秀：{excellent}分及以上；称职：{competent}分及以上；其余为不称职").format(
                excellent=self._value[0], competent=self._value[1]))
        else:
            self.setText("")


class RankingTable(QTableWidget):
    """The ranking of an assessment: rank, office, score, rating, reward or warning talk (read-only)."""

    changed = Signal()
    HEADERS = ("名次", "单位", "得分", "等次", "奖惩")

    def __init__(self) -> None:
        super().__init__(0, len(self.HEADERS))
        self.setHorizontalHeaderLabels([_(text) for text in self.HEADERS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for number, width in enumerate((45, 110, 50, 60)):
            self.setColumnWidth(number, width)
        self.setMinimumHeight(250)
        self._rows: list[dict[str, Any]] = []

    def value(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def set_value(self, rows: Any) -> None:
        self._rows = list(rows or [])
        self.setRowCount(len(self._rows))
        for row, values in enumerate(self._rows):
            cells = (str(values["rank"]), values["office"], str(values["score"]), values["rating_label"],
                     values["consequence_label"])
            for number, text in enumerate(cells):
                self.setItem(row, number, QTableWidgetItem(text))

    def texts(self) -> list[list[str]]:
        """Return every cell's text, row by row (what the user reads)."""
        return [[item.text() if (item := self.item(row, number)) is not None else "" for number in range(self.columnCount())]
                for row in range(self.rowCount())]


def preview_ranking(scores: Sequence[Mapping[str, Any]], names: Mapping[str, str], thresholds: tuple[int, int]) -> list[dict[str, Any]]:
    """Return the ranking of typed score lines (lines without an office or a whole-number score are left out)."""
    lines = [line for line in scores if line.get("office_id") and isinstance(line.get("score"), int)]
    lines.sort(key=lambda line: -line["score"])
    places = rank([line["score"] for line in lines])
    return [
        {"rank": place, "office": names.get(line["office_id"], ""), "score": line["score"],
         "rating_label": _(RATINGS[rate(line["score"], *thresholds)]),
         "consequence_label": _(CONSEQUENCES[line["consequence"]]) if line.get("consequence") in CONSEQUENCES else ""}
        for place, line in zip(places, lines)
    ]


class GridForm(RecordForm):
    """A record form whose grids get the service's cell problems (keys ``<grid>.<row>.<column>``)."""

    def show_problems(self, problems: Mapping[str, str]) -> None:
        super().show_problems(problems)
        for key, editor in self.editors.items():
            if isinstance(editor, LineGrid):
                cells = {}
                for problem_key, message in problems.items():
                    parts = problem_key.split(".")
                    if len(parts) == 3 and parts[0] == key and parts[1].isdigit():
                        cells[(int(parts[1]), parts[2])] = message
                editor.show_cell_problems(cells)


    def set_values(self, values: Mapping[str, Any]) -> None:
        super().set_values(values)
        for key, editor in self.editors.items():
            if isinstance(editor, NoteLabel):
                self.labels[key].setVisible(bool(editor.value()))


class AssessmentForm(GridForm):
    """The assessment form: typing scores updates the ranking table at once, before saving."""

    def __init__(self, fields: Sequence[FieldSpec], parent=None):
        super().__init__(fields, parent)
        self.field("scores").changed.connect(self.update_ranking)

    def update_ranking(self) -> None:
        thresholds = self.field("thresholds").value()
        if not thresholds:
            return
        grid = self.editors["scores"]
        assert isinstance(grid, LineGrid)
        names = dict(grid.column_choices["office_id"])
        self.field("ranking").set_value(preview_ranking(grid.value(), names, thresholds))
