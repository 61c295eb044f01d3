"""The clerk's keyboard on whole screens: a petition typed without the mouse, Ctrl+S with a cell still
open, a refused save, Ctrl+N and Esc back at the top, Tab in visual order on every form, the wizard."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from desk.db.database import open_database
from desk.office.model import OfficeProfile, User
from desk.petitions.model import Petition
from tests.keyboard import Keyboard
from ui.common.form import RecordForm
from ui.common.registry import discover_screens
from ui.petitions.screen import make_screen
from ui.setup_wizard import SetupWizard

CLOCK = lambda: dt.date(2020, 6, 30)  # noqa: E731
CTRL = Qt.KeyboardModifier.ControlModifier


def show(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def test_the_petition_of_the_issue_typed_by_keyboard_alone(qtbot, context):
    screen = show(qtbot, make_screen(context, CLOCK))
    keys = Keyboard()
    keys.press(Qt.Key.Key_N, CTRL)
    assert QApplication.focusWidget() is screen.form.editor("channel")
    keys.field("ld")  # 来电 by its initials
    keys.field("20200602")
    keys.enter()  # not anonymous
    keys.field("王小花")
    keys.field("n")  # 女
    keys.field("13807751234")
    keys.field("北流市塘岸镇独竹村")
    keys.enter()  # no ID number
    keys.enter()  # one person, as filled in
    keys.field("婚姻")  # the category's first character is not lost
    keys.field("丈夫长期酗酒后殴打请求妇联帮助调解")  # the matter, 18 characters
    keys.field("李秀梅")
    keys.enter()  # no leader
    # The handling-steps grid: Enter keeps each cell and moves right, then down.
    for text in ("2020-06-03", "zj", "李秀梅", "县司法局"):
        keys.field(text)
    keys.type("转人民调解")  # the last cell still open when Ctrl+S comes
    keys.press(Qt.Key.Key_S, CTRL)
    assert screen.status_label.text() == "已保存", screen.status_label.text()
    with context.sessions() as session:
        petition = session.scalars(select(Petition)).one()
        assert (petition.channel, petition.received_on, petition.petitioner_name, petition.sex) == (
            "call", dt.date(2020, 6, 2), "王小花", "F")
        assert (petition.category, petition.summary, petition.first_receiver) == (
            "marriage", "丈夫长期酗酒后殴打请求妇联帮助调解", "李秀梅")
    steps = screen.form.values()["steps"]
    assert [(step["step_on"], step["action"], step["handler"], step["unit"], step["notes"]) for step in steps] == [
        ("2020-06-03", "referred", "李秀梅", "县司法局", "转人民调解")]


def test_a_refused_save_shows_each_problem_once_and_focuses_the_first(qtbot, context):
    screen = show(qtbot, make_screen(context, CLOCK))
    keys = Keyboard()
    screen.form.focus_first()
    keys.enter(times=3)
    keys.type("王小花")
    keys.press(Qt.Key.Key_S, CTRL)
    form = screen.form
    problems = {key: form.problem_text(key) for key in form.editors if form.problem_text(key)}
    assert set(problems) == {"category", "summary", "first_receiver"}
    assert QApplication.focusWidget() is form.editor("category")
    status = screen.status_label.text()
    assert status == "未保存：有 3 处需要修改，已标红"
    assert not any(message in status for message in problems.values())  # said once, under its field


def test_ctrl_n_and_esc_go_back_to_the_top_and_the_first_field(qtbot, context, monkeypatch):
    from ui.common import record_screen

    screen = show(qtbot, make_screen(context, CLOCK))
    screen.resize(1366, 500)
    bar = screen.form_scroll.verticalScrollBar()
    keys = Keyboard()
    screen.form.editor("reply").setFocus()
    screen.form.reveal(screen.form.editor("reply"))
    assert bar.value() > 0
    keys.press(Qt.Key.Key_N, CTRL)
    assert bar.value() == 0 and QApplication.focusWidget() is screen.form.editor("channel")
    screen.form.editor("reply").setFocus()
    screen.form.reveal(screen.form.editor("reply"))
    keys.type("答复")
    monkeypatch.setattr(record_screen, "confirm", lambda *args: True)
    keys.press(Qt.Key.Key_Escape)
    assert bar.value() == 0 and QApplication.focusWidget() is screen.form.editor("channel")
    assert screen.form.values()["reply"] == ""


def focus_order(form: RecordForm) -> list[QWidget]:
    """The form's editors in the order Tab visits them, starting from the first."""
    editors = list(form.editors.values())
    order: list[QWidget] = []
    widget = editors[0]
    for _ in range(2000):
        owner = next((editor for editor in editors if editor is widget or editor.isAncestorOf(widget)), None)
        takes_tab = widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.isHidden()
        if owner is not None and takes_tab and owner not in order:
            order.append(owner)
        widget = widget.nextInFocusChain()
        if widget is editors[0]:
            break
    return order


def visual_order(form: RecordForm, editors: list[QWidget]) -> list[QWidget]:
    return sorted(editors, key=lambda editor: (editor.mapTo(form, QPoint(0, 0)).y(), editor.mapTo(form, QPoint(0, 0)).x()))


def test_tab_follows_the_visual_order_on_every_form_of_every_screen(qtbot, context):
    checked = 0
    for entry in discover_screens():
        screen = entry.factory(context)
        show(qtbot, screen)
        for form in screen.findChildren(RecordForm):
            order = focus_order(form)
            assert order == visual_order(form, order), f"{entry.key}: {[e.objectName() for e in order]}"
            takes = [e for e in form.editors.values() if form._focus_target(e) is not None]
            assert set(order) == set(takes), f"{entry.key}: Tab skips a field"
            checked += 1
        screen.close()
    assert checked >= 15  # every record screen's form was walked


def test_the_first_run_wizard_by_keyboard(qtbot, empty_db_path):
    database = open_database(empty_db_path)
    wizard = SetupWizard(database)
    show(qtbot, wizard)
    wizard.resize(620, 460)
    keys = Keyboard()
    office = wizard.office_page
    assert QApplication.focusWidget() is office.form.editor("name")
    keys.enter(times=5)  # through every field: the page checks itself and stays
    assert wizard.currentPage() is office
    assert office.form.problem_text("name") == "请填写本单位名称"
    assert QApplication.focusWidget() is office.form.editor("name")
    keys.type("塘岸镇妇女联合会")
    assert office.form.problem_text("name") == ""  # gone as soon as it is fixed
    keys.enter()
    keys.field("450981101")
    keys.field("z")  # 镇(街道)
    keys.field("北流市妇女联合会")
    keys.field("450981")
    page = wizard.admin_page
    assert wizard.currentPage() is page and QApplication.focusWidget() is page.username_edit
    keys.enter()  # Enter in the user name moves on and finishes nothing
    assert wizard.isVisible() and QApplication.focusWidget() is page.password_edit
    keys.field("pw12345")
    keys.field("pw1234")
    assert wizard.isVisible() and page.problem_label.text() == "两次输入的密码不一致"
    assert QApplication.focusWidget() is page.confirm_edit
    keys.type("5")
    assert page.problem_label.text() == ""
    keys.enter()  # the last field of the last page finishes
    assert not wizard.isVisible() and wizard.admin_user == "admin"
    with database.sessions() as session:
        profile = session.scalars(select(OfficeProfile)).one()
        user = session.scalars(select(User)).one()
    assert (profile.name, profile.level, profile.parent_code) == ("塘岸镇妇女联合会", "town", "450981")
    assert user.username == "admin"
    database.close()
