"""The organisation area's sheets: grassroots organisations, the four cadre pools, assessments and indicators."""

from __future__ import annotations

from desk.core.i18n import N_
from desk.office.sheets import OFFICE_REF
from desk.organisation.assessment import load_assessment, save_assessment
from desk.organisation.cadres import load_cadre, save_cadre
from desk.organisation.fields import ASSESSMENT, CADRE, INDICATOR, ORGANISATION, SCORE
from desk.organisation.model import (
    HOST_KINDS,
    INDICATOR_STATUSES,
    ORG_STATUSES,
    ORG_TYPES,
    POOLS,
)
from desk.organisation.queries import ASSESSMENTS, CADRES, INDICATORS, ORGANISATIONS
from desk.organisation.service import load_indicator, load_org, save_indicator, save_org
from desk.sheets.spec import ExportColumn, SheetSpec, sheet_fields

_PEOPLE_AND_ORGS = (
    SheetSpec(
        key="organisations",
        title=N_("基层组织"),
        order=70,
        kind=ORGANISATION,
        fields=sheet_fields(ORGANISATION, office_id=OFFICE_REF),
        save=lambda session, actor, values: save_org(session, actor, None, values),
        load=load_org,
        source=ORGANISATIONS,
        columns=(
            ExportColumn("name", N_("组织名称"), width=24),
            ExportColumn("org_type", N_("类型"), "choice", ORG_TYPES),
            ExportColumn("host_unit", N_("所在单位"), width=20),
            ExportColumn("host_kind", N_("单位性质"), "choice", HOST_KINDS),
            ExportColumn("set_up_on", N_("成立日期"), "date"),
            ExportColumn("chair", N_("主任(主席)")),
            ExportColumn("member_count", N_("委员人数"), "int"),
            ExportColumn("office_name", N_("所属妇联"), width=18),
            ExportColumn("status", N_("状态"), "choice", ORG_STATUSES),
            ExportColumn("credit_code", N_("统一社会信用代码"), width=22),
        ),
        defaults={"status": "active"},
    ),
    SheetSpec(
        key="cadres",
        title=N_("四支队伍"),
        order=71,
        kind=CADRE,
        fields=sheet_fields(CADRE),
        save=lambda session, actor, values: save_cadre(session, actor, None, values),
        load=load_cadre,
        source=CADRES,
        columns=(
            ExportColumn("name", N_("姓名")),
            ExportColumn("pool", N_("队伍类别"), "choice", POOLS, width=20),
            ExportColumn("work_unit", N_("工作单位"), width=22),
            ExportColumn("post", N_("职务")),
            ExportColumn("id_number", N_("身份证号码"), width=22),
            ExportColumn("entered_on", N_("入库日期"), "date"),
            ExportColumn("recommendations", N_("推荐次数"), "int"),
        ),
    ),
)


SHEETS = (
    *_PEOPLE_AND_ORGS,
    SheetSpec(
        key="assessments",
        title=N_("目标考核"),
        order=72,
        kind=ASSESSMENT,
        fields=sheet_fields(ASSESSMENT),
        row_lines="scores",
        line_fields=sheet_fields(SCORE, "office_id", "score", "consequence", "note", office_id=OFFICE_REF),
        save=lambda session, actor, values: save_assessment(session, actor, None, values),
        load=load_assessment,
        source=ASSESSMENTS,
        columns=(
            ExportColumn("year", N_("考核年度"), "int"),
            ExportColumn("title", N_("考核名称"), width=30),
            ExportColumn("assessed_on", N_("考核日期"), "date"),
            ExportColumn("offices", N_("被考核妇联数"), "int"),
            ExportColumn("excellent", N_("优秀"), "int"),
            ExportColumn("competent", N_("称职"), "int"),
            ExportColumn("incompetent", N_("不称职"), "int"),
        ),
    ),
    SheetSpec(
        key="indicators",
        title=N_("考评指标"),
        order=73,
        kind=INDICATOR,
        fields=sheet_fields(INDICATOR),
        save=lambda session, actor, values: save_indicator(session, actor, None, values),
        load=load_indicator,
        source=INDICATORS,
        columns=(
            ExportColumn("year", N_("年度"), "int"),
            ExportColumn("indicator", N_("考评指标"), width=30),
            ExportColumn("target", N_("目标"), width=20),
            ExportColumn("leader", N_("责任领导")),
            ExportColumn("status", N_("完成状态"), "choice", INDICATOR_STATUSES),
        ),
        defaults={"status": "planned"},
    ),
)
