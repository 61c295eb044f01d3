"""The window side of encryption by default: the wizard makes an encrypted database and shows the recovery key,
a plain database is converted at the first start, a user with an administrator's password chooses her own,
"forgot password" uses the recovery key, and the backup tab restores a backup."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from desk.office.service import save_sub_office
from desk.security.keys import is_encrypted
from desk.security.session import open_as
from tests.conftest import ADMIN
from tests.helpers import type_text

SECRET = "覃秘密妇联"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    from argon2 import PasswordHasher

    from desk.office import passwords
    from desk.security import keys

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    monkeypatch.setattr(keys, "MEMORY_KIB", 8192)
    monkeypatch.setattr(keys, "TIME_COST", 1)


def test_the_wizard_makes_an_encrypted_database_and_will_not_finish_before_the_key_is_kept(qtbot, tmp_path):
    from ui.setup_wizard import SetupWizard

    target = tmp_path / "county.db"
    wizard = SetupWizard(target)
    qtbot.addWidget(wizard)
    wizard.show()
    form = wizard.office_page.form
    form.set_values({"level": "county"})
    type_text(form.editor("name"), "容县妇女联合会")
    type_text(form.editor("code"), "450921")
    type_text(form.editor("parent_name"), "玉林市妇女联合会")
    assert wizard.office_page.validatePage(), form.values()
    wizard.next()
    type_text(wizard.admin_page.password_edit, "pw-county")
    type_text(wizard.admin_page.confirm_edit, "pw-county")
    wizard.next()
    page = wizard.recovery_page
    assert wizard.currentPage() is page
    panel = page.panel
    assert panel.code_label.text().replace("  ", "-") == wizard.recovery_code
    assert "永远打不开" in panel.warning_label.text() and panel.warning_label.isVisible()
    assert not page.isComplete()
    sheet = tmp_path / "sheet.pdf"
    panel.write_sheet(sheet)
    assert sheet.read_bytes().startswith(b"%PDF")
    panel.kept_check.setChecked(True)
    assert page.isComplete()
    wizard.accept()
    assert is_encrypted(target) and not target.read_bytes().startswith(b"SQLite format 3")
    with wizard.database.sessions.begin() as session:
        from desk.office.service import actor_for

        save_sub_office(session, actor_for(session, "admin"), None, {"name": SECRET, "code": "450921101",
                                                                     "level": "town"})
    wizard.database.close()
    for path in tmp_path.iterdir():
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes() and "容县妇女联合会".encode() not in path.read_bytes()
    database, admin = open_as(target, "admin", "pw-county")
    database.close()
    from desk.security.keys import unlock_with_recovery

    assert unlock_with_recovery(target, wizard.recovery_code)


def test_a_plain_database_is_encrypted_at_the_first_start_after_the_upgrade(qtbot, db_path, database, actor,
                                                                            monkeypatch):
    from PySide6.QtWidgets import QApplication

    import ui.app
    import ui.main_window
    from desk.security.users import add_user
    from ui.security.login import LoginDialog
    from ui.security.recovery import RecoveryDialog

    with database.sessions.begin() as session:
        save_sub_office(session, actor, None, {"name": SECRET, "code": "450981199", "level": "town"})
        add_user(session, actor, {"username": "li", "password": "pw-li", "roles": "clerk"})
    database.close()

    def fake_login(dialog):
        dialog.username_edit.setText(ADMIN[0])
        dialog.password_edit.setText(ADMIN[1])
        dialog.try_login()
        return QDialog.DialogCode.Accepted

    told, codes, windows = [], [], []
    monkeypatch.setattr(LoginDialog, "exec", fake_login)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: codes.append(dialog.panel.code) or 1)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    real_window = ui.main_window.MainWindow

    def keep(*args, **kwargs):
        window = real_window(*args, **kwargs)
        windows.append(window)
        qtbot.addWidget(window)
        return window

    monkeypatch.setattr(ui.main_window, "MainWindow", keep)
    assert ui.app.run_gui(["main.py", "--db", str(db_path)]) == 0
    assert "还没有加密" in told[0] and len(codes) == 1
    assert is_encrypted(db_path) and "未加密" not in windows[0].windowTitle()
    for path in db_path.parent.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    opened, li = open_as(db_path, "li", "pw-li")  # no reset needed
    opened.close()


def test_a_user_whose_password_the_administrator_set_chooses_her_own_at_login(qtbot, context, db_path, monkeypatch):
    from desk.security.keys import encrypt_database
    from desk.security.users import add_user
    from ui.security.password_dialog import PasswordDialog
    from ui.security.startup import choose_own_password

    context.database.close()
    encrypt_database(db_path, *ADMIN)
    database, admin = open_as(db_path, *ADMIN)
    with database.sessions.begin() as session:
        add_user(session, admin, {"username": "li", "password": "first-pw", "roles": "clerk"})
    database.close()
    database, li = open_as(db_path, "li", "first-pw")  # the key was wrapped for her at once
    from ui.common.context import AppContext

    her = AppContext(database, li, context.office, context.period)
    seen = []

    def fake_exec(dialog):
        seen.append(dialog.findChild(object, "first_login_note").text())
        dialog.edits["old_password"].setText("first-pw")
        dialog.edits["password"].setText("her-own-pw")
        dialog.edits["confirm"].setText("her-own-pw")
        dialog.change()
        return dialog.result()

    monkeypatch.setattr(PasswordDialog, "exec", fake_exec)
    assert choose_own_password(her)
    assert "管理员设置的" in seen[0]
    assert choose_own_password(her) and len(seen) == 1  # asked once only
    database.close()
    opened, _li = open_as(db_path, "li", "her-own-pw")
    opened.close()


def test_forgot_password_uses_the_recovery_key(qtbot, tmp_path):
    from desk.security.newdb import create_encrypted_office
    from ui.security.recovery import RecoverDialog

    target = tmp_path / "town.db"
    database, code = create_encrypted_office(target, {"name": "塘岸镇妇联", "code": "450981101", "level": "town",
                                                      "parent_name": "北流市妇女联合会"}, "admin", "lost-pw")
    database.close()
    dialog = RecoverDialog(target, "admin")
    qtbot.addWidget(dialog)
    dialog.code_edit.setText("AAAAA")
    dialog.password_edit.setText("found-pw")
    dialog.confirm_edit.setText("found-pw")
    dialog.recover()
    assert "恢复密钥应为30个字母和数字" in dialog.message_label.text() and dialog.result() == 0
    dialog.code_edit.setText(code.lower())
    dialog.recover()
    assert dialog.result() == QDialog.DialogCode.Accepted
    opened, admin = open_as(target, "admin", "found-pw")
    opened.close()


def test_the_backup_tab_restores_a_backup_with_the_checks_of_the_command(qtbot, context, db_path, tmp_path,
                                                                         monkeypatch):
    from sqlalchemy import select

    from desk.db.database import open_database
    from desk.office.model import SubOffice
    from ui.security.screen import SecurityScreen

    with context.sessions.begin() as session:
        save_sub_office(session, context.actor, None, {"name": SECRET, "code": "450981199", "level": "town"})
    screen = SecurityScreen(context)
    qtbot.addWidget(screen)
    view = screen.backups
    with qtbot.waitSignal(view.backed_up, timeout=30_000) as blocker:
        view.backup()
    backup = blocker.args[0]
    foreign = tmp_path / "foreign.db"
    foreign.write_bytes(b"not a database at all" * 100)
    with qtbot.waitSignal(view.restored, timeout=30_000) as blocker:
        view.restore(foreign)
    assert blocker.args == [False]
    assert "已损坏或不属于本数据库" in view.status_label.text()
    with context.sessions.begin() as session:
        save_sub_office(session, context.actor, None, {"name": "后来录入的", "code": "450981198", "level": "town"})
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    view.list.setCurrentRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.restored, timeout=30_000) as blocker:
        view.ask_restore()
    assert blocker.args == [True]
    assert "已从" in told[0] and str(backup) in told[0]
    restored = open_database(db_path)
    with restored.sessions() as session:
        assert session.scalars(select(SubOffice.name)).all() == [SECRET]
    restored.close()
