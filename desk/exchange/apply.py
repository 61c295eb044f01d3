"""Import, second half: write a checked plan in the caller's transaction, keep the ledger, resolve conflicts."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, delete, func, select, text
from sqlalchemy.orm import Session

from desk.core.errors import NotFoundError, ValidationError
from desk.core.formatting import format_count
from desk.core.i18n import _
from desk.core.progress import Progress, step
from desk.core.roles import VIEW, WRITE, require
from desk.db.base import utcnow
from desk.db.records import Actor
from desk.exchange import history
from desk.exchange.keys import ExchangeError
from desk.exchange.marks import mark_reports
from desk.exchange.model import Conflict, LedgerEntry, MergeBase
from desk.exchange.plan import CHUNK, Action, ImportPlan, plan_import, received_time
from desk.exchange.travel import BOOKKEEPING, TravelSet, digest, parse_record, program_tables, row_json
from desk.security.audit import CONFLICT, IMPORT, record_event


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the plan, and whether anything was written."""

    plan: ImportPlan
    written: bool


def import_bundle(session: Session, actor: Actor, data: bytes, file_name: str = "", dry_run: bool = False,
                  progress: Progress | None = None, tables: TravelSet | None = None) -> ImportResult:
    """Check ``data`` and (unless ``dry_run``) import it into the caller's transaction.

    Raises PermissionDenied unless ``actor`` may write (only view, for a dry run), ExchangeError if the
    bundle is refused or any record is rejected, Cancelled if ``progress`` answers False: then nothing
    is written (the import's own savepoint is rolled back) and the caller should roll back too.  A bundle imported before changes nothing.
    An import is audited (sender, number, counts).  Records are written a chunk at a time while they
    are weighed (desk.exchange.plan), so a dry run and an import weigh them alike.
    ``tables`` are the travelling tables (the program's own when None: see TravelSet).
    """
    require(actor, VIEW if dry_run else WRITE)
    if dry_run:
        return ImportResult(plan_import(session, data, progress, tables=tables), False)
    writer = ChunkWriter(session, progress)
    savepoint = session.begin_nested()
    try:
        plan = plan_import(session, data, progress, writer, tables)
        if plan.already_imported:
            savepoint.commit()
            return ImportResult(plan, False)
        if plan.rejected:
            raise ExchangeError(
                _("数据包中有 {count} 条记录不合格，整个数据包都没有导入。请看预检结果中的原因。").format(
                    count=len(plan.rejected)
                )
            )
        writer.finish(actor, plan, file_name)
        savepoint.commit()
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    record_event(session, actor, IMPORT, file_name or plan.manifest["bundle_id"], {
        "exchange": True, "sender": plan.sender_code, "bundle_id": plan.manifest["bundle_id"],
        "sequence": plan.sequence, "counts": dict(plan.totals),
    })
    return ImportResult(plan, True)


