"""Export: choose the travelling records, count them per area, and write one verified bundle atomically."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Date, DateTime, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from desk.core.errors import Cancelled, NotFoundError
from desk.core.i18n import _
from desk.core.periods import Period
from desk.core.progress import Progress, step
from desk.core.roles import DO_EXPORT, require
from desk.db.base import utcnow
from desk.db.records import Actor
from desk.exchange import history
from desk.exchange.bundle import BodyWriter
from desk.exchange.keys import ExchangeError, own_card, own_keys
from desk.exchange.marks import own_records_of_period, parent_dated, period_column
from desk.exchange.model import MergeBase, PartnerCard
from desk.exchange.origins import SUB_OFFICE, export_origins
from desk.exchange.partners import card_of, partner
from desk.exchange.schema import schema_revisions
from desk.exchange.travel import TravelSet, TravelTable, program_tables, to_json_value
from desk.office.service import get_profile
from desk.security import audit
from desk.security.audit import record_event
from desk.version import __version__

BUNDLE_SUFFIX = ".deskbundle"


@dataclass(frozen=True)
class Selection:
    """What goes: a period, or what changed or arrived since the last export to that office (None: all).

    ``origins`` limits the records to those made at these offices (None: no limit); ``received_after``
    adds the records this office received (not from the recipient) after that local receive sequence.
    """

    period: Period | None = None
    since: dt.datetime | None = None
    origins: frozenset[str] | None = None
    registrations: bool = True
    received_after: int | None = None
    recipient: str = ""


def selection_for(session: Session, recipient_code: str, period: Period | None, since_last: bool) -> Selection:
    """Return the selection the user asked for, limited to the records this office may pass to ``recipient_code``."""
    row = session.get(PartnerCard, recipient_code)  # counts may be previewed before the card is registered
    origins, registrations = export_origins(session, recipient_code, row.level if row is not None else "")
    base = Selection(origins=frozenset(origins), registrations=registrations, recipient=recipient_code)
    if period is not None:
        return replace(base, period=period)
    if since_last and row is not None:
        return replace(base, since=row.last_export_at, received_after=row.last_receive_seq)
    return base


def _where(travel: TravelTable, selection: Selection, tables: TravelSet) -> ColumnElement[bool] | None:
    table = travel.table
    column = table.c.updated_at
    conditions: list[ColumnElement[bool]] = []
    if selection.period is not None:
        return _in_period(travel, selection, selection.period, tables, set())
    if selection.origins is not None:
        conditions.append(table.c.origin_office.in_(sorted(selection.origins)))
    if selection.since is not None:  # never exported before: everything goes
        changed: list[ColumnElement[bool]] = [column >= selection.since.replace(tzinfo=None)]
        if selection.received_after is not None:
            received = select(MergeBase.record_id).where(
                MergeBase.table_name == travel.name,
                MergeBase.receive_seq > selection.received_after,
                MergeBase.sender != selection.recipient,
            )
            changed.append(table.c.id.in_(received))
        conditions.append(or_(*changed))
    return and_(*conditions) if conditions else None


def _in_period(travel: TravelTable, selection: Selection, period: Period, tables: TravelSet,
               seen: set[str]) -> ColumnElement[bool]:
    """Return the condition selecting ``travel``'s records of ``period`` (within the selection's origins).

    A record belongs to the period of its kind's declared period date (``RecordKind.period_field``), a
    line to its parent's, however late either was edited; a register or catalogue entry (a kind without
    one) goes when it changed in the period.  Besides, a record goes when a record going links to it (a
    stipend line's beneficiary and her person, an award's title and event), so nothing arrives dangling.
    """
    table = travel.table
    column = period_column(travel.name)
    parent = parent_dated(travel)
    own: ColumnElement[bool]
    if column:
        own = table.c[column].between(period.start, period.end)
    elif parent is not None:
        parent_table = tables.by_name[parent[1]].table
        own = table.c[parent[0]].in_(select(parent_table.c.id).where(
            parent_table.c[period_column(parent[1])].between(period.start, period.end)))
    else:
        start = dt.datetime.combine(period.start, dt.time.min)
        end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min)
        own = and_(table.c.updated_at >= start, table.c.updated_at < end)
    wanted = [own]
    seen = seen | {travel.name}
    for other in tables:
        for link, target in sorted(other.references.items()):
            if (target == travel.name and other.name not in seen and _travels(other, selection)
                    and (period_column(other.name) or parent_dated(other) != (link, travel.name))):
                # (a line dated by this parent goes with it anyway)
                wanted.append(table.c.id.in_(select(other.table.c[link]).where(
                    _in_period(other, selection, period, tables, seen))))
    condition = or_(*wanted)
    if selection.origins is not None:
        condition = and_(table.c.origin_office.in_(sorted(selection.origins)), condition)
    return condition


def _travels(travel: TravelTable, selection: Selection) -> bool:
    return selection.registrations or travel.name != SUB_OFFICE


def _select(travel: TravelTable, selection: Selection, columns: Sequence[Any], tables: TravelSet) -> Select[Any]:
    statement = select(*columns)
    condition = _where(travel, selection, tables)
    return statement if condition is None else statement.where(condition)


def export_counts(session: Session, selection: Selection, tables: TravelSet | None = None) -> dict[str, int]:
    """Return how many records of each travelling table would go (SQL counts)."""
    result = {}
    tables = tables if tables is not None else program_tables()
    for travel in tables:
        if not _travels(travel, selection):
            result[travel.name] = 0
            continue
        result[travel.name] = session.scalar(_select(travel, selection, [func.count()], tables).select_from(travel.table)) or 0
    return result


@dataclass(frozen=True)
class ExportResult:
    """A written bundle: its path, sequence number, and counts per table; ``path`` None when nothing was new."""

    path: Path | None
    sequence: int
    counts: dict[str, int]
    bundle_id: str
    declared_empty: str = ""

    @property
    def written(self) -> bool:
        return self.path is not None


def export_bundle(
    session: Session,
    actor: Actor,
    recipient_code: str,
    folder: Path,
    selection: Selection,
    tables: TravelSet | None = None,
    keep_alive: bool = False,
    declare_empty: Period | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write a bundle for ``recipient_code`` into ``folder``, read it back, and return what was written.

    With no record to send, nothing is written and no sequence number is used (the result's ``path``
    is None) unless ``keep_alive`` asks for an empty "still alive" bundle or ``declare_empty`` declares
    that this office has no data for that period (本期无数据).
    Raises PermissionDenied without the export permission, ExchangeError (no card registered, folder
    not writable, stick full or removed).  A written bundle is audited (recipient, number, counts).
    The caller commits: the sequence number and last-export time are only kept on success.
    ``progress`` hears of the records read; it may cancel (Cancelled) until the file is written,
    never after, so a cancelled export leaves no file and no new sequence number.
    ``tables`` are the travelling tables (the program's own when None: see TravelSet).
    """
    require(actor, DO_EXPORT)
    tables = tables if tables is not None else program_tables()
    recipient_row = partner(session, recipient_code)
    if selection.recipient != recipient_code:
        origins, registrations = export_origins(session, recipient_code, recipient_row.level)
        selection = replace(selection, origins=frozenset(origins), registrations=registrations, recipient=recipient_code)
    recipient = card_of(recipient_row)
    keys = own_keys(session)
    me = own_card(session)
    if declare_empty is not None:
        _check_declared_empty(session, me.code, declare_empty, tables)
    started = utcnow()
    received_upto = session.scalar(select(func.max(MergeBase.receive_seq))) or 0
    body = BodyWriter()  # records are compressed as they are read: only the compressed body is held
    counts = {}
    exported: dict[str, set[str]] = {}
    read = _Read(progress, sum(export_counts(session, selection, tables).values()) if progress is not None else 0)
    for travel in tables:
        if not _travels(travel, selection):
            counts[travel.name] = 0
            continue
        ids = exported.setdefault(travel.name, set())
        counts[travel.name] = body.add_part(travel.name, _record_lines(session, travel, selection, ids, read, tables))
        if not ids:
            del exported[travel.name]
    if not body.parts and not keep_alive and declare_empty is None:
        return ExportResult(None, 0, counts, "")
    entries = history.gather(session, me.code, exported, selection.since if selection.period is None else None,
                             selection.received_after)
    if entries:
        body.add_part(history.PART, _pieces(json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
                                            for entry in entries))
    sequence = recipient_row.last_sequence + 1
    bundle_id = str(uuid.uuid4())
    manifest = {
        "program_version": __version__,
        "schema": schema_revisions(session),
        "sender": {"code": me.code, "name": me.name, "fingerprint": me.fingerprint},
        "recipient": {"code": recipient.code, "name": recipient.name, "fingerprint": recipient.fingerprint},
        "bundle_id": bundle_id,
        "sequence": sequence,
        "created_at": started.isoformat(),
        "period": selection.period.code if selection.period else "",
        "since": selection.since.isoformat() if selection.since else "",
        "counts": counts,
        "declared_empty": declare_empty.code if declare_empty is not None else "",
    }
    step(progress, read.done, max(read.total, read.done), _("正在加密数据包…"))
    data = body.seal(manifest, keys, recipient)
    name = f"{me.code}-{recipient.code}-{sequence:05d}{BUNDLE_SUFFIX}"
    # Cancellable until the file is complete; the bar stays full (every record is read), the text tells the megabytes.
    writing = None if progress is None else (lambda _done, _total, text=None: progress(read.done, read.done, text))
    path = write_atomically(Path(folder), name, data, writing)
    _read_back(path, data)
    recipient_row.last_sequence = sequence
    recipient_row.last_export_at = started
    recipient_row.last_receive_seq = max(recipient_row.last_receive_seq or 0, received_upto)
    record_event(session, actor, audit.EXPORT, path.name, {
        "exchange": True, "recipient": recipient.code, "bundle_id": bundle_id, "sequence": sequence,
        "counts": {name: count for name, count in counts.items() if count}, "declared_empty": manifest["declared_empty"],
    })
    return ExportResult(path, sequence, counts, bundle_id, declare_empty.code if declare_empty is not None else "")


