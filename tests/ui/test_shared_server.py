"""A screen on the office server: others' new records appear, and a save never overwrites theirs."""

from __future__ import annotations

import pytest

from desk.office.model import SubOffice
from desk.office.service import actor_for, load_sub_office, save_sub_office
from desk.security.users import add_user
from tests.helpers import clear, type_text
from ui.common import record_screen
from ui.offices.screen import SPEC

pytestmark = pytest.mark.postgresql_only

TOWN = {"name": "塘岸镇妇联", "code": "450981101", "level": "town", "parent_code": "450981"}


def _screen(qtbot, context) -> record_screen.RecordScreen:
    screen = record_screen.RecordScreen(context, SPEC)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def _other_clerk(database, actor):
    with database.sessions.begin() as session:
        add_user(session, actor, {"username": "clerk2", "password": "pw-clerk2", "roles": "clerk"})


def test_records_another_clerk_adds_appear_in_the_list(qtbot, context, database, actor):
    _other_clerk(database, actor)
    screen = _screen(qtbot, context)
    assert screen.shared_timer.isActive()
    before = screen.model.rowCount()
    with database.sessions.begin() as session:
        save_sub_office(session, actor_for(session, "clerk2"), None, dict(TOWN))
    screen._on_shared_timer_timeout()  # counted off the GUI thread, then the list reloads
    qtbot.waitUntil(lambda: screen._shared_count is None, timeout=10_000)
    assert screen.model.rowCount() == before + 1
    assert "共 {count} 条".format(count=before + 1) == screen.count_label.text()


def test_a_save_over_another_clerks_change_is_refused_and_the_typing_kept(qtbot, context, database, actor,
                                                                          monkeypatch):
    _other_clerk(database, actor)
    with database.sessions.begin() as session:
        record_id = save_sub_office(session, actor, None, dict(TOWN))
    screen = _screen(qtbot, context)
    screen.open_record(record_id)
    with database.sessions.begin() as session:  # the other clerk saves first
        save_sub_office(session, actor_for(session, "clerk2"), record_id,
                        {**load_sub_office(session, record_id), "contact_person": "钟秀兰"})
    shown: list[str] = []
    monkeypatch.setattr(record_screen, "show_error", lambda parent, error: shown.append(error.message))
    clear(screen.form.editor("contact_person"))
    type_text(screen.form.editor("contact_person"), "梁小燕")
    assert not screen.save_record()
    assert len(shown) == 1 and "clerk2" in shown[0] and "您输入的内容仍在表单中" in shown[0]
    assert screen.form.values()["contact_person"] == "梁小燕"  # the typing is kept
    with database.sessions() as session:
        assert session.get(SubOffice, record_id).contact_person == "钟秀兰"  # theirs is not overwritten


def test_the_backup_tab_dumps_the_server_database_and_restores_a_dump(qtbot, context, database, actor, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desk.backup import server
    from desk.security.audit import RESTORE_BACKUP
    from desk.security.model import AuditEntry
    from ui.security.backup_view import BackupView

    with database.sessions.begin() as session:
        record_id = save_sub_office(session, actor, None, dict(TOWN))
    view = BackupView(context)
    qtbot.addWidget(view)
    folder = server.server_folder(database.engine)
    assert f"pg_dump 备份到这台电脑的文件夹：{folder}" in view.folder_label.text()  # it says where it writes
    with qtbot.waitSignal(view.backed_up, timeout=60_000) as made:
        view.now_button.click()
    backup = made.args[0]
    assert backup is not None and backup.parent == folder and f"已备份到 {backup}" == view.status_label.text()
    assert view.list.count() == 1 and backup.name in view.list.item(0).text()
    with database.sessions.begin() as session:  # a change made after the backup
        session.get(SubOffice, record_id).name = "改错了的名称"
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text: asked.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: None)
    view.list.setCurrentRow(0)
    assert view.restore_button.isEnabled()
    with qtbot.waitSignal(view.restored, timeout=60_000) as restored:
        view.restore_button.click()
    assert restored.args == [True], view.status_label.text()
    assert str(backup) in asked[0] and "请先让其他同事退出程序" in asked[0]
    with database.sessions() as session:
        assert session.get(SubOffice, record_id).name == "塘岸镇妇联"
        kinds = [entry.kind for entry in session.query(AuditEntry).order_by(AuditEntry.id)]
    assert kinds[-1] == RESTORE_BACKUP
    assert len(server.list_dumps(folder)) == 2  # the state before the restore is kept beside the backup
