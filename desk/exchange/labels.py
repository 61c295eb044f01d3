"""What a clerk calls each travelling table: a table's ``info["label"]``, else a known name, else its SQL name."""

from __future__ import annotations

from desk.core.i18n import N_, NP_, _
from desk.exchange.travel import tables_by_name

FOUNDATION_LABELS = {
    "sub_office": N_("下级组织"),
    "person": N_("人员名册"),
    "directory_unit": N_("单位名录"),
    "directory_leader": N_("领导名录"),
}


def table_label(name: str) -> str:
    """Return the translated name of travelling table ``name`` (areas may set ``info={"label": N_(...)}``)."""
    travel = tables_by_name().get(name)
    label = travel.table.info.get("label") if travel is not None else None
    label = label or FOUNDATION_LABELS.get(name)
    return _(label) if label else name


BOOKKEEPING_LABELS = {
    "id": N_("记录编号"),
    "origin_office": N_("来源单位代码"),
    "created_at": N_("创建时间"),
    "created_by": N_("创建人"),
    "updated_at": N_("修改时间"),
    "updated_by": N_("修改人"),
    "revision": N_("修订次数"),
    "deleted": N_("已删除"),
}


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
    travel = tables_by_name().get(table_name)
    label = None
    if travel is not None and column_name in travel.table.columns:
        label = travel.table.columns[column_name].info.get("label")
    label = label or BOOKKEEPING_LABELS.get(column_name) or COMMON_LABELS.get(column_name)
    return _(label) if label else column_name
