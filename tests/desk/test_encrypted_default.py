"""Encrypted from the first minute: ``init`` makes an encrypted database, users added later log in at once and
choose their own password, the recovery sheet opens the database when every password is forgotten, and an old
plain database is converted with every user keeping her password."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from desk.cli import main
from desk.core.errors import DeskError
from desk.core.people import SEX_FEMALE, make_id_number
from desk.people.service import save_person
from desk.security.keys import UnlockError, is_encrypted, key_file, read_keys
from desk.security.session import open_as
from desk.security.users import LoginError, add_user
from tests.conftest import ADMIN

NAME = "覃秀兰"
NUMBER = make_id_number("450981", dt.date(1985, 5, 6), 7, SEX_FEMALE)
INIT = ("init", "--office-name", "塘岸镇妇联", "--office-code", "450981101", "--level", "town",
        "--parent-name", "北流市妇女联合会", "--parent-code", "450981", "--admin-user", "admin")


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    from argon2 import PasswordHasher

    from desk.office import passwords
    from desk.security import keys

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    monkeypatch.setattr(keys, "MEMORY_KIB", 8192)
    monkeypatch.setattr(keys, "TIME_COST", 1)
    for name in ("DESK_USER", "DESK_PASSWORD", "DESK_NEW_PASSWORD", "DESK_RECOVERY_KEY"):
        monkeypatch.delenv(name, raising=False)


def run(monkeypatch, capsys, *args, **env):
    for name in ("DESK_USER", "DESK_PASSWORD", "DESK_NEW_PASSWORD", "DESK_RECOVERY_KEY"):
        value = env.get(name.removeprefix("DESK_").lower())
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def no_plaintext(folder, *secrets: str) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not data.startswith(b"SQLite format 3"), path
            for secret in secrets:
                assert secret.encode() not in data, (path, secret)


def test_init_makes_an_encrypted_database_users_log_in_and_the_recovery_sheet_opens_it(tmp_path, monkeypatch, capsys):
    db = tmp_path / "town.db"
    sheet = tmp_path / "recovery.pdf"
    code, out, err = run(monkeypatch, capsys, *INIT, "--db", str(db), "--recovery-sheet", str(sheet), password="pw-admin")
    assert code == 0, err
    assert is_encrypted(db) and "已创建加密的数据库" in out and "永远打不开" in out
    recovery = re.search(r"([2-9A-Z]{5}(?:-[2-9A-Z]{5}){5})", out).group(1)
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True).stdout \
        if subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0 else None
    if text is not None:
        assert "数据库恢复单" in text and recovery.split("-")[0] in text and "塘岸镇妇联" in text

    # A record with a known name and ID number, and a user added later.
    database, admin = open_as(db, "admin", "pw-admin")
    with database.sessions.begin() as session:
        save_person(session, admin, None, {"name": NAME, "id_number": NUMBER, "village": "塘岸村"})
    database.close()
    code, out, err = run(monkeypatch, capsys, "users", "add", "li", "--roles", "clerk", "--db", str(db),
                         user="admin", password="pw-admin", new_password="first-pw")
    assert code == 0, err
    assert "li" in read_keys(db)["users"]
    code, out, err = run(monkeypatch, capsys, "list", "offices", "--db", str(db), user="li", password="first-pw")
    assert code == 1 and "首次登录请先修改密码" in err
    code, out, err = run(monkeypatch, capsys, "users", "passwd", "--db", str(db), user="li", password="first-pw",
                         new_password="her-own-pw")
    assert code == 0, err
    code, out, err = run(monkeypatch, capsys, "list", "offices", "--db", str(db), user="li", password="her-own-pw")
    assert code == 0, err
    with pytest.raises(LoginError):
        open_as(db, "li", "first-pw")
    code, out, err = run(monkeypatch, capsys, "backup", "--db", str(db), user="admin", password="pw-admin")
    assert code == 0, err
    no_plaintext(tmp_path, NAME, NUMBER, "塘岸镇妇联")

    # Every password forgotten: the recovery key gives the administrator a new one.
    code, out, err = run(monkeypatch, capsys, "recover", "--user", "admin", "--db", str(db),
                         recovery_key="wrong-key", new_password="new-admin-pw")
    assert code == 1 and "恢复密钥应为30个字母和数字" in err
    code, out, err = run(monkeypatch, capsys, "recover", "--user", "li", "--db", str(db),
                         recovery_key=recovery.lower().replace("-", " "), new_password="new-admin-pw")
    assert code == 1 and "只能为在用的管理员" in err
    code, out, err = run(monkeypatch, capsys, "recover", "--user", "admin", "--db", str(db),
                         recovery_key=recovery.lower().replace("-", " "), new_password="new-admin-pw")
    assert code == 0, err
    database, admin = open_as(db, "admin", "new-admin-pw")
    database.close()
    # The sheet can be printed again, and renewed (the old key stops working).
    code, out, err = run(monkeypatch, capsys, "recovery-sheet", "--new", "--out", str(tmp_path / "again.pdf"),
                         "--db", str(db), user="admin", password="new-admin-pw")
    assert code == 0, err
    from desk.security.keys import unlock_with_recovery

    with pytest.raises(UnlockError):
        unlock_with_recovery(db, recovery)


def test_an_old_plain_database_is_converted_and_every_user_keeps_her_password(db_path, actor, tmp_path, monkeypatch,
                                                                              capsys):
    from desk.backup.service import make_backup
    from desk.db.database import open_database
    from desk.security.convert import encrypt_open_database, known_plain_backups, needs_conversion

    database = open_database(db_path)
    with database.sessions.begin() as session:
        save_person(session, actor, None, {"name": NAME, "id_number": NUMBER})
        add_user(session, actor, {"username": "li", "password": "pw-li", "roles": "clerk"})
    usb = tmp_path / "usb"
    from desk.security import audit

    stick = make_backup(database, usb, reason="manual")
    with database.sessions.begin() as session:
        audit.record_event(session, actor, audit.BACKUP, stick.name, {"folder": str(usb)})
    make_backup(database)
    assert needs_conversion(database)
    assert set(known_plain_backups(database).found) >= {stick}
    result = encrypt_open_database(database, actor, ADMIN[1], erase_known=True)
    assert result.erased >= 2 and not stick.exists() and result.left == []
    assert is_encrypted(db_path) and len(result.code) == 35
    for user, password in (ADMIN, ("li", "pw-li")):
        opened, who = open_as(db_path, user, password)
        opened.close()
    assert read_keys(db_path)["users"]["li"].get("kind") is None  # wrapped anew at her first login
    no_plaintext(tmp_path, NAME, NUMBER)
    with pytest.raises(DeskError):
        encrypt_open_database(open_as(db_path, *ADMIN)[0], actor, ADMIN[1])


def test_an_office_may_decline_only_from_the_command_line_and_the_demo_says_it_is_plain(db_path, tmp_path,
                                                                                          monkeypatch, capsys):
    from desk.db.database import open_database
    from desk.security.convert import needs_conversion

    code, out, err = run(monkeypatch, capsys, "encrypt", "--decline", "--db", str(db_path),
                         user=ADMIN[0], password=ADMIN[1])
    assert code == 0 and "保持不加密" in out
    database = open_database(db_path)
    assert not needs_conversion(database) and not key_file(db_path).exists()
    database.close()
    code, out, err = run(monkeypatch, capsys, "demo", "--db", str(tmp_path / "demo.db"))
    assert code == 0 and out.splitlines()[0].startswith("注意：演示数据库没有加密")
