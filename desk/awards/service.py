"""Saving honour titles and awards; the catalogue of standard titles every office starts with."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.awards.fields import AWARD, TITLE
from desk.awards.model import AWARDEE_KINDS, Award, HonourTitle
from desk.awards.titles import TitleContext, bare_name, title_context, title_prefix
from desk.core.crossrules import LinkRule
from desk.core.errors import ValidationError
from desk.core.i18n import _
from desk.core.pinyin import search_key
from desk.core.validation import Checker
from desk.db.records import Actor, check_links, get_live, mark_deleted, write_record
from desk.directory.service import remember_units
from desk.office.service import get_profile

# The standard titles (name, awardee kind) every office starts with at the level it awards itself.
STANDARD_TITLES = (
    ("三八红旗集体", "collective"),
    ("三八红旗手", "individual"),
    ("巾帼文明岗", "collective"),
    ("先进集体", "collective"),
    ("先进妇女组织", "collective"),
    ("优秀妇女工作者", "individual"),
    ("巾帼建功标兵", "individual"),
    ("春蕾计划先进个人", "individual"),
    ("优秀村妇代会主任", "individual"),
    ("双学双比女能手", "individual"),
)

TITLE_FIELDS = ("name", "awardee_kind", "level", "notes")
AWARD_FIELDS = (
    "title_id", "awardee_kind", "awardee_name", "work_unit", "post", "awarding_body", "awarded_on", "event_id",
    "received_by_office", "notes",
)


def printed_title(name: str, level: str, awarding_body: str = "", context: TitleContext | None = None) -> str:
    """Return a title as printed with its level: 市三八红旗集体, 自治区维护妇女儿童权益先进集体 (one prefix only)."""
    return title_prefix(level, awarding_body, context) + bare_name(name)


# -- the title catalogue -------------------------------------------------------------------------

def save_title(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update an honour title; return its id; raise ValidationError (a duplicate is refused)."""
    checker = Checker(values)
    cleaned = checker.fields(TITLE)
    if cleaned["name"] and cleaned["level"]:
        clash = session.scalars(
            select(HonourTitle.id).where(
                HonourTitle.name == cleaned["name"], HonourTitle.level == cleaned["level"], HonourTitle.deleted.is_(False)
            )
        ).first()
        if clash is not None and clash != record_id:
            checker.add("name", _("同一级别已有称号“{name}”").format(name=cleaned["name"]))
    if record_id is not None and cleaned["awardee_kind"]:
        # An award keeps its title's awardee kind (and an imported one must agree with it): the kind stays while used.
        record = get_live(session, HonourTitle, record_id)
        used = session.scalar(select(func.count(Award.id)).where(Award.title_id == record_id, Award.deleted.is_(False)))
        if used and record.awardee_kind != cleaned["awardee_kind"]:
            checker.add("awardee_kind", _("称号“{name}”已用于{count}项表彰，不能改变授予对象").format(
                name=record.name, count=used))
    checker.raise_if_any()
    cleaned["search_key"] = search_key(cleaned["name"])
    record = write_record(session, actor, HonourTitle, record_id, cleaned)
    session.flush()
    return record.id


def load_title(session: Session, record_id: str) -> dict[str, Any]:
    """Return the form values of an honour title."""
    record = get_live(session, HonourTitle, record_id)
    return {key: getattr(record, key) for key in TITLE_FIELDS}


def delete_title(session: Session, actor: Actor, record_id: str) -> None:
    """Mark a title deleted; refused while live awards use it."""
    record = get_live(session, HonourTitle, record_id)
    used = session.scalar(select(func.count(Award.id)).where(Award.title_id == record_id, Award.deleted.is_(False)))
    if used:
        raise ValidationError({}, _("称号“{name}”已用于{count}项表彰，不能删除").format(name=record.name, count=used))
    mark_deleted(record, actor)


def ensure_catalogue(session: Session, actor: Actor) -> int:
    """Add the standard titles, at the level this office awards, to a new catalogue; return how many were added.

    Called when an office is created (setup wizard, ``init``).  Deleted titles count as present,
    so titles an office deleted do not come back.
    """
    if session.scalar(select(func.count(HonourTitle.id))):
        return 0
    level = title_context(session).own_level
    for name, kind in STANDARD_TITLES:
        save_title(session, actor, None, {"name": name, "awardee_kind": kind, "level": level})
    return len(STANDARD_TITLES)