class ChunkWriter:
    """Writes a plan's actions as planning hands them over (one table's chunk at a time), then the ledger.

    New records go in with one Core executemany per CHUNK rows; changed ones are updated one by one;
    merge bases are replaced per chunk; conflicts are recorded.
    """

    def __init__(self, session: Session, progress: Progress | None = None):
        self.session, self.progress = session, progress
        self.started = False
        self.now = utcnow()
        self.receive_seq = 0
        self.written = 0  # new records inserted so far
        self.expected = 0  # the records a bundle may bring: what the progress of writing is told until the end

    def _told(self, total: int) -> None:
        step(self.progress, self.written, total, _("正在写入新记录第 {done} / {total} 条").format(
            done=format_count(self.written), total=format_count(total)))

    def _start(self) -> None:
        if self.started:
            return
        self.started = True
        if self.session.get_bind().dialect.name == "sqlite":
            # Parents and children of one table (a tree) may arrive in any order; check at commit.
            self.session.execute(text("PRAGMA defer_foreign_keys = ON"))
        self.receive_seq = next_receive_seq(self.session)  # before any merge base of this import is written

    def __call__(self, plan: ImportPlan, actions: list[Action]) -> None:
        self._start()
        if not self.expected:
            self.expected = sum(int(part["count"]) for part in plan.manifest["parts"])
        session = self.session
        bundle_id = str(plan.manifest["bundle_id"])
        inserts: dict[Any, list[dict[str, Any]]] = {}
        bases: list[dict[str, Any]] = []
        for action in actions:
            table = action.table.table
            if action.write:
                if action.local is None:
                    inserts.setdefault(table, []).append(action.values)
                else:
                    values = {key: value for key, value in action.values.items() if key != "id"}
                    session.execute(table.update().where(table.c.id == action.values["id"]).values(**values))
            if action.set_base:
                bases.append({
                    "table_name": action.table.name, "record_id": action.values["id"],
                    "revision": action.values["revision"], "digest": action.digest,
                    "bundle_id": bundle_id, "sender": plan.sender_code, "received_at": self.now,
                    "receive_seq": self.receive_seq if action.write else None,
                })
            if action.category == "conflict":
                _record_conflict(session, plan, action, bundle_id)
        for table, rows in inserts.items():
            for start in range(0, len(rows), CHUNK):
                session.execute(table.insert(), rows[start : start + CHUNK])
                self.written += len(rows[start : start + CHUNK])
                self._told(max(self.expected, self.written))
        _replace_bases(session, bases)

    def finish(self, actor: Actor, plan: ImportPlan, file_name: str = "") -> None:
        """Keep the history that came along, the ledger entry, the report marks and the gaps (the caller commits)."""
        self._start()
        session = self.session
        bundle_id = str(plan.manifest["bundle_id"])
        history.keep(session, plan.audit, plan.sender_code, plan.sender_name, bundle_id, self.receive_seq)
        totals = plan.totals
        session.add(LedgerEntry(
            bundle_id=bundle_id, sender=plan.sender_code, sender_name=plan.sender_name, sequence=plan.sequence,
            created_at=received_time(plan), received_at=self.now, received_by=actor.user,
            records=sum(totals.values()), summary=json.dumps(dict(totals), ensure_ascii=False, sort_keys=True),
            gap=plan.gap, file_name=file_name[-255:],
        ))
        session.flush()
        mark_reports(session, plan.actions, plan.manifest, plan.sender_code, self.now, plan.tables)
        recompute_gaps(session, plan.sender_code)
        if self.written:
            self._told(self.written)  # every new record is in: the last chance to cancel before the caller commits


def next_receive_seq(session: Session) -> int:
    """Return the next number of this office's local receive sequence (one per imported bundle)."""
    return (session.scalar(select(func.max(MergeBase.receive_seq))) or 0) + 1


def recompute_gaps(session: Session, sender: str) -> None:
    """Flag, on each ledger entry of ``sender``, the sequence numbers still missing just before it."""
    entries = list(session.scalars(select(LedgerEntry).where(LedgerEntry.sender == sender).order_by(LedgerEntry.sequence)))
    previous = 0
    for entry in entries:
        first, end = previous + 1, entry.sequence - 1
        gap = "" if first > end else (str(first) if first == end else f"{first}–{end}")
        if entry.gap != gap:
            entry.gap = gap
        previous = max(previous, entry.sequence)
    session.flush()


def _replace_bases(session: Session, rows: list[dict[str, Any]]) -> None:
    """Replace the merge bases of ``rows``; a row whose ``receive_seq`` is None keeps the number it had."""
    by_table: dict[str, list[str]] = {}
    for row in rows:
        by_table.setdefault(row["table_name"], []).append(row["record_id"])
    kept: dict[tuple[str, str], int] = {}
    for name, ids in by_table.items():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            for record_id, seq in session.execute(select(MergeBase.record_id, MergeBase.receive_seq).where(
                MergeBase.table_name == name, MergeBase.record_id.in_(chunk)
            )):
                kept[(name, record_id)] = seq
            session.execute(delete(MergeBase).where(MergeBase.table_name == name, MergeBase.record_id.in_(chunk)))
    for row in rows:
        if row.get("receive_seq") is None:
            row["receive_seq"] = kept.get((row["table_name"], row["record_id"]), 0)
    for start in range(0, len(rows), CHUNK):
        session.execute(cast(Table, MergeBase.__table__).insert(), rows[start : start + CHUNK])


