"""Start and end of a GUI session: login (unwrapping the key of an encrypted database), the integrity
check with an offer of the latest good backup, automatic backups in the background and the idle lock."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QProgressDialog, QWidget
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
from ui.common.messages import show_error
from ui.common.operations import Operation, SessionMode
from ui.security.lock import IdleLock
from ui.security.login import LoginDialog

log = logging.getLogger(__name__)


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


EXIT_BACKUP_SECONDS = 1.0  # closing is never held up longer by a new backup
EXIT_BACKUP_BYTES_PER_SECOND = 100 * 1024 * 1024  # a cautious copy speed, for a database not yet backed up this session


class Safety(QObject):
    """Automatic backups in the background every 30 minutes when something changed (and at exit), and the idle lock.

    The backup runs at low priority off the GUI thread, so it never holds up start-up or the window;
    closing waits for a running backup to finish (a half-made backup is never left), with a message.
    """

    backed_up = Signal(object)  # the new backup's path, or None when none was due

    def __init__(self, window: QMainWindow, context: AppContext):
        super().__init__(window)
        self.window = window
        self.context = context
        self.operation: Operation | None = None
        self.timing: list[float] = []  # seconds each automatic backup of this session took
        with context.sessions() as session:
            minutes = get_setting(session, IDLE_LOCK_MINUTES)
        self.lock = IdleLock(window, context, max(1, minutes) * 60 * 1000)
        self.timer = QTimer(self)
        self.timer.setInterval(int(AUTO_EVERY.total_seconds() * 1000))
        self.timer.timeout.connect(self.backup)
        self.timer.start()
        self.backup()

    def backup(self, quiet: bool = True) -> Operation | None:
        """Start an automatic backup in the background if none is running (it backs up only when one is due)."""
        if self.operation is not None:
            return None
        database, timing = self.context.database, self.timing

        def job(_session, _progress):
            started = time.perf_counter()
            made = auto_backup(database)
            if made is not None:
                timing.append(time.perf_counter() - started)
            return made

        self.operation = Operation(
            self, self.context.sessions, job,
            _("正在做退出前的自动备份，请稍候…"), mode=SessionMode.NONE, cancellable=False, quiet=quiet,
            low_priority=True,
        )
        self.operation.succeeded.connect(self._on_backup_succeeded)
        self.operation.failed.connect(self._on_backup_failed)
        self.operation.done.connect(self._on_backup_done)
        return self.operation.start()

    def _on_backup_succeeded(self, made: object) -> None:
        if made:
            log.info("Automatic backup %s", made)
        self.backed_up.emit(made)

    def _on_backup_failed(self, error: BaseException) -> None:
        if not isinstance(error, DeskError):  # a bug, not a full disk: the one error path logs and tells
            show_error(self.window, error)
            return
        log.warning("Automatic backup failed: %s", error)  # a full disk, or the database was just encrypted and closed
        if self.window.isVisible():
            self.window.statusBar().showMessage(error.message, 30000)

    def _on_backup_done(self) -> None:
        operation, self.operation = self.operation, None
        if operation is not None:
            operation.deleteLater()

    def wait(self) -> None:
        """Wait (showing that a backup is being finished) until a running backup is done."""
        operation = self.operation
        if operation is None:
            return
        notice = None
        if not operation.wait(300):  # most backups end unseen; a long one is explained
            notice = QProgressDialog(_("正在完成自动备份，请稍候，完成后程序会自动关闭…"), "", 0, 0)
            notice.setWindowTitle(_("妇联工作台"))
            notice.setCancelButton(None)
            notice.show()
        if self.operation is operation:  # its result is still queued for this thread: let it arrive
            loop = QEventLoop()
            operation.done.connect(loop.quit)
            loop.exec()
        if notice is not None:
            notice.close()

    def finish(self) -> None:
        """At exit: stop the lock, let a running backup finish, and make a last backup if one is due and quick.

        A backup that would hold up closing for more than a second (a large database) is left to the next
        start, which makes it in the background: the file on disk is the same then.
        """
        self.lock.stop()
        self.timer.stop()
        self.wait()
        if not self.exit_backup_is_quick():
            log.info("The exit backup is left to the next start (a backup here takes about %.1f s)", self.expected_seconds())
            return
        if self.backup(quiet=False) is not None:
            self.wait()

    def expected_seconds(self) -> float:
        """Return how long a backup of this database is expected to take (the last one, else by its size)."""
        if self.timing:
            return self.timing[-1]
        path = self.context.database.path
        size = path.stat().st_size if path is not None and path.exists() else 0
        return size / EXIT_BACKUP_BYTES_PER_SECOND

    def exit_backup_is_quick(self) -> bool:
        return self.expected_seconds() <= EXIT_BACKUP_SECONDS


def encrypted(target: str) -> bool:
    """Return whether ``target`` is an encrypted database file."""
    return "://" not in target and is_encrypted(Path(target))
