"""Lists of the exchange area: the bundle ledger, conflicts awaiting a person, and registered key cards."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.db.listing import ListQuery, ListSource
from desk.exchange.model import Conflict, LedgerEntry, PartnerCard, TravelledAudit
from desk.exchange.plan import CATEGORIES
from desk.office.model import SubOffice


def summary_text(summary: str) -> str:
    """Return a ledger entry's counts as a clerk reads them: 新增 3，未变 2."""
    try:
        counts = json.loads(summary or "{}")
    except ValueError:
        return ""
    return "，".join(
        _("{category} {count}").format(category=_(label), count=counts[key])
        for key, label in CATEGORIES.items()
        if counts.get(key)
    ) or _("没有记录")


def _ledger_finish(row: dict[str, Any]) -> dict[str, Any]:
    row["summary_text"] = summary_text(row.pop("summary"))
    row["gap_text"] = _("缺第 {numbers} 号").format(numbers=row["gap"]) if row["gap"] else ""
    return row


LEDGER = ListSource(
    model=LedgerEntry,
    columns={
        "id": LedgerEntry.id,
        "received_at": LedgerEntry.received_at,
        "sender_name": LedgerEntry.sender_name,
        "sender": LedgerEntry.sender,
        "sequence": LedgerEntry.sequence,
        "created_at": LedgerEntry.created_at,
        "records": LedgerEntry.records,
        "summary": LedgerEntry.summary,
        "gap": LedgerEntry.gap,
        "bundle_id": LedgerEntry.bundle_id,
    },
    search=(LedgerEntry.sender_name, LedgerEntry.sender),
    default_order=(LedgerEntry.received_at.desc(),),
    finish=_ledger_finish,
)

def _conflict_finish(row: dict[str, Any]) -> dict[str, Any]:
    from desk.exchange.labels import table_label

    row["table_label"] = table_label(row["table_name"])
    return row


CONFLICTS = ListSource(
    model=Conflict,
    columns={
        "id": Conflict.id,
        "created_at": Conflict.created_at,
        "table_name": Conflict.table_name,
        "record_id": Conflict.record_id,
        "sender": Conflict.sender,
    },
    search=(Conflict.table_name, Conflict.record_id, Conflict.sender),
    default_order=(Conflict.created_at,),
    filters={"open": lambda value: Conflict.resolved.is_(not value)},
    finish=_conflict_finish,
)

PARTNERS = ListSource(
    model=PartnerCard,
    columns={
        "code": PartnerCard.code,
        "name": PartnerCard.name,
        "fingerprint": PartnerCard.fingerprint,
        "registered_at": PartnerCard.registered_at,
        "last_sequence": PartnerCard.last_sequence,
        "last_export_at": PartnerCard.last_export_at,
    },
    search=(PartnerCard.name, PartnerCard.code),
    default_order=(PartnerCard.code,),
)


def _history_finish(row: dict[str, Any]) -> dict[str, Any]:
    """Name the entry's kind and table, and give its detail as the audit log words it, masked (see ``history_shown_for``)."""
    from desk.exchange.labels import table_label
    from desk.security.audit import KINDS
    from desk.security.queries import local_time

    row["table_label"] = table_label(row["table_name"])
    row["kind_label"] = _(KINDS[row["kind"]]) if row["kind"] in KINDS else row["kind"]
    at = row["at"]
    row["at_text"] = local_time(at).strftime("%Y-%m-%d %H:%M:%S") if isinstance(at, dt.datetime) else str(at or "")
    row["sender_text"] = _("{name}（{code}）").format(name=row["sender_name"], code=row["sender"])
    origin = row["origin_office"]
    name = row.pop("origin_name", None) or (row["sender_name"] if origin == row["sender"] else "")
    row["origin_text"] = _("{name}（{code}）").format(name=name, code=origin) if name else origin
    return history_shown_for(row, None)


def history_shown_for(row: dict[str, Any], actor: object | None) -> dict[str, Any]:
    """Return a travelled entry with its detail worded and masked by the fields' declared sensitivity.

    The audit log's own formatter (desk.security.queries) words it; ID and phone numbers are always
    masked here, whatever the reader's grants: the full values are the sending office's to show.
    Without a content role (``actor`` given) names are masked and free texts hidden as well.
    """
    from desk.security.queries import describe_detail, detail_data, reader_flags

    content = reader_flags(actor)[0] if actor is not None else True
    row = dict(row)
    raw = row.pop("raw_detail", row.get("detail", ""))
    row["raw_detail"] = raw
    row["detail_text"] = describe_detail(row["kind"], raw, content, False, row["table_name"], row.get("links"))
    shown = detail_data(raw, content, False, row["table_name"])
    row["detail"] = json.dumps(shown, ensure_ascii=False) if shown is not None else ""
    return row


