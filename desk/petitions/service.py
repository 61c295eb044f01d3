"""Saving, loading and deleting petitions with their handling steps; validated, stamped, never committed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.crossrules import LinkRule
from desk.core.i18n import _
from desk.core.pinyin import search_key
from desk.core.validation import Checker
from desk.db.lookup import LIMIT, contains
from desk.db.records import Actor, get_live, mark_deleted, sync_children, write_record
from desk.directory.service import remember_leaders, remember_units
from desk.petitions.fields import PETITION, STEP
from desk.petitions.model import ANSWERED_STATUSES, STATUSES, Petition, PetitionStep
from desk.petitions.rules import reception_day

PETITION_FIELDS = PETITION.column_keys()
STEP_FIELDS = STEP.column_keys()


def step_problem_key(index: int, key: str) -> str:
    """Return the problem key of one cell of the steps grid: ``steps.<index>.<key>``."""
    return f"steps.{index}.{key}"


def _check_steps(checker: Checker, rows: Any, received_on: dt.date | None) -> list[dict[str, Any]]:
    cleaned = []
    for index, row in enumerate(rows or ()):
        step = Checker(row)
        values = step.fields(STEP)
        step_rules(step, values)
        step_petition_rules(step, values, {"received_on": received_on})
        for key, message in step.problems.items():
            checker.add(step_problem_key(index, key), message)
            checker.add("steps", _("第{row}行：{problem}").format(row=index + 1, problem=message))
        cleaned.append(values)
    return cleaned


def check_petition(
    session: Session, values: dict[str, Any], reply_text_optional: bool = False
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return cleaned petition values and steps; raise ValidationError naming each field.

    ``reply_text_optional`` accepts a reply date without its text (an office ledger often has only
    the date; the import says so as a warning); the form always needs both.

    The leader reception day is derived from the date received (setting ``petitions.reception_day``)
    and then needs the receiving leader.  A reply moves an open petition to "answered"; a
    handling step moves a just-received one to "handling".
    """
    checker = Checker(values)
    cleaned: dict[str, Any] = checker.fields(
        PETITION, "channel", "received_on", "anonymous", "sex", "id_number", "phone", "address", "people_count", "category",
        "summary", "first_receiver", "leader", "status", "reply_on", "reply",
    )
    name = PETITION["petitioner_name"]  # needed unless the petition is anonymous
    cleaned["petitioner_name"] = checker.text(name.key, _(name.label), required=not cleaned["anonymous"],
                                              max_length=name.max_length)
    cleaned["people_count"] = cleaned["people_count"] or 1
    received = cleaned["received_on"]
    cleaned["reception_day"] = bool(received and received.day == reception_day(session))
    if cleaned["reception_day"] and not cleaned["leader"]:
        checker.add("leader", _("{day}日是领导接访日，请填写接访领导").format(day=received.day))
    steps = _check_steps(checker, values.get("steps"), received)
    if cleaned["reply_on"] and cleaned["status"] in ("received", "handling"):
        cleaned["status"] = "answered"
    elif steps and cleaned["status"] == "received":
        cleaned["status"] = "handling"
    petition_rules(checker, cleaned, reply_text_optional)
    checker.raise_if_any()
    return cleaned, steps


def petition_rules(checker: Checker, cleaned: dict[str, Any], reply_text_optional: bool = False) -> None:
    """Add the problems between a petition's cleaned fields (name unless anonymous, the reply and its date, status).

    The form and an imported record (desk.exchange.checks, with ``reply_text_optional``) both pass these.
    """
    if not cleaned.get("anonymous") and not cleaned.get("petitioner_name"):
        checker.add("petitioner_name", _("请填写{field}").format(field=_(PETITION["petitioner_name"].label)))
    received = cleaned.get("received_on")
    if cleaned.get("reply_on") and received and cleaned["reply_on"] < received:
        checker.add("reply_on", _("答复日期不能早于收到日期"))
    if bool(cleaned.get("reply_on")) != bool(cleaned.get("reply")) and not (cleaned.get("reply_on") and reply_text_optional):
        missing = "reply" if cleaned.get("reply_on") else "reply_on"
        checker.add(missing, _("答复日期和答复内容要一起填写"))
    status = cleaned.get("status")
    if status in ANSWERED_STATUSES and not cleaned.get("reply_on"):
        checker.add("reply_on", _("状态为“{status}”时请填写答复日期和内容").format(status=_(STATUSES[status])))


