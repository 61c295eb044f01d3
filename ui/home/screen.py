"""The home screen: the current period's key figures per area and what needs attention, from the report registries."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk.core.i18n import _
from desk.office.scope import office_scope
from desk.reports.tables import monthly_counts
from ui.common.context import AppContext
from ui.common.messages import show_error
from ui.common.operations import Operation, SessionMode
from ui.home.months import MonthChart

COLUMNS = 3

# The owner of the background readings: not the screen, so a screen closed (or deleted) while its
# figures are read does not take the running thread with it.  Each operation deletes itself when done.
_owner: QObject | None = None


def _operations_owner() -> QObject:
    global _owner
    if _owner is None:
        _owner = QObject()
        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(_finish_readings)
    return _owner


def _finish_readings() -> None:
    """Let readings still running end before the program quits (a thread must not outlive its QThread)."""
    if _owner is not None:
        for operation in _owner.findChildren(Operation):
            operation.wait()


def read_home(session: Any, period: Any, tree: bool, groups: list, sources: list, series: list) -> tuple:
    """Return (figures per group, attention items, monthly series) of ``period``: what the home screen shows."""
    scope = office_scope(session, tree=tree)
    figures = [(group, group.figures(session, period, scope)) for group in groups]
    items = [item for source in sources for item in source.items(session, period, scope)]
    monthly = [(_(one.title), monthly_counts(session, period, scope, one.count)) for one in series]
    return figures, items, monthly


class HomeScreen(QWidget):
    """Shows one box of figures per registered area and a list of attention items; grows as areas register."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.title_label = QLabel()
        self.title_label.setObjectName("home_title")
        self.title_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.scope_label = QLabel()
        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("home_scope")
        self.scope_combo.addItem("", False)
        self.scope_combo.addItem("", True)
        self.scope_combo.currentIndexChanged.connect(lambda _index: self._changed())
        self.scope_label.setBuddy(self.scope_combo)
        self.months_title = QLabel()
        self.months_title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.month_chart = MonthChart()
        self.figures_widget = QWidget()
        self.figures_layout = QGridLayout(self.figures_widget)
        self.attention_title = QLabel()
        self.attention_title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.attention_widget = QWidget()
        self.attention_layout = QVBoxLayout(self.attention_widget)
        self.attention_layout.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        column = QVBoxLayout(body)
        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.scope_label)
        heading.addWidget(self.scope_combo)
        column.addLayout(heading)
        column.addWidget(self.figures_widget)
        column.addWidget(self.months_title)
        column.addWidget(self.month_chart)
        column.addWidget(self.attention_title)
        column.addWidget(self.attention_widget)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.group_boxes: dict[str, QGroupBox] = {}
        self.attention_labels: list[QLabel] = []
        self._stale = True
        self.reading: Operation | None = None  # the figures being read in the background
        self._read_again = False
        context.period_changed.connect(lambda _period: self._changed())
        context.data_changed.connect(lambda _area: self._changed())
        self.title_label.setText(_("{office} · {period}").format(office=context.office.name, period=context.period.label))
        self._retranslate()

    def _retranslate(self) -> None:
        self.attention_title.setText(_("需要注意"))
        self.months_title.setText(_("逐月情况"))
        self.scope_label.setText(_("范围(&S)："))
        self.scope_combo.setItemText(0, _("本单位"))
        self.scope_combo.setItemText(1, _("本单位及下级"))

    def _changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh_in_background()

    @property
    def loading(self) -> bool:
        """Whether figures are being read (or are due to be read when the screen shows)."""
        return self._stale or self.reading is not None

    def _clear(self) -> None:
        # Hidden at once: deleteLater waits for the event loop, and a grab or a test may come first.
        for widget in [*self.group_boxes.values(), *self.attention_labels]:
            widget.hide()
            widget.deleteLater()
        self.group_boxes = {}
        self.attention_labels = []

    def _registered(self) -> tuple[list, list, list]:
        # The registries load the areas' report modules: done here, on the GUI thread, before any job runs.
        reports = self.context.reports
        return (reports.figure_groups(), reports.attention_sources(),
                [series for series in reports.monthly_series() if series.on_home])

    def refresh(self) -> None:
        """Read the figures and attention items of the current period again, now (on this thread)."""
        self._stale = False
        period = self.context.period
        try:
            with self.context.sessions() as session:
                data = read_home(session, period, bool(self.scope_combo.currentData()), *self._registered())
        except Exception as exc:  # noqa: BLE001 (one presenter; the screen stays usable)
            show_error(self, exc)
            return
        self._show(period, data)

    def refresh_in_background(self) -> None:
        """Read the figures off the GUI thread (READ session, no dialog) and show them when they arrive.

        At a region's size they take seconds; the window stays usable meanwhile.  A change while
        they are read reads them once more afterwards.
        """
        self._stale = False
        if self.reading is not None:
            self._read_again = True
            return
        period, tree, registered = self.context.period, bool(self.scope_combo.currentData()), self._registered()

        def job(session: Any, _progress: Any) -> tuple:
            return read_home(session, period, tree, *registered)

        self.reading = Operation(_operations_owner(), self.context.sessions, job, "home figures",  # quiet: never shown
                                 mode=SessionMode.READ, cancellable=False, quiet=True)
        self.reading.succeeded.connect(lambda data: self._arrived(period, data))
        self.reading.failed.connect(self._failed)
        self.reading.done.connect(self._reading_done)
        self.reading.start()

    def _arrived(self, period: Any, data: tuple) -> None:
        if shiboken6.isValid(self) and not self._read_again:
            self._show(period, data)

    def _failed(self, error: BaseException) -> None:
        if shiboken6.isValid(self):
            show_error(self, error)

    def _reading_done(self) -> None:
        if self.reading is not None:
            self.reading.deleteLater()
        if not shiboken6.isValid(self):
            return
        self.reading = None
        if self._read_again:
            self._read_again = False
            self.refresh_in_background()

    def _show(self, period: Any, data: tuple) -> None:
        groups, items, monthly = data
        self.title_label.setText(_("{office} · {period}").format(office=self.context.office.name, period=period.label))
        self._retranslate()
        self._clear()
        self.month_chart.set_series(monthly)
        for number, (group, figures) in enumerate(groups):
            box = QGroupBox(_(group.title))
            box.setObjectName(f"figures_{group.key}")
            grid = QGridLayout(box)
            for row, figure in enumerate(figures):
                name = QLabel(figure.label)
                value = QLabel(figure.value)
                value.setObjectName("figure_value")
                value.setStyleSheet("font-size: 14pt; font-weight: bold; color: #8b1a1a;")
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(name, row, 0)
                grid.addWidget(value, row, 1)
            self.figures_layout.addWidget(box, number // COLUMNS, number % COLUMNS)
            self.group_boxes[group.key] = box
        if not items:
            items = [_("目前没有需要注意的事项。")]
        for item in items:
            label = QLabel("• " + item)
            label.setWordWrap(True)
            self.attention_layout.addWidget(label)
            self.attention_labels.append(label)

    def figure_texts(self) -> dict[str, list[tuple[str, str]]]:
        """Return what the boxes show: group key → (label, value) pairs (for tests and screenshots)."""
        result = {}
        for key, box in self.group_boxes.items():
            labels = [label.text() for label in box.findChildren(QLabel)]
            result[key] = list(zip(labels[0::2], labels[1::2]))
        return result

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            # The window paints first; the figures (queries over the whole period) are read off the GUI thread.
            QTimer.singleShot(1, self._refresh_if_stale)  # a timer: after the pending paint

    def _refresh_if_stale(self) -> None:
        if self._stale and self.isVisible():
            self.refresh_in_background()
