"""Grab the main window on one screen as PNG, to look at what a user sees.

Usage: xvfb-run -a python scripts/screenshot.py --db demo.db [--screen offices] [--lang en] --out shot.png
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk.core.i18n import set_language
from desk.core.settings import UserSettings
from desk.db.database import open_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--screen", default="")
    parser.add_argument("--row", type=int, default=-1, help="select this list row first")
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    set_language(args.lang)
    from ui.app import build_context, make_application
    from ui.main_window import MainWindow

    app = make_application(sys.argv[:1])
    database = open_database(args.db)
    window = MainWindow(build_context(database), UserSettings(Path(args.out).with_suffix(".settings.json")))
    window.show()
    if args.screen:
        window.show_screen(args.screen)
    screen = window.current_screen()
    if args.row >= 0 and hasattr(screen, "table"):
        screen.table.selectRow(args.row)
    for _ in range(5):
        app.processEvents()
    window.grab().save(args.out)
    Path(args.out).with_suffix(".settings.json").unlink(missing_ok=True)
    database.close()


if __name__ == "__main__":
    main()
