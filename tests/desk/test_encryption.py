"""Encryption at rest: the key wrapped by each user's password, no plaintext on disk, clean wrong-password messages."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core.errors import DatabaseError
from desk.db.database import open_database
from desk.office.service import save_sub_office
from desk.security.keys import encrypt_database, is_encrypted, key_file
from desk.security.session import open_as
from desk.security.users import LoginError, add_user, reset_password
from tests.conftest import ADMIN

SECRET_NAME = "覃秘密妇联"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch, request):
    """Cheap Argon2 parameters keep the suite fast; the production parameters are tested on their own."""
    if "rehash" in request.node.name:
        return
    from argon2 import PasswordHasher as Hasher

    from desk.office import passwords
    from desk.security import keys

    monkeypatch.setattr(passwords, "_hasher", Hasher(time_cost=1, memory_cost=8192, parallelism=1))
    monkeypatch.setattr(keys, "MEMORY_KIB", 8192)
    monkeypatch.setattr(keys, "TIME_COST", 1)



def _files(path):
    return [p for p in path.parent.iterdir() if p.is_file()]


def test_an_encrypted_database_keeps_no_name_in_plaintext(db_path, actor):
    encrypt_database(db_path, *ADMIN)
    assert is_encrypted(db_path)
    database, admin = open_as(db_path, *ADMIN)
    with database.sessions.begin() as session:
        save_sub_office(session, admin, None, {"name": SECRET_NAME, "code": "450981188", "level": "town"})
        add_user(session, admin, {"username": "clerk1", "password": "pw-1234", "roles": "clerk"})
    # Look at the files while the database is open (the WAL holds the newest pages) and after.
    for _moment in ("open", "closed"):
        for path in _files(db_path):
            data = path.read_bytes()
            assert SECRET_NAME.encode() not in data, path
            assert "北流市".encode() not in data, path
        database.close()
    database, clerk = open_as(db_path, "clerk1", "pw-1234")
    assert clerk.roles == frozenset({"clerk"})
    database.close()


def test_a_wrong_password_or_no_key_gives_a_clean_message(db_path):
    encrypt_database(db_path, *ADMIN)
    with pytest.raises(LoginError, match="用户名或密码不对"):
        open_as(db_path, ADMIN[0], "wrong")
    with pytest.raises(LoginError, match="用户名或密码不对"):
        open_as(db_path, "stranger", ADMIN[1])
    with pytest.raises(DatabaseError, match="密码不对"):
        open_database(db_path)


def test_unlock_failures_meet_growing_delays(db_path):
    encrypt_database(db_path, *ADMIN)
    now = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
    for _attempt in range(5):
        with pytest.raises(LoginError):
            open_as(db_path, ADMIN[0], "wrong", clock=lambda: now)
    with pytest.raises(LoginError, match="30秒后再试"):
        open_as(db_path, *ADMIN, clock=lambda: now)
    later = now + dt.timedelta(seconds=30)
    database, _actor = open_as(db_path, *ADMIN, clock=lambda: later)
    database.close()
    assert "failures" in key_file(db_path).read_text()


def test_a_reset_password_opens_the_database(db_path):
    encrypt_database(db_path, *ADMIN)
    database, admin = open_as(db_path, *ADMIN)
    with database.sessions.begin() as session:
        add_user(session, admin, {"username": "rev1", "password": "first", "roles": "reviewer"})
        reset_password(session, admin, "rev1", "second")
    database.close()
    with pytest.raises(LoginError):
        open_as(db_path, "rev1", "first")
    database, reviewer = open_as(db_path, "rev1", "second")
    assert reviewer.user == "rev1"
    database.close()


def test_a_plain_database_still_opens_without_a_key(db_path):
    database, admin = open_as(db_path, *ADMIN)
    assert "admin" in admin.roles
    database.close()


def test_a_deactivated_user_can_no_longer_unwrap_the_key(db_path):
    from desk.security.users import update_user

    encrypt_database(db_path, *ADMIN)
    database, admin = open_as(db_path, *ADMIN)
    with database.sessions.begin() as session:
        add_user(session, admin, {"username": "clerk1", "password": "pw-1234", "roles": "clerk"})
        update_user(session, admin, "clerk1", {"active": False})
    database.close()
    assert "clerk1" not in key_file(db_path).read_text()
    with pytest.raises(LoginError, match="用户名或密码不对"):
        open_as(db_path, "clerk1", "pw-1234")
