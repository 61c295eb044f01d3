"""The campaigns area's sheets: activities (co-organisers and leaders as cells) and household campaigns."""

from __future__ import annotations

from desk.campaigns.fields import EVENT, HOUSEHOLD_CAMPAIGN
from desk.campaigns.households import load_household_campaign, save_household_campaign
from desk.campaigns.model import EVENT_KINDS, PARTICIPANT_UNITS
from desk.campaigns.queries import EVENTS, HOUSEHOLD_CAMPAIGNS
from desk.campaigns.service import load_event, save_event
from desk.core.i18n import N_
from desk.sheets.spec import ExportColumn, SheetSpec, sheet_fields

SHEETS = (
    SheetSpec(
        key="events",
        title=N_("活动"),
        order=20,
        kind=EVENT,
        fields=sheet_fields(EVENT),
        save=lambda session, actor, values: save_event(session, actor, None, values),
        load=load_event,
        source=EVENTS,
        columns=(
            ExportColumn("held_on", N_("日期"), "date"),
            ExportColumn("kind", N_("类型"), "choice", EVENT_KINDS),
            ExportColumn("title", N_("活动名称"), width=40),
            ExportColumn("place", N_("地点"), width=20),
            ExportColumn("organiser", N_("主办单位"), width=20),
            ExportColumn("participants", N_("参加人数"), "int"),
            ExportColumn("participant_unit", N_("人数单位"), "choice", PARTICIPANT_UNITS),
            ExportColumn("participants_more_than", N_("人数带“多”"), "bool"),
            ExportColumn("co_organisers", N_("协办单位数"), "int"),
        ),
        defaults={"participant_unit": "person"},
    ),
    SheetSpec(
        key="household-campaigns",
        title=N_("创建活动"),
        order=21,
        kind=HOUSEHOLD_CAMPAIGN,
        fields=sheet_fields(HOUSEHOLD_CAMPAIGN),
        save=lambda session, actor, values: save_household_campaign(session, actor, None, values),
        load=load_household_campaign,
        source=HOUSEHOLD_CAMPAIGNS,
        columns=(
            ExportColumn("name", N_("创建活动"), width=30),
            ExportColumn("office_name", N_("单位"), width=20),
            ExportColumn("start_on", N_("开始日期"), "date"),
            ExportColumn("end_on", N_("结束日期"), "date"),
            ExportColumn("households_total", N_("总户数"), "int"),
            ExportColumn("households_taking_part", N_("参加户数"), "int"),
            ExportColumn("coverage_rate", N_("活动面")),
            ExportColumn("households_pledged", N_("承诺户数"), "int"),
            ExportColumn("pledge_rate", N_("签约率")),
            ExportColumn("households_consolidated", N_("巩固户数"), "int"),
            ExportColumn("consolidation_rate", N_("巩固率")),
        ),
    ),
)
