"""The 培训 screen as a clerk uses it: a course and its trainees typed in the grid, saved with Ctrl+S."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication
from sqlalchemy import func, select

from desk.core.people import SEX_FEMALE, make_id_number
from desk.people.model import Person
from desk.training import service
from desk.training.model import Attendance
from tests.helpers import type_text
from ui.common import record_screen
from ui.common.messages import Unsaved
from ui.training.screen import TrainingScreen

TRAINEES = (
    ("钟美兰", "塘岸镇独竹村", "13597751001"),
    ("韦小英", "塘岸镇独竹村", "13597751002"),
    ("梁秀珍", "塘岸镇新荣村", "13597751003"),
    ("庞玉兰", "西埌镇木棉村", "13597751004"),
    ("覃春花", "西埌镇木棉村", "13597751005"),
)


def ident(sequence: int) -> str:
    return make_id_number("450981", dt.date(1980, 3, 1 + sequence), sequence, SEX_FEMALE)


def make(qtbot, context) -> TrainingScreen:
    screen = TrainingScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)  # shortcuts fire only in the active window
    return screen


def type_cell(grid, row, column, text):
    """Type into a grid cell as a clerk does: start editing, type, leave the cell."""
    grid.setFocus()
    grid.setCurrentCell(row, column)
    grid.editItem(grid._item(row, column))
    editor = QApplication.focusWidget()
    type_text(editor, text)
    grid.commitData(editor)
    grid.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def choose(combo, value):
    combo.setCurrentIndex(combo.findData(value))


def counts(context):
    with context.sessions() as session:
        people = session.scalar(select(func.count()).select_from(Person))
        visits = session.scalar(select(func.count()).select_from(Attendance).where(Attendance.deleted.is_(False)))
    return people, visits


def test_a_course_and_five_trainees_one_with_a_bad_id(qtbot, qtmodeltester, context):
    screen = make(qtbot, context)
    courses = screen.courses
    form = courses.form
    type_text(form.editor("name"), "新型女农民种养技术培训班")
    choose(form.editor("kind"), "farmer")
    choose(form.editor("organiser"), "own")
    form.editor("start_date").setDate(QDate(2020, 4, 21))
    form.editor("end_date").setDate(QDate(2020, 4, 23))
    type_text(form.editor("place"), "塘岸镇")
    type_text(form.editor("hours"), "18")
    grid = courses.grid
    for row, (name, unit, phone) in enumerate(TRAINEES):
        number = ident(row) if row != 2 else ident(row)[:17] + ("0" if ident(row)[17] != "0" else "1")
        for column, text in ((0, name), (2, number), (3, unit), (4, phone)):
            type_cell(grid, row, column, text)
    assert grid.rowCount() == 6  # a blank row waits at the bottom
    grid.setCurrentCell(0, 0)
    QTest.keyClick(grid, Qt.Key.Key_Return)  # Enter keeps the cell and moves right
    assert (grid.currentRow(), grid.currentColumn()) == (0, 1)
    QTest.keyClick(grid, Qt.Key.Key_Tab)  # Tab moves across
    assert (grid.currentRow(), grid.currentColumn()) == (0, 2)
    QTest.keyClick(grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    # The four good rows saved; the bad one stays typed, marked, with its reason.
    assert counts(context) == (4, 4)
    assert courses.status_label.text() == "已保存4名学员；1行未保存，请按提示修改后再保存"
    assert "第5行（梁秀珍）未保存：身份证号码校验位错误" in form.problem_labels["trainees"].text()
    assert [row["name"] for row in grid.value()] == ["钟美兰", "韦小英", "庞玉兰", "覃春花", "梁秀珍"]
    assert "校验位错误" in grid.cell_problem(4, "id_number")
    assert grid.cell_problem(0, "id_number") == ""
    assert courses.dirty and courses.form_title.text() == "编辑培训班：新型女农民种养技术培训班 *"
    assert courses.model.rowCount() == 1
    assert courses.model.data(courses.model.index(0, 0)) == "新型女农民种养技术培训班"
    assert courses.model.data(courses.model.index(0, 5)) == "4"  # trainees
    assert "举办培训班1期" in screen.summary.text() and "培训4人次（4人）" in screen.summary.text()
    qtmodeltester.check(courses.model)

    # Correcting the ID and saving again adds the fifth trainee and duplicates nobody.
    grid.setCurrentCell(4, 2)
    grid.editItem(grid._item(4, 2))
    editor = QApplication.focusWidget()
    editor.selectAll()
    type_text(editor, ident(2))
    grid.commitData(editor)
    grid.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    QTest.keyClick(grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert courses.status_label.text() == "已保存"
    assert counts(context) == (5, 5)
    assert not courses.dirty and len(grid.value()) == 5
    assert courses.model.data(courses.model.index(0, 5)) == "5"
    assert "培训5人次（5人）" in screen.summary.text()


def test_a_cadre_sent_to_a_national_course_through_the_trainee_tab(qtbot, qtmodeltester, context):
    with context.sessions.begin() as session:
        service.save_course(session, context.actor, None, {
            "name": "全国基层妇联干部培训班", "kind": "cadre", "organiser": "national",
            "start_date": dt.date(2020, 6, 8), "hours": 40,
        })
    screen = make(qtbot, context)
    screen.tabs.setCurrentIndex(1)
    trainees = screen.trainees
    form = trainees.form
    assert form.editor("course_id").text() == "全国基层妇联干部培训班（2020-06-08）"  # the newest course
    type_text(form.editor("name"), "李秋月")
    type_text(form.editor("id_number"), "123")
    type_text(form.editor("work_unit"), "北流市妇联")
    QTest.keyClick(form.editor("work_unit"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.problem_labels["id_number"].text() == "身份证号码应为18位，现为3位"
    assert form.values()["work_unit"] == "北流市妇联"  # nothing typed is lost
    form.editor("id_number").selectAll()
    type_text(form.editor("id_number"), ident(9))
    form.editor("finished").setChecked(True)
    QTest.keyClick(form.editor("work_unit"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert trainees.status_label.text() == "已保存"
    assert trainees.model.rowCount() == 1
    row = [trainees.model.data(trainees.model.index(0, column)) for column in range(7)]
    assert row[0] == "李*月" and row[1] == "女" and row[2].startswith("4509") and "*" in row[2]
    assert row[4] == "全国基层妇联干部培训班"
    assert "选派干部参加上级培训1人" in screen.summary.text()
    qtmodeltester.check(trainees.model)


def test_registering_a_skilled_woman(qtbot, context):
    screen = make(qtbot, context)
    screen.tabs.setCurrentIndex(2)
    skilled = screen.skilled
    form = skilled.form
    type_text(form.editor("name"), "钟美兰")
    type_text(form.editor("id_number"), ident(0))
    type_text(form.editor("village"), "塘岸镇独竹村")
    type_text(form.editor("trade"), "百香果种植")
    form.editor("registered_on").setDate(QDate(2020, 4, 23))
    form.editor("association_member").setChecked(True)
    QTest.keyClick(form.editor("trade"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert skilled.status_label.text() == "已保存"
    assert skilled.model.data(skilled.model.index(0, 3)) == "百香果种植"
    assert "登记女能手1名" in screen.summary.text() and "协会会员1名" in screen.summary.text()


def test_switching_tabs_with_unsaved_typing_asks_first(qtbot, context, monkeypatch):
    screen = make(qtbot, context)
    asked = []
    monkeypatch.setattr(record_screen, "ask_unsaved", lambda parent: asked.append(1) or Unsaved.CANCEL)
    type_text(screen.courses.form.editor("name"), "巾帼创业培训班")
    screen.tabs.setCurrentIndex(2)
    assert asked and screen.tabs.currentIndex() == 0
    assert screen.courses.form.values()["name"] == "巾帼创业培训班"
    assert screen.has_unsaved_changes() and not screen.maybe_leave()
