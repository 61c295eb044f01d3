"""The main window and the first-start wizard."""

from __future__ import annotations

from sqlalchemy import select

from desk.core.settings import UserSettings
from desk.db.database import open_database
from desk.office.model import OfficeProfile, User
from tests.helpers import type_text
from ui.main_window import MainWindow
from ui.setup_wizard import SetupWizard


def test_navigation_status_bar_and_menus(qtbot, context, tmp_path):
    window = MainWindow(context, UserSettings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    titles = [window.nav_list.item(row).text() for row in range(window.nav_list.count())]
    assert "下级组织" in titles
    assert window.nav_list.count() == len(window.screens)
    assert window.office_label.text() == "北流市妇女联合会"
    assert window.period_label.text() == "当前期间：2020年上半年"
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["文件(&F)", "设置(&S)", "帮助(&H)"]
    assert window.save_action.shortcut().toString() == "Ctrl+S"


def test_changing_the_period_updates_status_bar_and_lists(qtbot, context, tmp_path):
    from desk.core.periods import parse_period

    window = MainWindow(context, UserSettings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(context.period_changed):
        context.set_period(parse_period("2020H2"))
    assert window.period_label.text() == "当前期间：2020年下半年"


def test_setup_wizard_creates_office_and_administrator(qtbot, empty_db_path):
    database = open_database(empty_db_path)
    wizard = SetupWizard(database)
    qtbot.addWidget(wizard)
    wizard.show()
    form = wizard.office_page.form
    assert not wizard.office_page.validatePage()
    assert form.problem_labels["name"].text() == "请填写本单位名称"
    type_text(form.editor("name"), "北流市妇女联合会")
    type_text(form.editor("code"), "450981")
    type_text(form.editor("parent_name"), "玉林市妇女联合会")
    assert wizard.office_page.validatePage()
    assert "自称“我市妇联”，辖区称“全市”" in wizard.office_page.voice_label.text()  # derived from the name
    wizard.next()
    page = wizard.admin_page
    type_text(page.password_edit, "pw12345")
    type_text(page.confirm_edit, "pw1234")
    assert not page.validatePage() and page.problem_label.text() == "两次输入的密码不一致"
    type_text(page.confirm_edit, "5")
    assert page.validatePage()
    wizard.accept()
    with database.sessions() as session:
        profile = session.scalars(select(OfficeProfile)).one()
        user = session.scalars(select(User)).one()
    assert (profile.name, profile.level, profile.parent_name) == ("北流市妇女联合会", "city", "玉林市妇女联合会")
    assert user.username == "admin" and user.password_hash.startswith("$argon2id$")
    database.close()
