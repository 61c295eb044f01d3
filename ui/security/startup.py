"""Start and end of a GUI session: login (unwrapping the key of an encrypted database), the integrity
check with an offer of the latest good backup, automatic backups and the idle lock."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QWidget

from desk.backup.service import AUTO_EVERY, auto_backup, check_database, check_file, default_folder, list_backups, restore_backup
from desk.core.errors import DatabaseError, DeskError
from desk.core.i18n import _
from desk.db.database import Database, open_database
from desk.db.records import Actor
from desk.office.settings import get_setting
from desk.security.keys import is_encrypted
from desk.security.session import open_as
from desk.security.settings import IDLE_LOCK_MINUTES
from desk.security.users import authenticate
from ui.common.context import AppContext
from ui.security.lock import IdleLock
from ui.security.login import LoginDialog

log = logging.getLogger(__name__)


def login_encrypted(target: str) -> tuple[Database, Actor] | None:
    """Ask for a login that opens the encrypted database at ``target``; None if the user gives up."""
    dialog = LoginDialog(lambda user, password: open_as(target, user, password))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_value


def login_plain(database: Database, office_name: str) -> Actor | None:
    """Ask for a login on an open plain database; None if the user gives up."""
    dialog = LoginDialog(lambda user, password: authenticate(database.sessions, user, password), office_name)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_value


def open_checked(target: str, parent: QWidget | None = None) -> Database | None:
    """Open a plain database and quick-check it; a damaged one is offered its latest good backup.

    Return the database to use, or None when the user declines. Raise DatabaseError for a database
    that is sound but cannot be used (made by a newer version).
    """
    try:
        database = open_database(target)
    except DatabaseError:
        path = Path(target)
        if "://" in target or not path.exists() or check_file(path) == "ok":
            raise
        return offer_backup(path, None, check_file(path), parent)
    return check_or_offer_backup(database, parent)


def check_or_offer_backup(database: Database, parent: QWidget | None = None) -> Database | None:
    """Run the quick check; on damage offer the latest good backup. Return the database to use, or None."""
    result = check_database(database.engine)
    if result == "ok":
        return database
    key = database.engine.info.get("key")
    path = database.path
    database.close()
    if path is None:
        QMessageBox.critical(parent, _("妇联工作台"), _("数据库检查发现损坏：{reason}").format(reason=result))
        return None
    return offer_backup(path, key, result, parent)


def offer_backup(path: Path, key: str | None, reason: str, parent: QWidget | None = None) -> Database | None:
    """Tell the user the database is damaged and offer the latest good backup; return the restored database."""
    log.error("Database %s is damaged: %s", path, reason)
    good = next((item for item in list_backups(default_folder(path)) if check_file(item.path, key) == "ok"), None)
    if good is None:
        QMessageBox.critical(parent, _("妇联工作台"),
                             _("数据库已损坏（{reason}），也没有找到完好的备份。请联系技术人员。").format(reason=reason))
        return None
    answer = QMessageBox.question(
        parent, _("妇联工作台"),
        _("数据库已损坏（{reason}）。\n要用最近的完好备份（{time}）恢复吗？损坏的数据库会另存一份。").format(
            reason=reason, time=f"{good.made_at:%Y-%m-%d %H:%M}"),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        restore_backup(path, good.path, key)
        return open_database(path, key=key)
    except DeskError as exc:
        QMessageBox.critical(parent, _("妇联工作台"), exc.message)
        return None


class Safety(QObject):
    """Automatic backups every 30 minutes when something changed (and at exit), and the idle lock."""

    def __init__(self, window: QMainWindow, context: AppContext):
        super().__init__(window)
        self.context = context
        with context.sessions() as session:
            minutes = get_setting(session, IDLE_LOCK_MINUTES)
        self.lock = IdleLock(window, context, max(1, minutes) * 60 * 1000)
        self.timer = QTimer(self)
        self.timer.setInterval(int(AUTO_EVERY.total_seconds() * 1000))
        self.timer.timeout.connect(self.backup)
        self.timer.start()
        self.backup()

    def backup(self) -> None:
        """Make an automatic backup if one is due; a failure is logged and shown in the status bar."""
        try:
            made = auto_backup(self.context.database.engine)
        except DeskError as exc:  # a full disk, or the database was just encrypted and closed
            log.warning("Automatic backup failed: %s", exc)
            window = self.parent()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(exc.message, 30000)
            return
        if made:
            log.info("Automatic backup %s", made)

    def finish(self) -> None:
        """At exit: stop the lock and make a last backup if something changed."""
        self.lock.stop()
        self.timer.stop()
        self.backup()


def encrypted(target: str) -> bool:
    """Return whether ``target`` is an encrypted database file."""
    return "://" not in target and is_encrypted(Path(target))