def title_choices(session: Session) -> list[tuple[str, str]]:
    """Return (id, printed title and kind) of every live title, for the award form."""
    rows = session.execute(
        select(HonourTitle.id, HonourTitle.name, HonourTitle.level, HonourTitle.awardee_kind, HonourTitle.origin_office)
        .where(HonourTitle.deleted.is_(False))
        .order_by(HonourTitle.level, HonourTitle.name, HonourTitle.created_at, HonourTitle.id)
    ).all()
    context = title_context(session)
    own = get_profile(session).code
    # A title that also arrived from offices below (same name, level and kind) is offered once: ours, else the oldest.
    chosen: dict[tuple[str, str, str], str] = {}
    for row in sorted(rows, key=lambda row: row.origin_office != own):  # stable: ours first, then the oldest
        chosen.setdefault((row.name, row.level, row.awardee_kind), row.id)
    return [
        (row.id, f"{printed_title(row.name, row.level, context=context)}（{_(AWARDEE_KINDS.get(row.awardee_kind, ''))}）")
        for row in rows if chosen[(row.name, row.level, row.awardee_kind)] == row.id
    ]


# -- awards --------------------------------------------------------------------------------------

def save_award(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update an award; return its id; raise ValidationError naming each field."""
    cleaned = prepare_award(session, values)
    record = write_record(session, actor, Award, record_id, cleaned)
    remember_units(session, actor, [cleaned["awarding_body"]])
    session.flush()
    return record.id


def prepare_award(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Return a checked award's columns (its title and event must exist); write nothing; raise ValidationError.

    ``save_award`` writes what this returns; a ledger import writes it for many awards at once.
    """
    checker = Checker(values)
    # The awardee's name is stored exactly as it must be printed: only surrounding spaces are dropped.
    cleaned = checker.fields(AWARD, *(key for key in AWARD.keys() if key != "awardee_kind"))
    check_links(session, checker, AWARD, cleaned)
    cleaned["awardee_kind"] = ""
    title = session.get(HonourTitle, cleaned["title_id"]) if "title_id" not in checker.problems else None
    if title is not None:  # what the title allows spans fields: it stays here
        cleaned["awardee_kind"] = title.awardee_kind
        award_rules(checker, cleaned, title.name)
    checker.raise_if_any()
    cleaned["search_key"] = search_key(cleaned["awardee_name"], cleaned["work_unit"], title.name if title else "")
    return cleaned


def load_award(session: Session, record_id: str) -> dict[str, Any]:
    """Return the form values of an award."""
    record = get_live(session, Award, record_id)
    values = {key: getattr(record, key) for key in AWARD_FIELDS}
    values["event_id"] = values["event_id"] or ""
    return values


def delete_award(session: Session, actor: Actor, record_id: str) -> None:
    """Mark an award deleted."""
    mark_deleted(get_live(session, Award, record_id), actor)


def award_rules(checker: Checker, cleaned: dict[str, Any], title_name: str = "") -> None:
    """Add the problems between an award's cleaned fields: a collective has no post, an individual's award is not the office's."""
    title = title_name or _("该称号")
    if cleaned.get("awardee_kind") == "collective" and cleaned.get("post"):
        checker.add("post", _("“{title}”授予集体，不填职务").format(title=title))
    if cleaned.get("awardee_kind") == "individual" and cleaned.get("received_by_office"):
        checker.add("received_by_office", _("“{title}”授予个人，不能是本单位获得").format(title=title))


def award_title_rules(checker: Checker, cleaned: dict[str, Any], title: dict[str, Any]) -> None:
    """Add the problems between an award and its title (``name``, ``awardee_kind``): the award keeps the title's kind.

    The form copies the title's kind into the award; an imported award must carry the same.
    """
    kind = title.get("awardee_kind")
    if kind and cleaned.get("awardee_kind") != kind:
        checker.add("awardee_kind", _("“{title}”授予{kind}，表彰记录的授予对象与称号不符").format(
            title=title.get("name") or _("该称号"), kind=_(AWARDEE_KINDS.get(kind, kind))))


# The rules between fields each kind's form applies, by table: imported records pass them too.
RECORD_RULES = {"award": award_rules}
# The rules between records (desk.core.crossrules), by table.
LINK_RULES = {"award": [LinkRule("title_id", "award_title", ("name", "awardee_kind"), award_title_rules)]}
