"""Assembles the GUI: fonts, translations, the database, first-run setup and the main window.

A start on an encrypted database (every office's database since encryption by default) shows the
login dialog before SQLAlchemy, the models, the services and the main window are imported: they
import on a background thread while the user types (ui/common/preload.py), and the login waits for
them only if she is quicker.  The other starts (a new office's wizard, a plain or a server database)
open the database before their first window, as before.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desk.core.errors import DeskError
from desk.core.i18n import _, current_language, set_language
from desk.core.logs import setup_logging
from desk.core.settings import FONT_SCALE, LANGUAGE, LAST_DATABASE, SERVER_DATABASE, UserSettings
from ui.common.fonts import apply_default_font, apply_font_scale, register_fonts
from ui.common.messages import install_error_hooks

if TYPE_CHECKING:
    from desk.db.database import Database
    from ui.common.context import AppContext

# What the login needs and the main window shows first, imported while the login dialog waits for the user.
AFTER_LOGIN = (
    "sqlalchemy.orm",
    "desk.security.session",
    "desk.office.service",
    "desk.office.settings",
    "ui.security.startup",
    "ui.common.context",
    "ui.main_window",
    "ui.home.screen",
)

log = logging.getLogger(__name__)


def make_application(argv: list[str]) -> QApplication:
    """Return the QApplication with fonts and Qt's own translations installed."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("FederationDesk")
    register_fonts()
    apply_default_font(app)
    if current_language() == "zh_CN":
        translator = QTranslator(app)
        if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                           QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
    return app


def build_context(database: Database, username: str | None = None) -> AppContext:
    """Return the context of an initialised database, acting as ``username`` (default: first admin)."""
    from sqlalchemy import select

    from desk.office.model import User
    from desk.office.service import actor_for, get_profile
    from desk.office.settings import current_period
    from ui.common.context import AppContext, OfficeInfo
    from ui.common.registry import build_registry

    with database.sessions() as session:
        profile = get_profile(session)
        if username is None:
            username = session.scalars(select(User.username).order_by(User.id)).first() or ""
        actor = actor_for(session, username)
        period = current_period(session)
        office = OfficeInfo(profile.name, profile.code, profile.level)
    return AppContext(database, actor, office, period, build_registry())  # built once, at start


def _without_db(arguments: list[str]) -> list[str]:
    """Return command-line arguments without any --db choice."""
    kept: list[str] = []
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument == "--db":
            skip = True
        elif not argument.startswith("--db="):
            kept.append(argument)
    return kept


def run_gui(argv: list[str]) -> int:
    """Open the program on the chosen (or default) database; return the exit status."""
    from desk.console import gui_options
    from desk.core.paths import default_db_path
    from desk.security.keyfile import is_encrypted

    settings = UserSettings()
    set_language(settings.get(LANGUAGE))
    setup_logging()
    options = gui_options(argv[1:])
    if options is None:  # main.py hands over a window's command line only; refuse anything else as the CLI does
        from desk.cli import build_parser

        options = build_parser().parse_args(argv[1:])
    app = make_application(argv)
    apply_font_scale(app, settings.get(FONT_SCALE))
    install_error_hooks()  # every exception no handler caught: logged with its traceback, shown once in Chinese
    target = options.db or settings.get(SERVER_DATABASE) or str(default_db_path())

    actor = None
    username = None
    try:
        if "://" not in target and is_encrypted(Path(target)):
            # The daily start: the login dialog first, the rest imported meanwhile (the module's docstring).
            from ui.common.preload import Preload
            from ui.security.login import login_encrypted

            opened = login_encrypted(target, Preload(AFTER_LOGIN))
            if opened is None:
                return 0
            database, actor = opened
            from ui.security.startup import check_or_offer_backup

            checked = check_or_offer_backup(database)
        else:
            from ui.security.startup import new_database_file, open_checked
            from ui.setup_wizard import SetupWizard

            if new_database_file(target):  # a new office: the wizard makes the database, encrypted
                wizard = SetupWizard(target)
                result = wizard.exec()
                if result == SetupWizard.SERVER_CHOSEN:
                    # This PC works on the office server from now on: start again on it.
                    settings.set(SERVER_DATABASE, wizard.server_url)
                    return run_gui([argv[0], "--db", wizard.server_url, *_without_db(argv[1:])])
                if result != QDialog.DialogCode.Accepted:
                    return 0
                checked, username = wizard.database, wizard.admin_user
            else:
                checked = open_checked(target)
        if checked is None:
            return 1
        database = checked
        from desk.office.service import is_initialised

        with database.sessions() as session:
            ready = is_initialised(session)
    except DeskError as exc:
        QMessageBox.critical(None, _("妇联工作台"), exc.message)
        return 1
    from desk.office.service import get_profile
    from ui.main_window import MainWindow
    from ui.security.startup import Safety, choose_own_password, convert_at_start, login_plain

    if database.backup:
        QMessageBox.information(
            None, _("妇联工作台"), _("数据库已升级到新版本，升级前的副本保存在：\n{path}").format(path=database.backup)
        )
    if not ready:  # a server database without an office
        from ui.setup_wizard import SetupWizard

        wizard = SetupWizard(database)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return 0
        username = wizard.admin_user
    elif actor is None and username is None:
        with database.sessions() as session:
            office_name = get_profile(session).name
        login = login_plain(database, office_name)
        if login is None:
            return 0
        actor, password = login
        converted = convert_at_start(database, actor, password)  # the first start after the upgrade
        if converted is None:
            return 1
        database = converted
    if actor is not None:
        username = actor.user
    settings.set(LAST_DATABASE, str(target))
    context = build_context(database, username)
    if not choose_own_password(context):
        database.close()
        return 0
    window = MainWindow(context, settings)
    safety = Safety(window, context)
    window.show()
    # The login dialog had the keyboard; a window system without a window manager (or one that does not
    # hand focus to a new window) would leave the main window without it: ask for it.
    window.raise_()
    window.activateWindow()
    status = app.exec()
    safety.finish()  # waits for a running automatic backup, with a message
    from ui.common.operations import finish_all

    finish_all()  # a job still running (the window was closed under it) stops before the database closes
    database.close()
    return status


if __name__ == "__main__":
    sys.exit(run_gui(sys.argv))
