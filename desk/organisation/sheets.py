"""The organisation area's sheets: grassroots organisations, the four cadre pools, assessments and indicators."""

from __future__ import annotations

from desk.core.i18n import N_
from desk.office.sheets import OFFICE_REF
from desk.organisation.assessment import load_assessment, save_assessment
from desk.organisation.cadres import load_cadre, save_cadre
from desk.organisation.fields import ASSESSMENT, CADRE, INDICATOR, ORGANISATION, SCORE
from desk.organisation.queries import ASSESSMENTS, CADRES, INDICATORS, ORGANISATIONS
from desk.organisation.service import load_indicator, load_org, save_indicator, save_org
from desk.sheets.spec import SheetSpec, sheet_fields

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
        defaults={"status": "planned"},
    ),
)