def step_rules(checker: Checker, cleaned: dict[str, Any]) -> None:
    """Add the problems between a handling step's cleaned fields (a referral names the unit)."""
    if cleaned.get("action") == "referred" and not cleaned.get("unit"):
        checker.add("unit", _("转交有关单位时请填写转交单位"))


def step_petition_rules(checker: Checker, cleaned: dict[str, Any], petition: dict[str, Any]) -> None:
    """Add the problems between a handling step and its petition (``received_on``): no step before it was received."""
    received_on = petition.get("received_on")
    if cleaned.get("step_on") and received_on and cleaned["step_on"] < received_on:
        checker.add("step_on", _("办理日期不能早于收到日期"))


# The rules between fields each kind's form applies, by table: imported records pass them too.
RECORD_RULES = {"petition": lambda checker, cleaned: petition_rules(checker, cleaned, reply_text_optional=True),
                "petition_step": step_rules}
# The rules between records (desk.core.crossrules), by table.
LINK_RULES = {"petition_step": [LinkRule("petition_id", "petition", ("received_on",), step_petition_rules)]}


def prepare_petition(
    session: Session, values: dict[str, Any], reply_text_optional: bool = False
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return the columns of a checked petition and of its steps (in order, positions given); write nothing.

    Raises ValidationError as ``check_petition`` does.  ``save_petition`` writes what this returns; a
    ledger import writes it for many petitions at once (desk/petitions/sheets.py).
    """
    cleaned, steps = check_petition(session, values, reply_text_optional)
    cleaned["search_key"] = search_key(cleaned["petitioner_name"], cleaned["first_receiver"])
    return cleaned, [dict(step, position=position) for position, step in enumerate(steps)]


def remember_names(session: Session, actor: Actor, petitions: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
    """Remember the units steps were referred to and the receiving leaders of saved petitions (the suggestions)."""
    remember_units(session, actor, [step["unit"] for _cleaned, steps in petitions for step in steps])
    leaders = dict.fromkeys(cleaned["leader"] for cleaned, _steps in petitions if cleaned["leader"])
    remember_leaders(session, actor, [(leader, "") for leader in leaders])


def save_petition(
    session: Session, actor: Actor, record_id: str | None, values: dict[str, Any], reply_text_optional: bool = False
) -> str:
    """Create (``record_id`` None) or update a petition and its steps; return its id; raise ValidationError."""
    cleaned, steps = prepare_petition(session, values, reply_text_optional)
    petition = write_record(session, actor, Petition, record_id, cleaned)
    _write_steps(session, actor, petition.id, steps, new=record_id is None)
    remember_names(session, actor, [(cleaned, steps)])
    session.flush()
    return petition.id


def _live_steps(session: Session, petition_id: str) -> list[PetitionStep]:
    return list(
        session.scalars(
            select(PetitionStep)
            .where(PetitionStep.petition_id == petition_id, PetitionStep.deleted.is_(False))
            .order_by(PetitionStep.position)
        )
    )


def _write_steps(session: Session, actor: Actor, petition_id: str, steps: list[dict[str, Any]], new: bool = False) -> None:
    live = [] if new else _live_steps(session, petition_id)  # a new petition has no steps to look up
    sync_children(session, actor, live, steps, lambda row: PetitionStep(petition_id=petition_id, **row))


def load_petition(session: Session, record_id: str) -> dict[str, Any]:
    """Return a petition's full form values, steps included; raise NotFoundError."""
    petition = get_live(session, Petition, record_id)
    values = {key: getattr(petition, key) for key in PETITION_FIELDS}
    values["steps"] = [{key: getattr(step, key) for key in STEP_FIELDS} for step in _live_steps(session, record_id)]
    for step in values["steps"]:
        step["step_on"] = step["step_on"].isoformat()
    return values


def delete_petition(session: Session, actor: Actor, record_id: str) -> None:
    """Mark a petition and its steps deleted (tombstones that travel); raise NotFoundError."""
    petition = get_live(session, Petition, record_id)
    for step in _live_steps(session, record_id):
        mark_deleted(step, actor)
    mark_deleted(petition, actor)


def find_receivers(session: Session, text: str, limit: int = LIMIT) -> list[tuple[str, str]]:
    """Return up to ``limit`` first receivers typed before that match ``text``, as (name, name), for suggestions."""
    text = text.strip()
    statement = select(Petition.first_receiver).where(Petition.deleted.is_(False), Petition.first_receiver != "")
    if text:
        statement = statement.where(contains(Petition.first_receiver, text))
    names = session.scalars(statement.distinct().order_by(Petition.first_receiver).limit(limit))
    return [(name, name) for name in names]
