"""Fixtures for screens: an application context over the test office's database."""

from __future__ import annotations

import pytest

from desk.core.periods import parse_period
from ui.common.context import AppContext, OfficeInfo


@pytest.fixture
def context(qapp, database, actor, reports) -> AppContext:
    """The context a screen gets: the test database, the administrator, 2020H1, the test's own report registry."""
    from ui.common.fonts import register_fonts

    register_fonts()
    return AppContext(database, actor, OfficeInfo("北流市妇女联合会", "450981", "city"), parse_period("2020H1"), reports=reports)
