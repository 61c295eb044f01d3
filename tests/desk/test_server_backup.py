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


def test_a_damaged_backup_file_is_refused_before_anything_changes(database, actor, tmp_path):
    bad = tmp_path / "bad.dump"
    bad.write_bytes(b"PGDMP" + b"\0" * 100)
    with pytest.raises(BackupError, match="检查备份文件失败"):
        server.restore(database.engine, bad)
