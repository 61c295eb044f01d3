"""Import, first half: open and check a bundle, validate every record and sort it into a dry-run plan.

A bundle is read as a stream: its body is checked whole first (sizes, hashes, counts) without
keeping a record, then weighed a table and a chunk at a time (converters chosen once per table,
our rows looked up once per chunk). Given a ``writer`` (an import, not a dry run), each chunk is
written as soon as it is weighed; either way an action then keeps only its summary (``Action.slim``),
so memory holds one chunk of records, not the bundle. Planning never reads what the writer wrote:
records are looked up by id and a bundle cannot bring one id twice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from desk.core.formatting import format_count
from desk.core.i18n import _
from desk.core.progress import Progress, step
from desk.exchange import history
from desk.exchange.bundle import OpenedBundle, check_body, lines, may_hold_lone_surrogates, open_bundle, parse_line, verify_signature
from desk.exchange.checks import CrossChecks, record_problems
from desk.exchange.keys import ExchangeError, own_keys
from desk.exchange.model import Conflict, LedgerEntry, MergeBase, PartnerCard
from desk.exchange.origins import SUB_OFFICE, OriginCheck, check_origins, outside_reason
from desk.exchange.partners import card_of
from desk.exchange.schema import known_revisions
from desk.exchange.travel import (
    TravelSet,
    TravelTable,
    codec_for,
    digest,
    parse_record,
    printable,
    program_tables,
    row_json,
    to_json_value,
)
from desk.office.service import get_profile
from desk.office.settings import settings_held
from desk.security.queries import COUNT_LABELS

CATEGORIES = COUNT_LABELS  # the audit log names an import's counts with the same words
CHUNK = 500
PLAN_CHUNK = 2000  # records weighed (and, on import, written) together


@dataclass(slots=True)
class Action:
    """One incoming record and what importing it does.

    Once its chunk is weighed (and written), ``slim`` keeps in ``values`` only the summary the rest of
    the import needs (id, origin, revision, dates, links) and drops the rest.
    """

    table: TravelTable
    category: str
    values: dict[str, Any]  # parsed column values (after ``slim``: the summary columns only)
    incoming: dict[str, Any] | None  # the same as JSON (None after ``slim``)
    local: dict[str, Any] | None  # our row as JSON, if any (None after ``slim``)
    write: bool  # whether the row is inserted/updated
    set_base: bool  # whether the merge base moves to the incoming revision
    digest: str = ""  # of the incoming content ("" after ``slim``)

    def slim(self) -> None:
        """Keep only the summary of the record: what the reference checks, the history and the report marks read."""
        values = self.values
        self.values = {key: values[key] for key in _summary_columns(self.table) if key in values}
        self.incoming = self.local = None
        self.digest = ""


_SUMMARY: dict[str, tuple[str, ...]] = {}


def _summary_columns(travel: TravelTable) -> tuple[str, ...]:
    """Return the columns an action keeps after ``slim``: id, origin, last change, links to other records, dates."""
    found = _SUMMARY.get(travel.name)
    if found is None:
        from sqlalchemy import Date, DateTime

        dates = [column.name for column in travel.table.columns
                 if isinstance(column.type, Date) and not isinstance(column.type, DateTime)]
        wanted = ["id", "origin_office", "updated_at", *travel.references, *dates]
        found = _SUMMARY[travel.name] = tuple(dict.fromkeys(wanted))
    return found


@dataclass
class ImportPlan:
    """A dry-run: counts per table and category, rejected records with reasons, and the actions."""

    manifest: dict[str, Any]
    sender_name: str
    tables: TravelSet = field(repr=False)  # the travelling tables the plan weighs against
    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # table, record id, reason
    actions: list[Action] = field(default_factory=list)
    already_imported: bool = False
    gap: str = ""
    origins: OriginCheck | None = None
    audit: list[dict[str, Any]] = field(default_factory=list)  # checked history entries that came along
    # Links (action, column, referenced table) not yet found when their chunk was weighed: checked at the end.
    unresolved: list[tuple[Action, str, str]] = field(default_factory=list, repr=False)

    @property
    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counter in self.counts.values():
            total.update(counter)
        return total

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])

    @property
    def sender_code(self) -> str:
        return str(self.manifest["sender"]["code"])


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _local_rows(session: Session, table: Table, ids: list[str]) -> dict[str, dict[str, Any]]:
    found = {}
    for chunk in _chunks(ids):
        for row in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            found[row["id"]] = row_json(table, row)
    return found


def _bases(session: Session, name: str, ids: list[str]) -> dict[str, tuple[int, str]]:
    found = {}
    for chunk in _chunks(ids):
        statement = select(MergeBase.record_id, MergeBase.revision, MergeBase.digest).where(
            MergeBase.table_name == name, MergeBase.record_id.in_(chunk)
        )
        for record_id, revision, base_digest in session.execute(statement):
            found[record_id] = (revision, base_digest)
    return found


def _pending(session: Session, name: str, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        statement = select(Conflict.record_id).where(
            Conflict.table_name == name, Conflict.record_id.in_(chunk), Conflict.resolved.is_(False)
        )
        found.update(session.scalars(statement))
    return found


def classify(incoming: dict[str, Any], local: dict[str, Any] | None, base: tuple[int, str] | None, pending: bool,
             incoming_digest: str | None = None, local_digest: str | None = None) -> str:
    """Return the category of an incoming record given our row and the common base (revision, digest).

    New if we lack it; unchanged if the content is the same; older if its revision is below the one
    last applied here (revisions only move forward); updated (or deleted) if only the sender changed it
    since the base; unchanged if only we did; otherwise a conflict for a person.
    """
    if local is None:
        return "deleted" if incoming["deleted"] else "new"
    incoming_digest = incoming_digest or digest(incoming)
    local_digest = local_digest or digest(local)
    if incoming_digest == local_digest:
        return "unchanged"
    if base is not None and incoming["revision"] < base[0]:
        return "older"
    if pending:
        return "conflict"
    if base is not None:
        base_revision, base_digest = base
        local_changed = local["revision"] != base_revision or local_digest != base_digest
        incoming_changed = incoming["revision"] != base_revision or incoming_digest != base_digest
        if not local_changed:
            return "deleted" if incoming["deleted"] and not local["deleted"] else "updated"
        if not incoming_changed:
            return "unchanged"
    return "conflict"


def open_and_check(session: Session, data: bytes) -> tuple[OpenedBundle, PartnerCard]:
    """Return (bundle, sender card row) after every check on the bundle as a whole; raise ExchangeError."""
    keys = own_keys(session)
    bundle = open_bundle(data, keys)
    manifest = bundle.manifest
    profile = get_profile(session)
    recipient = manifest["recipient"]
    if recipient["code"] != profile.code or recipient["fingerprint"] != keys.fingerprint:
        raise ExchangeError(
            _("这个数据包是发给“{name}”（{code}）的，不是发给本单位的，不能导入。").format(
                name=printable(str(recipient.get("name", ""))[:100]), code=printable(str(recipient["code"])[:32])
            )
        )
    sender = session.get(PartnerCard, bundle.sender_code)
    if sender is None:
        raise ExchangeError(
            _("发送单位“{name}”（{code}）的密钥卡还没有登记，无法确认数据包的来源，不能导入。").format(
                name=printable(str(manifest["sender"].get("name", ""))[:100]), code=printable(bundle.sender_code[:32])
            )
        )
    verify_signature(bundle, card_of(sender))
    unknown = set(manifest["schema"]) - known_revisions()
    if unknown:
        raise ExchangeError(_("这个数据包来自更新版本的妇联工作台（数据结构 {revisions}），请先升级本程序再导入。").format(
            revisions=printable("、".join(sorted(unknown))[:100])
        ))
    return bundle, sender


Writer = Callable[["ImportPlan", list[Action]], None]


def plan_import(session: Session, data: bytes, progress: Progress | None = None, writer: Writer | None = None,
                tables: TravelSet | None = None) -> ImportPlan:
    """Return the dry-run plan of importing ``data``; raise ExchangeError if the bundle is refused as a whole.

    ``progress`` hears of every CHUNK records weighed; Cancelled is raised if it answers False.

    With ``writer``, each weighed chunk's actions are handed to it (in the travelling tables' order)
    while no record has been rejected; chunks whose links are not all found yet are held back and
    handed over at the end, once every link is checked. The caller undoes what was written if the
    plan ends with rejections. ``tables`` are the travelling tables (the program's own when None).
    """
    tables = tables if tables is not None else program_tables()
    step(progress, 0, 0, _("正在解密并校验数据包…"))
    bundle, sender = open_and_check(session, data)
    names = [str(part["table"]) for part in bundle.manifest["parts"]]
    registrations = check_body(bundle, frozenset(i for i, name in enumerate(names) if name == SUB_OFFICE))
    plan = ImportPlan(bundle.manifest, sender.name, tables)
    bundle_id = bundle.manifest["bundle_id"]
    if session.scalar(select(func.count()).select_from(LedgerEntry).where(LedgerEntry.bundle_id == bundle_id)):
        plan.already_imported = True  # nothing to weigh: the ledger already holds what it did
        return plan
    last = session.scalar(select(func.max(LedgerEntry.sequence)).where(LedgerEntry.sender == sender.code)) or 0
    if plan.sequence > last + 1:
        first, end = last + 1, plan.sequence - 1
        plan.gap = str(first) if first == end else f"{first}–{end}"
    known = tables.by_name
    plan.origins = _origin_check(session, plan.sender_code, [parse_line(line) for _index, line in registrations], tables)
    del registrations
    weighed = sum(int(part["count"]) for part in bundle.manifest["parts"] if part["table"] in known)
    planner = _Planner(session, plan, writer, _Counter(progress, weighed))
    audit_records = []
    with settings_held(session):  # the records' checks read office settings; importing changes none
        for name, line in _in_table_order(bundle, names, known):
            if name == history.PART:
                audit_records.append(parse_line(line))
            elif name not in known:
                record = parse_line(line)
                record_id = str(record.get("id", ""))[:36] if isinstance(record, dict) else ""
                _reject(plan, name[:64], record_id,
                        _("本程序没有这一类数据（{table}），可能需要升级").format(table=name[:64]))
            else:
                planner.add(known[name], line)
        planner.finish()
    _check_history(plan, audit_records)
    return plan


def _in_table_order(bundle: OpenedBundle, names: list[str], known: dict[str, TravelTable]) -> Iterator[tuple[str, bytes]]:
    """Yield (part's table, line) with the travelling tables in their order (parents first).

    A bundle made by this program lists them so already and is streamed; one listing them otherwise
    is regrouped first (holding its lines: bounded by the bundle limits).
    """
    rank = {name: position for position, name in enumerate(known)}
    ranks = [rank[name] for name in names if name in rank]
    if ranks == sorted(ranks):
        for index, line in lines(bundle):
            yield names[index], line
        return
    grouped: dict[str, list[bytes]] = defaultdict(list)
    for index, line in lines(bundle):
        if names[index] in rank:
            grouped[names[index]].append(line)
        else:
            yield names[index], line
    for name in known:
        for line in grouped.pop(name, []):
            yield name, line


class _Counter:
    """Records weighed so far, told to ``progress`` every CHUNK records and at the last."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def add(self, count: int = 1) -> None:
        before, self.done = self.done, self.done + count
        if self.done // CHUNK != before // CHUNK or self.done == self.total:
            step(self.progress, self.done, self.total, _("正在核对第 {done} / {total} 条记录").format(
                done=format_count(self.done), total=format_count(self.total)))


class _Planner:
    """Weighs a table's records a chunk at a time; hands each chunk to the writer, then slims its actions."""

    def __init__(self, session: Session, plan: ImportPlan, writer: Writer | None, counter: _Counter):
        self.session, self.plan, self.writer, self.counter = session, plan, writer, counter
        self.accepted: dict[str, set[str]] = defaultdict(set)
        self.seen: dict[str, set[str]] = defaultdict(set)
        self.travel: TravelTable | None = None
        self.pending: list[bytes] = []
        self.held: list[list[Action]] = []  # chunks waiting for links still unresolved (import only)
        self.cross = CrossChecks(session, {travel.name: travel.table for travel in plan.tables})

    def add(self, travel: TravelTable, line: bytes) -> None:
        if travel is not self.travel or len(self.pending) >= PLAN_CHUNK:
            self.flush()
            if travel is not self.travel:
                self.settle()
            self.travel = travel
        self.pending.append(line)
        self.counter.add()

    def flush(self) -> None:
        if self.travel is None or not self.pending:
            return
        actions = _plan_chunk(self.session, self.plan, self.travel, self.pending, self.accepted, self.seen, self.cross)
        self.pending = []
        unresolved = _links(self.session, self.plan, actions, self.accepted)
        if self.writer is None:
            for action in actions:
                action.slim()
        elif unresolved or self.held:
            self.held.append(actions)  # written once every link is known to exist
        else:
            self._write(actions)

    def _write(self, actions: list[Action]) -> None:
        if self.writer is not None and actions and not self.plan.rejected:
            self.writer(self.plan, actions)
        for action in actions:
            action.slim()

    def settle(self, name: str | None = None) -> None:
        """Reject the records clashing with rows of the last table here that its last chunk left as they are."""
        name = name or (self.travel.name if self.travel is not None else None)
        if name is not None:
            for table, reasons in self.cross.settle(name, self.seen[name]).items():
                _drop(self.plan, table, reasons)

    def finish(self) -> None:
        self.flush()
        self.settle()
        for name in self.cross.unsettled():  # tables the bundle did not bring at all
            self.settle(name)
        _check_references(self.plan, self.accepted)
        kept = {id(action) for action in self.plan.actions}
        for actions in self.held:
            self._write([action for action in actions if id(action) in kept])
        self.held = []


def _check_history(plan: ImportPlan, records: list[Any]) -> None:
    """Keep the history entries of records in this bundle made at offices the sender speaks for."""
    present: dict[str, set[str]] = defaultdict(set)
    for action in plan.actions:
        present[action.table.name].add(action.values["id"])
    origins = plan.origins
    refused = {(table, record_id) for table, record_id, _reason in plan.rejected}
    for record in records:
        entry, reason = history.parse_entry(record)
        record_id = str(record.get("record_id", ""))[:36] if isinstance(record, dict) else ""
        if entry is None:
            _reject(plan, history.PART, record_id, reason)
        elif origins is not None and entry["origin_office"] == origins.receiver:
            continue  # our own log already holds it
        elif origins is not None and entry["origin_office"] not in origins.subtree:
            _reject(plan, history.PART, record_id, outside_reason(entry["origin_office"]))
        elif (entry["table"], entry["record_id"]) in refused:
            continue  # its record is rejected, and says why: the bundle is refused anyway
        elif entry["record_id"] not in present.get(entry["table"], ()):
            _reject(plan, history.PART, record_id, _("审计记录所属的记录不在这个数据包中"))
        else:
            plan.audit.append(entry)


def _origin_check(session: Session, sender: str, registrations: list[Any], tables: TravelSet) -> OriginCheck:
    """Parse the bundle's registrations of offices below (if any) and judge them with every other record's origin."""
    travel = tables.by_name.get(SUB_OFFICE)
    offices = []
    if travel is not None:
        for record in registrations:
            values, problems = parse_record(travel.table, record)
            if not problems and values is not None:
                offices.append(values)
    return check_origins(session, sender, offices)


def _reject(plan: ImportPlan, table: str, record_id: str, reason: str) -> None:
    table, record_id, reason = printable(table), printable(record_id), printable(reason)
    plan.counts[table]["rejected"] += 1
    plan.rejected.append((table, record_id, reason))


def _plan_chunk(session: Session, plan: ImportPlan, travel: TravelTable, records: list[bytes],
                accepted: dict[str, set[str]], seen: dict[str, set[str]], cross: CrossChecks) -> list[Action]:
    """Weigh one chunk of a table's records (JSON lines); return their actions (also added to the plan)."""
    table = travel.table
    codec = codec_for(table)
    parsed: list[tuple[dict[str, Any], dict[str, Any]]] = []
    seen_here = seen[travel.name]
    for line in records:
        record = parse_line(line)
        fast = codec.parse(record, may_hold_lone_surrogates(line))
        incoming: dict[str, Any] | None = None
        if fast is not None:
            values: dict[str, Any] | None = fast[0]
            incoming = fast[1]
            problems: list[str] = []
        else:
            values, problems = parse_record(table, record)
        record_id = str(record.get("id", ""))[:36] if isinstance(record, dict) else ""
        if not problems and values is not None:
            problems = record_problems(session, travel.name, values)
        if problems or values is None:
            _reject(plan, travel.name, record_id, "；".join(problems))
            continue
        if values["id"] in seen_here:
            _reject(plan, travel.name, record_id, _("同一条记录在数据包中出现了两次"))
            continue
        seen_here.add(values["id"])
        if incoming is None:
            incoming = {key: to_json_value(value) for key, value in values.items()}
        parsed.append((values, incoming))
    between = cross.check_chunk(travel.name, [values for values, _json in parsed], seen_here)
    if between:
        for record_id, reason in between.items():
            _reject(plan, travel.name, record_id, reason)
        parsed = [(values, incoming) for values, incoming in parsed if values["id"] not in between]
    ids = [values["id"] for values, _json in parsed]
    locals_ = _local_rows(session, table, ids)
    bases = _bases(session, travel.name, ids)
    pending = _pending(session, travel.name, ids)
    origins = plan.origins
    actions = []
    for values, incoming in parsed:
        record_id = values["id"]
        local = locals_.get(record_id)
        if origins is not None:
            problem = origins.problem(values, local)
            if problem is None and travel.name == SUB_OFFICE:
                problem = origins.rejected.get(record_id)
            if problem:
                _reject(plan, travel.name, record_id, problem)
                continue
        incoming_digest = digest(incoming)
        local_digest = digest(local) if local is not None else None
        category = classify(incoming, local, bases.get(record_id), record_id in pending, incoming_digest, local_digest)
        if origins is not None and values["origin_office"] == origins.receiver and category in ("updated", "deleted", "conflict"):
            # Our own records change here only by a person's choice, and never back to an older revision.
            category = "older" if local is not None and incoming["revision"] < local["revision"] else "conflict"
        write = category in ("new", "updated", "deleted")
        set_base = write or (category == "unchanged" and incoming_digest == local_digest)
        plan.counts[travel.name][category] += 1
        actions.append(Action(travel, category, values, incoming, local, write, set_base, incoming_digest))
        accepted[travel.name].add(record_id)
    plan.actions.extend(actions)
    return actions


def _links(session: Session, plan: ImportPlan, actions: list[Action], accepted: dict[str, set[str]]) -> bool:
    """Note the links of written actions to records neither weighed so far nor here; return whether any."""
    known = plan.tables.by_name
    wanted: dict[str, set[str]] = defaultdict(set)
    for action in actions:
        if action.write:
            for column, target in action.table.references.items():
                value = action.values.get(column)
                if target in known and value is not None and value not in accepted.get(target, ()):
                    wanted[target].add(value)
    if not wanted:
        return False
    existing: dict[str, set[str]] = defaultdict(set)
    for target, ids in wanted.items():
        table = known[target].table
        for chunk in _chunks(sorted(ids)):
            existing[target].update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    found = False
    for action in actions:
        if action.write:
            for column, target in action.table.references.items():
                value = action.values.get(column)
                if (target in known and value is not None and value not in accepted.get(target, ())
                        and value not in existing[target]):
                    plan.unresolved.append((action, column, target))
                    found = True
    return found


def _drop(plan: ImportPlan, table: str, reasons: dict[str, str]) -> None:
    """Reject already weighed actions of ``table``: {record id: reason}."""
    if not reasons:
        return
    kept = []
    for action in plan.actions:
        if action.table.name == table and action.values["id"] in reasons:
            plan.counts[table][action.category] -= 1
            _reject(plan, table, action.values["id"], reasons[action.values["id"]])
        else:
            kept.append(action)
    plan.actions = kept


def _check_references(plan: ImportPlan, accepted: dict[str, set[str]]) -> None:
    """Reject the actions whose links still point nowhere now every record of the bundle is weighed."""
    missing: dict[int, list[str]] = defaultdict(list)
    for action, column, target in plan.unresolved:
        if action.values[column] not in accepted.get(target, ()):
            missing[id(action)].append(column)
    plan.unresolved = []
    if not missing:
        return
    kept = []
    for action in plan.actions:
        columns = missing.get(id(action))
        if columns:
            plan.counts[action.table.name][action.category] -= 1
            _reject(plan, action.table.name, action.values["id"],
                    _("引用的记录不存在（字段 {fields}）").format(fields="、".join(columns)))
        else:
            kept.append(action)
    plan.actions = kept


def received_time(plan: ImportPlan) -> dt.datetime:
    """Return the bundle's creation time from the manifest (now if it cannot be read)."""
    try:
        value = dt.datetime.fromisoformat(str(plan.manifest["created_at"]))
    except ValueError:
        return dt.datetime.now(dt.timezone.utc)
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
