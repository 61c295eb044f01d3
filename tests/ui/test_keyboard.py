"""The clerk's keyboard in the shared form mechanisms: Enter moves on from every kind of editor and
nothing typed after it is lost; drop-downs select as you type; focus is visible; Tab follows the eye."""

from __future__ import annotations

import string

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from desk.core.i18n import N_
from tests.keyboard import Keyboard
from ui.common.fields import FieldSpec
from ui.common.form import RecordForm
from ui.common.grid import GridColumn, LineGrid
from ui.common.keyboard import FOCUS_COLOUR

# Every printable ASCII character a keyboard sends, then Chinese as an input method commits it.
PRINTABLE = "".join(ch for ch in string.printable if ch.isprintable() and ch != " ") + " 县司法局"
CHOICES = (("marriage", N_("婚姻家庭")), ("rights", N_("权益保障")), ("other", N_("其他")))
CTRL = Qt.KeyboardModifier.ControlModifier
GRID_COLUMNS = (GridColumn("item", N_("物品")), GridColumn("quantity", N_("数量"), kind="int"))


def kind_spec(kind: str) -> FieldSpec:
    if kind == "grid":
        return FieldSpec("field", N_("表格"), kind="custom", editor=lambda: LineGrid(GRID_COLUMNS))
    return FieldSpec("field", N_("被测栏"), kind=kind, choices=CHOICES, max_length=400)


def show_form(qtbot, fields) -> RecordForm:
    form = RecordForm(fields)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(form)
    qtbot.addWidget(scroll)
    scroll.resize(500, 300)
    scroll.show()
    scroll.activateWindow()
    qtbot.waitUntil(scroll.isActiveWindow)
    form.window_ = scroll  # the test holds the window as long as the form
    return form


@pytest.mark.parametrize("kind", ["text", "int", "money", "date", "choice", "combo", "bool", "multiline", "grid"])
def test_every_key_typed_after_enter_lands_in_the_next_field(qtbot, kind):
    form = show_form(qtbot, (kind_spec(kind), FieldSpec("next", N_("下一栏"), max_length=400)))
    keys = Keyboard()
    form.focus_first()
    keys.enter()
    keys.type(PRINTABLE)
    assert form.values()["next"] == PRINTABLE.strip()


def test_typing_in_a_grid_cell_then_enter_keeps_the_cell_and_the_next_keys_go_right_then_down(qtbot):
    form = show_form(qtbot, (kind_spec("grid"), FieldSpec("next", N_("下一栏"))))
    grid = form.editor("field")
    keys = Keyboard()
    form.focus_first()
    keys.field("奶粉")  # typed Chinese opens the cell; Enter keeps it and moves right at once
    keys.field("20")  # the last column: Enter goes to the next row's first cell
    keys.field("书包")
    keys.field("100")
    keys.enter()  # Enter on the empty row leaves the grid
    keys.type("完")
    assert grid.value() == [{"item": "奶粉", "quantity": 20}, {"item": "书包", "quantity": 100}]
    assert form.values()["next"] == "完"


def test_drop_down_selects_by_typing_pinyin_initials_or_chinese_and_says_why_when_nothing_matches(qtbot):
    form = show_form(qtbot, (FieldSpec("category", N_("类别"), kind="choice", choices=CHOICES),
                             FieldSpec("next", N_("下一栏"))))
    combo = form.editor("category")
    keys = Keyboard()
    form.focus_first()
    keys.type("qy")  # 权益保障 by its initials
    assert combo.value() == "rights"
    keys.enter()
    assert QApplication.focusWidget() is form.editor("next")
    combo.setFocus()
    keys.type("婚")  # an input method's commit selects too
    assert combo.value() == "marriage"
    combo.setFocus()
    keys.type("x")
    assert combo.value() == "marriage" and combo.property("refusal") == "没有以“x”开头的选项"


