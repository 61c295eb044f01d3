"""Two clerks on one database: a save never overwrites what the other saved since (both engines)."""

from __future__ import annotations

import json
import multiprocessing
import time

import pytest
from sqlalchemy import select

from desk.core.errors import ChangedMeanwhile
from desk.db.database import open_database
from desk.db.records import expect_revision, loaded_revision
from desk.office.model import SubOffice
from desk.office.service import actor_for, delete_sub_office, load_sub_office, save_sub_office
from desk.security.audit import AuditEntry
from desk.security.users import add_user

OFFICE = {"name": "塘岸镇妇联", "code": "450981101", "level": "town", "parent_code": "450981",
          "contact_person": "梁小燕", "phone": "0775-6512018", "notes": ""}


def _office(database, actor) -> str:
    with database.sessions.begin() as session:
        add_user(session, actor, {"username": "clerk2", "password": "pw-clerk2", "roles": "clerk"})
        return save_sub_office(session, actor, None, dict(OFFICE))


def test_a_save_based_on_an_old_revision_is_refused_naming_who_changed_it(database, actor):
    record_id = _office(database, actor)
    with database.sessions() as session:  # the first clerk opens the form
        mine = load_sub_office(session, record_id)
        revision = loaded_revision(session, record_id)
    assert revision == 1
    with database.sessions.begin() as session:  # the second clerk saves meanwhile
        other = actor_for(session, "clerk2")
        save_sub_office(session, other, record_id, {**load_sub_office(session, record_id), "contact_person": "钟秀兰"})
    with pytest.raises(ChangedMeanwhile, match="clerk2") as refused:
        with database.sessions.begin() as session:
            expect_revision(session, record_id, revision)
            save_sub_office(session, actor, record_id, {**mine, "phone": "0775-6000000"})
    assert "您输入的内容仍在表单中" in refused.value.message
    with pytest.raises(ChangedMeanwhile):
        with database.sessions.begin() as session:
            expect_revision(session, record_id, revision)
            delete_sub_office(session, actor, record_id)
    with database.sessions() as session:
        stored = session.get(SubOffice, record_id)
        assert (stored.contact_person, stored.phone, stored.revision, stored.deleted) == (
            "钟秀兰", "0775-6512018", 2, False)


def test_a_save_on_the_current_revision_goes_through(database, actor):
    record_id = _office(database, actor)
    with database.sessions() as session:
        values = load_sub_office(session, record_id)
        revision = loaded_revision(session, record_id)
    with database.sessions.begin() as session:
        expect_revision(session, record_id, revision)
        save_sub_office(session, actor, record_id, {**values, "phone": "0775-6000000"})
    with database.sessions() as session:
        assert session.get(SubOffice, record_id).revision == 2


def _clerk(target: str, user: str, record_id: str, rounds: int, queue) -> None:
    """One clerk's process: open the record, append a mark to its notes, save; again and again."""
    database = open_database(target, migrate=False)
    accepted: list[str] = []
    refused: list[str] = []
    for number in range(rounds):
        mark = f"{user[0]}{number};"
        with database.sessions() as session:
            values = load_sub_office(session, record_id)
            revision = loaded_revision(session, record_id)
            actor = actor_for(session, user)
        try:
            with database.sessions.begin() as session:
                expect_revision(session, record_id, revision)
                save_sub_office(session, actor, record_id, {**values, "notes": values["notes"] + mark})
            accepted.append(mark)
        except ChangedMeanwhile as exc:
            refused.append(exc.message)
    database.close()
    queue.put((user, accepted, refused))


def test_two_processes_saving_the_same_record_lose_no_update(database, actor):
    record_id = _office(database, actor)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    rounds = 30
    workers = [context.Process(target=_clerk, args=(database.target, user, record_id, rounds, queue))
               for user in ("admin", "clerk2")]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    accepted = [mark for _user, marks, _refused in results for mark in marks]
    refusals = [message for _user, _marks, messages in results for message in messages]
    assert len(accepted) + len(refusals) == 2 * rounds
    assert all("没有保存" in message for message in refusals)  # every refused save says so
    with database.sessions() as session:
        stored = session.get(SubOffice, record_id)
        kept = [mark for mark in stored.notes.split(";") if mark]
        # No accepted save was overwritten: every accepted mark is in the notes, each once.
        assert sorted(kept) == sorted(mark.rstrip(";") for mark in accepted)
        assert stored.revision == 1 + len(accepted)
        edits = session.scalars(select(AuditEntry).where(AuditEntry.record_id == record_id,
                                                         AuditEntry.kind == "edit")).all()
        assert len(edits) == len(accepted)  # the audit log has every accepted change
        assert {json.loads(entry.detail)["notes"][1].count(";") for entry in edits} == set(
            range(1, len(accepted) + 1))
    assert time.monotonic() - started < 240