def history_json(row: dict[str, Any]) -> dict[str, Any]:
    """Return a travelled entry as ``list travelled-audit`` prints it: masked, never the stored detail."""
    return {key: row[key] for key in ("at_text", "origin_office", "origin_text", "sender_text", "user", "kind_label",
                                      "table_label", "record_id", "detail_text", "kind", "table_name")}


# What a reader sees of a travelled entry, and so what a search over the list may match.
SHOWN = ("at_text", "origin_text", "sender_text", "user", "kind_label", "table_label", "detail_text")
SCAN = 1000  # entries worded at once while searching


class TravelledSource(ListSource):
    """The travelled history: a search matches the text a reader is shown (masked), never the stored detail.

    Masking depends on the reader, so the search cannot be SQL: the entries (within the other filters)
    are worded a thousand at a time and only the ids of the matching ones kept.
    """

    def matching_ids(self, session: Session, query: ListQuery, actor: object | None = None) -> list[int]:
        """Return the ids, in the list's order, of the entries whose shown text (for ``actor``) holds the search text."""
        text = query.search.strip().casefold()
        plain = replace(query, search="")
        found: list[int] = []
        offset = 0
        names: dict[tuple[str, str], tuple[str, str]] = {}  # linked records named once per search
        while True:
            rows = self._named(session, ListSource.rows(self, session, plain, offset, SCAN), names)
            for row in rows:
                shown = history_shown_for(row, actor) if actor is not None else row
                if text in " ".join(str(shown[key]) for key in SHOWN).casefold():
                    found.append(row["id"])
            if len(rows) < SCAN:
                return found
            offset += SCAN

    def count(self, session: Session, query: ListQuery) -> int:
        if query.search.strip():
            return len(self.matching_ids(session, query))
        return super().count(session, query)

    def rows(self, session: Session, query: ListQuery, offset: int = 0, limit: int | None = 200,
             total: int | None = None) -> list[dict[str, Any]]:
        if query.search.strip():
            ids = self.matching_ids(session, query)
            return self.rows_of(session, ids[offset:None if limit is None else offset + limit])
        return self._named(session, super().rows(session, query, offset, limit, total), {})

    def rows_of(self, session: Session, ids: list[int]) -> list[dict[str, Any]]:
        """Return the entries with ``ids`` (as ``matching_ids`` found them), in the list's order."""
        if not ids:
            return []
        return self._named(session, super().rows(session, ListQuery(filters={"ids": ids}), 0, None), {})

    @staticmethod
    def _named(session: Session, rows: list[dict[str, Any]],
               names: dict[tuple[str, str], tuple[str, str]]) -> list[dict[str, Any]]:
        """Name the records the entries link to (a step's petition, a line's visit) as this office holds them."""
        from desk.db.records import links_of, record_name
        from desk.security.queries import RECORD_KINDS

        named = []
        for row in rows:
            linked = links_of(row["table_name"]) if row["kind"] in RECORD_KINDS and row["table_name"] else {}
            try:
                data = json.loads(row["raw_detail"] or "{}") if linked else {}
            except ValueError:
                data = {}
            links = {}
            for key, value in data.items() if isinstance(data, dict) else ():
                for item in (value if isinstance(value, list) else [value]) if key in linked else ():
                    if item and str(item) not in links:
                        if (linked[key], str(item)) not in names:
                            names[(linked[key], str(item))] = record_name(session, linked[key], str(item))
                        links[str(item)] = names[(linked[key], str(item))]
            named.append(history_shown_for(row | {"links": links}, None) if links else row)
        return named


# The origin office's name as this office registered it (the subtree's register travels with the bundles).
_ORIGIN_NAME = (select(func.min(SubOffice.name))
                .where(SubOffice.code == TravelledAudit.origin_office, SubOffice.deleted.is_(False))
                .scalar_subquery())

# The history of records made at other offices, kept apart from this office's own audit log.
TRAVELLED_AUDIT = TravelledSource(
    model=TravelledAudit,
    columns={
        "id": TravelledAudit.id,
        "at": TravelledAudit.at,
        "origin_office": TravelledAudit.origin_office,
        "user": TravelledAudit.user,
        "kind": TravelledAudit.kind,
        "table_name": TravelledAudit.table_name,
        "record_id": TravelledAudit.record_id,
        "detail": TravelledAudit.detail,
        "sender_name": TravelledAudit.sender_name,
        "sender": TravelledAudit.sender,
        "origin_name": _ORIGIN_NAME,
    },
    default_order=(TravelledAudit.at.desc(), TravelledAudit.id.desc()),
    filters={"record": lambda value: TravelledAudit.record_id == value,
             "sender": lambda value: TravelledAudit.sender == value,
             "ids": lambda value: TravelledAudit.id.in_(value)},
    finish=_history_finish,
)
