"""Who acts, and the bookkeeping every travelling record gets: stamps, revisions, deletion marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk.core.errors import ChangedMeanwhile, NotFoundError
from desk.core.fields import RecordKind, kinds_by_table
from desk.core.formatting import format_date, format_datetime
from desk.core.i18n import N_, _
from desk.core.roles import SYSTEM, WRITE, require
from desk.core.validation import Checker
from desk.db.base import Base, TravelMixin, utcnow
from desk.db.engine import WRITE_LOCK

R = TypeVar("R", bound=TravelMixin)


@dataclass(frozen=True)
class Actor:
    """The user doing something, in the office whose database is open.

    ``roles`` holds role and grant keys (desk.core.roles).  Deny by default: an actor
    without roles may do nothing.  The program itself acts as ``system_actor()``.
    """

    user: str
    office_code: str
    roles: frozenset[str] = field(default_factory=frozenset)
    may_see_full_ids: bool = False



def system_actor(office_code: str, user: str = "system") -> Actor:
    """Return the actor for the program itself (demo seeding, scripts): it may do everything."""
    return Actor(user=user, office_code=office_code, roles=frozenset({SYSTEM}))

def stamp_new(record: TravelMixin, actor: Actor) -> None:
    """Fill the bookkeeping columns of a record about to be added; raise PermissionDenied if ``actor`` may not write."""
    require(actor, WRITE)
    now = utcnow()
    record.origin_office = actor.office_code
    record.created_at = now
    record.updated_at = now
    record.created_by = actor.user
    record.updated_by = actor.user
    record.revision = 1
    record.deleted = False


def stamp_change(record: TravelMixin, actor: Actor) -> None:
    """Record that ``actor`` changed the record now: a new revision; raise PermissionDenied if ``actor`` may not write."""
    require(actor, WRITE)
    record.updated_at = utcnow()
    record.updated_by = actor.user
    record.revision = (record.revision or 0) + 1


def mark_deleted(record: TravelMixin, actor: Actor) -> None:
    """Set the deletion mark (a tombstone that travels) instead of deleting the row."""
    record.deleted = True
    stamp_change(record, actor)


# session.info keys of optimistic locking: the revision a form was loaded at, and the one a save expects.
LOADED = "desk.loaded_revisions"
EXPECTED = "desk.expected_revisions"


def loaded_revision(session: Session, record_id: str) -> int | None:
    """Return the revision at which ``record_id`` was read through get_live in this session."""
    revision = session.info.get(LOADED, {}).get(record_id)
    return None if revision is None else int(revision)


def expect_revision(session: Session, record_id: str | None, revision: int | None) -> None:
    """Make this session's get_live of ``record_id`` refuse the record unless it is still at ``revision``.

    A form remembers the revision it opened (loaded_revision) and passes it here before saving,
    so a save never overwrites what another clerk saved in between (two clerks on one server).
    """
    if record_id is not None and revision is not None:
        session.info.setdefault(EXPECTED, {})[record_id] = revision
        if session.get_bind().dialect.name == "sqlite":
            # Hold SQLite's write lock from the first read of this transaction (desk.db.engine).
            session.connection(execution_options={WRITE_LOCK: True})


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """Return a stored UTC time (naive from SQLite, aware from PostgreSQL) in this PC's time zone."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).astimezone()


def get_live(session: Session, model: type[R], record_id: str) -> R:
    """Return the record with ``record_id``.

    Raises NotFoundError if it is missing or marked deleted, and ChangedMeanwhile if the session
    expects an earlier revision (expect_revision) than the one stored, naming who changed it when.
    """
    record = session.get(model, record_id)
    if record is None or record.deleted:
        raise NotFoundError(_("记录不存在或已被删除"))
    expected = session.info.get(EXPECTED, {}).get(record_id)
    if expected is not None and record.revision != expected:
        raise ChangedMeanwhile(
            _("没有保存：您打开这条记录之后，{user} 在 {time} 修改并保存了它。您输入的内容仍在表单中；"
              "请记下要改的内容，点“取消”重新打开这条记录，核对后再改。").format(
                user=record.updated_by, time=format_datetime(_local(record.updated_at)))
        )
    session.info.setdefault(LOADED, {}).setdefault(record_id, record.revision)
    return record


def write_record(session: Session, actor: Actor, model: type[R], record_id: str | None, cleaned: dict[str, Any]) -> R:
    """Add a new record (``record_id`` None) or update a live one from checked values; return it.

    An update that changes nothing keeps the revision, so re-saving an unchanged form does not
    make a new version that would travel. The session is flushed so the record has its id.
    Raises NotFoundError for a missing or deleted record.
    """
    if record_id is None:
        record = model(**cleaned)
        stamp_new(record, actor)
        session.add(record)
    else:
        record = get_live(session, model, record_id)
        if any(getattr(record, key) != value for key, value in cleaned.items()):
            for key, value in cleaned.items():
                setattr(record, key, value)
            stamp_change(record, actor)
    flush_or_changed(session)
    return record


