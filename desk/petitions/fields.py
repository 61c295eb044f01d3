"""The petition record kinds, declared once: the form, the checks, the sheet, masking and labels read them."""

from __future__ import annotations

import datetime as dt

from desk.core.fields import (
    ADDRESS,
    ID_NUMBER,
    NAME,
    PERSONAL_TEXT,
    PHONE,
    Field,
    ListColumn,
    RecordKind,
)
from desk.core.i18n import N_
from desk.core.people import SEX_FEMALE, SEXES
from desk.petitions.model import ACTIONS, CATEGORIES, CHANNELS, STATUSES

STEP = RecordKind(
    "petition_step", N_("信访办理过程"), "petition_step",
    fields=(
        Field("step_on", N_("日期"), "date", required=True, header=N_("办理日期"), example=dt.date(2020, 3, 5)),
        Field("action", N_("办理方式"), "choice", required=True, choices=ACTIONS, example="referred"),
        Field("handler", N_("经办人"), max_length=64, example="黄丽"),
        Field("unit", N_("转交单位"), max_length=100, example="市法院"),
        Field("notes", N_("办理情况"), max_length=500, example=""),
    ),
    columns={"petition_id": N_("所属信访件")},
    hidden=("position",),
)

PETITION = RecordKind(
    "petition", N_("信访件"), "petition", period_field="received_on",
    fields=(
        Field("channel", N_("来源方式"), "choice", required=True, choices=CHANNELS, aliases=("方式",), example="visit",
              short=N_("方式")),
        Field("received_on", N_("收到日期"), "date", required=True, example=dt.date(2020, 3, 3)),
        Field("anonymous", N_("匿名"), "bool", example=False),
        Field("petitioner_name", N_("信访人姓名"), max_length=64, sensitive=NAME, aliases=("信访人",), short=N_("信访人"),
              placeholder=N_("匿名时可不填"), example="李某某"),
        Field("sex", N_("性别"), "choice", choices=SEXES, example=SEX_FEMALE),
        Field("phone", N_("联系电话"), max_length=32, sensitive=PHONE, aliases=("电话",),
              placeholder=N_("手机或固定电话"), example="13877512345"),
        Field("address", N_("住址"), max_length=200, sensitive=ADDRESS),
        Field("id_number", N_("身份证号码"), max_length=18, sensitive=ID_NUMBER, aliases=("身份证号",),
              placeholder=N_("可不填；填写时校验")),
        Field("people_count", N_("人数"), "int", minimum=1, maximum=10000, placeholder=N_("集体访填人数"), example=1),
        Field("category", N_("问题类别"), "choice", required=True, choices=CATEGORIES, aliases=("类别",),
              example="marriage", short=N_("类别")),
        Field("summary", N_("反映问题"), "multiline", required=True, max_length=4000, sensitive=PERSONAL_TEXT,
              example="反映丈夫长期不给生活费"),
        Field("first_receiver", N_("首问接访人"), required=True, max_length=64, example="黄丽"),
        Field("reception_day", N_("领导接访日"), "bool", in_sheet=False, short=N_("接访日")),
        Field("leader", N_("接访领导"), max_length=64),
        Field("steps", N_("办理过程"), "lines", lines=STEP, column="", in_sheet=False),
        Field("status", N_("办理状态"), "choice", required=True, choices=STATUSES, aliases=("状态",), example="received",
              short=N_("状态")),
        Field("reply_on", N_("答复日期"), "date"),
        Field("reply", N_("答复内容"), "multiline", max_length=4000),
    ),
    hidden=("search_key",),
    listed=("received_on", "channel", ListColumn("petitioner", of="petitioner_name"), "category", "status",
            ListColumn("overdue", N_("超期"), "bool", alert_key="overdue"), "first_receiver", "reception_day", "people_count",
            "reply_on"),
)
KINDS = (PETITION,)
