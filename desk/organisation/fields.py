"""The organisation area's record kinds (grassroots organisations, assessments, cadres, indicators), declared once."""

from __future__ import annotations

import dataclasses
import datetime as dt

from desk.core.fields import PERSONAL_TEXT, Field, ListColumn, RecordKind
from desk.core.i18n import N_
from desk.core.people import SEX_FEMALE, make_id_number
from desk.organisation.model import (
                                     CONSEQUENCES,
                                     HOST_KINDS,
                                     INDICATOR_STATUSES,
                                     ORG_STATUSES,
                                     ORG_TYPES,
                                     OUTCOMES,
                                     POOLS,
                                     RATINGS,
)
from desk.people.fields import (
                                     ID_FIELD,
                                     NAME_FIELD,
                                     PHONE_FIELD,
                                     POST_FIELD,
                                     SEX_FIELD,
                                     WORK_UNIT_FIELD,
)

TOTAL_WEIGHT = 100
_CADRE = make_id_number("450981", dt.date(1978, 9, 9), 4, SEX_FEMALE)

ORGANISATION = RecordKind(
    "org_grassroots", N_("基层组织"), "org_grassroots", period_field="set_up_on",
    fields=(
        Field("name", N_("组织名称"), required=True, max_length=100, placeholder=N_("如 市教育局妇委会"), example="市教育局妇委会"),
        Field("org_type", N_("组织类型"), "choice", required=True, choices=ORG_TYPES, aliases=("类型",), example="committee",
              short=N_("类型")),
        Field("host_unit", N_("所在单位"), required=True, max_length=100, example="市教育局"),
        Field("host_kind", N_("单位性质"), "choice", required=True, choices=HOST_KINDS, example="agency"),
        Field("credit_code", N_("统一社会信用代码"), max_length=18, placeholder=N_("18位，如 11450981007564213D")),
        Field("set_up_on", N_("成立日期"), "date", example=dt.date(2015, 3, 8)),
        Field("chair", N_("主任(主席)"), max_length=64, example="黄丽"),
        Field("member_count", N_("委员人数"), "int", maximum=10000, example=7),
        Field("office_id", N_("所属妇联"), "ref"),
        Field("status", N_("状态"), "choice", required=True, choices=ORG_STATUSES, example="active"),
        Field("dissolved_on", N_("撤销日期"), "date"),
        Field("notes", N_("备注"), "multiline", max_length=2000),
    ),
    columns={"credit_code_ok": N_("信用代码校验通过")},
    hidden=("search_key",),
    listed=("name", "org_type", "host_unit", "host_kind", "set_up_on", "chair", "member_count",
            ListColumn("office_name", of="office_id"), "status", ListColumn("credit_code", of="credit_code", alert_key="credit_alert")),
    export_only=("member_count",),
)

_ASSESSMENT = {"assessment_id": N_("所属考核")}
TASK = RecordKind("org_assessment_task", N_("考核任务"), "org_assessment_task", fields=(
    Field("task", N_("考核任务"), required=True, max_length=200, example="组织建设"),
    Field("weight", N_("分值"), "int", required=True, minimum=1, maximum=TOTAL_WEIGHT, example=100),
), columns=_ASSESSMENT, hidden=("position",))
SCORE = RecordKind("org_assessment_score", N_("考核评分"), "org_assessment_score", fields=(
    Field("office_id", N_("镇(街道)妇联"), "ref", required=True, header=N_("被考核妇联"), aliases=("妇联", "单位"),
          example="塘岸镇妇联"),
    Field("score", N_("得分"), "int", required=True, maximum=TOTAL_WEIGHT, example=92),
    Field("rating", N_("等次"), "choice", choices=RATINGS, in_sheet=False),
    Field("consequence", N_("奖惩"), "choice", choices=CONSEQUENCES, example="reward"),
    Field("note", N_("奖惩说明"), max_length=200),
), columns=_ASSESSMENT)

