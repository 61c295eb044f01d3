"""The awards area's record kinds (honour titles, awards), declared once."""

from __future__ import annotations

import datetime as dt

from desk.awards.model import AWARDEE_KINDS, TITLE_LEVELS
from desk.core.fields import Field, ListColumn, RecordKind
from desk.core.i18n import N_

TITLE = RecordKind(
    "award_title", N_("荣誉称号"), "award_title",
    fields=(
        Field("name", N_("称号名称"), required=True, max_length=100, placeholder=N_("不含级别，如 三八红旗集体"),
              example="巾帼建功标兵"),
        Field("awardee_kind", N_("授予对象"), "choice", required=True, choices=AWARDEE_KINDS, aliases=("对象",),
              example="individual"),
        Field("level", N_("级别"), "choice", required=True, choices=TITLE_LEVELS, example="region"),
        Field("notes", N_("备注"), "multiline", max_length=2000),
    ),
    hidden=("search_key",),
    listed=("name", "awardee_kind", "level"),
)

AWARD = RecordKind(
    "award", N_("表彰"), "award", period_field="awarded_on",
    fields=(
        Field("title_id", N_("荣誉称号"), "ref", required=True, refers="award_title", example="三八红旗集体"),
        Field("awardee_name", N_("获奖者名称"), required=True, max_length=100, aliases=("获奖者",), short=N_("获奖者"),
              placeholder=N_("按证书上的写法，如 市人民医院"), example="市人民医院"),
        Field("work_unit", N_("工作单位"), max_length=100, placeholder=N_("个人获奖时填写")),
        Field("post", N_("职务"), max_length=100, placeholder=N_("个人获奖时填写")),
        Field("awarding_body", N_("授予单位"), required=True, max_length=100, example="自治区妇联"),
        Field("awarded_on", N_("授予日期"), "date", required=True, example=dt.date(2020, 3, 3)),
        Field("event_id", N_("颁奖活动"), "ref", refers="campaign_event"),
        Field("received_by_office", N_("本单位获得"), "bool", example=False, short=N_("本单位")),
        Field("notes", N_("备注"), "multiline", max_length=2000),
        Field("awardee_kind", N_("获奖者类别"), "choice", choices=AWARDEE_KINDS, in_sheet=False,  # the title's
              short=N_("对象")),
    ),
    hidden=("search_key",),
    listed=("awarded_on", ListColumn("title", of="title_id"), "awardee_kind", "awardee_name", "work_unit", "post",
            "awarding_body", "received_by_office", ListColumn("event_title", of="event_id")),
    export_only=("work_unit", "post", "awarding_body"),
)
KINDS = (TITLE, AWARD)
