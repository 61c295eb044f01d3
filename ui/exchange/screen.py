"""The exchange screen: tabs for key cards, export, import, the ledger of bundles received, and conflicts."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desk.core.i18n import N_, _
from desk.exchange.queries import LEDGER
from ui.common.context import AppContext
from ui.common.table_model import ColumnSpec
from ui.exchange.conflicts_tab import ConflictsTab
from ui.exchange.export_tab import ExportTab
from ui.exchange.import_tab import ImportTab
from ui.exchange.keys_tab import KeysTab
from ui.exchange.lists import make_list

LEDGER_COLUMNS = (
    ColumnSpec("received_at", N_("收到日期"), kind="date", width=130),
    ColumnSpec("sender_name", N_("发送单位"), width=150),
    ColumnSpec("sequence", N_("序号"), kind="int", width=60),
    ColumnSpec("created_at", N_("导出日期"), kind="date", width=130),
    ColumnSpec("records", N_("记录数"), kind="int", width=80),
    ColumnSpec("summary_text", N_("结果"), width=240),
    ColumnSpec("gap_text", N_("序号缺口"), width=120, alert_key="gap"),
)


class ExchangeScreen(QWidget):
    """Everything about USB exchange on one screen."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget()
        self.keys_tab = KeysTab(context)
        self.export_tab = ExportTab(context)
        self.import_tab = ImportTab(context)
        self.ledger_view, self.ledger_model = make_list(context, LEDGER, LEDGER_COLUMNS)
        self.conflicts_tab = ConflictsTab(context)
        for widget in (self.keys_tab, self.export_tab, self.import_tab, self.ledger_view, self.conflicts_tab):
            self.tabs.addTab(widget, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.import_tab.imported.connect(self._on_imported)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._retranslate()

    def _retranslate(self) -> None:
        for number, title in enumerate((_("密钥卡"), _("导出"), _("导入"), _("收到的数据包"), _("冲突"))):
            self.tabs.setTabText(number, title)

    def _on_imported(self) -> None:
        self.ledger_model.reload()
        self.conflicts_tab.refresh()

    def _on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.export_tab:
            self.export_tab.refresh()
        elif widget is self.conflicts_tab:
            self.conflicts_tab.refresh()
        elif widget is self.ledger_view:
            self.ledger_model.reload()
        elif widget is self.keys_tab:
            self.keys_tab.refresh()


def make_screen(context: AppContext) -> ExchangeScreen:
    """Return the exchange screen."""
    return ExchangeScreen(context)
