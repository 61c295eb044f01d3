"""The recovery key on screen: shown with a button to save the printable sheet and the plain warning of what is lost
without it (setup wizard, encryption, the backup tab); and the dialog that uses it when every password is lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError, ValidationError
from desk.core.i18n import _
from desk.security.recovery import loss_warning, recover_access
from desk.security.report import render_sheet
from ui.common.messages import show_error


class RecoveryPanel(QWidget):
    """The key in groups, "save the sheet to print", the warning, and "I have put it in the safe"."""

    kept_changed = Signal(bool)

    def __init__(self, code: str, office_name: Callable[[], str], target: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.code = code
        self.office_name = office_name
        self.target = Path(target)
        self.code_label = QLabel(code.replace("-", "  "))
        self.code_label.setObjectName("recovery_code")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setStyleSheet("border: 1px solid #888; padding: 8px;")
        self.print_button = QPushButton(_("保存恢复单以便打印(&P)…"))
        self.print_button.setObjectName("recovery_print")
        self.print_button.clicked.connect(self.save_sheet)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.warning_label = QLabel(loss_warning())
        self.warning_label.setObjectName("recovery_warning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.kept_check = QCheckBox(_("我已把恢复密钥打印或抄在纸上，会放进单位的保险柜(&K)"))
        self.kept_check.setObjectName("recovery_kept")
        self.kept_check.toggled.connect(self.kept_changed.emit)
        intro = QLabel(_("请把下面的恢复密钥打印出来或抄在纸上，放进单位的保险柜，不要存在电脑里。"
                         "忘记所有密码时，只有它能打开数据库："))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.code_label)
        layout.addWidget(self.print_button)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.warning_label)
        layout.addStretch(1)
        layout.addWidget(self.kept_check)

    def write_sheet(self, path: Path) -> None:
        """Write the recovery sheet PDF to ``path``."""
        path.write_bytes(render_sheet(self.office_name(), self.target, self.code))
        self.saved_label.setText(_("已保存恢复单：{path}。打印后请删除这个文件。").format(path=path))

    def save_sheet(self) -> None:
        """Ask where to save the recovery sheet (a PDF to print) and write it."""
        path, _filter = QFileDialog.getSaveFileName(self, _("保存恢复单"), str(Path.home() / "恢复单.pdf"),
                                                    _("PDF 文件 (*.pdf)"))
        if not path:
            return
        try:
            self.write_sheet(Path(path))
        except OSError as exc:
            show_error(self, DeskError(_("无法写入文件 {path}：{reason}").format(path=path, reason=exc.strerror or exc)))
        except DeskError as exc:
            show_error(self, exc)


class RecoveryDialog(QDialog):
    """The recovery key after encryption (OK only once it is kept) or from the backup tab."""

    def __init__(self, code: str, office_name: str, target: Path, intro: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("恢复密钥"))
        self.panel = RecoveryPanel(code, lambda: office_name, target)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("确定"))
        ok.setEnabled(False)
        self.panel.kept_changed.connect(ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.panel)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def reject(self) -> None:  # the key is shown once after encryption: closing needs the box ticked
        if self.panel.kept_check.isChecked():
            super().reject()


class RecoverDialog(QDialog):
    """Every password forgotten: the recovery key from the sheet gives an administrator a new password."""

    def __init__(self, target: Path, username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.target = Path(target)
        self.setWindowTitle(_("用恢复密钥设置新密码"))
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("recover_code")
        self.code_edit.setPlaceholderText(_("恢复单上的30个字母和数字"))
        self.user_edit = QLineEdit(username)
        self.user_edit.setObjectName("recover_user")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("recover_password")
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("recover_confirm")
        for edit in (self.password_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message_label = QLabel()
        self.message_label.setObjectName("recover_message")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(_("恢复密钥(&R)："), self.code_edit)
        form.addRow(_("管理员用户名(&U)："), self.user_edit)
        form.addRow(_("新密码(&N)："), self.password_edit)
        form.addRow(_("再输一次新密码(&A)："), self.confirm_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("设置新密码"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.recover)
        buttons.rejected.connect(self.reject)
        intro = QLabel(_("所有管理员都忘了密码时，用保险柜里的恢复单为一位管理员设置新密码。"))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def recover(self) -> None:
        """Check the key and set the new password; accept on success, else say why and keep what was typed."""
        if self.password_edit.text() != self.confirm_edit.text():
            self.message_label.setText(_("两次输入的密码不一致"))
            return
        try:
            recover_access(self.target, self.code_edit.text(), self.user_edit.text().strip(), self.password_edit.text())
        except ValidationError as exc:
            self.message_label.setText(exc.message)
            return
        except DeskError as exc:
            self.message_label.setText(exc.message)
            return
        self.accept()