def _record_conflict(session: Session, plan: ImportPlan, action: Action, bundle_id: str) -> None:
    existing = session.scalars(select(Conflict).where(
        Conflict.table_name == action.table.name, Conflict.record_id == action.values["id"], Conflict.resolved.is_(False)
    )).first()
    theirs = json.dumps(action.incoming, ensure_ascii=False, sort_keys=True)
    if existing is not None:
        existing.theirs, existing.bundle_id, existing.sender = theirs, bundle_id, plan.sender_code
        return
    session.add(Conflict(
        table_name=action.table.name, record_id=action.values["id"], sender=plan.sender_code, bundle_id=bundle_id,
        mine=json.dumps(action.local, ensure_ascii=False, sort_keys=True), theirs=theirs,
    ))


def conflict_fields(session: Session, conflict_id: str, tables: TravelSet | None = None) -> list[tuple[str, Any, Any]]:
    """Return (field, ours now, theirs) for every column of a conflict's record, bookkeeping last.

    ``tables`` are the travelling tables (the program's own when None), as for every conflict function here.
    """
    tables = tables if tables is not None else program_tables()
    conflict = _conflict(session, conflict_id, tables)
    table = tables.by_name[conflict.table_name].table
    row = session.execute(select(table).where(table.c.id == conflict.record_id)).mappings().first()
    mine = row_json(table, row) if row is not None else json.loads(conflict.mine)
    theirs = json.loads(conflict.theirs)
    return [(column.name, mine.get(column.name), theirs.get(column.name)) for column in table.columns]


@dataclass(frozen=True)
class ConflictField:
    """One field of a conflict as a clerk sees it: its label and both values in words, and whether they differ."""

    column: str
    label: str
    mine: str
    theirs: str
    differs: bool
    bookkeeping: bool


_BOOKKEEPING = ("id", "origin_office", "created_at", "created_by", "updated_at", "updated_by", "revision", "deleted")


def conflict_view(session: Session, conflict_id: str, tables: TravelSet | None = None) -> list[ConflictField]:
    """Return a conflict's fields labelled as declared (desk/<area>/fields.py), values in words, internal ones left out.

    The record's own fields come first in table order, the bookkeeping (who changed it when) last.
    """
    from desk.exchange.labels import column_label, is_hidden, value_text

    tables = tables if tables is not None else program_tables()
    table_name = _conflict(session, conflict_id, tables).table_name
    references = tables.by_name[table_name].references
    shown = []

    def text(column: str, value: Any) -> str:
        if column in references and value:  # a link to another record: its name, not its id
            return referenced_name(session, references[column], str(value)) or str(value)
        return value_text(table_name, column, value)

    for column, mine, theirs in conflict_fields(session, conflict_id, tables):
        if is_hidden(table_name, column):
            continue
        shown.append(ConflictField(
            column=column, label=column_label(table_name, column), mine=text(column, mine),
            theirs=text(column, theirs), differs=mine != theirs, bookkeeping=column in _BOOKKEEPING,
        ))
    return sorted(shown, key=lambda item: item.bookkeeping)


def referenced_name(session: Session, table_name: str, record_id: str) -> str:
    """Return how a clerk names a linked record: its kind's first text field (a name, a title), or ""."""
    from desk.db.records import record_name

    return record_name(session, table_name, record_id)[0]


def resolve_by_field(session: Session, actor: Actor, conflict_id: str, taken: Collection[str],
                     tables: TravelSet | None = None) -> None:
    """Settle a conflict field by field: take the incoming value of the columns in ``taken``, keep ours elsewhere.

    Taking every differing field is taking theirs; taking none is keeping ours.  A mix is written as a new
    revision of ours (so it descends from both and wins at the next exchange); the caller commits.
    """
    require(actor, WRITE)
    tables = tables if tables is not None else program_tables()
    conflict = _conflict(session, conflict_id, tables)
    values_by_field = {column: (mine, theirs) for column, mine, theirs in conflict_fields(session, conflict_id, tables)
                       if mine != theirs and column not in _BOOKKEEPING}
    differing = set(values_by_field)
    chosen = set(taken) & differing
    if chosen == differing:
        resolve_conflict(session, actor, conflict_id, "theirs", tables)
        return
    if not chosen:
        resolve_conflict(session, actor, conflict_id, "mine", tables)
        return
    table = tables.by_name[conflict.table_name].table
    theirs = json.loads(conflict.theirs)
    values, problems = parse_record(table, theirs)
    if problems or values is None:
        raise ValidationError({"choice": "；".join(problems)})
    row = session.execute(select(table).where(table.c.id == conflict.record_id)).mappings().first()
    if row is None:
        raise NotFoundError(_("这条记录在本单位已经不存在，只能采用对方的"))
    merged = {column: values[column] for column in chosen}
    merged.update(revision=max(row["revision"], int(theirs["revision"])) + 1, updated_at=utcnow(), updated_by=actor.user)
    session.execute(table.update().where(table.c.id == conflict.record_id).values(**merged))
    _settle(session, actor, conflict, theirs, "fields", {
        column: {"mine": mine, "theirs": theirs_value, "taken": "theirs" if column in chosen else "mine"}
        for column, (mine, theirs_value) in sorted(values_by_field.items())
    })