ASSESSMENT = RecordKind(
    "org_assessment", N_("目标考核"), "org_assessment", period_field="assessed_on",
    fields=(
        Field("year", N_("考核年度"), "int", required=True, minimum=2000, maximum=2100, aliases=("年度",), example=2020,
              short=N_("年度")),
        Field("title", N_("考核名称"), required=True, max_length=100, placeholder=N_("如 2019年度镇(街道)妇联目标责任制考核"),
              example="2020年度镇(街道)妇联目标管理考核"),
        Field("assessed_on", N_("考核日期"), "date", required=True, example=dt.date(2020, 12, 20)),
        Field("tasks", N_("考核任务及分值"), "lines", lines=TASK, column="", example=[{"task": "组织建设", "weight": 100}]),
        Field("scores", N_("各妇联得分"), "lines", lines=SCORE, column="", in_sheet=False),
        Field("notes", N_("备注"), "multiline", max_length=4000),
    ),
    columns={"excellent_min": N_("优秀分数线"), "competent_min": N_("称职分数线")},
    listed=("year", "title", "assessed_on", ListColumn("offices", N_("被考核妇联数"), "int"),
            *(ListColumn(rating, label, "int") for rating, label in RATINGS.items())),
)

RECOMMENDATION = RecordKind("org_recommendation", N_("推荐记录"), "org_recommendation", fields=(
    Field("recommended_on", N_("推荐日期"), "date", required=True),
    Field("post", N_("推荐职务"), required=True, max_length=100),
    Field("unit", N_("推荐单位"), max_length=100),
    Field("outcome", N_("结果"), "choice", choices=OUTCOMES),
), columns={"cadre_id": N_("所属人才")})

CADRE = RecordKind(
    "org_cadre", N_("四支队伍"), "org_cadre", period_field="entered_on",
    fields=(
        *(dataclasses.replace(item, column="") for item in (
            dataclasses.replace(NAME_FIELD, example="梁秀英"), dataclasses.replace(ID_FIELD, example=_CADRE), SEX_FIELD,
            dataclasses.replace(PHONE_FIELD, example="", aliases=("联系电话",)),
            dataclasses.replace(WORK_UNIT_FIELD, example="市人民医院", aliases=("单位",)),
            dataclasses.replace(POST_FIELD, example="副院长"),
        )),
        Field("pool", N_("队伍类别"), "choice", required=True, choices=POOLS, example="professional"),
        Field("entered_on", N_("入库日期"), "date", required=True, example=dt.date(2020, 4, 10)),
        Field("strengths", N_("特长与简历"), "multiline", max_length=4000, sensitive=PERSONAL_TEXT),
        Field("recommendations", N_("推荐任职"), "lines", lines=RECOMMENDATION, column="", in_sheet=False),
    ),
    columns={"person_id": N_("人员")},
    listed=("name", "pool", "work_unit", "post", "id_number", "entered_on", ListColumn("recommendations", N_("推荐次数"), "int")),
)

INDICATOR = RecordKind(
    "org_indicator", N_("考评指标"), "org_indicator",
    fields=(
        Field("year", N_("年度"), "int", required=True, minimum=2000, maximum=2100, example=2020),
        Field("indicator", N_("考评指标"), required=True, max_length=200, aliases=("指标",), example="新建“妇女之家”10个"),
        Field("target", N_("目标"), max_length=200, example="10个"),
        Field("leader", N_("责任领导"), max_length=64, example="黄丽"),
        Field("progress", N_("进展情况"), "multiline", max_length=4000, example="已建成6个"),
        Field("status", N_("完成状态"), "choice", required=True, choices=INDICATOR_STATUSES, example="in_progress"),
    ),
    columns={"starts_on": N_("开始日期"), "ends_on": N_("结束日期")},
    listed=("year", "indicator", "target", "leader", "status"),
)
KINDS = (ORGANISATION, ASSESSMENT, CADRE, INDICATOR)
