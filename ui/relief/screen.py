"""The 慰问帮扶 screen: tabs of relief visits, the beneficiary register and stipend batches."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from desk.core.formatting import format_count, format_wan_yuan, format_yuan
from desk.core.i18n import ngettext
from desk.core.periods import Period
from desk.office.scope import Scope
from desk.relief.stats import stipend_stats
from ui.common.context import AppContext
from ui.common.messages import show_error
from ui.common.record_screen import RecordScreen
from ui.common.tabs import TabbedScreens
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
        except Exception as exc:  # noqa: BLE001 - show_error presents any failure (logged with its traceback)
            show_error(self, exc)
            return
        self.count_label.setText(
            ngettext("共 {count} 批；发放 {people} 人，合计 {total}（{wan}）",
                     "共 {count} 批；发放 {people} 人，合计 {total}（{wan}）", self.model.rowCount()).format(
                count=self.model.rowCount(),
                people=format_count(totals.recipients),
                total=format_yuan(totals.amount_fen),
                wan=format_wan_yuan(totals.amount_fen),
            )
        )


class ReliefScreen(TabbedScreens):
    """Visits, the beneficiary register and stipend batches in tabs (see ui/common/tabs.py)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        visits = RecordScreen(context, VISIT_SPEC)
        beneficiaries = RecordScreen(context, BENEFICIARY_SPEC)
        stipends = StipendScreen(context, STIPEND_SPEC)
        super().__init__([(tab.spec.title, tab) for tab in (visits, beneficiaries, stipends)], parent)
        self.context = context
        self.visits, self.beneficiaries, self.stipends = visits, beneficiaries, stipends


def make_screen(context: AppContext) -> ReliefScreen:
    """Return the 慰问帮扶 screen."""
    return ReliefScreen(context)
