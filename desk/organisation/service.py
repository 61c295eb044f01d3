"""Saving grassroots organisations and the office's performance indicators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.core.pinyin import search_key
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, mark_deleted, write_record
from desk.directory.service import remember_leaders, remember_units
from desk.office.model import SubOffice
from desk.organisation.creditcode import code_problem, normalise_code
from desk.organisation.fields import INDICATOR, ORGANISATION
from desk.organisation.model import GrassrootsOrg, Indicator

ORG_FIELDS = (
    "name", "org_type", "host_unit", "host_kind", "credit_code", "set_up_on", "chair",
    "member_count", "office_id", "status", "dissolved_on", "notes",
)
INDICATOR_FIELDS = ("year", "indicator", "target", "leader", "progress", "status")


def _write(session: Session, actor: Actor, model: Any, record_id: str | None, cleaned: dict[str, Any]) -> str:
    record = write_record(session, actor, model, record_id, cleaned)
    session.flush()
    return str(record.id)


# -- grassroots organisations -----------------------------------------------------------

def check_org(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Validate an organisation's values; return them cleaned or raise ValidationError.

    A credit code that fails the GB 32100 check is not a problem (real codes sometimes
    fail): it is kept and ``credit_code_ok`` is False, which the screen shows as a warning.
    """
    checker = Checker(values)
    cleaned: dict[str, Any] = {
        **checker.fields(ORGANISATION, "name", "org_type", "host_unit", "host_kind", "set_up_on", "chair",
                         "member_count", "status", "dissolved_on", "notes"),
        "credit_code": normalise_code(str(values.get("credit_code") or "")),
        "office_id": values.get("office_id") or None,
    }
    org_rules(checker, cleaned)
    cleaned["credit_code_ok"] = not cleaned["credit_code"] or not code_problem(cleaned["credit_code"])
    if cleaned["office_id"]:
        office = session.get(SubOffice, cleaned["office_id"])
        if office is None or office.deleted:
            checker.add("office_id", _("所选的所属妇联已不存在"))
    checker.raise_if_any()
    return cleaned


def org_rules(checker: Checker, cleaned: dict[str, Any]) -> None:
    """Add the problems between an organisation's cleaned fields (code length, status and its dates)."""
    code = cleaned.get("credit_code") or ""
    if len(code) > 18:
        checker.add("credit_code", _("统一社会信用代码应为18位，现为{count}位").format(count=len(code)))
    status = cleaned.get("status")
    if status in ("active", "dissolved") and cleaned.get("set_up_on") is None and "set_up_on" not in checker.problems:
        checker.add("set_up_on", _("请填写成立日期"))
    if status == "dissolved" and cleaned.get("dissolved_on") is None and "dissolved_on" not in checker.problems:
        checker.add("dissolved_on", _("已撤销的组织请填写撤销日期"))
    if status != "dissolved" and cleaned.get("dissolved_on") is not None:
        checker.add("dissolved_on", _("只有已撤销的组织才有撤销日期"))
    if cleaned.get("set_up_on") and cleaned.get("dissolved_on") and cleaned["dissolved_on"] < cleaned["set_up_on"]:
        checker.add("dissolved_on", _("撤销日期不能早于成立日期"))


# The rules between fields each kind's form applies, by table: imported records pass them too.
RECORD_RULES = {"org_grassroots": org_rules}


def save_org(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update a grassroots organisation; return its id; raise ValidationError."""
    cleaned = check_org(session, values)
    cleaned["search_key"] = " ".join((search_key(cleaned["name"]), search_key(cleaned["host_unit"])))[:200]
    remember_units(session, actor, [cleaned["host_unit"]])
    return _write(session, actor, GrassrootsOrg, record_id, cleaned)


def credit_warning(code: str) -> str:
    """Return the warning shown beside a saved credit code that fails the check (empty when fine)."""
    problem = code_problem(code) if code else ""
    return _("注意：{problem}。已按输入保存，请核对营业执照或登记证书。").format(problem=problem) if problem else ""


def load_org(session: Session, record_id: str) -> dict[str, Any]:
    """Return an organisation's form values, with the credit-code warning; raise NotFoundError."""
    record = get_live(session, GrassrootsOrg, record_id)
    values = {key: getattr(record, key) for key in ORG_FIELDS}
    values["office_id"] = values["office_id"] or ""
    values["credit_check"] = credit_warning(record.credit_code)
    return values


def delete_org(session: Session, actor: Actor, record_id: str) -> None:
    """Mark an organisation deleted."""
    mark_deleted(get_live(session, GrassrootsOrg, record_id), actor)


# -- performance indicators -------------------------------------------------------------

def save_indicator(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update a performance indicator; return its id; raise ValidationError."""
    checker = Checker(values)
    cleaned: dict[str, Any] = checker.fields(INDICATOR)
    year = cleaned["year"]
    checker.raise_if_any()
    cleaned["starts_on"] = dt.date(year, 1, 1)
    cleaned["ends_on"] = dt.date(year, 12, 31)
    if cleaned["leader"]:
        remember_leaders(session, actor, [(cleaned["leader"], "")])
    return _write(session, actor, Indicator, record_id, cleaned)


def load_indicator(session: Session, record_id: str) -> dict[str, Any]:
    """Return an indicator's form values; raise NotFoundError."""
    record = get_live(session, Indicator, record_id)
    return {key: getattr(record, key) for key in INDICATOR_FIELDS}


def delete_indicator(session: Session, actor: Actor, record_id: str) -> None:
    """Mark an indicator deleted."""
    mark_deleted(get_live(session, Indicator, record_id), actor)
