"""The one error presenter, the hooks that route every stray exception to it, and the standard questions."""

from __future__ import annotations

import logging
import sys
import threading
from enum import Enum

from PySide6.QtCore import QThread, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.core.logs import log_file

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Show a DeskError's message; for anything else, apologise, name the log file and log the traceback.

    Each error is shown (and logged) once, however many handlers it passes through; a wait cursor
    left by the work that failed is taken down first.
    """
    if getattr(error, "_desk_shown", False):
        return
    try:
        error._desk_shown = True  # type: ignore[attr-defined]
    except AttributeError:  # a few built-in exceptions take no attributes; they are shown each time
        pass
    while QGuiApplication.overrideCursor() is not None:
        QGuiApplication.restoreOverrideCursor()
    if isinstance(error, DeskError):
        log.info("Told the user why %s stopped the work", type(error).__name__)
        QMessageBox.warning(parent, _("妇联工作台"), error.message)
        return
    log.error("Unexpected error", exc_info=(type(error), error, error.__traceback__))
    QMessageBox.critical(
        parent,
        _("妇联工作台"),
        _("抱歉，出现了意外错误，操作没有完成。详细情况已记录在日志文件中：\n{path}").format(path=log_file()),
    )


def _on_uncaught(kind, error, traceback) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    if error is not None and error.__traceback__ is None:
        error = error.with_traceback(traceback)
    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        log.error("Unexpected error", exc_info=(kind, error, traceback))
        return
    show_error(QApplication.activeWindow(), error)


def _on_thread_uncaught(args: threading.ExceptHookArgs) -> None:
    # never a widget off the GUI thread: log here; jobs hand their errors back through an Operation
    log.error("Unexpected error in thread %s", args.thread.name if args.thread else "?",
              exc_info=(args.exc_type, args.exc_value, args.exc_traceback))  # type: ignore[arg-type]


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _on_qt_message(kind: QtMsgType, context, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def install_error_hooks() -> None:
    """Route every exception no handler caught (slots, virtual methods, threads) and Qt's messages to the log
    and, on the GUI thread, to the one presenter."""
    sys.excepthook = _on_uncaught
    threading.excepthook = _on_thread_uncaught
    qInstallMessageHandler(_on_qt_message)


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget | None) -> Unsaved:
    """Ask what to do with unsaved changes: save, discard or stay."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("妇联工作台"))
    box.setText(_("当前记录有尚未保存的修改。"))
    save = box.addButton(_("保存"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("不保存"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("返回修改"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Unsaved.SAVE
    if clicked is discard:
        return Unsaved.DISCARD
    return Unsaved.CANCEL


def confirm(parent: QWidget | None, text: str, yes_text: str | None = None) -> bool:
    """Ask a yes/no question; return True for yes."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("妇联工作台"))
    box.setText(text)
    yes = box.addButton(yes_text or _("确定"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(_("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes
