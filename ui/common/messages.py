"""The one error presenter and the standard questions (unsaved changes, confirm delete)."""

from __future__ import annotations

import logging
from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.core.logs import log_file

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Show a DeskError's message; for anything else, apologise, name the log file and log the traceback."""
    if isinstance(error, DeskError):
        QMessageBox.warning(parent, _("妇联工作台"), error.message)
        return
    log.error("Unexpected error", exc_info=(type(error), error, error.__traceback__))
    QMessageBox.critical(
        parent,
        _("妇联工作台"),
        _("抱歉，出现了意外错误，操作没有完成。详细情况已记录在日志文件中：\n{path}").format(path=log_file()),
    )


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