def check_links(session: Session, checker: Checker, kind: RecordKind, cleaned: dict[str, Any]) -> None:
    """Add a problem for each declared link (a ``ref`` field naming the table it ``refers`` to) whose record is gone.

    The links of its lines (``cleaned[<lines field>]``, as ``Checker.lines`` returned them) are checked too,
    each problem on its cell.
    """
    for declared in kind.fields:
        value = cleaned.get(declared.key)
        if declared.kind != "ref" or not declared.refers or not value or declared.key in checker.problems:
            continue
        if not _live_ids(session, declared.refers, {value}):
            checker.add(declared.key, _("所选{field}已不存在").format(field=_(declared.label)))
    for declared in kind.fields:
        rows = cleaned.get(declared.key)
        if declared.lines is None or not isinstance(rows, list):
            continue
        for link in declared.lines.fields:
            if link.kind != "ref" or not link.refers:
                continue
            live = _live_ids(session, link.refers, {row.get(link.key) for row in rows} - {None, ""})
            for index, row in enumerate(rows):
                if row.get(link.key) and row[link.key] not in live:
                    checker.add_line(declared.key, index, link.key, _("所选{field}已不存在").format(field=_(link.label)))


def _live_ids(session: Session, table_name: str, ids: set[Any]) -> set[Any]:
    """Return those of ``ids`` that are live records of ``table_name``."""
    import desk.models  # noqa: F401  (every area's tables, whichever area the link points into)

    if not ids:
        return set()
    table = Base.metadata.tables[table_name]
    return set(session.scalars(select(table.c.id).where(table.c.id.in_(ids), table.c.deleted.is_(False))))


def links_of(table_name: str) -> dict[str, str]:
    """Return {column: the table it links to} of ``table_name`` (its foreign keys), or {} for an unknown table."""
    import desk.models  # noqa: F401  (every area's tables)

    table = Base.metadata.tables.get(table_name)
    if table is None:
        return {}
    return {key.parent.name: key.column.table.name for key in table.foreign_keys}


def record_name(session: Session, table_name: str, record_id: str) -> tuple[str, str]:
    """Return (how a clerk names a record, that name's declared sensitivity): its kind's first text field (a name,
    a title) as declared in desk/<area>/fields.py; an area's entry about a person (a beneficiary, a trainee) by her
    name; a record without one by its kind and date; a line without one by the record it names (a stipend line by
    its beneficiary).  Returns ("", "") when the record or a name for it is not found.
    """
    import desk.models  # noqa: F401

    kind = kinds_by_table().get(table_name)
    table = Base.metadata.tables.get(table_name)
    if kind is None or table is None:
        return "", ""
    links = links_of(table_name)
    if "person_id" in links:
        person = session.execute(select(table.c.person_id).where(table.c.id == record_id)).scalar()
        return record_name(session, links["person_id"], person) if person else ("", "")
    for declared in kind.fields:
        if declared.kind == "text" and declared.column_name in table.c:
            name = session.execute(select(table.c[declared.column_name]).where(table.c.id == record_id)).scalar()
            if name:
                return name, declared.sensitive
            break
    if kind.period_field:  # no name (an anonymous petition): its kind and date, 信访件（2020年3月3日）
        day = session.execute(select(table.c[kind[kind.period_field].column_name]).where(table.c.id == record_id)).scalar()
        if day is not None:
            return _("{kind}（{date}）").format(kind=_(kind.label), date=format_date(day)), ""
    for declared in kind.fields:  # a line without a name of its own (a stipend line) by the record it names
        if declared.kind == "ref" and declared.column_name in links:
            linked = session.execute(select(table.c[declared.column_name]).where(table.c.id == record_id)).scalar()
            return record_name(session, links[declared.column_name], linked) if linked else ("", "")
    return "", ""


def flush_or_changed(session: Session) -> None:
    """Flush; raise ChangedMeanwhile when another session saved one of the records at the same moment."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise ChangedMeanwhile(_(CHANGED_AT_ONCE)) from exc


CHANGED_AT_ONCE = N_("没有保存：另一位同事刚刚同时保存了这条记录。您输入的内容仍在表单中；"
                     "请记下要改的内容，点“取消”重新打开这条记录，核对后再改。")


# -- child rows (lines of a record), kept in order by a ``position`` column ------------------------

def replace_children(
    session: Session, actor: Actor, model: Any, parent_column: str, parent_id: str, rows: Sequence[dict[str, Any]]
) -> None:
    """Replace the live child rows of a parent with ``rows`` (old rows get deletion marks)."""
    column = getattr(model, parent_column)
    old = list(session.scalars(select(model).where(column == parent_id, model.deleted.is_(False)).order_by(model.position)))
    old_values = [{key: getattr(record, key) for key in row} for record, row in zip(old, rows)]
    if len(old) == len(rows) and old_values == [dict(row) for row in rows]:
        return  # nothing changed: no new revisions to travel
    for record in old:
        mark_deleted(record, actor)
    for position, values in enumerate(rows):
        record = model(**{parent_column: parent_id, "position": position, **values})
        stamp_new(record, actor)
        session.add(record)


def live_children(session: Session, model: Any, parent_column: str, parent_id: str) -> list[Any]:
    """Return the live child rows of a parent in their order."""
    column = getattr(model, parent_column)
    return list(session.scalars(select(model).where(column == parent_id, model.deleted.is_(False)).order_by(model.position)))


def sync_children(
    session: Session, actor: Actor, existing: Sequence[Any], rows: Sequence[dict[str, Any]],
    make: Callable[[dict[str, Any]], Any],
) -> None:
    """Make ``existing`` (live child rows in their order) hold ``rows``, row by row, in place.

    A row whose values differ is updated and stamped as changed; extra rows are made with
    ``make(values)``; existing rows beyond ``rows`` get deletion marks.
    """
    for number, values in enumerate(rows):
        if number < len(existing):
            child = existing[number]
            if any(getattr(child, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(child, key, value)
                stamp_change(child, actor)
        else:
            child = make(values)
            stamp_new(child, actor)
            session.add(child)
    for child in existing[len(rows):]:
        mark_deleted(child, actor)
