"""The campaigns screen: events (with co-organisers, leaders, attachments) and household campaigns."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel

from desk.campaigns import households, service
from desk.campaigns.fields import EVENT, HOUSEHOLD_CAMPAIGN, UNIT
from desk.campaigns.model import EVENT_KINDS
from desk.campaigns.queries import EVENTS, HOUSEHOLD_CAMPAIGNS
from desk.core.i18n import N_, _
from ui.campaigns.widgets import AttachmentList, LeaderGrid
from ui.common.context import AppContext
from ui.common.directory import UNITS
from ui.common.fields import FieldSpec, form_fields
from ui.common.grid import LineGrid, grid_columns
from ui.common.record_screen import FilterSpec, RecordScreen, RecordScreenSpec
from ui.common.table_model import list_columns
from ui.common.tabs import TabbedScreens


def event_fields(context: AppContext) -> tuple[FieldSpec, ...]:
    """Return the event form's fields (attachments go to this database's folder)."""
    return form_fields(
        EVENT,
        organiser={"kind": "combo", "lookup": UNITS},
        units={"editor": lambda: LineGrid(grid_columns(UNIT, {"name": 240}, name={"kind": "combo", "lookup": UNITS}))},
        leaders={"editor": LeaderGrid},
        participant_unit={"required": True},  # the form always has a unit; a ledger may leave it out (人)
        attachments={"editor": lambda: AttachmentList(context.database.path)},
    )

EVENT_COLUMNS = list_columns(EVENT)


def event_spec(context: AppContext) -> RecordScreenSpec:
    return RecordScreenSpec(
        key="events",
        title=N_("活动"),
        record_name=N_("活动"),
        fields=event_fields(context),
        columns=EVENT_COLUMNS,
        source=EVENTS,
        load=service.load_event,
        save=service.save_event,
        delete=service.delete_event,
        defaults=lambda ctx: {"kind": "themed", "participant_unit": "person", "held_on": ctx.period.start},
        filters=(FilterSpec("kind", N_("类型"), tuple(EVENT_KINDS.items())),),
        period_filter=True,
        title_key="title",
        search_hint=N_("按名称、地点、主办单位或拼音首字母搜索"),
    )


class RatesView(QLabel):
    """Shows the computed rates inside the form; it holds no value of its own."""

    changed = Signal()

    def value(self) -> None:
        return None

    def set_value(self, _value: Any) -> None:
        return None

    def show_rates(self, values: dict[str, Any]) -> None:
        shown = households.rates(values)
        self.setText(
            _("活动面 {coverage}　签约率 {pledge}　巩固率 {consolidation}").format(
                **{key: value or "—" for key, value in shown.items()}
            )
        )


HOUSEHOLD_FIELDS = form_fields(
    HOUSEHOLD_CAMPAIGN,
    "name", "office_name", "start_on", "end_on", "partner", "households_total", "households_taking_part",
    "households_pledged", "households_consolidated", FieldSpec("rates", N_("计算结果"), kind="custom", editor=RatesView),
    "civilised_families", "learning_families", "clean_families", "green_families", "notes",
    partner={"kind": "combo", "lookup": UNITS},
)

HOUSEHOLD_COLUMNS = list_columns(HOUSEHOLD_CAMPAIGN)


def _household_defaults(context: AppContext) -> dict[str, Any]:
    return {"office_name": context.office.name, "start_on": context.period.start, "end_on": context.period.end}


HOUSEHOLD_SPEC = RecordScreenSpec(
    key="household-campaigns",
    title=N_("创建活动"),
    record_name=N_("创建活动"),
    fields=HOUSEHOLD_FIELDS,
    columns=HOUSEHOLD_COLUMNS,
    source=HOUSEHOLD_CAMPAIGNS,
    load=households.load_household_campaign,
    save=households.save_household_campaign,
    delete=households.delete_household_campaign,
    defaults=_household_defaults,
    period_filter=True,
    search_hint=N_("按名称、单位或拼音首字母搜索"),
)


class HouseholdScreen(RecordScreen):
    """Household campaigns; the rates follow the typing."""

    def __init__(self, context: AppContext):
        super().__init__(context, HOUSEHOLD_SPEC)
        self.form.changed.connect(self.update_rates)
        self.update_rates()

    def update_rates(self) -> None:
        rates = self.form.editor("rates")
        assert isinstance(rates, RatesView)
        rates.show_rates(self.form.values())

    def open_record(self, record_id: str) -> None:
        super().open_record(record_id)
        self.update_rates()

    def new_record(self, ask: bool = True) -> None:
        super().new_record(ask)
        if hasattr(self, "form"):
            self.update_rates()


def make_screen(context: AppContext) -> TabbedScreens:
    """Return the campaigns screen: events and household campaigns in tabs."""
    return TabbedScreens(
        (
            (N_("活动"), RecordScreen(context, event_spec(context))),
            (N_("创建活动"), HouseholdScreen(context)),
        )
    )