PIECE_LINES = 2000  # records encoded and compressed together


class _Read:
    """Records read so far, told to ``progress`` every 1,000."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0
        step(progress, 0, total)

    def add(self) -> None:
        self.done += 1
        if self.done % 1000 == 0:
            step(self.progress, self.done, max(self.total, self.done))


def _record_lines(session: Session, travel: TravelTable, selection: Selection, ids: set[str],
                  read: _Read, tables: TravelSet) -> Iterator[bytes]:
    """Yield the selected records of ``travel`` as JSON Lines, a piece at a time; note their ids in ``ids``.

    The column names and which columns need converting (dates and times) are worked out once per table.
    """
    table = travel.table
    names = [column.name for column in table.columns]
    temporal = [position for position, column in enumerate(table.columns)
                if isinstance(column.type, (Date, DateTime))]
    position_of_id = names.index("id")
    statement = _select(travel, selection, [table], tables).order_by(table.c.created_at, table.c.id)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def lines() -> Iterator[str]:
        for row in session.execute(statement.execution_options(yield_per=PIECE_LINES)):
            values = list(row)
            for position in temporal:
                if values[position] is not None:
                    values[position] = to_json_value(values[position])
            ids.add(values[position_of_id])
            read.add()
            yield encode(dict(zip(names, values)))

    return _pieces(lines())


def _pieces(lines: Iterable[str]) -> Iterator[bytes]:
    """Yield ``lines`` joined into UTF-8 pieces of PIECE_LINES lines, each line ended by a newline."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= PIECE_LINES:
            yield ("\n".join(batch) + "\n").encode("utf-8")
            batch = []
    if batch:
        yield ("\n".join(batch) + "\n").encode("utf-8")


