"""The subordinate office register on the shared record-screen pattern."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from desk.core.i18n import N_, _
from desk.office import service
from desk.office.fields import SUB_OFFICE
from desk.office.model import LEVELS
from desk.office.queries import SUB_OFFICES, sub_office_choices
from ui.common.context import AppContext
from ui.common.fields import form_fields
from ui.common.record_screen import FilterSpec, RecordScreen, RecordScreenSpec
from ui.common.table_model import list_columns
from ui.common.tabs import ForwardsToCurrent
from ui.offices.voice import VoicePanel

LEVEL_CHOICES = tuple(LEVELS.items())

FIELDS = form_fields(
    SUB_OFFICE,
    parent_id={"dynamic_choices": lambda session, record_id: sub_office_choices(session, exclude_id=record_id),
               "translate_choices": False},
)

COLUMNS = list_columns(SUB_OFFICE)

SPEC = RecordScreenSpec(
    key="offices",
    title=N_("下级组织"),
    record_name=N_("下级组织"),
    fields=FIELDS,
    columns=COLUMNS,
    source=SUB_OFFICES,
    load=service.load_sub_office,
    save=service.save_sub_office,
    delete=service.delete_sub_office,
    defaults=lambda context: {"level": "town" if context.office.level in ("county", "city") else "village"},
    filters=(FilterSpec("level", N_("层级"), LEVEL_CHOICES),),
    search_hint=N_("按名称、代码或联系人搜索"),
)


class OfficesScreen(ForwardsToCurrent, QTabWidget):
    """The register of offices below, and this office's voice in print (本单位的称呼), in two tabs."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.offices = RecordScreen(context, SPEC)
        self.voice = VoicePanel(context)
        self.addTab(self.offices, _("下级组织"))
        self.addTab(self.voice, _("本单位称呼"))
        self._index = 0
        self.currentChanged.connect(self._on_tab_changed)

    def _on_tab_changed(self, index: int) -> None:
        if index == self._index:
            return
        if not self.current.maybe_leave():
            self.blockSignals(True)
            self.setCurrentIndex(self._index)
            self.blockSignals(False)
            return
        self._index = index
        if index == 1:
            self.voice.load()

    @property
    def current(self) -> RecordScreen | VoicePanel:
        """Return the open tab's widget."""
        return self.voice if self.currentIndex() == 1 else self.offices

    def __getattr__(self, name: str):
        # Everything else (open_record, model, form ...) is the office register's, as before the second tab.
        if name in ("offices", "voice"):
            raise AttributeError(name)
        return getattr(self.offices, name)


def make_screen(context: AppContext) -> OfficesScreen:
    """Return the offices screen: the offices below and this office's voice."""
    return OfficesScreen(context)
