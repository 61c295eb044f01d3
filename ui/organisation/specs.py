"""The four record-screen declarations of organisation building: fields, columns, services."""

from __future__ import annotations

from desk.core.i18n import N_
from desk.organisation import assessment, cadres, service
from desk.organisation.fields import ASSESSMENT, CADRE, INDICATOR, ORGANISATION, RECOMMENDATION, SCORE, TASK
from desk.organisation.model import (
    HOST_KINDS,
    INDICATOR_STATUSES,
    ORG_TYPES,
    POOLS,
)
from desk.organisation.queries import ASSESSMENTS, CADRES, INDICATORS, ORGANISATIONS, office_choices, town_choices
from desk.organisation.settings import thresholds
from ui.common.context import AppContext
from ui.common.directory import LEADERS, UNITS
from ui.common.fields import FieldSpec, form_fields
from ui.common.grid import LineGrid, grid_columns
from ui.common.record_screen import FilterSpec, RecordScreenSpec
from ui.common.table_model import list_columns
from ui.organisation.widgets import AssessmentForm, GridForm, NoteLabel, RankingTable, ThresholdLabel

ORG_FIELDS = form_fields(
    ORGANISATION,
    "name", "org_type", "host_unit", "host_kind", "credit_code",
    FieldSpec("credit_check", N_("代码校验"), kind="custom", editor=NoteLabel),
    "set_up_on", "chair", "member_count", "office_id", "status", "dissolved_on", "notes",
    host_unit={"kind": "combo", "lookup": UNITS},
    office_id={"required": True, "translate_choices": False,
               "dynamic_choices": lambda session, record_id: office_choices(session)},
)

ORG_COLUMNS = list_columns(ORGANISATION)

ORGANISATIONS_SPEC = RecordScreenSpec(
    key="organisations",
    title=N_("基层组织"),
    record_name=N_("组织"),
    fields=ORG_FIELDS,
    columns=ORG_COLUMNS,
    source=ORGANISATIONS,
    load=service.load_org,
    save=service.save_org,
    delete=service.delete_org,
    defaults=lambda context: {"org_type": "committee", "host_kind": "agency", "status": "active", "office_id": ""},
    filters=(
        FilterSpec("org_type", N_("类型"), tuple(ORG_TYPES.items())),
        FilterSpec("host_kind", N_("单位性质"), tuple(HOST_KINDS.items())),
    ),
    period_filter=True,
    form_factory=GridForm,
    search_hint=N_("按组织、单位、主任或信用代码搜索"),
)


def _task_grid() -> LineGrid:
    grid = LineGrid(grid_columns(TASK, {"task": 260, "weight": 60}))
    grid.setMinimumHeight(200)
    return grid


def _score_grid() -> LineGrid:
    grid = LineGrid(grid_columns(SCORE, {"office_id": 110, "score": 50, "consequence": 80, "note": 150},
                                 office_id={"translate_choices": False}))
    grid.setMinimumHeight(230)  # the seven towns of a county fit without scrolling
    return grid


def _assessment_defaults(context: AppContext) -> dict:
    with context.sessions() as session:
        limits = thresholds(session)
    year = context.period.start.year
    return {"year": year - 1, "title": "", "thresholds": limits, "assessed_on": context.period.start}


ASSESSMENT_FIELDS = form_fields(
    ASSESSMENT,
    "year", "title", "assessed_on", "tasks", "scores",
    FieldSpec("thresholds", N_("评定标准"), kind="custom", editor=ThresholdLabel),
    FieldSpec("ranking", N_("排名"), kind="custom", editor=RankingTable), "notes",
    tasks={"editor": _task_grid},
    scores={"editor": _score_grid, "dynamic_choices": lambda session, record_id: town_choices(session)},
)

ASSESSMENTS_SPEC = RecordScreenSpec(
    key="assessments",
    title=N_("目标责任制考核"),
    record_name=N_("考核"),
    fields=ASSESSMENT_FIELDS,
    columns=list_columns(ASSESSMENT),
    source=ASSESSMENTS,
    load=assessment.load_assessment,
    save=assessment.save_assessment,
    delete=assessment.delete_assessment,
    defaults=_assessment_defaults,
    period_filter=True,
    title_key="title",
    form_factory=AssessmentForm,
    search_hint=N_("按考核名称搜索"),
)


def _recommendation_grid() -> LineGrid:
    return LineGrid(grid_columns(RECOMMENDATION, {"recommended_on": 90, "post": 120, "unit": 90, "outcome": 70},
                                 unit={"kind": "combo", "lookup": UNITS}))


CADRE_FIELDS = form_fields(
    CADRE,
    "name", "id_number", "sex", "phone", "work_unit", "post", "pool", "entered_on", "strengths", "recommendations",
    work_unit={"kind": "combo", "lookup": UNITS},
    recommendations={"editor": _recommendation_grid},
)

CADRES_SPEC = RecordScreenSpec(
    key="cadres",
    title=N_("四支队伍"),
    record_name=N_("人才"),
    fields=CADRE_FIELDS,
    columns=list_columns(CADRE),
    source=CADRES,
    load=cadres.load_cadre,
    save=cadres.save_cadre,
    delete=cadres.delete_cadre,
    defaults=lambda context: {"pool": "cadre", "sex": "F", "entered_on": context.period.start},
    filters=(FilterSpec("pool", N_("队伍类别"), tuple(POOLS.items())),),
    period_filter=False,
    form_factory=GridForm,
    search_hint=N_("按姓名、拼音首字母、单位或身份证号码搜索"),
)

INDICATOR_FIELDS = form_fields(
    INDICATOR,
    "year", "indicator", "target", "leader", "status", "progress",
    leader={"kind": "combo", "lookup": LEADERS},
)

INDICATORS_SPEC = RecordScreenSpec(
    key="indicators",
    title=N_("绩效考评指标"),
    record_name=N_("考评指标"),
    fields=INDICATOR_FIELDS,
    columns=list_columns(INDICATOR),
    source=INDICATORS,
    load=service.load_indicator,
    save=service.save_indicator,
    delete=service.delete_indicator,
    defaults=lambda context: {"year": context.period.start.year, "status": "in_progress"},
    filters=(FilterSpec("status", N_("完成状态"), tuple(INDICATOR_STATUSES.items())),),
    period_filter=True,
    title_key="indicator",
    search_hint=N_("按指标、目标或责任领导搜索"),
)

