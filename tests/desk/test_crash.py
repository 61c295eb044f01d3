"""Crash proofs: confirmed saves survive SIGKILL at random moments, on connections that sync every commit.

A killed process cannot lose what it handed to the kernel, so the kill test alone would pass
with ``synchronous=OFF``.  What protects a save against a power cut is that SQLite syncs the
WAL at each commit (``synchronous=FULL``); the tests therefore assert that pragma on every
connection the program opens, including inside the saving child after each confirmed save.
No power-cut test runs here: it needs a filesystem that drops unsynced writes (LazyFS), which
CI does not have, and README says so.
"""

from __future__ import annotations

import os
import random
import select as io_select
import signal
import threading
import time

from sqlalchemy import event, select, text

from desk.backup.service import check_file
from desk.db.database import open_database
from desk.db.records import system_actor
from desk.office.model import SubOffice
from desk.office.service import save_sub_office

KILLS = 20
FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def _child(db_path, write_fd, start: int, report_before_commit: bool) -> None:
    """Save records one transaction each and report every confirmed id on the pipe; never returns.

    A line ``id`` is written only after COMMIT returned, and only if the connection syncs every
    commit; ``report_before_commit`` reports too early (the harness must catch the lost saves).
    """
    try:
        database = open_database(db_path)
        os.write(write_fd, b"ready\n")
        number = start
        while True:
            session = database.sessions()
            with session.begin():
                record_id = save_sub_office(session, system_actor("450981", "crash-test"), None,
                                            {"name": f"第{number}号妇联", "code": f"C{number}", "level": "town"})
                level = session.execute(text("PRAGMA synchronous")).scalar_one()
                if report_before_commit:
                    os.write(write_fd, (record_id + "\n").encode())
                    time.sleep(0.05)  # a wide window in which a kill loses a "confirmed" save
            session.close()
            if level != FULL:
                os.write(write_fd, f"synchronous={level}\n".encode())
            elif not report_before_commit:
                os.write(write_fd, (record_id + "\n").encode())
            number += 1
    except BaseException as exc:  # noqa: BLE001 - report and leave without running pytest's teardown
        os.write(2, f"child failed: {exc!r}\n".encode())
    finally:
        os._exit(1)


def _read_until(read_fd, buffer: bytes, wanted, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    while not wanted(buffer) and (left := deadline - time.monotonic()) > 0:
        ready, _w, _x = io_select.select([read_fd], [], [], left)
        if ready:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            buffer += chunk
    return buffer


def kill_while_saving(db_path, kills: int = KILLS, report_before_commit: bool = False) -> tuple[list[str], list[str]]:
    """Start a saving child ``kills`` times and SIGKILL it at a random moment; return (confirmed ids, other lines)."""
    rng = random.Random(20260301)
    confirmed: list[str] = []
    other: list[str] = []
    for attempt in range(kills):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_fd)
            _child(db_path, write_fd, attempt * 100000, report_before_commit)
        os.close(write_fd)
        # Start the clock at the first confirmed save, so a slow machine still kills mid-work.
        buffer = _read_until(read_fd, b"", lambda data: data.count(b"\n") >= 2, 60)
        buffer = _read_until(read_fd, buffer, lambda data: False, rng.uniform(0.02, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(read_fd, 65536):
            buffer += chunk
        os.close(read_fd)
        for line in buffer.decode().splitlines():
            (confirmed if len(line) == 36 else other).append(line)
    return confirmed, [line for line in other if line != "ready"]


def stored_ids(db_path) -> set[str]:
    database = open_database(db_path)
    with database.sessions() as session:
        stored = set(session.scalars(select(SubOffice.id)))
    database.close()
    return stored


def test_confirmed_saves_survive_sigkill_at_random_moments(db_path):
    confirmed, other = kill_while_saving(db_path)
    assert other == []  # every save ran on a connection with synchronous=FULL
    assert len(confirmed) > KILLS  # the children did save something each time
    assert set(confirmed) - stored_ids(db_path) == set()
    assert check_file(db_path, full=True) == "ok"


def test_the_kill_harness_catches_a_save_confirmed_before_its_commit(db_path):
    # The same harness with a child that confirms too early must see saves go missing.
    confirmed, _other = kill_while_saving(db_path, kills=8, report_before_commit=True)
    assert set(confirmed) - stored_ids(db_path) != set()


def test_every_connection_the_program_opens_syncs_each_commit(db_path):
    database = open_database(db_path)
    seen: list[tuple[int, str]] = []

    @event.listens_for(database.engine, "connect")
    def check(dbapi_connection, _record) -> None:  # runs after the engine's own connect hook
        cursor = dbapi_connection.cursor()
        level = cursor.execute("PRAGMA synchronous").fetchone()[0]
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        cursor.close()
        seen.append((level, mode))

    with database.sessions.begin() as session:  # a user action
        save_sub_office(session, system_actor("450981"), None, {"name": "石窝镇妇联", "code": "450981199", "level": "town"})
    with database.sessions() as session:  # a list read
        session.scalars(select(SubOffice.id)).all()
    worker = threading.Thread(target=lambda: database.sessions().connection().close())  # background work
    worker.start()
    worker.join()
    raw = database.engine.raw_connection()  # what backups and statistics use
    raw.close()
    database.close()
    assert len(seen) == 4
    assert set(seen) == {(FULL, "wal")}
