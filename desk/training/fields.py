"""The training area's record kinds (courses, trainees, skilled women), declared once."""

from __future__ import annotations

import dataclasses
import datetime as dt

from desk.core.fields import Field, ListColumn, RecordKind
from desk.core.i18n import N_
from desk.people.fields import (
                                BIRTH_FIELD,
                                ID_FIELD,
                                NAME_FIELD,
                                PHONE_FIELD,
                                POST_FIELD,
                                SEX_FIELD,
                                VILLAGE_FIELD,
                                WORK_UNIT_FIELD,
)
from desk.training.model import KINDS as COURSE_KINDS
from desk.training.model import ORGANISERS

MAX_HOURS = 2000

# A person's fields on a trainee or skilled-woman form: kept in the people register, not the area's table.
PERSON_FIELDS = tuple(dataclasses.replace(item, column="") for item in (
    NAME_FIELD, SEX_FIELD, ID_FIELD, BIRTH_FIELD, WORK_UNIT_FIELD, POST_FIELD, VILLAGE_FIELD, PHONE_FIELD,
))

COURSE = RecordKind(
    "training_course", N_("培训班"), "training_course", period_field="start_date",
    fields=(
        Field("name", N_("培训班名称"), required=True, max_length=100, placeholder=N_("如 新型女农民种养技术培训班"),
              example="新型女农民种养技术培训班"),
        Field("kind", N_("培训类别"), "choice", required=True, choices=COURSE_KINDS, aliases=("类别",), example="farmer",
              short=N_("类别")),
        Field("organiser", N_("举办单位"), "choice", required=True, choices=ORGANISERS, example="own"),
        Field("start_date", N_("开始日期"), "date", required=True, example=dt.date(2020, 3, 3)),
        Field("end_date", N_("结束日期"), "date", example=dt.date(2020, 3, 5)),
        Field("place", N_("培训地点"), max_length=100, aliases=("地点",), example="塘岸镇", short=N_("地点")),
        Field("hours", N_("学时"), "int", maximum=MAX_HOURS, example=16),
        Field("teachers", N_("授课老师"), max_length=200),
        Field("base", N_("示范基地"), max_length=100, placeholder=N_("如 塘岸镇农村妇女培训示范基地")),
        Field("topics", N_("培训内容"), "multiline", max_length=2000),
        Field("notes", N_("备注"), "multiline", max_length=2000),
    ),
    hidden=("search_key",),
    listed=("name", "kind", "organiser", "start_date", "end_date", "hours", ListColumn("trainees", N_("学员"), "int"), "place"),
    export_only=("end_date",),
)

TRAINEE = RecordKind(
    "training_attendance", N_("学员"), "training_attendance",
    fields=(
        Field("course_id", N_("培训班"), "ref", required=True, aliases=("培训班名称",), example="新型女农民种养技术培训班"),
        *PERSON_FIELDS,
        Field("finished", N_("已结业"), "bool", aliases=("结业",), example=True, short=N_("结业")),
        Field("notes", N_("备注"), max_length=200, in_sheet=False),
    ),
    columns={"person_id": N_("学员")},
    listed=("name", "sex", "id_number", "work_unit", "phone", ListColumn("course_name", of="course_id"),
            ListColumn("start_date", N_("开始日期"), "date", width=7), "finished"),
    export_only=("phone",),
)

SKILLED_WOMAN = RecordKind(
    "training_skilled_woman", N_("女能手"), "training_skilled_woman", period_field="registered_on",
    fields=(
        *PERSON_FIELDS,
        Field("trade", N_("技能专长"), required=True, max_length=100, placeholder=N_("如 百香果种植"), example="百香果种植"),
        Field("association_member", N_("女能手协会会员"), "bool", aliases=("协会会员",), example=True,
              short=N_("协会会员")),
        Field("registered_on", N_("登记日期"), "date", required=True, example=dt.date(2020, 3, 3)),
        Field("skill_notes", N_("备注"), "multiline", max_length=2000, column="notes"),
    ),
    columns={"person_id": N_("女能手")},
    listed=("name", "id_number", "village", "phone", "trade", "association_member", "registered_on"),
    export_only=("phone",),
)
KINDS = (COURSE, TRAINEE, SKILLED_WOMAN)