def test_multiline_enter_moves_on_while_ctrl_or_shift_enter_starts_a_new_line(qtbot):
    form = show_form(qtbot, (FieldSpec("summary", N_("反映问题"), kind="multiline"), FieldSpec("next", N_("下一栏"))))
    keys = Keyboard()
    form.focus_first()
    keys.type("第一行")
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    keys.type("第二行")
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    keys.type("第三行")
    keys.enter()
    keys.type("下")
    assert form.values() == {"summary": "第一行\n第二行\n第三行", "next": "下"}
    assert "Ctrl+回车" in form.editor("summary").toolTip()


def test_check_box_says_why_a_letter_does_nothing_and_space_ticks_it(qtbot):
    form = show_form(qtbot, (FieldSpec("anonymous", N_("匿名"), kind="bool"), FieldSpec("next", N_("下一栏"))))
    box = form.editor("anonymous")
    keys = Keyboard()
    form.focus_first()
    keys.type("y")
    assert not box.value() and "空格" in box.property("refusal")
    keys.press(Qt.Key.Key_Space)
    assert box.value()


def frame_pixels(widget: QWidget) -> int:
    image = widget.grab().toImage()
    colour = QColor(FOCUS_COLOUR)
    count = 0
    for x in range(image.width()):
        for y in (0, 1, image.height() - 2, image.height() - 1):
            pixel = image.pixelColor(x, y)
            if abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green()) + abs(pixel.blue() - colour.blue()) < 60:
                count += 1
    return count


@pytest.mark.parametrize("kind", ["text", "int", "money", "date", "choice", "combo", "bool", "multiline", "grid"])
def test_the_editor_with_focus_has_a_visible_frame(qtbot, kind):
    form = show_form(qtbot, (FieldSpec("other", N_("别的栏")), kind_spec(kind)))
    editor = form.editor("field")
    form.editor("other").setFocus()
    qtbot.waitUntil(lambda: form.editor("other").hasFocus())
    assert frame_pixels(editor) == 0
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor or editor.isAncestorOf(QApplication.focusWidget()))
    assert frame_pixels(editor) > editor.width()  # top and bottom edges drawn in the focus colour


def test_focus_first_scrolls_back_to_the_top(qtbot):
    fields = tuple(FieldSpec(f"f{n}", N_("栏")) for n in range(30))
    form = show_form(qtbot, fields)
    scroll = form.parentWidget().parentWidget()
    form.editor("f29").setFocus()
    form.reveal(form.editor("f29"))
    assert scroll.verticalScrollBar().value() > 0
    form.focus_first()
    assert scroll.verticalScrollBar().value() == 0 and QApplication.focusWidget() is form.editor("f0")


def test_enter_scrolls_the_next_field_into_sight(qtbot):
    fields = tuple(FieldSpec(f"f{n}", N_("栏")) for n in range(30))
    form = show_form(qtbot, fields)
    keys = Keyboard()
    form.focus_first()
    keys.enter(times=25)
    editor = form.editor("f25")
    assert QApplication.focusWidget() is editor
    viewport = form.parentWidget()
    top_left = editor.mapTo(viewport, QPoint(0, 0))
    assert 0 <= top_left.y() and top_left.y() + editor.height() <= viewport.height()


def test_a_number_field_says_why_a_letter_does_not_go_in(qtbot):
    form = show_form(qtbot, (FieldSpec("count", N_("人数"), kind="int"), FieldSpec("cash", N_("金额"), kind="money")))
    keys = Keyboard()
    form.focus_first()
    keys.type("12x")
    assert form.values()["count"] == 12 and form.editor("count").property("refusal") == "这里只能输入整数"
    keys.enter()
    keys.type("15.505")
    assert form.values()["cash"] == 1550 and "两位小数" in form.editor("cash").property("refusal")


def test_ctrl_s_reaches_the_screen_while_a_list_of_suggestions_is_open(qtbot):
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtTest import QTest

    form = show_form(qtbot, (FieldSpec("unit", N_("单位"), kind="combo", choices=(("县司法局", ""), ("县公安局", ""))),))
    saves = []
    shortcut = QShortcut(QKeySequence("Ctrl+S"), form.window_)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(lambda: saves.append(form.values()["unit"]))
    Keyboard().type("县")
    popup = form.editor("unit").completer().popup()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_S, CTRL)  # the open list has the keyboard, as a real one does
    assert saves == ["县"]
