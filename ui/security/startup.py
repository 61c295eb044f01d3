"""Start and end of a GUI session: login (unwrapping the key of an encrypted database), the integrity
check with an offer of the latest good backup, automatic backups and the idle lock."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QWidget
from sqlalchemy import func, select

from desk.backup.service import AUTO_EVERY, auto_backup, check_database, check_file, default_folder, list_backups, restore_backup
from desk.core import roles
from desk.core.errors import DatabaseError, DeskError
from desk.core.i18n import _
from desk.db.database import Database, open_database
from desk.db.records import Actor
from desk.office.model import User
from desk.office.service import get_profile, is_initialised
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
    """Ask for a login that opens the encrypted database at ``target``; None if the user gives up.

    "Forgot password" opens the recovery dialog (the recovery sheet from the office safe).
    """
    from ui.security.recovery import RecoverDialog

    def forgot(username: str) -> bool:
        return RecoverDialog(Path(target), username, dialog).exec() == QDialog.DialogCode.Accepted

    dialog = LoginDialog(lambda user, password: open_as(target, user, password), forgot=forgot)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_value


def login_plain(database: Database, office_name: str) -> tuple[Actor, str] | None:
    """Ask for a login on an open plain database; return the Actor and the password (for the conversion), or None."""
    dialog = LoginDialog(lambda user, password: (authenticate(database.sessions, user, password), password),
                         office_name)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_value


def new_database_file(target: str) -> bool:
    """Return whether ``target`` is a database file still to be made: missing, or plain with no office and no user."""
    if "://" in target:
        return False
    path = Path(target)
    if is_encrypted(path):
        return False
    if not path.exists():
        return True
    try:
        database = open_database(path)
    except DeskError:
        return False
    try:
        with database.sessions() as session:
            return not is_initialised(session) and not session.scalar(select(func.count()).select_from(User))
    finally:
        database.close()


def convert_at_start(database: Database, actor: Actor, password: str, parent: QWidget | None = None) -> Database | None:
    """Encrypt a plain database at the first start after the upgrade (an administrator's login); return the database.

    A backup is made first; the plain backups found are overwritten when the administrator agrees;
    the recovery key is shown.  A user who may not manage users and backups leaves it for an
    administrator.  Declining is possible only from the command line (``encrypt --decline``).
    """
    from desk.security.convert import beside, encrypt_open_database, known_plain_backups, needs_conversion
    from ui.security.recovery import RecoveryDialog

    if not needs_conversion(database):
        return database
    if not (roles.allowed(actor, roles.BACKUP) and roles.allowed(actor, roles.MANAGE_USERS)):
        log.info("Plain database %s left for an administrator to encrypt", database.path)
        return database
    path = database.path
    if path is None:  # a server database is protected by its server
        return database
    with database.sessions() as session:
        office_name = get_profile(session).name
    QMessageBox.information(parent, _("加密数据库"), _(
        "这个数据库还没有加密：拿到文件的人就能读出里面的姓名和身份证号。\n"
        "新版本现在为它加密：先做一份备份，再加密，然后清除未加密的旧备份。其他用户仍用原来的密码登录。"))
    plain = known_plain_backups(database)
    erase = True
    elsewhere = [item for item in plain.found if not beside(path, item)]
    if elsewhere or plain.unreachable:
        names = "\n".join(str(item) for item in elsewhere + plain.unreachable)
        answer = QMessageBox.question(parent, _("加密数据库"), _(
            "以前备份到其他文件夹或U盘的这些备份没有加密，仍能被读出：\n{names}\n"
            "要覆盖清除现在能找到的这些文件吗？插不上的U盘请以后插上清除，或销毁上面的文件。").format(names=names))
        erase = answer == QMessageBox.StandardButton.Yes
    try:
        result = encrypt_open_database(database, actor, password, erase_known=erase)
    except DeskError as exc:
        log.warning("Encryption at start failed: %s", exc.message)
        QMessageBox.critical(parent, _("加密数据库"), _("加密没有完成，数据库保持原样：{reason}").format(reason=exc.message))
        return database if not is_encrypted(path) else None
    if result.left:
        QMessageBox.warning(parent, _("加密数据库"), _("这些旧备份仍未加密：\n{names}").format(
            names="\n".join(str(item) for item in result.left)))
    RecoveryDialog(result.code, office_name, path, _("数据库已加密。"), parent).exec()
    reopened, _actor = open_as(path, actor.user, password)
    return reopened


def choose_own_password(context: AppContext) -> bool:
    """At the first login with a password an administrator set, ask for her own; False if she quits instead."""
    from desk.security.users import password_change_due
    from ui.security.password_dialog import PasswordDialog

    with context.sessions() as session:
        due = password_change_due(session, context.actor.user)
    if not due:
        return True
    return PasswordDialog(context, first_login=True).exec() == QDialog.DialogCode.Accepted


def plain_marker(database: Database) -> str:
    """Return what the window title adds for a plain database: the demo, or any other unencrypted file."""
    from desk.security.settings import DEMO_DATABASE

    if database.path is None or is_encrypted(database.path):
        return ""
    with database.sessions() as session:
        demo = get_setting(session, DEMO_DATABASE)
    return _("（演示数据库，未加密）") if demo else _("（未加密）")


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
    key = database.key
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
            made = auto_backup(self.context.database)
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
