"""The 慰问帮扶 screen: tabs of relief visits, the beneficiary register and stipend batches."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QTabWidget, QTableView, QWidget

from desk.core.formatting import format_count, format_wan_yuan, format_yuan
from desk.core.i18n import N_, _
from desk.core.periods import Period
from desk.office.scope import Scope
from desk.relief.stats import stipend_stats
from ui.common.context import AppContext
from ui.common.messages import show_error
from ui.common.record_screen import RecordScreen
from ui.common.registry import ScreenEntry
from ui.relief.specs import BENEFICIARY_SPEC, STIPEND_SPEC, VISIT_SPEC

ALL_TIME = Period(dt.date(1900, 1, 1), dt.date(2100, 12, 31), "custom")


class StipendScreen(RecordScreen):
    """Stipend batches, with the period's recipients and amount under the list."""

    def refresh(self, select: str | None = None) -> None:
        super().refresh(select)
        period = self.list_query().period or ALL_TIME
        try:
            with self.context.sessions() as session:
                totals = stipend_stats(session, period, Scope(None, False))
        except Exception as exc:
            show_error(self, exc)
            return
        self.count_label.setText(
            _("共 {count} 批；发放 {people} 人，合计 {total}（{wan}）").format(
                count=self.model.rowCount(),
                people=format_count(totals.recipients),
                total=format_yuan(totals.amount_fen),
                wan=format_wan_yuan(totals.amount_fen, fraction_digits=4),
            )
        )


class ReliefScreen(QTabWidget):
    """Three record screens in tabs; the main window's questions go to them."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.visits = RecordScreen(context, VISIT_SPEC)
        self.beneficiaries = RecordScreen(context, BENEFICIARY_SPEC)
        self.stipends = StipendScreen(context, STIPEND_SPEC)
        self.tabs = (self.visits, self.beneficiaries, self.stipends)
        for tab in self.tabs:
            self.addTab(tab, "")
        self._retranslate()
        self.currentChanged.connect(self._on_tab_changed)

    def _retranslate(self) -> None:
        for number, tab in enumerate(self.tabs):
            self.setTabText(number, _(tab.spec.title))

    @property
    def current(self) -> RecordScreen:
        """Return the record screen of the open tab."""
        return self.tabs[self.currentIndex()]

    @property
    def table(self) -> QTableView:
        """Return the list of the open tab."""
        return self.current.table

    def _on_tab_changed(self, _index: int) -> None:
        # Another tab may have added beneficiaries, visits or stipends: show them.
        tab = self.current
        try:
            with self.context.sessions() as session:
                for spec in tab.spec.fields:
                    if spec.dynamic_choices is not None:
                        tab.form.set_choices(spec.key, spec.dynamic_choices(session, tab.editing_id))
        except Exception as exc:
            show_error(self, exc)
        tab.refresh()
        if not tab.dirty and tab.editing_id is not None:
            tab.open_record(tab.editing_id)

    def new_record(self) -> None:
        self.current.new_record()

    def save_record(self) -> bool:
        return self.current.save_record()

    def has_unsaved_changes(self) -> bool:
        return any(tab.has_unsaved_changes() for tab in self.tabs)

    def maybe_leave(self) -> bool:
        """Ask about every tab with unsaved typing, showing it first; False if the user stays."""
        for number, tab in enumerate(self.tabs):
            if tab.has_unsaved_changes():
                self.setCurrentIndex(number)
                if not tab.maybe_leave():
                    return False
        return True


def make_screen(context: AppContext) -> ReliefScreen:
    """Return the 慰问帮扶 screen."""
    return ReliefScreen(context)


SCREEN = ScreenEntry(key="relief", title=N_("慰问帮扶"), order=30, factory=make_screen)
