"""The campaigns area's record kinds (activities with their lines, household campaigns), declared once."""

from __future__ import annotations

import datetime as dt

from desk.campaigns.model import EVENT_KINDS, PARTICIPANT_UNITS, TIMES_OF_DAY
from desk.core.fields import Field, ListColumn, RecordKind
from desk.core.i18n import N_

MAX_COUNT = 100_000_000

UNIT = RecordKind("campaign_event_unit", N_("活动协办单位"), "campaign_event_unit",
                  fields=(Field("name", N_("单位名称"), required=True, max_length=100),),
                  columns={"event_id": N_("所属活动")}, hidden=("position",))
LEADER = RecordKind("campaign_event_leader", N_("出席领导"), "campaign_event_leader",
                    fields=(Field("name", N_("姓名"), required=True, max_length=64),
                            Field("post", N_("职务"), max_length=100)),
                    columns={"event_id": N_("所属活动")}, hidden=("position",))
ATTACHMENT = RecordKind("campaign_event_attachment", N_("活动附件"), "campaign_event_attachment",
                        fields=(Field("file_name", N_("文件名"), required=True, max_length=255),),
                        columns={"event_id": N_("所属活动")}, hidden=("position", "stored_name"))

EVENT = RecordKind(
    "campaign_event", N_("活动"), "campaign_event", period_field="held_on",
    fields=(
        Field("kind", N_("活动类型"), "choice", required=True, choices=EVENT_KINDS, example="signing"),
        Field("title", N_("活动名称"), required=True, max_length=200, placeholder=N_("如 廉洁清风进万家“诺廉”签名活动"),
              example="廉洁清风进万家“诺廉”签名活动"),
        Field("theme", N_("主题或口号"), max_length=300),
        Field("held_on", N_("日期"), "date", required=True, aliases=("活动日期",), example=dt.date(2020, 3, 3)),
        Field("time_of_day", N_("时段"), "choice", choices=TIMES_OF_DAY, example="morning"),
        Field("place", N_("地点"), max_length=200, placeholder=N_("如 永丰广场"), example="永丰广场"),
        Field("organiser", N_("主办单位"), max_length=100, example="市妇联"),
        Field("units", N_("协办单位"), "lines", lines=UNIT, column="", example=["市纪委", "市委组织部"]),
        Field("leaders", N_("出席领导"), "lines", lines=LEADER, column="",
              example=[{"name": "覃美玲", "post": "县委副书记"}, {"name": "黄志强", "post": "副县长"}]),
        Field("participants", N_("参加人数"), "int", maximum=MAX_COUNT, placeholder=N_("如 400"), example=400),
        Field("participant_unit", N_("人数单位"), "choice", choices=PARTICIPANT_UNITS, example="person"),
        Field("participants_more_than", N_("人数带“多”"), "bool", example=True),
        Field("target_groups", N_("参加对象"), max_length=300, example="机关干部"),
        Field("narrative", N_("活动情况"), "multiline", max_length=20000),
        Field("attachments", N_("附件"), "lines", lines=ATTACHMENT, column="", in_sheet=False),
    ),
    hidden=("search_key",),
    listed=("held_on", "kind", "title", "place", "organiser", ListColumn("participants_text", N_("参加人数"), width=5),
            ListColumn("co_organisers", N_("协办单位数"), "int")),
    export_only=("organiser",),
)

HOUSEHOLD_CAMPAIGN = RecordKind(
    "household_campaign", N_("创建活动"), "household_campaign", period_field="start_on",
    fields=(
        Field("name", N_("创建活动名称"), required=True, max_length=200, placeholder=N_("如 “平安家庭”创建"),
              aliases=("创建活动",), example="“平安家庭”创建",
              short=N_("创建活动")),
        Field("office_name", N_("单位"), max_length=100, example="市妇联"),
        Field("start_on", N_("开始日期"), "date", required=True, example=dt.date(2020, 1, 1)),
        Field("end_on", N_("结束日期"), "date", required=True, example=dt.date(2020, 6, 30)),
        Field("partner", N_("联合单位"), max_length=100, example="市综治办"),
        Field("households_total", N_("总户数"), "int", maximum=MAX_COUNT, placeholder=N_("如 240000"), example=240000),
        Field("households_taking_part", N_("参加户数"), "int", maximum=MAX_COUNT, example=228000),
        Field("households_pledged", N_("签订承诺书户数"), "int", maximum=MAX_COUNT, aliases=("承诺户数",), example=216000,
              short=N_("承诺户数")),
        Field("households_consolidated", N_("巩固户数"), "int", maximum=MAX_COUNT),
        Field("civilised_families", N_("文明家庭"), "int", maximum=MAX_COUNT),
        Field("learning_families", N_("学习型家庭"), "int", maximum=MAX_COUNT),
        Field("clean_families", N_("廉洁家庭"), "int", maximum=MAX_COUNT),
        Field("green_families", N_("绿色家庭"), "int", maximum=MAX_COUNT),
        Field("notes", N_("备注"), "multiline", max_length=5000),
    ),
    hidden=("search_key",),
    listed=("name", "office_name", "households_total", "households_taking_part", ListColumn("coverage_rate", N_("活动面")),
            "households_pledged", ListColumn("pledge_rate", N_("签约率")), "households_consolidated",
            ListColumn("consolidation_rate", N_("巩固率")), "start_on", "end_on"),
    export_only=("office_name", "end_on", "households_consolidated"),
)
KINDS = (EVENT, HOUSEHOLD_CAMPAIGN)
