"""Fixtures for screens: an application context over the test office's database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from desk.core.periods import parse_period
from ui.common.context import AppContext, OfficeInfo


@pytest.fixture
def context(qapp, database, actor, reports, sheets) -> AppContext:
    """The context a screen gets: the test database, the administrator, 2020H1, the test's own report registry and sheets."""
    from ui.common.fonts import register_fonts

    register_fonts()
    return AppContext(database, actor, OfficeInfo("北流市妇女联合会", "450981", "city"), parse_period("2020H1"), reports=reports,
                      sheets=sheets)


@pytest.fixture(autouse=True)
def _deleted_in_its_own_test(qapp):
    """Destroy what a test's widgets left to ``deleteLater`` before the next test starts.

    pytest-qt closes a test's widgets and calls ``deleteLater`` on them; without this, they are destroyed
    in the next test's first event loop, inside whatever that test measures.  Destroying a screen's
    hundreds of objects while a job holds the GIL took a second there (every destructor that disconnects
    a Python slot waits for the GIL), which is the previous test's cost, not the measured work's.
    """
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
