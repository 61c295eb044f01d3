"""The three record screens of relief work declared on the shared pattern: visits, beneficiaries, stipends."""

from __future__ import annotations

from typing import Any

from desk.core.formatting import format_count, format_wan_yuan, format_yuan
from desk.core.i18n import N_, _
from desk.core.people import SEX_FEMALE, SEX_MALE
from desk.directory.service import leader_choices, unit_choices
from desk.relief import beneficiaries, stipends, visits
from desk.relief.model import GROUPS, OCCASIONS
from desk.relief.queries import BENEFICIARIES, STIPENDS, VISITS
from ui.common.fields import FieldSpec
from ui.common.grid import GridColumn, LineGrid
from ui.common.record_screen import FilterSpec, RecordScreenSpec
from ui.common.table_model import ColumnSpec
from ui.relief.widgets import HistoryView, LeaderGrid, form_factory, summary_field

GROUP_CHOICES = tuple(GROUPS.items())
OCCASION_CHOICES = tuple(OCCASIONS.items())
SEXES = {SEX_FEMALE: N_("女"), SEX_MALE: N_("男")}
GOODS_SUGGESTIONS = tuple((item, item) for item in ("书包", "字典", "学习用品", "蛋糕", "奶粉", "毛巾被", "大米", "食用油"))


def _beneficiary_choices(session: Any, _record_id: str | None) -> list[tuple[str, str]]:
    return beneficiaries.beneficiary_choices(session)


def _grid(*columns: GridColumn, height: int = 110, kind: type[LineGrid] = LineGrid):
    def make() -> LineGrid:
        grid = kind(columns)
        grid.verticalHeader().setDefaultSectionSize(24)
        grid.setMinimumHeight(height)
        grid.setMaximumHeight(height + 60)
        return grid

    return make


# -- visits ------------------------------------------------------------------------------------

