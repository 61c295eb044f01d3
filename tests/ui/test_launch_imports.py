"""Launch imports what the first screen needs: the other screens' modules and the heavy libraries load on first use.

Run in a fresh interpreter (this one has imported everything already): open the database, build
the main window as ui/app.py does, show it and let the home screen read its figures; then no other
screen's module and none of ReportLab, openpyxl, Alembic or pypinyin may be loaded.  Showing a
second screen loads its module then.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys, tempfile, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desk.db.database import open_database
from ui.app import build_context, make_application
from ui.main_window import MainWindow
from desk.core.settings import UserSettings

app = make_application(sys.argv[:1])
database = open_database(sys.argv[1])
context = build_context(database)
window = MainWindow(context, UserSettings(Path(tempfile.mkdtemp()) / "settings.json"))
window.show()
home = window.current_screen()
deadline = time.monotonic() + 60
while (home.loading or not home.group_boxes) and time.monotonic() < deadline:
    app.processEvents()
first = sorted(name for name in sys.modules if name.startswith("ui.") and name.endswith(".screen"))
heavy = sorted(name for name in ("reportlab", "openpyxl", "alembic", "pypinyin") if name in sys.modules)
window.show_screen("training")
after = sorted(name for name in sys.modules if name.startswith("ui.") and name.endswith(".screen"))
print(json.dumps({"first": first, "heavy": heavy, "after": after, "figures": sorted(home.group_boxes)}))
database.close()
"""


def test_the_first_screen_does_not_import_the_other_screens_or_the_heavy_libraries(db_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, str(db_path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["figures"]  # the home screen did read and show its figures
    assert found["first"] == ["ui.home.screen"]
    assert found["heavy"] == []
    assert "ui.training.screen" in found["after"]
