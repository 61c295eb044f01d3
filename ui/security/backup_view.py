"""The backup tab for administrators: the backups kept, a backup now, a backup to a chosen folder (USB), restoring
a backup (with the same checks as the ``restore`` command), the recovery sheet, and encrypting a plain database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.backup.service import BackupError, default_folder, list_backups, make_backup, thin
from desk.core import roles
from desk.core.errors import DeskError
from desk.core.formatting import format_count
from desk.core.i18n import _
from desk.security import audit
from desk.security.keys import is_encrypted
from ui.common.context import AppContext
from ui.common.messages import show_error
from ui.common.operations import Operation, SessionMode, run_operation


class BackupView(QWidget):
    """Lists the automatic backups, makes new ones and restores one; prints the recovery sheet again.

    Backing up and restoring run in the background (ui.common.operations): the window keeps painting.
    """

    backed_up = Signal(object)  # the new backup's path, or None when it failed
    restored = Signal(bool)  # whether a restore put the backup in place

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.path = context.database.path
        self.file = self.path or Path()  # the database file (screens for a server database hide what needs it)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("backups")
        self.now_button = QPushButton(_("立即备份"))
        self.to_button = QPushButton(_("备份到其他文件夹或U盘…"))
        self.restore_button = QPushButton(_("恢复(&R)…"))
        self.restore_button.setObjectName("restore_backup")
        self.sheet_button = QPushButton(_("恢复单(&K)…"))
        self.sheet_button.setObjectName("recovery_sheet")
        self.sheet_button.setVisible(self.path is not None and is_encrypted(self.path)
                                     and roles.allowed(context.actor, roles.MANAGE_USERS))
        self.encrypt_button = QPushButton(_("加密数据库…"))
        self.encrypt_button.setVisible(self.path is not None and not is_encrypted(self.path))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.to_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sheet_button)
        buttons.addWidget(self.encrypt_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        hint = QLabel(_("恢复：选中列表中的一个备份后按“恢复…”，或从U盘选择备份文件。会先检查备份，当前数据库另存一份；"
                        "恢复后程序关闭，请重新启动。"))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.status_label)
        self.now_button.clicked.connect(lambda: self.backup())
        self.to_button.clicked.connect(self.backup_to)
        self.encrypt_button.clicked.connect(self.ask_encrypt)
        self.restore_button.clicked.connect(self.ask_restore)
        self.sheet_button.clicked.connect(self.show_recovery_sheet)
        self.refresh()

    def refresh(self) -> None:
        """Show the kept backups, newest first."""
        self.list.clear()
        if self.path is None:  # a database on the office server: pg_dump files on this PC
            from desk.backup import server

            folder = server.server_folder(self.context.database.engine)
            self.folder_label.setText(_("服务器数据库用 pg_dump 备份到这台电脑的文件夹：{folder}").format(folder=folder))
            for path in server.list_dumps(folder):
                entry = QListWidgetItem(f"{format_count(max(1, path.stat().st_size // 1024))} KB    {path.name}")
                entry.setData(Qt.ItemDataRole.UserRole, str(path))
                self.list.addItem(entry)
            return
        folder = default_folder(self.path)
        self.folder_label.setText(_("自动备份文件夹：{folder}").format(folder=folder))
        for item in list_backups(folder):
            entry = QListWidgetItem(
                f"{item.made_at:%Y-%m-%d %H:%M:%S}    {format_count(max(1, item.size // 1024))} KB    {item.path.name}")
            entry.setData(Qt.ItemDataRole.UserRole, str(item.path))
            self.list.addItem(entry)

    def backup(self, folder: Path | None = None) -> Operation:
        """Back up into ``folder`` (default: the automatic folder) in the background; ``backed_up(path)`` follows.

        A database file is copied page by page (sqlite's backup); a server database is dumped with pg_dump.
        """
        database, engine, context = self.context.database, self.context.database.engine, self.context
        server_database = self.path is None

        def job(_session, _progress) -> Path:
            if server_database:
                from desk.backup import server

                path = server.dump(engine, folder)
            else:
                path = make_backup(database, folder, reason="manual" if folder else "")
                if folder is None:
                    thin(path.parent)
            with context.sessions.begin() as session:
                audit.record_event(session, context.actor, audit.BACKUP, path.name, {"folder": str(path.parent)})
            return path

        def succeeded(path: Path) -> None:
            self.status_label.setText(_("已备份到 {path}").format(path=path))
            self.refresh()
            self.backed_up.emit(path)

        def failed(error: BaseException) -> None:
            if isinstance(error, BackupError):
                self.status_label.setText(error.message)
            else:
                show_error(self, error)
            self.backed_up.emit(None)

        return run_operation(self, context.sessions, job, _("正在备份数据库…"), succeeded, failed,
                             mode=SessionMode.NONE, cancellable=False, busy=self._buttons())

    def _buttons(self) -> tuple[QWidget, ...]:
        return (self.now_button, self.to_button, self.restore_button, self.encrypt_button)

    def backup_to(self) -> None:
        """Ask for a folder (a USB stick) and back up into it."""
        folder = QFileDialog.getExistingDirectory(self, _("选择备份到的文件夹"))
        if folder:
            self.backup(Path(folder))

    # -- restoring ---------------------------------------------------------------------------------------------------
    def ask_restore(self) -> None:
        """Restore the backup chosen in the list, or one chosen from a folder (a USB stick), after asking."""
        item = self.list.currentItem()
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else ""
        if not path:
            if self.path is None:  # the office server's pg_dump files
                from desk.backup import server

                start, pattern = server.server_folder(self.context.database.engine), _("服务器备份文件 (*.dump)")
            else:
                start, pattern = default_folder(self.file), _("备份文件 (*.db)")
            path, _filter = QFileDialog.getOpenFileName(self, _("选择要恢复的备份文件"), str(start), pattern)
            if not path:
                return
        question = _("要用这个备份替换现在的数据库吗？\n{path}\n备份之后录入的内容会不见；现在的数据库会另存一份。"
                     "恢复后程序关闭，请重新启动。").format(path=path)
        if self.path is None:
            question += "\n" + _("这是单位服务器上的数据库：请先让其他同事退出程序。")
        answer = QMessageBox.question(self, _("从备份恢复"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(Path(path))

    def restore(self, backup: Path) -> Operation:
        """Check ``backup`` and put it in place of the database (as the ``restore`` command does) in the background.

        The check reads every page of the backup, which takes a while for a large database; the window
        shows the progress dialog meanwhile and closes once the backup is in place (``restored(ok)``).
        """
        from desk.backup.service import restore_from

        database, actor = self.context.database, self.context.actor

        def succeeded(kept: Path) -> None:
            self.restored.emit(True)
            QMessageBox.information(self, _("从备份恢复"), _("已从 {file} 恢复；恢复前的数据库保存在 {kept}").format(
                file=backup, kept=kept) + "\n" + _("程序将关闭，请重新启动并登录。"))
            self.window().close()

        def failed(error: BaseException) -> None:
            if isinstance(error, DeskError):
                self.status_label.setText(error.message)
            else:
                show_error(self, error)
            self.restored.emit(False)

        def job(_session, _progress) -> Path:
            if database.path is None:  # the office server: pg_restore
                from desk.backup import server

                return server.restore_as(database, actor, backup)
            return restore_from(database, actor, backup)

        return run_operation(self, self.context.sessions, job,
                             _("正在检查并恢复备份…"), succeeded, failed, mode=SessionMode.NONE, cancellable=False,
                             busy=self._buttons())

    # -- the recovery sheet --------------------------------------------------------------------------------------------
    def show_recovery_sheet(self) -> None:
        """Show the recovery key with the button that saves the sheet to print."""
        from desk.security.recovery import stored_code
        from ui.security.recovery import RecoveryDialog

        try:
            with self.context.sessions.begin() as session:
                code = stored_code(session, self.context.actor)
                audit.record_event(session, self.context.actor, audit.PRINT, "recovery-sheet", {"recovery_sheet": True})
        except DeskError as exc:
            self.status_label.setText(exc.message)
            return
        RecoveryDialog(code, self.context.office.name, self.file, parent=self).exec()

    # -- encrypting ----------------------------------------------------------------------------------------------------
    def ask_encrypt(self) -> None:
        """Ask for the administrator's password and encrypt the database."""
        password, ok = QInputDialog.getText(
            self, _("加密数据库"),
            _("加密后，只有输入密码才能打开数据库和备份。请输入你的密码："), QLineEdit.EchoMode.Password)
        if ok:
            self.encrypt(password)

    def encrypt(self, password: str, erase: bool | None = None) -> bool:
        """Encrypt the open database with the administrator's ``password``; the program then closes.

        Plain backups found in other folders (a USB stick) are named, and overwritten if the
        administrator agrees (``erase`` answers for her in tests).
        """
        from desk.security.convert import beside, encrypt_open_database, known_plain_backups
        from ui.security.recovery import RecoveryDialog

        plain = known_plain_backups(self.context.database)
        elsewhere = [item for item in plain.found if not beside(self.file, item)]
        if erase is None:
            erase = True
            if elsewhere or plain.unreachable:
                answer = QMessageBox.question(self, _("加密数据库"), _(
                    "以前备份到其他文件夹或U盘的这些备份没有加密，仍能被读出：\n{names}\n"
                    "要覆盖清除现在能找到的这些文件吗？插不上的U盘请以后插上清除，或销毁上面的文件。").format(
                    names="\n".join(str(item) for item in elsewhere + plain.unreachable)))
                erase = answer == QMessageBox.StandardButton.Yes
        try:
            result = encrypt_open_database(self.context.database, self.context.actor, password, erase_known=erase)
        except DeskError as exc:
            self.status_label.setText(exc.message)
            return False
        message = _("数据库已加密，未加密的旧备份已清除（{count}个），新的加密备份：{path}").format(
            count=result.erased, path=result.backup) + "\n" + _("其他用户仍用原来的密码登录。")
        if result.left:
            message += "\n" + _("这些旧备份仍未加密：\n{names}").format(names="\n".join(str(item) for item in result.left))
        RecoveryDialog(result.code, self.context.office.name, self.file, message, self).exec()
        QMessageBox.information(self, _("加密数据库"), _("程序将关闭，请重新启动并登录。"))
        self.window().close()
        return True
