"""The login dialog: user name and password; a failed attempt shows why and keeps the user name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desk.core.errors import DeskError
from desk.core.i18n import _

if TYPE_CHECKING:
    from desk.db.database import Database
    from desk.db.records import Actor
    from ui.common.preload import Preload


class LoginDialog(QDialog):
    """Asks for a user name and password and calls ``attempt(username, password)`` until it succeeds.

    ``attempt`` returns the result kept in ``self.result_value`` or raises DeskError, whose
    message is shown under the fields.  ``preload`` (if given) is waited for before ``attempt`` or
    ``forgot`` runs: what they need is still being imported while the user types.
    """

    def __init__(self, attempt: Callable[[str, str], Any], office_name: str = "", username: str = "",
                 parent: QWidget | None = None, forgot: Callable[[str], bool] | None = None,
                 preload: Preload | None = None):
        super().__init__(parent)
        self.attempt = attempt
        self.preload = preload
        self.result_value: Any = None
        self.setWindowTitle(_("登录妇联工作台"))
        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("login_username")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("login_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message_label = QLabel()
        self.message_label.setObjectName("login_message")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(_("用户名："), self.username_edit)
        form.addRow(_("密码："), self.password_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("退出"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        self.forgot = forgot
        if forgot is not None:  # an encrypted database: the recovery sheet sets a new password
            self.forgot_button = buttons.addButton(_("忘记密码(&F)…"), QDialogButtonBox.ButtonRole.ResetRole)
            self.forgot_button.setObjectName("login_forgot")
            self.forgot_button.clicked.connect(self.use_recovery)
        layout = QVBoxLayout(self)
        if office_name:
            title = QLabel(office_name)
            title.setStyleSheet("font-weight: bold; font-size: 13pt;")
            layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)
        (self.password_edit if username else self.username_edit).setFocus()

    def try_login(self) -> None:
        """Try the typed user name and password; accept on success, else show the message."""
        username = self.username_edit.text().strip()
        if not username:
            self.message_label.setText(_("请输入用户名"))
            self.username_edit.setFocus()
            return
        self.wait_for_preload()
        try:
            self.result_value = self.attempt(username, self.password_edit.text())
        except DeskError as exc:
            self.message_label.setText(exc.message)
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()

    def use_recovery(self) -> None:
        """Open the recovery dialog; after a new password is set, the user logs in with it."""
        shown = self.message_label.text()
        self.wait_for_preload()
        self.message_label.setText(shown)
        if self.forgot is not None and self.forgot(self.username_edit.text().strip()):
            self.message_label.setText(_("新密码已设置，请用新密码登录"))
            self.password_edit.clear()
            self.password_edit.setFocus()

    def wait_for_preload(self) -> None:
        """Wait until the background imports are done (at once when they are, or when there are none)."""
        if self.preload is not None:
            self.message_label.setText(_("正在打开，请稍候…"))  # replaced by the outcome; seen while the login works
            self.preload.wait()  # raises here an import that failed on the thread


def login_encrypted(target: str, preload: Preload | None = None) -> tuple[Database, Actor] | None:
    """Ask for a login that opens the encrypted database at ``target``; None if the user gives up.

    The dialog needs nothing of the database: it is shown at once, and ``preload`` (started after the
    dialog is shown) imports what opening the database and the main window need while the user types.
    "Forgot password" opens the recovery dialog (the recovery sheet from the office safe).
    """

    def attempt(user: str, password: str) -> tuple[Database, Actor]:
        from desk.security.session import open_as
        from ui.common.preload import run_beside

        return run_beside(open_as, target, user, password)  # Argon2id twice and the open: the dialog keeps painting

    def forgot(username: str) -> bool:
        from ui.security.recovery import RecoverDialog

        return RecoverDialog(Path(target), username, dialog).exec() == QDialog.DialogCode.Accepted

    dialog = LoginDialog(attempt, forgot=forgot, preload=preload)
    if preload is not None:
        _AfterFirstPaint(dialog, preload.start)  # begun earlier, the imports slow the dialog's own first paint
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if not accepted and preload is not None:
        preload.join()  # the program ends: no import left half done
    return dialog.result_value if accepted else None


class _AfterFirstPaint(QObject):
    """Calls ``then`` once ``widget`` has painted for the first time (from the event loop, after the paint)."""

    def __init__(self, widget: QWidget, then: Callable[[], None]):
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False
