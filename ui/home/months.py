"""The home screen's month-by-month view: grouped bars drawn with QPainter, one colour per series, values on the bars."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

COLOURS = ("#8b1a1a", "#d08a2e", "#3f6e8c", "#5b8c3f")
Series = tuple[str, Sequence[tuple[str, int]]]  # (title, ((month label, value), ...))


class MonthChart(QWidget):
    """Draws several monthly series side by side for each month, with a legend; no chart library needed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.series: list[Series] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(190)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(600, 190)

    def set_series(self, series: Sequence[Series]) -> None:
        """Show ``series`` (all with the same months)."""
        self.series = list(series)
        self.setAccessibleDescription("; ".join(
            f"{title}: " + ", ".join(f"{label} {value}" for label, value in points) for title, points in series))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if not self.series or not self.series[0][1]:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        legend_x = 8.0
        for number, (title, _points) in enumerate(self.series):
            painter.fillRect(QRectF(legend_x, 6, 12, 12), QColor(COLOURS[number % len(COLOURS)]))
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(legend_x + 16, 2, metrics.horizontalAdvance(title) + 4, line + 4),
                             Qt.AlignmentFlag.AlignVCenter, title)
            legend_x += 16 + metrics.horizontalAdvance(title) + 24
        months = [label for label, _value in self.series[0][1]]
        highest = max([value for _title, points in self.series for _label, value in points] + [1])
        top, bottom = line + 16 + line, self.height() - line - 6
        left, right = 8.0, self.width() - 8.0
        slot = (right - left) / len(months)
        bar = min(28.0, slot * 0.8 / len(self.series))
        painter.setPen(QColor("#999999"))
        painter.drawLine(int(left), int(bottom), int(right), int(bottom))
        for month, label in enumerate(months):
            centre = left + slot * (month + 0.5)
            start = centre - bar * len(self.series) / 2
            for number, (_title, points) in enumerate(self.series):
                value = points[month][1]
                height = (bottom - top) * value / highest
                rect = QRectF(start + bar * number, bottom - height, bar - 2, height)
                painter.fillRect(rect, QColor(COLOURS[number % len(COLOURS)]))
                painter.setPen(self.palette().windowText().color())
                painter.drawText(QRectF(rect.x() - 8, rect.y() - line - 1, rect.width() + 16, line),
                                 Qt.AlignmentFlag.AlignCenter, str(value))
            painter.drawText(QRectF(centre - slot / 2, bottom + 2, slot, line + 2), Qt.AlignmentFlag.AlignCenter, label)
        painter.end()
