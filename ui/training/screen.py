"""The 培训 screen: tabs for courses (with bulk trainees), trainees and skilled women, above them the period's figures."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QTableView, QVBoxLayout, QWidget

from desk.core.i18n import N_, _
from desk.office.scope import office_scope
from desk.training.stats import training_stats
from ui.common.context import AppContext
from ui.common.record_screen import RecordScreen
from ui.common.tabs import ForwardsToCurrent, TabbedScreens
from ui.training.courses import CourseScreen
from ui.training.people import SKILLED_SPEC, TRAINEE_SPEC


class TrainingScreen(ForwardsToCurrent, QWidget):
    """Courses, trainees and skilled women in tabs; leaving asks about unsaved typing in any tab."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.summary = QLabel()
        self.summary.setObjectName("training_summary")
        self.summary.setWordWrap(True)
        self.courses = CourseScreen(context)
        self.trainees = RecordScreen(context, TRAINEE_SPEC)
        self.skilled = RecordScreen(context, SKILLED_SPEC)
        self.tabs = TabbedScreens(
            ((N_("培训班"), self.courses), (N_("学员"), self.trainees), (N_("女能手"), self.skilled))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        for screen in self.screens():
            for combo in screen.filter_combos.values():  # long English choices must not squeeze the search box
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                combo.setMinimumContentsLength(8)
            screen.record_saved.connect(self._on_saved)
            screen.record_deleted.connect(self._on_saved)
        context.period_changed.connect(lambda _period: self.update_summary())
        self._retranslate()

    def _retranslate(self) -> None:
        self.update_summary()

    def screens(self) -> tuple[RecordScreen, ...]:
        return (self.courses, self.trainees, self.skilled)

    @property
    def table(self) -> QTableView:
        """The list of the tab shown (the screenshot tool selects a row in it)."""
        return self.tabs.table

    def update_summary(self) -> None:
        """Show the current period's training figures for this office."""
        period = self.context.period
        with self.context.sessions() as session:
            figures = training_stats(session, period, office_scope(session))
        self.summary.setText(
            _(
                "{period}：举办培训班{held}期，参加上级培训班{attended}期，共{hours}学时；"
                "培训{visits}人次（{people}人），结业{finished}人次；选派干部参加上级培训{cadres}人；"
                "登记女能手{skilled}名（本期新增{new}名，协会会员{members}名）。"
            ).format(
                period=period.label,
                held=figures.courses_held,
                attended=figures.courses_attended,
                hours=figures.hours,
                visits=figures.trainee_visits,
                people=figures.trainees,
                finished=figures.finished,
                cadres=figures.cadres_sent,
                skilled=figures.skilled_women,
                new=figures.skilled_women_new,
                members=figures.association_members,
            )
        )

    def _on_saved(self, _record_id: str) -> None:
        self.update_summary()
        for screen in self.screens():
            if screen is not self.sender() and not screen.has_unsaved_changes():
                screen.refresh()

    @property
    def current(self) -> TabbedScreens:
        """The tabs answer for the screen (the open tab's record screen)."""
        return self.tabs


def make_screen(context: AppContext) -> TrainingScreen:
    """Return the training screen."""
    return TrainingScreen(context)
