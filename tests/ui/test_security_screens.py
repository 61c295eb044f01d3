"""Login, the idle lock, read-only screens for reviewers, the users screen and the audit log view."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView, QWidget

from desk.core.settings import UserSettings
from desk.office.service import save_sub_office
from desk.security.users import authenticate
from tests.conftest import ADMIN
from tests.helpers import type_text
from ui.common import record_screen
from ui.main_window import MainWindow
from ui.offices.screen import SPEC as OFFICES
from ui.security.lock import IdleLock
from ui.security.login import LoginDialog
from ui.security.screen import SecurityScreen

SECRET = "石窝镇妇联"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    from argon2 import PasswordHasher

    from desk.office import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


def _visible_texts(window: QWidget) -> str:
    texts = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QLineEdit)):
            texts.append(widget.text())
        if isinstance(widget, QTableView):
            model = widget.model()
            texts += [str(model.index(row, 0).data()) for row in range(model.rowCount())]
    return "\n".join(texts)


def test_after_the_idle_time_no_record_text_is_visible(qtbot, context, tmp_path):
    with context.sessions.begin() as session:
        save_sub_office(session, context.actor, None, {"name": SECRET, "code": "450981199", "level": "town"})
    window = MainWindow(context, UserSettings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    window.show_screen("offices")
    lock = IdleLock(window, context, idle_ms=100)
    window.show()
    screen = window.screens["offices"]
    screen.open_record(screen.model.row_id(0))
    qtbot.waitUntil(lambda: SECRET in _visible_texts(window))
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    assert SECRET not in _visible_texts(window)
    assert "已锁定" in _visible_texts(window)
    type_text(lock.panel.password_edit, "wrong")
    lock.try_unlock()
    assert lock.locked and "用户名或密码不对" in lock.panel.message_label.text()
    assert SECRET not in _visible_texts(window)
    type_text(lock.panel.password_edit, ADMIN[1])
    lock.try_unlock()
    assert not lock.locked
    qtbot.waitUntil(lambda: SECRET in _visible_texts(window))
    lock.stop()


def test_a_reviewer_reads_but_cannot_edit_and_an_administrator_sees_no_records(qtbot, context, tmp_path):
    reviewer = dataclasses.replace(context.actor, roles=frozenset({"reviewer"}))
    context.actor = reviewer
    screen = record_screen.RecordScreen(context, OFFICES)
    qtbot.addWidget(screen)
    screen.show()
    assert not screen.save_button.isVisible() and not screen.new_button.isVisible()
    assert not screen.form.isEnabled()
    window = MainWindow(context, UserSettings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    keys = [entry.key for entry in window.entries]
    assert "offices" in keys and "security" in keys
    security = window.screens["security"]
    assert security.users is None and security.audit is not None  # reviewers read the log, not the users
    context.actor = dataclasses.replace(context.actor, roles=frozenset({"admin"}))
    admin_window = MainWindow(context, UserSettings(tmp_path / "settings.json"))
    qtbot.addWidget(admin_window)
    assert [entry.key for entry in admin_window.entries] == ["security"]


def test_the_administrator_adds_a_clerk_who_can_then_log_in(qtbot, qtmodeltester, context):
    screen = SecurityScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    users = screen.users
    type_text(users.form.editor("username"), "clerk1")
    type_text(users.form.editor("full_name"), "陈丽华")
    type_text(users.form.editor("password"), "pw-1234")
    type_text(users.form.editor("confirm"), "pw-9999")
    assert not users.save_record()
    assert "两次输入的密码不一致" in users.form.problem_text("confirm")
    assert users.form.editor("username").text() == "clerk1"  # nothing typed is lost
    users.form.editor("confirm").clear()
    type_text(users.form.editor("confirm"), "pw-1234")
    users.form.editor("role_print").setChecked(True)
    assert users.save_record()
    rows = [users.model.row(n) for n in range(users.model.rowCount())]
    clerk = next(row for row in rows if row["id"] == "clerk1")
    assert clerk["roles_label"] == "录入员、打印"
    assert authenticate(context.sessions, "clerk1", "pw-1234").roles == frozenset({"clerk", "print"})
    screen.setCurrentWidget(screen.audit)
    audit = screen.audit
    qtmodeltester.check(audit.model)
    kinds = [audit.model.row(n)["kind_label"] for n in range(audit.model.rowCount())]
    assert "用户变更" in kinds and "登录" in kinds
    audit.kind_combo.setCurrentIndex(audit.kind_combo.findData("login"))
    assert audit.model.rowCount() == 1 and audit.model.row(0)["user"] == "clerk1"
    assert audit.count_label.text() == "共 1 条"


def test_the_login_dialog_keeps_the_user_name_and_says_why(qtbot, database):
    dialog = LoginDialog(lambda user, password: authenticate(database.sessions, user, password), "北流市妇女联合会")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.username_edit, ADMIN[0])
    type_text(dialog.password_edit, "wrong")
    dialog.try_login()
    assert dialog.message_label.text() == "用户名或密码不对"
    assert dialog.username_edit.text() == ADMIN[0] and dialog.password_edit.text() == ""
    assert dialog.isVisible()
    type_text(dialog.password_edit, ADMIN[1])
    dialog.try_login()
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.result_value.user == ADMIN[0]


def test_a_user_changes_her_own_password(qtbot, context):
    from ui.security.password_dialog import PasswordDialog

    dialog = PasswordDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.edits["old_password"], "nope")
    type_text(dialog.edits["password"], "new-pass")
    type_text(dialog.edits["confirm"], "new-pass")
    dialog.change()
    assert dialog.problems["old_password"].text() == "原密码不对" and dialog.isVisible()
    assert dialog.edits["password"].text() == "new-pass"  # nothing typed is lost
    dialog.edits["old_password"].clear()
    type_text(dialog.edits["old_password"], ADMIN[1])
    dialog.change()
    assert dialog.result() == PasswordDialog.DialogCode.Accepted
    assert authenticate(context.sessions, ADMIN[0], "new-pass").user == ADMIN[0]


def test_the_administrator_backs_up_from_the_backup_tab(qtbot, context, tmp_path):
    screen = SecurityScreen(context)
    qtbot.addWidget(screen)
    view = screen.backups
    assert view.list.count() == 0
    with qtbot.waitSignal(view.backed_up, timeout=30_000) as blocker:
        view.backup()
    path = blocker.args[0]
    assert path is not None and path.exists()
    assert view.list.count() == 1 and path.name in view.list.item(0).text()
    assert view.status_label.text().startswith("已备份到")
    usb = tmp_path / "usb"
    usb.mkdir()
    with qtbot.waitSignal(view.backed_up, timeout=30_000) as blocker:
        view.backup(usb)
    assert blocker.args[0].parent == usb
    with context.sessions() as session:
        from sqlalchemy import select

        from desk.security.model import AuditEntry

        kinds = list(session.scalars(select(AuditEntry.kind).where(AuditEntry.kind == "backup")))
    assert len(kinds) == 2


def test_a_damaged_database_is_offered_its_latest_good_backup(qtbot, database, actor, db_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desk.backup.service import make_backup
    from ui.security.startup import open_checked

    with database.sessions.begin() as session:
        save_sub_office(session, actor, None, {"name": SECRET, "code": "450981199", "level": "town"})
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    make_backup(database)
    database.close()
    data = bytearray(db_path.read_bytes())
    for page in range(2, len(data) // 4096):  # scribble over every table page
        data[page * 4096 + 8: page * 4096 + 100] = b"\xff" * 92
    db_path.write_bytes(bytes(data))
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    restored = open_checked(str(db_path))
    assert asked and "数据库已损坏" in asked[0] and "恢复" in asked[0]
    with restored.sessions() as session:
        from sqlalchemy import select

        from desk.office.model import SubOffice

        assert session.scalars(select(SubOffice.name)).all() == [SECRET]
    restored.close()


def test_the_program_starts_with_a_login_and_opens_as_that_user(qtbot, db_path, monkeypatch):
    from PySide6.QtWidgets import QApplication, QDialog

    import ui.app
    import ui.main_window
    from ui.security.login import LoginDialog

    tries = []

    def fake_exec(dialog):
        for password in ("wrong", ADMIN[1]):
            dialog.username_edit.setText(ADMIN[0])
            dialog.password_edit.setText(password)
            dialog.try_login()
            tries.append(dialog.message_label.text())
        return QDialog.DialogCode.Accepted if dialog.result_value else QDialog.DialogCode.Rejected

    windows = []
    from PySide6.QtWidgets import QMessageBox

    from ui.security.recovery import RecoveryDialog

    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)  # the plain database is encrypted first
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 1)
    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    monkeypatch.setattr(QApplication, "exec", lambda self: windows.append(QApplication.activeWindow()) or 0)
    real_window = ui.main_window.MainWindow

    def keep(*args, **kwargs):
        window = real_window(*args, **kwargs)
        windows.append(window)
        qtbot.addWidget(window)
        return window

    monkeypatch.setattr(ui.main_window, "MainWindow", keep)
    assert ui.app.run_gui(["main.py", "--db", str(db_path)]) == 0
    assert tries[0] == "用户名或密码不对"
    window = windows[0]
    assert window.context.actor.user == ADMIN[0] and "admin" in window.context.actor.roles
    assert [path.name for path in (db_path.parent / "desk-backups").iterdir()]  # the start-up backup


def test_the_administrator_encrypts_the_database_from_the_backup_tab(qtbot, context, db_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desk.security.keys import is_encrypted
    from desk.security.session import open_as

    with context.sessions.begin() as session:
        save_sub_office(session, context.actor, None, {"name": SECRET, "code": "450981199", "level": "town"})
    screen = SecurityScreen(context)
    qtbot.addWidget(screen)
    view = screen.backups
    with qtbot.waitSignal(view.backed_up, timeout=30_000):
        view.backup()  # a plain backup that must not survive
    assert not view.encrypt(password="wrong")
    assert view.status_label.text() == "用户名或密码不对" and not is_encrypted(db_path)
    shown = []
    from ui.security.recovery import RecoveryDialog

    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: shown.append(dialog.panel.code) or 1)
    assert view.encrypt(ADMIN[1])
    assert is_encrypted(db_path) and len(shown[0]) == 35 and "重新启动" in shown[1]
    for path in [db_path, *(db_path.parent / "desk-backups").iterdir()]:
        assert SECRET.encode() not in path.read_bytes(), path
    database, admin = open_as(db_path, *ADMIN)
    database.close()


def test_history_sent_by_other_offices_has_its_own_tab_named_by_sender_and_masked(qtbot, qtmodeltester, context):
    import datetime as dt

    from desk.core.people import make_id_number
    from desk.exchange import history

    number = make_id_number("450981", dt.date(1988, 5, 6), 7, "F")
    entry = {"origin_office": "450981101", "at": dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone.utc), "user": "huang",
             "kind": "create", "table": "person", "record_id": "p-1",
             "detail": '{"name": "陈小红", "id_number": "%s", "phone": "13907751234"}' % number}
    with context.sessions.begin() as session:
        history.keep(session, [entry], "450981101", "塘岸镇妇联", "b" * 36, 1)
    screen = SecurityScreen(context)
    qtbot.addWidget(screen)
    assert screen.tabText(screen.indexOf(screen.travelled)) == "下级单位修改记录"
    screen.setCurrentWidget(screen.travelled)
    view = screen.travelled
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 1
    row = view.model.row(0)
    assert row["sender_text"] == "塘岸镇妇联（450981101）" and row["kind_label"] == "新增"
    shown = "\n".join(str(view.model.index(0, column).data()) for column in range(view.model.columnCount()))
    assert number not in shown and "13907751234" not in shown and "身份证号码：4509" in shown
    own_log = [screen.audit.model.row(n)["record_id"] for n in range(screen.audit.model.rowCount())]
    assert "p-1" not in own_log  # the office's own log does not hold it
    view.sender_combo.setCurrentIndex(view.sender_combo.findData("450981101"))
    assert view.model.rowCount() == 1 and view.count_label.text() == "共 1 条"
    assert row["origin_text"] == "塘岸镇妇联（450981101）"  # the sender itself: named, not a bare code


def test_the_travelled_history_is_searched_by_keyboard_in_what_is_shown(qtbot, qtmodeltester, context):
    import datetime as dt

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desk.core.people import make_id_number
    from desk.exchange import history

    number = make_id_number("450981", dt.date(1988, 5, 6), 7, "F")
    entries = [{"origin_office": "450981101", "at": dt.datetime(2026, 3, day, 8, 0, tzinfo=dt.timezone.utc),
                "user": "huang", "kind": "create", "table": "person", "record_id": f"p-{day}",
                "detail": '{"name": "%s", "id_number": "%s"}' % (name, number if day == 1 else "")}
               for day, name in ((1, "陈小红"), (2, "李秀英"))]
    with context.sessions.begin() as session:
        history.keep(session, entries, "450981101", "塘岸镇妇联", "b" * 36, 1)
    screen = SecurityScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.setCurrentWidget(screen.travelled)
    view = screen.travelled
    assert view.model.rowCount() == 2
    view.sender_combo.setFocus()
    QTest.keyClick(view.sender_combo, Qt.Key.Key_Tab)  # Tab from the sender goes to the search
    assert screen.focusWidget() is view.search_edit
    for char in "李秀英":
        QTest.sendKeyEvent(QTest.KeyAction.Click, view.search_edit, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier)
    QTest.keyClick(view.search_edit, Qt.Key.Key_Return)  # Enter searches at once and moves to the first match
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 1 and view.model.row(0)["record_id"] == "p-2" and screen.focusWidget() is view.table
    assert view.count_label.text() == "共 1 条"
    view.search_edit.setText(number)  # the full number is stored but never shown: it finds nothing
    QTest.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert view.model.rowCount() == 0
    view.search_edit.setText(number[-4:])  # what is shown of it does
    QTest.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert view.model.rowCount() == 1 and view.model.row(0)["record_id"] == "p-1"
