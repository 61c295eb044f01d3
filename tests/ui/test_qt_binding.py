"""The Qt binding keeps Python's reference counts right (PySide6 6.12 on Python 3.11 did not)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QTableWidgetItem


def test_void_qt_calls_do_not_steal_references_to_none(qapp):
    # shiboken6 6.12 dropped a reference to None on every void call (setText ...), so a long
    # session aborted with "none_dealloc". requirements.txt pins a version without the bug.
    label, item = QLabel(), QTableWidgetItem()
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setText("妇联")
        item.setToolTip("")
    assert sys.getrefcount(None) - before > -50
