"""The relief area's record kinds (beneficiaries, visits with their lines, stipend batches), declared once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from desk.core.fields import NAME, PERSONAL_TEXT, Field, ListColumn, RecordKind
from desk.core.i18n import N_
from desk.core.people import SEX_FEMALE, make_id_number
from desk.people.fields import (
    ADDRESS_FIELD,
    BIRTH_FIELD,
    ID_FIELD,
    NAME_FIELD,
    PHONE_FIELD,
    SEX_FIELD,
    VILLAGE_FIELD,
)
from desk.relief.model import GROUPS, OCCASIONS

_GIRL = make_id_number("450981", dt.date(2010, 6, 1), 3, SEX_FEMALE)


def _person(item: Field, **changes: Any) -> Field:
    return dataclasses.replace(item, column="", **changes)


BENEFICIARY = RecordKind(
    "relief_beneficiary", N_("受助人"), "relief_beneficiary",
    fields=(
        _person(NAME_FIELD, example="陈小花"),
        _person(ID_FIELD, example=_GIRL, max_length=20, placeholder=N_("18位，出生日期和性别由号码得出")),
        _person(SEX_FIELD),
        _person(BIRTH_FIELD),
        Field("group", N_("帮扶类别"), "choice", required=True, choices=GROUPS, aliases=("类别",), example="left_behind"),
        Field("guardian", N_("监护人"), max_length=64, sensitive=NAME, example="陈大明"),
        _person(PHONE_FIELD, example="", aliases=("联系电话",)),
        _person(VILLAGE_FIELD),
        _person(ADDRESS_FIELD),
        Field("school", N_("学校"), max_length=100, example="塘岸镇中心小学"),
        Field("grade", N_("年级"), max_length=32, example="四年级"),
        Field("notes", N_("备注"), "multiline", max_length=2000, sensitive=PERSONAL_TEXT),
    ),
    columns={"person_id": N_("受助人")},
    listed=("name", "sex", "id_number", "group", "grade", "school", "village", "guardian"),
    export_only=("village",),
)

_VISIT = {"visit_id": N_("所属慰问")}
VISIT_LEADER = RecordKind("relief_visit_leader", N_("慰问领导"), "relief_visit_leader", fields=(
    Field("name", N_("领导姓名"), required=True, max_length=64), Field("post", N_("职务"), max_length=100),
), columns=_VISIT, hidden=("position",))
VISIT_UNIT = RecordKind("relief_visit_unit", N_("慰问单位"), "relief_visit_unit", fields=(
    Field("name", N_("单位名称"), required=True, max_length=100),
), columns=_VISIT, hidden=("position",))
VISIT_GROUP = RecordKind("relief_visit_group", N_("慰问对象"), "relief_visit_group", fields=(
    Field("group", N_("帮扶类别"), "choice", required=True, choices=GROUPS, once=True),
    Field("count", N_("人数"), "int", required=True),
), columns=_VISIT, hidden=("position",))
VISIT_GOODS = RecordKind("relief_visit_goods", N_("慰问物品"), "relief_visit_goods", fields=(
    Field("item", N_("物品"), required=True, max_length=64),
    Field("quantity", N_("数量"), "int", required=True),
    Field("unit", N_("单位"), max_length=16),
    Field("value_fen", N_("价值(元)"), "money", required=True),
), columns=_VISIT, hidden=("position",))
VISIT_PERSON = RecordKind("relief_visit_person", N_("慰问的受助人"), "relief_visit_person", fields=(
    Field("beneficiary_id", N_("受助人"), "ref", required=True, refers="relief_beneficiary", once=True),
), columns=_VISIT, hidden=("position",))

VISIT = RecordKind(
    "relief_visit", N_("慰问"), "relief_visit", period_field="visit_date",
    fields=(
        Field("visit_date", N_("慰问日期"), "date", required=True, example=dt.date(2020, 5, 29)),
        Field("occasion", N_("慰问类别"), "choice", required=True, choices=OCCASIONS, example="children_day",
              short=N_("类别")),
        Field("title", N_("慰问活动"), required=True, max_length=100, placeholder=N_("如 六一慰问塘岸镇独竹村留守儿童"),
              example="“六一”慰问留守儿童", width=8),
        Field("places", N_("慰问地点"), max_length=300, placeholder=N_("村、学校、孤儿院或家庭，多个用顿号隔开"),
              example="塘岸镇、平政镇", width=6),  # often a list of villages: the list shows its start
        Field("leaders", N_("带队领导"), "lines", lines=VISIT_LEADER, column="",
              example=[{"name": "覃美玲", "post": "县委副书记"}, {"name": "黄志强", "post": "副县长"}]),
        Field("units", N_("联合慰问单位"), "lines", lines=VISIT_UNIT, column="", example=["县妇联", "县教育局"]),
        Field("groups", N_("帮扶类别及人数"), "lines", lines=VISIT_GROUP, column="", header=N_("慰问对象"),
              example=[{"group": "left_behind", "count": 120}, {"group": "orphan_disabled", "count": 18}]),
        Field("goods", N_("慰问物品"), "lines", lines=VISIT_GOODS, column="",
              example=[{"item": "书包", "quantity": 173, "unit": "个", "value_fen": 865000},
                       {"item": "牛奶", "quantity": 40, "unit": "箱", "value_fen": 240000}]),
        Field("cash_fen", N_("慰问金(元)"), "money", example=1000000),
        Field("people", N_("慰问到的受助人"), "lines", lines=VISIT_PERSON, column="", in_sheet=False),
        Field("notes", N_("备注"), "multiline", max_length=2000),
    ),
    hidden=("search_key",),
    listed=("visit_date", "title", "places", ListColumn("total_fen", N_("合计(元)"), "money"),
            ListColumn("people", N_("慰问人数"), "int"), ListColumn("goods_fen", N_("物品价值(元)"), "money"), "cash_fen",
            "occasion"),
    # The half-width list keeps what a clerk scans for (date, visit, places, total, people); the occasion is the
    # filter above it and a column of the exported list.
    export_only=("goods_fen", "cash_fen", "occasion"),
)

STIPEND_LINE = RecordKind("relief_stipend_line", N_("助学金发放明细"), "relief_stipend_line", fields=(
    Field("beneficiary_id", N_("受助人"), "ref", required=True, header=N_("受助人身份证号码"), refers="relief_beneficiary",
          once=True, aliases=("身份证号码", "身份证号", "受助人", "姓名"), example=_GIRL),
    Field("amount_fen", N_("金额(元)"), "money", required=True, minimum=1, aliases=("金额", "发放金额"), example=50000),
), columns={"batch_id": N_("所属发放批次")}, hidden=("position",))

STIPEND_BATCH = RecordKind(
    "relief_stipend_batch", N_("助学金发放"), "relief_stipend_batch", period_field="pay_date",
    fields=(
        Field("programme", N_("项目"), required=True, max_length=100, aliases=("发放项目",), placeholder=N_("如 春蕾计划扶助款"),
              example="春蕾计划助学金"),
        Field("pay_date", N_("发放日期"), "date", required=True, example=dt.date(2020, 3, 20)),
        Field("fund_source", N_("资金来源"), max_length=100, placeholder=N_("如 春蕾计划社会募捐"), example="自治区妇联"),
        Field("lines", N_("受助人及金额"), "lines", required=True, lines=STIPEND_LINE, column="", in_sheet=False),
        Field("notes", N_("备注"), "multiline", max_length=2000),
    ),
    hidden=("search_key",),
    listed=("pay_date", "programme", "fund_source", ListColumn("recipients", N_("受助人数"), "int"),
            ListColumn("amount_fen", N_("金额(元)"), "money")),
)
KINDS = (BENEFICIARY, VISIT, STIPEND_BATCH)
