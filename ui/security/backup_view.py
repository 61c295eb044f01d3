"""The backup tab for administrators: the backups kept, a backup now, and a backup to a chosen folder (USB)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.backup.service import BackupError, default_folder, list_backups, make_backup, thin
from desk.core.errors import DeskError
from desk.core.formatting import format_count
from desk.core.i18n import _
from desk.security import audit
from desk.security.keys import is_encrypted
from ui.common.context import AppContext
from ui.common.messages import show_error


class BackupView(QWidget):
    """Lists the automatic backups and makes new ones; restoring is the ``restore`` command."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.path = context.database.path
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("backups")
        self.now_button = QPushButton(_("立即备份"))
        self.to_button = QPushButton(_("备份到其他文件夹或U盘…"))
        self.encrypt_button = QPushButton(_("加密数据库…"))
        self.encrypt_button.setVisible(self.path is not None and not is_encrypted(self.path))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.to_button)
        buttons.addStretch(1)
        buttons.addWidget(self.encrypt_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel(_("恢复备份：关闭程序后运行 python main.py restore 备份文件（会先检查备份，并另存当前数据库）。")))
        layout.addWidget(self.status_label)
        self.now_button.clicked.connect(lambda: self.backup())
        self.to_button.clicked.connect(self.backup_to)
        self.encrypt_button.clicked.connect(self.ask_encrypt)
        self.refresh()

    def refresh(self) -> None:
        """Show the kept backups, newest first."""
        self.list.clear()
        if self.path is None:  # a database on the office server: pg_dump files on this PC
            from desk.backup import server

            folder = server.server_folder(self.context.database.engine)
            self.folder_label.setText(_("服务器数据库用 pg_dump 备份到这台电脑的文件夹：{folder}").format(folder=folder))
            for path in server.list_dumps(folder):
                self.list.addItem(f"{format_count(max(1, path.stat().st_size // 1024))} KB    {path.name}")
            return
        folder = default_folder(self.path)
        self.folder_label.setText(_("自动备份文件夹：{folder}").format(folder=folder))
        for item in list_backups(folder):
            self.list.addItem(f"{item.made_at:%Y-%m-%d %H:%M:%S}    {format_count(max(1, item.size // 1024))} KB    {item.path.name}")

    def backup(self, folder: Path | None = None) -> Path | None:
        """Back up into ``folder`` (default: the automatic folder); return the new file or None."""
        try:
            if self.path is None:
                from desk.backup import server

                path = server.dump(self.context.database.engine, folder)
            else:
                path = make_backup(self.context.database.engine, folder, reason="manual" if folder else "")
                if folder is None:
                    thin(path.parent)
            with self.context.sessions.begin() as session:
                audit.record_event(session, self.context.actor, audit.BACKUP, path.name, {"folder": str(path.parent)})
        except BackupError as exc:
            self.status_label.setText(exc.message)
            return None
        except Exception as exc:  # noqa: BLE001 - show_error presents any failure (logged with its traceback)
            show_error(self, exc)
            return None
        self.status_label.setText(_("已备份到 {path}").format(path=path))
        self.refresh()
        return path

    def backup_to(self) -> None:
        """Ask for a folder (a USB stick) and back up into it."""
        folder = QFileDialog.getExistingDirectory(self, _("选择备份到的文件夹"))
        if folder:
            self.backup(Path(folder))

    def ask_encrypt(self) -> None:
        """Ask for the administrator's password and encrypt the database."""
        password, ok = QInputDialog.getText(
            self, _("加密数据库"),
            _("加密后，只有输入密码才能打开数据库和备份。请输入你的密码："), QLineEdit.EchoMode.Password)
        if ok:
            self.encrypt(password)

    def encrypt(self, password: str) -> bool:
        """Encrypt the open database with the administrator's ``password``; the program then closes."""
        from desk.security.convert import encrypt_open_database

        try:
            result = encrypt_open_database(self.context.database, self.context.actor, password)
        except DeskError as exc:
            self.status_label.setText(exc.message)
            return False
        QMessageBox.information(
            self, _("加密数据库"),
            _("数据库已加密，未加密的旧备份已清除（{count}个），新的加密备份：{path}").format(
                count=result.erased, path=result.backup)
            + "\n" + _("只有 {user} 能立即登录；请为其他用户重设密码，他们才能打开数据库。").format(
                user=self.context.actor.user)
            + "\n" + _("程序将关闭，请重新启动并登录。"))
        self.window().close()
        return True
