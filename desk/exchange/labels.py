"""What a clerk calls each travelling table and column: the record kind's declaration (desk/<area>/fields.py)
first, then a table's ``info["label"]``, then the names of the bookkeeping columns every table has."""

from __future__ import annotations

from typing import Any

from desk.core import fields as declared
from desk.core.i18n import N_, NP_, _
from desk.exchange.travel import program_tables

FOUNDATION_LABELS = {
    "sub_office": N_("下级组织"),
    "person": N_("人员名册"),
    "directory_unit": N_("单位名录"),
    "directory_leader": N_("领导名录"),
    # Areas' tables that do not name themselves yet (an area's info={"label": ...} wins).
    "award_title": N_("荣誉称号"),
    "award": N_("表彰"),
    "campaign_event": N_("活动"),
    "campaign_event_attachment": N_("活动附件"),
    "campaign_event_leader": N_("活动出席领导"),
    "campaign_event_unit": N_("活动协办单位"),
    "household_campaign": N_("家庭创建"),
    "org_assessment": N_("绩效考评"),
    "org_assessment_score": N_("考评得分"),
    "org_assessment_task": N_("考评任务"),
    "org_indicator": N_("考评指标"),
    "org_cadre": N_("四支队伍"),
    "org_grassroots": N_("基层组织"),
    "org_recommendation": N_("推荐人选"),
    "petition": N_("信访"),
    "petition_step": N_("信访办理过程"),
    "relief_beneficiary": N_("受助人名册"),
    "relief_stipend_batch": N_("扶持款发放"),
    "relief_stipend_line": N_("扶持款发放明细"),
    "relief_visit": N_("慰问活动"),
    "relief_visit_goods": N_("慰问物品"),
    "relief_visit_group": N_("慰问对象类别"),
    "relief_visit_leader": N_("慰问领导"),
    "relief_visit_person": N_("慰问对象"),
    "relief_visit_unit": N_("慰问参与单位"),
    "training_attendance": N_("培训学员"),
    "training_course": N_("培训班"),
    "training_skilled_woman": N_("女能手"),
    "_audit": N_("修改记录（审计）"),
}


def table_label(name: str) -> str:
    """Return the translated name of travelling table ``name`` (areas may set ``info={"label": N_(...)}``)."""
    kind_label = declared.table_label(name)
    if kind_label:
        return kind_label
    travel = program_tables().by_name.get(name)
    label = travel.table.info.get("label") if travel is not None else None
    label = label or FOUNDATION_LABELS.get(name)
    return _(label) if label else name


BOOKKEEPING_LABELS = declared.BOOKKEEPING_LABELS


# Column names the foundation's tables use, and many areas will; an area may set info={"label": ...}.
COMMON_LABELS = {
    "name": N_("名称"),
    "code": N_("代码"),
    "level": N_("层级"),
    "parent_id": N_("上级组织"),
    "contact_person": N_("联系人"),
    "phone": N_("联系电话"),
    "notes": N_("备注"),
    "sex": N_("性别"),
    "birth_date": N_("出生日期"),
    "id_number": N_("身份证号"),
    "address": N_("住址"),
    "work_unit": N_("工作单位"),
    "post": N_("职务"),
    "village": NP_("column", "村（社区）"),
    "kind": N_("类别"),
    "search_key": N_("检索码"),
}


def column_label(table_name: str, column_name: str) -> str:
    """Return what a clerk calls a column: its ``info["label"]``, a bookkeeping name, else the SQL name."""
    kind_label = declared.column_label(table_name, column_name)
    if kind_label:
        return kind_label
    travel = program_tables().by_name.get(table_name)
    label = None
    if travel is not None and column_name in travel.table.columns:
        label = travel.table.columns[column_name].info.get("label")
    label = label or BOOKKEEPING_LABELS.get(column_name) or COMMON_LABELS.get(column_name)
    return _(label) if label else column_name


def value_text(table_name: str, column_name: str, value: Any, full: bool = True) -> str:
    """Return a stored value as a clerk reads it: choice labels, 是/否, yuan; masked unless ``full`` if sensitive."""
    if column_name == "deleted" and isinstance(value, (bool, int)):
        return _("是") if value else _("否")
    return declared.value_text(table_name, column_name, value, full)


def is_hidden(table_name: str, column_name: str) -> bool:
    """Return whether a column is internal (a search key, a position): the audit log and conflicts leave it out."""
    return declared.is_hidden(table_name, column_name)
