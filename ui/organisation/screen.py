"""The 组织建设 screen: four record screens in tabs, with unsaved-change questions forwarded to the current one."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

from desk.core.i18n import _
from desk.organisation.service import credit_warning
from ui.common.context import AppContext
from ui.common.record_screen import RecordScreen
from ui.common.tabs import TabbedScreens
from ui.organisation.specs import ASSESSMENTS_SPEC, CADRES_SPEC, INDICATORS_SPEC, ORGANISATIONS_SPEC
from ui.organisation.widgets import WARNING_STYLE


class OrganisationRecordScreen(RecordScreen):
    """The grassroots organisations: a credit code that fails the check saves, with a visible warning."""

    def save_record(self) -> bool:
        if not super().save_record():
            return False
        warning = credit_warning(str(self.form.values().get("credit_code") or ""))
        if warning:
            self.status_label.setStyleSheet(WARNING_STYLE)
            self.status_label.setText(_("已保存。") + warning)
        return True


class OrganisationScreen(QWidget):
    """Grassroots organisations, target-responsibility assessments, the four pools and indicators, in tabs."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.organisations = OrganisationRecordScreen(context, ORGANISATIONS_SPEC)
        self.assessments = RecordScreen(context, ASSESSMENTS_SPEC)
        self.cadres = RecordScreen(context, CADRES_SPEC)
        self.indicators = RecordScreen(context, INDICATORS_SPEC)
        self.tabs = TabbedScreens([(screen.spec.title, screen) for screen in self.screens])
        self.tabs.setObjectName("organisation_tabs")
        for screen in (self.assessments, self.cadres):
            screen.splitter.setSizes([380, 620])  # their forms hold grids: give them the room
        self.tabs.currentChanged.connect(lambda _index: self._focus_form())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._retranslate()

    @property
    def screens(self) -> tuple[RecordScreen, ...]:
        return (self.organisations, self.assessments, self.cadres, self.indicators)

    def _retranslate(self) -> None:
        for number, screen in enumerate(self.screens):
            self.tabs.setTabText(number, _(screen.spec.title) + f"(&{number + 1})")

    def current(self) -> RecordScreen:
        """Return the record screen of the tab shown."""
        return self.tabs.current

    @property
    def table(self) -> QTableView:
        """The list of the tab shown (the screenshot tool selects rows in it)."""
        return self.current().table

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._focus_form()

    def _focus_form(self) -> None:
        # Every tab's form took the focus when it was built; give it back to the one shown.
        screen = self.current()
        if screen.editing_id is None and not screen.dirty:
            screen.form.focus_first()

    def maybe_leave(self) -> bool:
        return self.current().maybe_leave()

    def has_unsaved_changes(self) -> bool:
        return self.current().has_unsaved_changes()

    def new_record(self) -> None:
        self.current().new_record()

    def save_record(self) -> bool:
        return self.current().save_record()


def make_screen(context: AppContext) -> OrganisationScreen:
    """Return the organisation-building screen."""
    return OrganisationScreen(context)
