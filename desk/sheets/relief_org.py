"""The sheets of the relief (受助人名册) and organisation (基层组织, 四支队伍) areas."""

from __future__ import annotations

import datetime as dt

from desk.core.i18n import N_
from desk.core.masking import mask_id_number, mask_name, mask_phone
from desk.core.people import SEX_FEMALE, make_id_number
from desk.organisation.cadres import load_cadre, save_cadre
from desk.organisation.model import HOST_KINDS, ORG_STATUSES, ORG_TYPES, POOLS
from desk.organisation.queries import CADRES, ORGANISATIONS
from desk.organisation.service import load_org, save_org
from desk.relief.beneficiaries import load_beneficiary, save_beneficiary
from desk.relief.model import GROUPS
from desk.relief.queries import BENEFICIARIES
from desk.sheets.catalog import SEXES, find_office, office_name
from desk.sheets.spec import ExportColumn, SheetField, SheetSpec

_GIRL = make_id_number("450981", dt.date(2010, 6, 1), 3, SEX_FEMALE)
_CADRE = make_id_number("450981", dt.date(1978, 9, 9), 4, SEX_FEMALE)

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        key="beneficiaries",
        title=N_("受助人名册"),
        fields=(
            SheetField("name", N_("姓名"), required=True, example="陈小花", mask=mask_name),
            SheetField("id_number", N_("身份证号码"), example=_GIRL, aliases=("身份证号", "身份证"), mask=mask_id_number),
            SheetField("sex", N_("性别"), kind="choice", choices=SEXES, example=SEX_FEMALE),
            SheetField("birth_date", N_("出生日期"), kind="date", example=""),
            SheetField("group", N_("帮扶类别"), kind="choice", required=True, choices=GROUPS, example="left_behind",
                       aliases=("类别",)),
            SheetField("guardian", N_("监护人"), example="陈大明", mask=mask_name),
            SheetField("phone", N_("电话"), example="", aliases=("联系电话",), mask=mask_phone),
            SheetField("village", N_("所在村(社区)"), example="塘岸村", aliases=("所在村", "村(社区)")),
            SheetField("address", N_("住址"), example="", mask=lambda text: "*" * len(text or "")),
            SheetField("school", N_("学校"), example="塘岸镇中心小学"),
            SheetField("grade", N_("年级"), example="四年级"),
            SheetField("notes", N_("备注"), example=""),
        ),
        save=lambda session, actor, values: save_beneficiary(session, actor, None, values),
        load=load_beneficiary,
        source=BENEFICIARIES,
        columns=(
            ExportColumn("name", N_("姓名")),
            ExportColumn("sex", N_("性别"), "choice", SEXES),
            ExportColumn("id_number", N_("身份证号码"), width=22),
            ExportColumn("group", N_("帮扶类别"), "choice", GROUPS, width=18),
            ExportColumn("grade", N_("年级")),
            ExportColumn("school", N_("学校"), width=24),
            ExportColumn("village", N_("所在村(社区)"), width=18),
            ExportColumn("guardian", N_("监护人")),
        ),
    ),
    SheetSpec(
        key="organisations",
        title=N_("基层组织"),
        fields=(
            SheetField("name", N_("组织名称"), required=True, example="市教育局妇委会"),
            SheetField("org_type", N_("组织类型"), kind="choice", required=True, choices=ORG_TYPES, example="committee",
                       aliases=("类型",)),
            SheetField("host_unit", N_("所在单位"), required=True, example="市教育局"),
            SheetField("host_kind", N_("单位性质"), kind="choice", required=True, choices=HOST_KINDS, example="agency"),
            SheetField("credit_code", N_("统一社会信用代码"), example=""),
            SheetField("set_up_on", N_("成立日期"), kind="date", example=dt.date(2015, 3, 8)),
            SheetField("chair", N_("主任(主席)"), example="黄丽"),
            SheetField("member_count", N_("委员人数"), kind="int", example=7),
            SheetField("office_id", N_("所属妇联"), kind="ref", example="", resolve=find_office, show=office_name),
            SheetField("status", N_("状态"), kind="choice", required=True, choices=ORG_STATUSES, example="active"),
            SheetField("dissolved_on", N_("撤销日期"), kind="date", example=""),
            SheetField("notes", N_("备注"), example=""),
        ),
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
        fields=(
            SheetField("name", N_("姓名"), required=True, example="梁秀英", mask=mask_name),
            SheetField("id_number", N_("身份证号码"), example=_CADRE, aliases=("身份证号", "身份证"), mask=mask_id_number),
            SheetField("sex", N_("性别"), kind="choice", choices=SEXES, example=SEX_FEMALE),
            SheetField("phone", N_("电话"), example="", aliases=("联系电话",), mask=mask_phone),
            SheetField("work_unit", N_("工作单位"), example="市人民医院", aliases=("单位",)),
            SheetField("post", N_("职务"), example="副院长"),
            SheetField("pool", N_("队伍类别"), kind="choice", required=True, choices=POOLS, example="professional"),
            SheetField("entered_on", N_("入库日期"), kind="date", required=True, example=dt.date(2020, 4, 10)),
            SheetField("strengths", N_("特长与简历"), example=""),
        ),
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
