"""Backups of a server database: pg_dump into a checked file, pg_restore with the state before kept."""

from __future__ import annotations

import pytest

from desk.backup import server
from desk.backup.service import BackupError
from desk.office.model import SubOffice
from desk.office.service import save_sub_office
from tests.desk.test_security_cli import run

OFFICE = {"name": "塘岸镇妇联", "code": "450981101", "level": "town", "parent_code": "450981"}


pytestmark = pytest.mark.postgresql_only


def test_backup_and_restore_of_a_server_database(database, actor, tmp_path, monkeypatch, capsys):
    with database.sessions.begin() as session:
        record_id = save_sub_office(session, actor, None, dict(OFFICE))
    code, out, err = run(monkeypatch, capsys, "backup", "--to", str(tmp_path), "--db", database.target,
                          user="admin", password="secret-pw")
    assert code == 0, err
    backup = next(tmp_path.glob("*.dump"))
    assert str(backup) in out
    assert server.check_dump(backup) > 10
    with database.sessions.begin() as session:  # a change made after the backup
        session.get(SubOffice, record_id).name = "改错了的名称"
    code, out, err = run(monkeypatch, capsys, "restore", str(backup), "--db", database.target,
                          user="admin", password="secret-pw")
    assert code == 0, err
    with database.sessions() as session:
        assert session.get(SubOffice, record_id).name == "塘岸镇妇联"
    kept = server.list_dumps(server.server_folder(database.engine))[0]  # the state before the restore
    assert f"恢复前的数据库保存在 {kept}" in out
    assert server.check_dump(kept) > 10


def test_a_restore_in_the_same_second_as_its_backup_restores_that_backup(database, actor, tmp_path):
    """The state kept aside before a restore must not take the name, and so the place, of the backup restored."""
    import datetime as dt

    with database.sessions.begin() as session:
        record_id = save_sub_office(session, actor, None, dict(OFFICE))
    second = dt.datetime(2026, 7, 1, 9, 30, 0)
    backup = server.dump(database.engine, tmp_path, now=second)
    with database.sessions.begin() as session:
        session.get(SubOffice, record_id).name = "改错了的名称"
    kept = server.dump(database.engine, tmp_path, now=second)  # what restore() dumps first, in the same second
    assert kept != backup and len(server.list_dumps(tmp_path)) == 2
    server.restore(database.engine, backup, tmp_path)
    with database.sessions() as session:
        assert session.get(SubOffice, record_id).name == "塘岸镇妇联"


def test_a_damaged_backup_file_is_refused_before_anything_changes(database, actor, tmp_path):
    bad = tmp_path / "bad.dump"
    bad.write_bytes(b"PGDMP" + b"\0" * 100)
    with pytest.raises(BackupError, match="检查备份文件失败"):
        server.restore(database.engine, bad)


def test_an_office_server_that_requires_ssl(pg_server, tmp_path):
    """``?sslmode=require`` in the URL: the program and its pg_dump connect encrypted; a plain connection is refused."""
    import os
    import shutil
    import subprocess

    from desk.core.errors import DatabaseError
    from desk.db.database import open_database

    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed (the postgresql package brings it through ssl-cert)")
    url = f"postgresql://ssl_clerk@127.0.0.1:{pg_server.port}/ssl_office"
    pg_server.admin_sql("DROP ROLE IF EXISTS ssl_clerk", "CREATE ROLE ssl_clerk LOGIN",
                        "CREATE DATABASE ssl_office OWNER ssl_clerk")
    with pytest.raises(DatabaseError, match="网址要求加密连接（sslmode），但服务器没有开启 SSL"):
        open_database(url + "?sslmode=require")
    data = pg_server.folder / "data"
    subprocess.run([openssl, "req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(data / "server.key"), "-out", str(data / "server.crt")], check=True, capture_output=True)
    owner = data.stat()
    for name in ("server.key", "server.crt"):
        os.chown(data / name, owner.st_uid, owner.st_gid)
        os.chmod(data / name, 0o600)
    hba = data / "pg_hba.conf"
    rules = hba.read_text(encoding="utf-8")
    # This one role may only come in encrypted, as an office server that requires SSL says in its pg_hba.conf.
    hba.write_text("hostssl all ssl_clerk 127.0.0.1/32 trust\nhost all ssl_clerk 127.0.0.1/32 reject\n" + rules,
                   encoding="utf-8")
    pg_server.admin_sql("ALTER SYSTEM SET ssl = on", "SELECT pg_reload_conf()")
    try:
        with pytest.raises(DatabaseError, match="服务器不允许这台电脑这样连接"):
            open_database(url + "?sslmode=disable")
        database = open_database(url + "?sslmode=require")
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar() is True
        arguments, environment = server._connection(database.engine.url)
        assert environment["PGSSLMODE"] == "require"
        backup = server.dump(database.engine, tmp_path)  # pg_dump goes through the same encrypted door
        assert server.check_dump(backup) > 10
        database.close()
    finally:
        hba.write_text(rules, encoding="utf-8")
        pg_server.admin_sql("ALTER SYSTEM RESET ssl", "SELECT pg_reload_conf()", "DROP DATABASE ssl_office WITH (FORCE)")
