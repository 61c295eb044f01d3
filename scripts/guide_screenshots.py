"""Remake the user guide's screenshots (docs/guide/*.png) from a fresh demo database.

Usage: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/guide_screenshots.py [--out docs/guide]

Every picture in docs/用户手册.md comes from here, so they are remade whenever the screens change.
The window is grabbed at 1366×768, the size of most office PCs, in Chinese.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# (file name, screen key, tab index or -1, list row to select or -1)
SHOTS = (
    ("home", "home", -1, -1),
    ("campaigns", "campaigns", 0, 0),
    ("awards", "awards", 0, 0),
    ("relief", "relief", 0, 0),
    ("petitions", "petitions", -1, 0),
    ("training", "training", 0, 0),
    ("organisation", "organisation", 0, 0),
    ("reports", "reports", -1, -1),
    ("exchange-keys", "exchange", 0, -1),
    ("exchange-export", "exchange", 1, -1),
    ("sheets", "sheets", -1, -1),
    ("backups", "security", 2, -1),
)
WIDTH, HEIGHT = 1366, 738  # the screen less a task bar


def _settle(app, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()


def _select_tab(widget, index: int) -> None:
    from PySide6.QtWidgets import QTabWidget

    tabs = widget if isinstance(widget, QTabWidget) else widget.findChild(QTabWidget)
    if tabs is not None and 0 <= index < tabs.count():
        tabs.setCurrentIndex(index)


def _select_row(widget, row: int) -> None:
    from PySide6.QtWidgets import QTableView

    if row < 0:
        return
    for table in widget.findChildren(QTableView):
        if table.isVisible() and table.model() is not None and table.model().rowCount() > row:
            table.selectRow(row)
            table.setFocus()
            return


def make_shots(out: Path) -> list[Path]:
    """Write one PNG per entry of SHOTS (plus the setup wizard and the login) into ``out``; return them."""
    from desk.core.i18n import set_language
    from desk.core.settings import UserSettings
    from desk.db.database import open_database
    from desk.demo import create_demo

    set_language("zh_CN")
    from ui.app import build_context, make_application
    from ui.main_window import MainWindow
    from ui.security.login import LoginDialog
    from ui.setup_wizard import SetupWizard

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    app = make_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.db"
        create_demo(demo).close()
        database = open_database(demo)
        window = MainWindow(build_context(database), UserSettings(Path(folder) / "settings.json"))
        window.resize(WIDTH, HEIGHT)
        window.show()
        for name, key, tab, row in SHOTS:
            window.show_screen(key)
            screen = window.current_screen()
            _settle(app)
            if screen is not None:
                _select_tab(screen, tab)
                _settle(app)
                _select_row(screen, row)
            _settle(app, 20)
            deadline = time.monotonic() + 60
            while getattr(screen, "loading", False) and time.monotonic() < deadline:
                app.processEvents()  # the home screen reads its figures off the GUI thread
            path = out / f"{name}.png"
            window.grab().save(str(path))
            written.append(path)
        window.close()
        database.close()

        fresh = open_database(Path(folder) / "new.db")
        wizard = SetupWizard(fresh)
        wizard.show()
        _settle(app)
        path = out / "setup.png"
        wizard.grab().save(str(path))
        written.append(path)
        wizard.close()
        fresh.close()

        login = LoginDialog(lambda user, password: None, office_name="某县妇女联合会", username="admin")
        login.show()
        _settle(app)
        path = out / "login.png"
        login.grab().save(str(path))
        written.append(path)
        login.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "docs" / "guide"))
    args = parser.parse_args()
    os.environ.setdefault("DESK_DATA_DIR", tempfile.mkdtemp(prefix="desk-guide-"))
    for path in make_shots(Path(args.out)):
        print(path)


if __name__ == "__main__":
    main()