LEADER_COLUMNS = (GridColumn("name", N_("领导姓名"), kind="combo", width=120), GridColumn("post", N_("职务"), width=180))
UNIT_COLUMNS = (GridColumn("name", N_("单位名称"), kind="combo", width=260),)
GROUP_COLUMNS = (
    GridColumn("group", N_("帮扶类别"), kind="choice", choices=GROUP_CHOICES, width=160),
    GridColumn("count", N_("人数"), kind="int", width=80),
)
GOODS_COLUMNS = (
    GridColumn("item", N_("物品"), kind="combo", choices=GOODS_SUGGESTIONS, width=90),
    GridColumn("quantity", N_("数量"), kind="int", width=55),
    GridColumn("unit", N_("单位"), width=45),
    GridColumn("value_fen", N_("价值(元)"), kind="money", width=80),
)
PEOPLE_COLUMNS = (
    GridColumn("beneficiary_id", N_("受助人"), kind="choice", width=260, translate_choices=False),
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


VISIT_FIELDS = (
    FieldSpec("visit_date", N_("慰问日期"), kind="date", required=True),
    FieldSpec("occasion", N_("慰问类别"), kind="choice", required=True, choices=OCCASION_CHOICES),
    FieldSpec("title", N_("慰问活动"), required=True, max_length=100, placeholder=N_("如 六一慰问塘岸镇独竹村留守儿童")),
    FieldSpec("places", N_("慰问地点"), max_length=300, placeholder=N_("村、学校、孤儿院或家庭，多个用顿号隔开")),
    FieldSpec("leaders", N_("带队领导"), kind="custom", editor=_grid(*LEADER_COLUMNS, height=90, kind=LeaderGrid),
              dynamic_choices=lambda session, _record_id: leader_choices(session)),
    FieldSpec("units", N_("联合慰问单位"), kind="custom", editor=_grid(*UNIT_COLUMNS, height=90),
              dynamic_choices=lambda session, _record_id: unit_choices(session)),
    FieldSpec("groups", N_("帮扶类别及人数"), kind="custom", editor=_grid(*GROUP_COLUMNS, height=90)),
    FieldSpec("goods", N_("慰问物品"), kind="custom", editor=_grid(*GOODS_COLUMNS)),
    FieldSpec("cash_fen", N_("慰问金(元)"), kind="money"),
    summary_field(N_("合计")),
    FieldSpec("people", N_("慰问到的受助人"), kind="custom", editor=_grid(*PEOPLE_COLUMNS, height=90),
              dynamic_choices=_beneficiary_choices),
    FieldSpec("notes", N_("备注"), kind="multiline", max_length=2000),
)

VISIT_SPEC = RecordScreenSpec(
    key="relief-visits",
    title=N_("慰问活动"),
    record_name=N_("慰问活动"),
    fields=VISIT_FIELDS,
    columns=(
        ColumnSpec("visit_date", N_("日期"), kind="date", width=100),
        ColumnSpec("title", N_("慰问活动"), width=140),
        ColumnSpec("places", N_("地点"), width=90),
        ColumnSpec("people", N_("人数"), kind="int", width=50),
        ColumnSpec("total_fen", N_("合计"), kind="money", width=112),
        ColumnSpec("occasion", N_("类别"), kind="choice", labels=OCCASIONS, width=44),
    ),
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

BENEFICIARY_FIELDS = (
    FieldSpec("name", N_("姓名"), required=True, max_length=64),
    FieldSpec("id_number", N_("身份证号码"), max_length=20, placeholder=N_("18位，出生日期和性别由号码得出")),
    FieldSpec("sex", N_("性别"), kind="choice", choices=tuple(SEXES.items())),
    FieldSpec("birth_date", N_("出生日期"), kind="date"),
    FieldSpec("group", N_("帮扶类别"), kind="choice", required=True, choices=GROUP_CHOICES),
    FieldSpec("guardian", N_("监护人"), max_length=64),
    FieldSpec("phone", N_("电话"), max_length=32),
    FieldSpec("village", N_("所在村(社区)"), max_length=100),
    FieldSpec("address", N_("住址"), max_length=200),
    FieldSpec("school", N_("学校"), max_length=100),
    FieldSpec("grade", N_("年级"), max_length=32),
    FieldSpec("notes", N_("备注"), kind="multiline", max_length=2000),
    FieldSpec("history", N_("慰问与扶助记录"), kind="custom", editor=HistoryView),
)

BENEFICIARY_SPEC = RecordScreenSpec(
    key="beneficiaries",
    title=N_("受助人名册"),
    record_name=N_("受助人"),
    fields=BENEFICIARY_FIELDS,
    columns=(
        ColumnSpec("name", N_("姓名"), width=64),
        ColumnSpec("sex", N_("性别"), kind="choice", labels=SEXES, width=36),
        ColumnSpec("id_number", N_("身份证号码"), width=150),
        ColumnSpec("group", N_("帮扶类别"), kind="choice", labels=GROUPS, width=96),
        ColumnSpec("grade", N_("年级"), width=56),
        ColumnSpec("school", N_("学校"), width=140),
        ColumnSpec("guardian", N_("监护人"), width=64),
    ),
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
    GridColumn("beneficiary_id", N_("受助人"), kind="choice", width=190, translate_choices=False),
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


STIPEND_FIELDS = (
    FieldSpec("programme", N_("项目"), required=True, max_length=100, placeholder=N_("如 春蕾计划扶助款")),
    FieldSpec("pay_date", N_("发放日期"), kind="date", required=True),
    FieldSpec("fund_source", N_("资金来源"), max_length=100, placeholder=N_("如 春蕾计划社会募捐")),
    FieldSpec("lines", N_("受助人及金额"), kind="custom", editor=_grid(*STIPEND_COLUMNS, height=240),
              dynamic_choices=_beneficiary_choices),
    summary_field(N_("本批合计")),
    FieldSpec("notes", N_("备注"), kind="multiline", max_length=2000),
)

STIPEND_SPEC = RecordScreenSpec(
    key="stipends",
    title=N_("扶助款发放"),
    record_name=N_("发放批次"),
    fields=STIPEND_FIELDS,
    columns=(
        ColumnSpec("pay_date", N_("发放日期"), kind="date", width=100),
        ColumnSpec("programme", N_("项目"), width=120),
        ColumnSpec("fund_source", N_("资金来源"), width=110),
        ColumnSpec("recipients", N_("人数"), kind="int", width=50),
        ColumnSpec("amount_fen", N_("金额"), kind="money", width=112),
    ),
    source=STIPENDS,
    load=stipends.load_batch,
    save=stipends.save_batch,
    delete=stipends.delete_batch,
    period_filter=True,
    title_key="programme",
    form_factory=form_factory(stipend_summary),
    search_hint=N_("按项目或资金来源搜索"),
)
