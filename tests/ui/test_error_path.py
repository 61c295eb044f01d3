"""One error path: an exception from a slot or a job is logged once with its traceback and shown once in Chinese."""

from __future__ import annotations

import gc
import logging
import sys

import pytest
from PySide6.QtCore import Qt, QtMsgType
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton

from desk.core.errors import DeskError
from ui.common import messages
from ui.common.operations import Operation, SessionMode


@pytest.fixture
def shown(monkeypatch):
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: texts.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *args: texts.append(text))
    return texts


def _logged(caplog, text: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.exc_info and text in str(record.exc_info[1])]


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_shown_once_and_the_cursor_comes_back(qtbot, shown, monkeypatch, caplog):
    monkeypatch.setattr(sys, "excepthook", messages._on_uncaught)
    button = QPushButton("出错")
    qtbot.addWidget(button)

    def slot() -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        raise RuntimeError("slot went wrong")

    button.clicked.connect(slot)
    with caplog.at_level(logging.ERROR):
        button.click()
    assert len(shown) == 1 and "意外错误" in shown[0] and "desk.log" in shown[0]
    logged = _logged(caplog, "slot went wrong")
    assert len(logged) == 1 and logged[0].exc_info[2] is not None  # with its traceback
    assert QGuiApplication.overrideCursor() is None
    button.clicked.disconnect(slot)
    button.clicked.connect(lambda: shown.append("还能用"))
    button.click()
    assert shown[-1] == "还能用"


def test_a_desk_error_shows_its_own_message_and_an_error_is_never_shown_twice(qtbot, shown):
    error = DeskError("请先选择文件")
    messages.show_error(None, error)
    messages.show_error(None, error)  # a second handler on the way: still one box
    assert shown == ["请先选择文件"]


def test_an_error_in_a_job_reaches_the_presenter_once_and_the_buttons_come_back(qtbot, context, shown, caplog):
    button = QPushButton("开始")
    qtbot.addWidget(button)

    def job(session, progress):
        progress(1, 2)
        raise ValueError("job went wrong")

    operation = Operation(button, context.sessions, job, "正在处理…", mode=SessionMode.READ, busy=(button,))
    operation.failed.connect(lambda error: messages.show_error(button, error))
    operation.failed.connect(lambda error: messages.show_error(button, error))
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(operation.done, timeout=10_000):
        operation.start()
        assert not button.isEnabled() and not gc.isenabled()
    assert len(shown) == 1 and len(_logged(caplog, "job went wrong")) == 1
    assert button.isEnabled() and gc.isenabled()  # garbage collection waited for the job only


def test_qt_messages_go_to_the_log(caplog):
    with caplog.at_level(logging.WARNING, logger="qt"):
        messages._on_qt_message(QtMsgType.QtWarningMsg, None, "QPainter::begin: Paint device returned engine == 0")
    assert [record.getMessage() for record in caplog.records if record.name == "qt"] == [
        "QPainter::begin: Paint device returned engine == 0"]
