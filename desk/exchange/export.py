"""Export: choose the travelling records, count them per area, and write one verified bundle atomically."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from desk.core.errors import NotFoundError
from desk.core.i18n import _
from desk.core.periods import Period
from desk.db.base import utcnow
from desk.db.records import Actor
from desk.exchange.bundle import encode_bundle
from desk.exchange.keys import ExchangeError, own_card, own_keys
from desk.exchange.model import PartnerCard
from desk.exchange.partners import card_of, partner
from desk.exchange.schema import schema_revisions
from desk.exchange.travel import TravelTable, row_json, travelling_tables
from desk.office.service import get_profile
from desk.version import __version__

BUNDLE_SUFFIX = ".deskbundle"


@dataclass(frozen=True)
class Selection:
    """What goes: a period, or everything changed since the last export to that office (None: all)."""

    period: Period | None = None
    since: dt.datetime | None = None


def selection_for(session: Session, recipient_code: str, period: Period | None, since_last: bool) -> Selection:
    """Return the selection the user asked for."""
    if period is not None:
        return Selection(period=period)
    if since_last:
        return Selection(since=partner(session, recipient_code).last_export_at)
    return Selection()


def _where(table, selection: Selection):
    column = table.c.updated_at
    if selection.period is not None:
        start = dt.datetime.combine(selection.period.start, dt.time.min)
        end = dt.datetime.combine(selection.period.end + dt.timedelta(days=1), dt.time.min)
        return and_(column >= start, column < end)
    if selection.since is not None:
        return column >= selection.since.replace(tzinfo=None)
    return None


def _select(table, selection: Selection, columns):
    statement = select(*columns)
    condition = _where(table, selection)
    return statement if condition is None else statement.where(condition)


def export_counts(session: Session, selection: Selection, tables: list[TravelTable] | None = None) -> dict[str, int]:
    """Return how many records of each travelling table would go (SQL counts)."""
    result = {}
    for travel in tables or travelling_tables():
        table = travel.table
        result[travel.name] = session.scalar(_select(table, selection, [func.count()]).select_from(table)) or 0
    return result


@dataclass(frozen=True)
class ExportResult:
    """A written bundle: its path, sequence number, and counts per table."""

    path: Path
    sequence: int
    counts: dict[str, int]
    bundle_id: str


def export_bundle(
    session: Session,
    actor: Actor,
    recipient_code: str,
    folder: Path,
    selection: Selection,
    tables: list[TravelTable] | None = None,
) -> ExportResult:
    """Write a bundle for ``recipient_code`` into ``folder``, read it back, and return what was written.

    Raises ExchangeError (no card registered, folder not writable, stick full or removed).
    The caller commits: the sequence number and last-export time are only kept on success.
    """
    recipient_row = partner(session, recipient_code)
    recipient = card_of(recipient_row)
    keys = own_keys(session)
    me = own_card(session)
    started = utcnow()
    tables = tables or travelling_tables()
    parts = []
    counts = {}
    for travel in tables:
        table = travel.table
        statement = _select(table, selection, [table]).order_by(table.c.created_at, table.c.id)
        lines = []
        for row in session.execute(statement).mappings():
            lines.append(json.dumps(row_json(table, row), ensure_ascii=False, separators=(",", ":")))
        counts[travel.name] = len(lines)
        if lines:
            parts.append((travel.name, ("\n".join(lines) + "\n").encode("utf-8"), len(lines)))
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
    }
    data = encode_bundle(manifest, parts, keys, recipient)
    name = f"{me.code}-{recipient.code}-{sequence:05d}{BUNDLE_SUFFIX}"
    path = write_atomically(Path(folder), name, data)
    _read_back(path, data)
    recipient_row.last_sequence = sequence
    recipient_row.last_export_at = started
    return ExportResult(path, sequence, counts, bundle_id)


def write_atomically(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` through a temporary file, fsync and rename; return the path.

    A failure (full or removed stick) leaves no file under the final name.
    """
    if not folder.is_dir():
        raise ExchangeError(_("目标文件夹不存在：{path}。U 盘是否已拔出？").format(path=folder))
    target = folder / name
    temp = folder / f".{name}.part"
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
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
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ExchangeError(
            _("无法写入数据包：{reason}。U 盘可能已满、只读或已拔出，没有留下不完整的文件。").format(reason=exc.strerror or exc)
        ) from None
    return target


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
