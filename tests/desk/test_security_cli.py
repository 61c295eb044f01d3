"""The users, audit, encrypt, backup, restore and check commands, run in-process as a user types them."""

from __future__ import annotations

import json

import pytest

from desk.cli import main
from tests.conftest import ADMIN


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Cheap Argon2 parameters keep the suite fast."""
    from argon2 import PasswordHasher

    from desk.office import passwords
    from desk.security import keys

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    monkeypatch.setattr(keys, "MEMORY_KIB", 8192)
    monkeypatch.setattr(keys, "TIME_COST", 1)
    monkeypatch.delenv("DESK_USER", raising=False)


def run(monkeypatch, capsys, *args, user=None, password=None, new_password=None):
    for name, value in (("DESK_USER", user), ("DESK_PASSWORD", password), ("DESK_NEW_PASSWORD", new_password)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_users_roles_and_the_audit_log_from_the_command_line(db_path, monkeypatch, capsys):
    db = str(db_path)
    code, out, err = run(monkeypatch, capsys, "users", "add", "clerk1", "--roles", "clerk", "--db", db,
                         user=ADMIN[0], password=ADMIN[1], new_password="pw-1234")
    assert code == 0, err
    code, out, err = run(monkeypatch, capsys, "users", "list", "--json", "--db", db, user=ADMIN[0], password=ADMIN[1])
    assert {json.loads(line)["username"]: json.loads(line)["roles"] for line in out.splitlines()} == {
        "admin": "admin clerk reviewer", "clerk1": "clerk"}
    code, out, err = run(monkeypatch, capsys, "audit", "list", "--db", db, user="clerk1", password="pw-1234")
    assert code == 1 and "首次登录请先修改密码" in err  # the administrator chose this password
    code, out, err = run(monkeypatch, capsys, "users", "passwd", "--db", db, user="clerk1", password="pw-1234",
                         new_password="pw-5678")
    assert code == 0, err
    code, out, err = run(monkeypatch, capsys, "audit", "list", "--db", db, user="clerk1", password="pw-5678")
    assert code == 1 and "没有“查看审计日志”的权限" in err
    code, out, err = run(monkeypatch, capsys, "list", "offices", "--db", db, user="clerk1", password="wrong")
    assert code == 1 and "用户名或密码不对" in err and "Traceback" not in err
    code, out, err = run(monkeypatch, capsys, "audit", "list", "--json", "--kind", "user_change", "--db", db,
                         user=ADMIN[0], password=ADMIN[1])
    assert code == 0, err
    assert json.loads(out.splitlines()[0])["record_id"] == "clerk1"
    code, out, err = run(monkeypatch, capsys, "idle-lock", "5", "--db", db, user="clerk1", password="pw-5678")
    assert code == 1 and "没有“管理用户”的权限" in err
    code, out, err = run(monkeypatch, capsys, "idle-lock", "5", "--db", db, user=ADMIN[0], password=ADMIN[1])
    assert code == 0 and "5分钟" in out
    code, out, err = run(monkeypatch, capsys, "list", "offices", "--db", db, user="clerk1", password="pw-5678")
    assert code == 0, err


def test_backup_restore_check_and_encrypt_from_the_command_line(database, actor, db_path, monkeypatch, capsys):
    from desk.office.service import save_sub_office

    with database.sessions.begin() as session:
        save_sub_office(session, actor, None, {"name": "石窝镇妇联", "code": "450981199", "level": "town"})
    database.close()
    db = str(db_path)
    code, out, err = run(monkeypatch, capsys, "backup", "--db", db)
    assert code == 0, err
    backup = out.strip().split(" ")[-1]
    code, out, err = run(monkeypatch, capsys, "backup", "verify", backup, "--db", db)
    assert code == 0 and "完好" in out
    code, out, err = run(monkeypatch, capsys, "encrypt", "--db", db, user=ADMIN[0], password=ADMIN[1])
    assert code == 0, err
    assert "石窝镇妇联".encode() not in db_path.read_bytes()
    # Old plain backups are gone; the encrypted database needs a login for everything.
    code, out, err = run(monkeypatch, capsys, "list", "offices", "--db", db)
    assert code == 1 and "DESK_USER" in err
    code, out, err = run(monkeypatch, capsys, "backup", "list", "--db", db, user=ADMIN[0], password=ADMIN[1])
    assert code == 0 and len(out.splitlines()) == 1
    encrypted_backup = out.split("\t")[-1].strip()
    assert "石窝镇妇联".encode() not in open(encrypted_backup, "rb").read()
    code, out, err = run(monkeypatch, capsys, "restore", encrypted_backup, "--db", db, user=ADMIN[0], password=ADMIN[1])
    assert code == 0, err
    code, out, err = run(monkeypatch, capsys, "check", "--db", db, user=ADMIN[0], password=ADMIN[1])
    assert code == 0 and "完好" in out
    code, out, err = run(monkeypatch, capsys, "list", "offices", "--json", "--db", db, user=ADMIN[0], password=ADMIN[1])
    assert "石窝镇妇联" in out
    from desk.core.logs import log_file

    assert not log_file().exists() or "石窝镇妇联" not in log_file().read_text(encoding="utf-8")
    assert ADMIN[1] not in log_file().read_text(encoding="utf-8")
