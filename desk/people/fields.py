"""The people register's record kind: one person, shared by beneficiaries, trainees, skilled women and cadres."""

from __future__ import annotations

import datetime as dt

from desk.core.fields import (
                 ADDRESS,
                 ID_NUMBER,
                 NAME,
                 PERSONAL_TEXT,
                 PHONE,
                 Field,
                 RecordKind,
)
from desk.core.i18n import N_
from desk.core.people import SEX_FEMALE, SEXES, make_id_number

# A person's fields as every area's forms and sheets take them (the areas add their own facts).
NAME_FIELD = Field("name", N_("姓名"), required=True, max_length=64, sensitive=NAME, example="王小花")
SEX_FIELD = Field("sex", N_("性别"), "choice", choices=SEXES, example=SEX_FEMALE)
ID_FIELD = Field("id_number", N_("身份证号码"), max_length=18, sensitive=ID_NUMBER, aliases=("身份证号", "身份证"),
                 placeholder=N_("18位，填写后自动核对出生日期和性别"),
                 example=make_id_number("450981", dt.date(1990, 1, 1), 2, SEX_FEMALE))
BIRTH_FIELD = Field("birth_date", N_("出生日期"), "date")
PHONE_FIELD = Field("phone", N_("电话"), max_length=32, sensitive=PHONE, aliases=("联系电话", "手机"),
                    example="13877512345")
ADDRESS_FIELD = Field("address", N_("住址"), max_length=200, sensitive=ADDRESS)
WORK_UNIT_FIELD = Field("work_unit", N_("工作单位"), max_length=100, aliases=("单位(村)", "单位"), example="塘岸镇政府")
POST_FIELD = Field("post", N_("职务"), max_length=64)
VILLAGE_FIELD = Field("village", N_("所在村(社区)"), max_length=100, aliases=("所在村", "村(社区)"), example="塘岸村")

PERSON = RecordKind(
    "person", N_("人员名册"), "person",
    fields=(
        NAME_FIELD, SEX_FIELD, BIRTH_FIELD, ID_FIELD, PHONE_FIELD, ADDRESS_FIELD, WORK_UNIT_FIELD, POST_FIELD,
        VILLAGE_FIELD, Field("notes", N_("备注"), "multiline", max_length=2000, sensitive=PERSONAL_TEXT),
    ),
    hidden=("search_key",),
)
KINDS = (PERSON,)
