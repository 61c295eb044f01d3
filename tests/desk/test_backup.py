"""Backups: made safely, thinned, checked, encrypted like the database, and restored into place."""

from __future__ import annotations

import datetime as dt
import resource
import signal

import pytest
from sqlalchemy import select

from desk.backup.service import (
    BackupError,
    BackupFile,
    auto_backup,
    backups_to_keep,
    check_database,
    check_file,
    default_folder,
    list_backups,
    make_backup,
    restore_backup,
)
from desk.db.database import open_database
from desk.office.model import SubOffice
from desk.office.service import save_sub_office
from desk.security.keys import encrypt_database
from desk.security.session import open_as
from tests.conftest import ADMIN

# Backups of a SQLite file (VACUUM INTO); a server database is backed up with pg_dump.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Cheap Argon2 parameters keep the suite fast."""
    from argon2 import PasswordHasher

    from desk.office import passwords
    from desk.security import keys

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    monkeypatch.setattr(keys, "MEMORY_KIB", 8192)
    monkeypatch.setattr(keys, "TIME_COST", 1)


def _add(database, actor, name, code):
    with database.sessions.begin() as session:
        return save_sub_office(session, actor, None, {"name": name, "code": code, "level": "town"})


def _names(database):
    with database.sessions() as session:
        return set(session.scalars(select(SubOffice.name).where(SubOffice.deleted.is_(False))))


def test_a_restored_backup_brings_the_records_back(database, actor, db_path):
    _add(database, actor, "石窝镇妇联", "450981199")
    backup = make_backup(database)
    assert backup.parent == default_folder(db_path) and check_file(backup) == "ok"
    assert [item.path for item in list_backups(backup.parent)] == [backup]
    _add(database, actor, "新圩镇妇联", "450981198")
    database.close()
    kept = restore_backup(db_path, backup)
    reopened = open_database(db_path)
    assert _names(reopened) == {"石窝镇妇联"}
    reopened.close()
    previous = open_database(kept)  # the database as it was before the restore is kept aside
    assert _names(previous) == {"石窝镇妇联", "新圩镇妇联"}
    previous.close()


def test_a_damaged_backup_is_refused_and_nothing_changes(database, actor, db_path, tmp_path):
    _add(database, actor, "石窝镇妇联", "450981199")
    database.close()
    bad = tmp_path / "desk-20260301-090000.db"
    bad.write_bytes(b"SQLite format 3\0" + b"\x13" * 5000)
    with pytest.raises(BackupError, match="已损坏"):
        restore_backup(db_path, bad)
    reopened = open_database(db_path)
    assert _names(reopened) == {"石窝镇妇联"} and check_database(reopened.engine) == "ok"
    reopened.close()


def test_the_key_lives_in_the_database_and_nowhere_on_its_engine(db_path):
    from desk.db.database import database_of

    encrypt_database(db_path, *ADMIN)
    database, _admin = open_as(db_path, *ADMIN)
    try:
        assert database.key and check_file(db_path, database.key) == "ok"
        assert all(database.key not in repr(value) for value in vars(database.engine).values())  # no engine.info copy
        assert database.key not in repr(database)  # nor in a log line that prints the Database
        with database.sessions() as session:
            assert database_of(session) is database  # what a new password's wrap of the key asks
    finally:
        database.close()


def test_backups_of_an_encrypted_database_are_encrypted(db_path):
    encrypt_database(db_path, *ADMIN)
    database, admin = open_as(db_path, *ADMIN)
    _add(database, admin, "覃秘密妇联", "450981177")
    backup = make_backup(database)
    key = database.key
    database.close()
    assert "覃秘密妇联".encode() not in backup.read_bytes()
    assert check_file(backup) != "ok"  # unreadable without the key
    assert check_file(backup, key) == "ok"
    restore_backup(db_path, backup, key)
    database, _admin = open_as(db_path, *ADMIN)
    assert "覃秘密妇联" in _names(database)
    database.close()


def test_a_full_disk_leaves_no_partial_file_and_keeps_earlier_backups(database, actor):
    first = make_backup(database, now=dt.datetime(2026, 3, 1, 9, 0))
    size = first.stat().st_size
    with database.sessions.begin() as session:  # make the next backup larger than the space left
        for number in range(60):
            save_sub_office(session, actor, None, {"name": f"第{number}个镇妇联" + "很长的名字" * 15,
                                                   "code": f"4509811{number:02d}", "level": "town"})
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 4096, old_limit[1]))
    try:
        with pytest.raises(BackupError, match="磁盘已满或无法写入，备份未完成"):
            make_backup(database, now=dt.datetime(2026, 3, 1, 10, 0))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)
    assert sorted(p.name for p in first.parent.iterdir()) == [first.name]
    assert check_file(first) == "ok"


def test_automatic_backups_every_half_hour_when_something_changed(database, actor):
    start = dt.datetime.now()
    assert auto_backup(database, now=start) is not None  # the first one always
    assert auto_backup(database, now=start + dt.timedelta(hours=1)) is None  # nothing changed
    _add(database, actor, "石窝镇妇联", "450981199")
    assert auto_backup(database, now=start + dt.timedelta(minutes=10)) is None  # too soon
    assert auto_backup(database, now=start + dt.timedelta(minutes=31)) is not None


def test_thinning_keeps_12_days_10_weeks_9_months():
    start = dt.datetime(2026, 11, 28, 18, 0)
    # four backups a day for two years
    backups = [BackupFile(__import__("pathlib").Path(f"b{i}.db"), start - dt.timedelta(hours=6 * i), 1)
               for i in range(4 * 730)]
    keep = backups_to_keep(backups)
    kept = sorted((item.made_at for item in backups if item.path in keep), reverse=True)
    assert kept[0] == start
    days = {moment.date() for moment in kept}
    assert len(kept) == len(days)  # never two of one day
    assert all((start.date() - dt.timedelta(days=n)) in days for n in range(12))
    assert 12 + 8 <= len(kept) <= 12 + 10 + 9
    assert min(kept) < start - dt.timedelta(days=200)  # months reach far back