def _check_declared_empty(session: Session, office_code: str, period: Period, tables: TravelSet) -> None:
    """Raise ExchangeError if this office has records of ``period``: it cannot declare it had none."""
    count = own_records_of_period(session, office_code, period, tables)
    if count:
        raise ExchangeError(_("本单位{period}有 {count} 条记录，不能声明本期无数据；请按期间导出这些记录。").format(
            period=period.label, count=count))


class CancelledWhileWriting(Cancelled):
    """An export the user cancelled while its file was being written: the unfinished file is gone."""


WRITE_PIECE = 1024 * 1024  # bytes written between two progress reports (a USB stick writes a few MB a second)


def write_atomically(folder: Path, name: str, data: bytes, progress: Progress | None = None) -> Path:
    """Write ``data`` to ``folder/name`` through a temporary file, fsync and rename; return the path.

    A failure (full or removed stick) leaves no file under the final name.  ``progress`` hears of the
    bytes written (正在写入数据包 3.0 / 12.5 MB) and may cancel until the last byte is synced: the
    unfinished file is then deleted and Cancelled raised.
    """
    if not folder.is_dir():
        raise ExchangeError(_("目标文件夹不存在：{path}。U 盘是否已拔出？").format(path=folder))
    target = folder / name
    temp = folder / f".{name}.part"
    total = len(data)
    try:
        with open(temp, "wb") as handle:
            view = memoryview(data)
            for start in range(0, total, WRITE_PIECE):
                _written(progress, start, total)
                handle.write(view[start : start + WRITE_PIECE])
            handle.flush()
            os.fsync(handle.fileno())
            _written(progress, total, total)  # the last chance to cancel: the file is complete but not yet named
        os.replace(temp, target)
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            fd = None
        if fd is not None:
            try:
                os.fsync(fd)
            except OSError:
                pass
            finally:
                os.close(fd)
    except Cancelled:
        temp.unlink(missing_ok=True)
        raise CancelledWhileWriting(_("已取消导出：写了一半的数据包已删除，没有占用编号。")) from None
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ExchangeError(
            _("无法写入数据包：{reason}。U 盘可能已满、只读或已拔出，没有留下不完整的文件。").format(reason=exc.strerror or exc)
        ) from None
    return target


def _written(progress: Progress | None, done: int, total: int) -> None:
    step(progress, done, total, _("正在写入数据包 {done} / {total} MB…").format(
        done=f"{done / 1048576:.1f}", total=f"{total / 1048576:.1f}"))


def _read_back(path: Path, data: bytes) -> None:
    try:
        written = path.read_bytes()
    except OSError as exc:
        raise ExchangeError(_("写入后无法读回数据包：{reason}").format(reason=exc.strerror or exc)) from None
    if written != data:
        path.unlink(missing_ok=True)
        raise ExchangeError(_("写入后读回的数据包与原数据不一致，已删除；请换一个 U 盘再试"))


def default_recipient(session: Session) -> str:
    """Return the code of the higher office (where exports go by default); raise if it has no card."""
    code = get_profile(session).parent_code
    if not code or session.get(PartnerCard, code) is None:
        raise NotFoundError(_("还没有登记上级妇联的密钥卡，请先在“密钥卡”中登记"))
    return code
