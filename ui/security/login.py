"""The login dialog: user name and password; a failed attempt shows why and keeps the user name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desk.core.errors import DeskError
from desk.core.i18n import _


class LoginDialog(QDialog):
    """Asks for a user name and password and calls ``attempt(username, password)`` until it succeeds.

    ``attempt`` returns the result kept in ``self.result_value`` or raises DeskError, whose
    message is shown under the fields.
    """

    def __init__(self, attempt: Callable[[str, str], Any], office_name: str = "", username: str = "",
                 parent: QWidget | None = None, forgot: Callable[[str], bool] | None = None):
        super().__init__(parent)
        self.attempt = attempt
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
        if self.forgot is not None and self.forgot(self.username_edit.text().strip()):
            self.message_label.setText(_("新密码已设置，请用新密码登录"))
            self.password_edit.clear()
            self.password_edit.setFocus()
