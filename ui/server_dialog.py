"""连接单位服务器: the first-run choice of a shared PostgreSQL database instead of a file on this PC."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.db.database import open_database
from desk.db.server import DEFAULT_PORT, ServerAddress, remember_password
from desk.office.service import get_profile, is_initialised


class ServerDialog(QDialog):
    """Asks for the server's address, database, user and password and checks the connection.

    OK is offered only after a successful check; ``url`` then holds the address to open (its
    password kept in PostgreSQL's own password file, never in the program's settings).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.url = ""
        self.setWindowTitle(_("连接单位服务器"))
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText(_("如 192.168.1.10"))
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit()
        self.database_edit.setPlaceholderText(_("如 fulian"))
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.check_button = QPushButton(_("检查连接"))
        self.result_label = QLabel(_("请向单位的信息员要服务器地址、数据库名称、用户名和密码。"))
        self.result_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("服务器地址："), self.host_edit)
        form.addRow(_("端口："), self.port_spin)
        form.addRow(_("数据库名称："), self.database_edit)
        form.addRow(_("用户名："), self.user_edit)
        form.addRow(_("密码："), self.password_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("使用这个服务器"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.check_button)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.check_button.clicked.connect(self.check_connection)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.host_edit, self.database_edit, self.user_edit, self.password_edit):
            edit.textChanged.connect(self._on_text_edited)
        self.port_spin.valueChanged.connect(self._on_text_edited)

    def address(self) -> ServerAddress:
        return ServerAddress(self.host_edit.text().strip(), self.port_spin.value(), self.database_edit.text().strip(),
                             self.user_edit.text().strip())

    def _on_text_edited(self, *_args: object) -> None:
        # A changed field needs a new check before it may be used.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def check_connection(self) -> bool:
        """Connect (creating the office's tables on an empty database); say in Chinese how it went."""
        address = self.address()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        # Up to desk.db.engine.CONNECT_TIMEOUT_S when nothing answers at the address; an empty database gets its tables.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            address.check()
            database = open_database(address.url(self.password_edit.text()))
            try:
                with database.sessions() as session:
                    office = get_profile(session).name if is_initialised(session) else ""
                version = database.engine.dialect.server_version_info or ()
            finally:
                database.close()
            if self.password_edit.text():
                remember_password(address, self.password_edit.text())
        except DeskError as exc:
            self.result_label.setStyleSheet("color: #b00020;")
            self.result_label.setText(exc.message)
            ok.setEnabled(False)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.result_label.setStyleSheet("color: #1b5e20;")
        shown = ".".join(str(part) for part in version[:2])
        if office:
            self.result_label.setText(_("连接成功（PostgreSQL {version}）。服务器上是“{office}”的数据，"
                                        "下一步请用您在本单位的用户名登录。").format(version=shown, office=office))
        else:
            self.result_label.setText(_("连接成功（PostgreSQL {version}）。服务器上的数据库还是空的，"
                                        "下一步请填写本单位信息并设置管理员。").format(version=shown))
        self.url = address.url()
        ok.setEnabled(True)
        ok.setFocus()
        return True