def _conflict(session: Session, conflict_id: str, tables: TravelSet) -> Conflict:
    conflict = session.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved:
        raise NotFoundError(_("这个冲突不存在或已经处理过了"))
    if conflict.table_name not in tables.by_name:
        raise NotFoundError(_("本程序没有这一类数据（{table}）").format(table=conflict.table_name))
    return conflict


def resolve_conflict(session: Session, actor: Actor, conflict_id: str, choice: str,
                     tables: TravelSet | None = None) -> None:
    """Settle a conflict: ``mine`` keeps our record, ``theirs`` takes the incoming one (the caller commits).

    Needs the write permission; the audit log gets each differing field with both values and the choice.

    Either way the incoming revision becomes the common base, so the same bundle never conflicts again;
    keeping ours gives it a new revision that descends from both, so it wins at the next exchange.
    """
    require(actor, WRITE)
    if choice not in ("mine", "theirs"):
        raise ValidationError({"choice": _("请选择保留本单位的还是采用对方的")})
    tables = tables if tables is not None else program_tables()
    conflict = _conflict(session, conflict_id, tables)
    table = tables.by_name[conflict.table_name].table
    theirs = json.loads(conflict.theirs)
    row = session.execute(select(table).where(table.c.id == conflict.record_id)).mappings().first()
    mine = row_json(table, row) if row is not None else json.loads(conflict.mine)
    differing = {
        name: {"mine": mine.get(name), "theirs": theirs.get(name)}
        for name in (column.name for column in table.columns)
        if name not in BOOKKEEPING and mine.get(name) != theirs.get(name)
    }
    if choice == "theirs":
        values, problems = parse_record(table, theirs)
        if values is None:
            raise ValidationError({"choice": "；".join(problems)})
        values.pop("id")
        session.execute(table.update().where(table.c.id == conflict.record_id).values(**values))
    elif row is not None:
        session.execute(table.update().where(table.c.id == conflict.record_id).values(
            revision=max(row["revision"], int(theirs["revision"])) + 1, updated_at=utcnow(), updated_by=actor.user,
        ))
    _settle(session, actor, conflict, theirs, choice, {
        name: {**values, "taken": choice} for name, values in differing.items()
    })


def _settle(session: Session, actor: Actor, conflict: Conflict, theirs: dict[str, Any], resolution: str,
            fields: dict[str, Any]) -> None:
    """Make the incoming revision the common base, mark the conflict settled (``mine``, ``theirs``, ``fields``), audit it.

    The audit entry holds each differing field with both values and which was taken.
    """
    _replace_bases(session, [{
        "table_name": conflict.table_name, "record_id": conflict.record_id, "revision": int(theirs["revision"]),
        "digest": digest(theirs), "bundle_id": conflict.bundle_id, "sender": conflict.sender, "received_at": utcnow(),
        "receive_seq": next_receive_seq(session) if resolution == "theirs" else None,
    }])
    conflict.resolved = True
    conflict.resolution = resolution
    conflict.resolved_by = actor.user
    session.flush()
    record_event(session, actor, CONFLICT, conflict.record_id, {
        "table": conflict.table_name, "record": conflict.record_id, "sender": conflict.sender,
        "bundle_id": conflict.bundle_id, "choice": resolution, "fields": fields,
    })
