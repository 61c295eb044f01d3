"""The three record screens of relief work declared on the shared pattern: visits, beneficiaries, stipends."""

from __future__ import annotations

from typing import Any

from desk.core.formatting import format_count, format_wan_yuan, format_yuan
from desk.core.i18n import N_, _
from desk.core.people import SEX_FEMALE
from desk.relief import beneficiaries, stipends, visits
from desk.relief.fields import BENEFICIARY, STIPEND_BATCH, VISIT, VISIT_GOODS, VISIT_GROUP, VISIT_LEADER, VISIT_UNIT
from desk.relief.model import GROUPS, OCCASIONS
from desk.relief.queries import BENEFICIARIES, STIPENDS, VISITS
from ui.common.directory import LEADERS, UNITS
from ui.common.fields import FieldSpec, form_fields
from ui.common.grid import GridColumn, LineGrid, grid_columns
from ui.common.lookup import Lookup
from ui.common.record_screen import FilterSpec, RecordScreenSpec
from ui.common.table_model import list_columns
from ui.relief.widgets import HistoryView, LeaderGrid, form_factory, summary_field

GROUP_CHOICES = tuple(GROUPS.items())
OCCASION_CHOICES = tuple(OCCASIONS.items())
GOODS_SUGGESTIONS = tuple((item, item) for item in ("书包", "字典", "学习用品", "蛋糕", "奶粉", "毛巾被", "大米", "食用油"))


# The register grows without bound: a line's beneficiary is found by typing her name or its initials.
BENEFICIARY_LOOKUP = Lookup(beneficiaries.find_beneficiaries, beneficiaries.beneficiary_labels,
                            beneficiaries.resolve_beneficiary)


def _grid(*columns: GridColumn, height: int = 110, kind: type[LineGrid] = LineGrid):
    def make() -> LineGrid:
        grid = kind(columns)
        grid.verticalHeader().setDefaultSectionSize(24)
        grid.setMinimumHeight(height)
        grid.setMaximumHeight(height + 60)
        return grid

    return make


# -- visits ------------------------------------------------------------------------------------

LEADER_COLUMNS = grid_columns(VISIT_LEADER, {"name": 120, "post": 180}, name={"kind": "combo", "lookup": LEADERS})
UNIT_COLUMNS = grid_columns(VISIT_UNIT, {"name": 260}, name={"kind": "combo", "lookup": UNITS})
GROUP_COLUMNS = grid_columns(VISIT_GROUP, {"group": 160, "count": 80})
GOODS_COLUMNS = grid_columns(VISIT_GOODS, {"item": 90, "quantity": 55, "unit": 45, "value_fen": 80},
                             item={"kind": "combo", "choices": GOODS_SUGGESTIONS})
PEOPLE_COLUMNS = (
    GridColumn("beneficiary_id", N_("受助人"), kind="choice", width=260, translate_choices=False, lookup=BENEFICIARY_LOOKUP),
)


def visit_summary(values: dict[str, Any]) -> str:
    """Return the live totals line of a visit: people reached, goods, cash, total in 元 and 万元."""
    totals = visits.visit_totals(values.get("goods") or [], values.get("cash_fen"))
    people = sum(row["count"] for row in values.get("groups") or [] if isinstance(row.get("count"), int))
    return _("慰问{people}人；物品价值{goods}，慰问金{cash}，合计{total}（{wan}）").format(
        people=format_count(people),
        goods=format_yuan(totals["goods_fen"]),
        cash=format_yuan(totals["cash_fen"]),
        total=format_yuan(totals["total_fen"]),
        wan=format_wan_yuan(totals["total_fen"]),
    )


VISIT_FIELDS = form_fields(
    VISIT,
    "visit_date", "occasion", "title", "places", "leaders", "units", "groups", "goods", "cash_fen",
    summary_field(N_("合计")), "people", "notes",
    leaders={"editor": _grid(*LEADER_COLUMNS, height=90, kind=LeaderGrid)},
    units={"editor": _grid(*UNIT_COLUMNS, height=90)},
    groups={"editor": _grid(*GROUP_COLUMNS, height=90)},
    goods={"editor": _grid(*GOODS_COLUMNS)},
    people={"editor": _grid(*PEOPLE_COLUMNS, height=90)},
)

VISIT_SPEC = RecordScreenSpec(
    key="relief-visits",
    title=N_("慰问活动"),
    record_name=N_("慰问活动"),
    fields=VISIT_FIELDS,
    columns=list_columns(VISIT),
    source=VISITS,
    load=visits.load_visit,
    save=visits.save_visit,
    delete=visits.delete_visit,
    filters=(FilterSpec("occasion", N_("类别"), OCCASION_CHOICES),),
    period_filter=True,
    title_key="title",
    form_factory=form_factory(visit_summary),
    search_hint=N_("按活动、地点或拼音首字母搜索"),
)

# -- beneficiaries -------------------------------------------------------------------------------

BENEFICIARY_FIELDS = form_fields(
    BENEFICIARY,
    "name", "id_number", "sex", "birth_date", "group", "guardian", "phone", "village", "address", "school", "grade",
    "notes", FieldSpec("history", N_("慰问与扶助记录"), kind="custom", editor=HistoryView),
)

BENEFICIARY_SPEC = RecordScreenSpec(
    key="beneficiaries",
    title=N_("受助人名册"),
    record_name=N_("受助人"),
    fields=BENEFICIARY_FIELDS,
    columns=list_columns(BENEFICIARY),
    source=BENEFICIARIES,
    load=beneficiaries.load_beneficiary,
    save=beneficiaries.save_beneficiary,
    delete=beneficiaries.delete_beneficiary,
    defaults=lambda context: {"sex": SEX_FEMALE, "group": "spring_bud"},
    filters=(FilterSpec("group", N_("帮扶类别"), GROUP_CHOICES),),
    form_factory=form_factory(),
    search_hint=N_("按姓名、拼音首字母、身份证号码或学校搜索"),
)

# -- stipends --------------------------------------------------------------------------------------

STIPEND_COLUMNS = (
    GridColumn("beneficiary_id", N_("受助人"), kind="choice", width=190, translate_choices=False, lookup=BENEFICIARY_LOOKUP),
    GridColumn("amount_fen", N_("金额(元)"), kind="money", width=80),
)


def stipend_summary(values: dict[str, Any]) -> str:
    """Return the live totals line of a batch: recipients and the amount in 元 and 万元."""
    lines = values.get("lines") or []
    total = sum(row["amount_fen"] for row in lines if isinstance(row.get("amount_fen"), int))
    people = len({row["beneficiary_id"] for row in lines if row.get("beneficiary_id")})
    return _("共{count}人，合计{total}（{wan}）").format(
        count=format_count(people), total=format_yuan(total), wan=format_wan_yuan(total)
    )


STIPEND_FIELDS = form_fields(
    STIPEND_BATCH,
    "programme", "pay_date", "fund_source", "lines", summary_field(N_("本批合计")), "notes",
    lines={"editor": _grid(*STIPEND_COLUMNS, height=240)},
)

STIPEND_SPEC = RecordScreenSpec(
    key="stipends",
    title=N_("扶助款发放"),
    record_name=N_("发放批次"),
    fields=STIPEND_FIELDS,
    columns=list_columns(STIPEND_BATCH),
    source=STIPENDS,
    load=stipends.load_batch,
    save=stipends.save_batch,
    delete=stipends.delete_batch,
    period_filter=True,
    title_key="programme",
    form_factory=form_factory(stipend_summary),
    search_hint=N_("按项目或资金来源搜索"),
)
