"""The dialog where a user changes her own password (old password, new password twice)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desk.core.errors import ValidationError
from desk.core.i18n import N_, _
from desk.security.users import change_own_password
from ui.common.context import AppContext

MENU_TEXT = N_("修改我的密码…")
DONE_TEXT = N_("密码已修改")
TITLE = N_("修改我的密码")


class PasswordDialog(QDialog):
    """Change the logged-in user's password; problems show under the fields and nothing typed is lost."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, first_login: bool = False):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_(TITLE))
        self.edits: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label in (("old_password", _("原密码：")), ("password", _("新密码：")), ("confirm", _("再输一次新密码："))):
            edit = QLineEdit()
            edit.setObjectName(key)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            problem = QLabel()
            problem.setStyleSheet("color: #b00020;")
            problem.setVisible(False)
            form.addRow(label, edit)
            form.addRow("", problem)
            self.edits[key] = edit
            self.problems[key] = problem
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("修改"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if first_login:
            note = QLabel(_("你的密码是管理员设置的。请现在换成只有你自己知道的密码，才能开始工作。"))
            note.setObjectName("first_login_note")
            note.setWordWrap(True)
            layout.addWidget(note)
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("退出"))
        layout.addWidget(QLabel(_("用户：{user}").format(user=context.actor.user)))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def change(self) -> None:
        """Check and store the new password; accept on success."""
        for label in self.problems.values():
            label.setVisible(False)
        values = {key: edit.text() for key, edit in self.edits.items()}
        try:
            with self.context.sessions.begin() as session:
                change_own_password(session, self.context.actor, values["old_password"], values["password"],
                                    values["confirm"])
        except ValidationError as exc:
            for key, message in exc.problems.items():
                if key in self.problems:
                    self.problems[key].setText(message)
                    self.problems[key].setVisible(True)
            return
        self.accept()
