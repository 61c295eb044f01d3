"""Who may exchange: export needs the export grant, import and conflicts the write permission, key cards an administrator; all audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desk.core.errors import PermissionDenied
from desk.db.records import Actor
from desk.exchange.apply import resolve_conflict
from desk.exchange.export import export_bundle, selection_for
from desk.exchange.keys import own_card
from desk.exchange.model import Conflict
from desk.exchange.partners import register_card
from desk.security.model import AuditEntry
from tests.desk.exchange.helpers import export, import_into
from tests.desk.exchange.test_exchange import _add_household, _edit_both_sides


def _as(office, *roles):
    return Actor(user="someone", office_code=office.code, roles=frozenset(roles))


def _audit(office, kind):
    with office.session() as session:
        return [json.loads(entry.detail or "{}") | {"user": entry.user, "record_id": entry.record_id}
                for entry in session.scalars(select(AuditEntry).where(AuditEntry.kind == kind))]


def test_a_clerk_cannot_register_key_cards_or_export(offices, tmp_path):
    city, town, _region = offices
    _add_household(town)
    with town.begin() as session:
        card = own_card(session)
    with city.begin() as session, pytest.raises(PermissionDenied):
        register_card(session, _as(city, "clerk"), card, card.fingerprint)
    with town.begin() as session, pytest.raises(PermissionDenied):
        selection = selection_for(session, city.code, None, False)
        export_bundle(session, _as(town, "clerk"), city.code, tmp_path, selection, town.tables)
    assert list(tmp_path.glob("*.deskbundle")) == []
    with town.begin() as session:  # the export grant on top of the clerk's role is enough
        result = export_bundle(session, _as(town, "clerk", "export"), city.code, tmp_path,
                               selection_for(session, city.code, None, False), town.tables)
    (entry,) = _audit(town, "export")
    assert entry["recipient"] == city.code and entry["sequence"] == result.sequence
    assert entry["counts"]["xt_household"] == 1 and entry["user"] == "someone"
    with city.begin() as session:
        register_card(session, _as(city, "admin"), card, card.fingerprint)
    assert _audit(city, "key_card")[-1]["fingerprint"] == card.fingerprint


def test_a_reviewer_may_check_a_bundle_but_not_import_it(offices, tmp_path):
    city, town, _region = offices
    _add_household(town)
    data = export(town, city.code, tmp_path)
    with city.begin() as session:
        from desk.exchange.apply import import_bundle

        plan = import_bundle(session, _as(city, "reviewer"), data, "x.deskbundle", dry_run=True, tables=city.tables).plan
    assert plan.counts["xt_household"]["new"] == 1
    with city.begin() as session, pytest.raises(PermissionDenied):
        import_bundle(session, _as(city, "reviewer"), data, "x.deskbundle", tables=city.tables)
    assert _audit(city, "import") == []
    import_into(city, data)
    (entry,) = _audit(city, "import")
    assert entry["sender"] == town.code and entry["counts"]["new"] == plan.totals["new"]
    assert entry["record_id"] == "test.deskbundle"


def test_conflict_resolution_needs_write_and_is_audited_field_by_field(offices, tmp_path):
    city, house_id, _result = _edit_both_sides(offices, tmp_path)
    with city.session() as session:
        conflict_id = session.scalars(select(Conflict.id)).one()
    with city.begin() as session, pytest.raises(PermissionDenied):
        resolve_conflict(session, _as(city, "reviewer"), conflict_id, "theirs", city.tables)
    with city.begin() as session:
        resolve_conflict(session, city.actor, conflict_id, "theirs", city.tables)
    (entry,) = _audit(city, "conflict")
    assert entry["choice"] == "theirs" and entry["record"] == house_id
    assert entry["fields"] == {"head": {"mine": "市里改的", "theirs": "镇里改的", "taken": "theirs"}}
