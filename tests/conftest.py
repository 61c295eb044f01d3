"""Shared fixtures: offscreen Qt, a private data folder, and a migrated template database copied per test."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_DATA = tempfile.mkdtemp(prefix="desk-test-data-")
os.environ["DESK_DATA_DIR"] = _DATA  # never touch the real user's folder

import pytest  # noqa: E402

from desk.core.i18n import set_language  # noqa: E402
from desk.db.database import Database, open_database  # noqa: E402
from desk.db.records import Actor  # noqa: E402
from desk.office.service import actor_for, init_office  # noqa: E402

TEST_OFFICE = {
    "name": "北流市妇女联合会",
    "code": "450981",
    "level": "city",
    "parent_name": "玉林市妇女联合会",
    "parent_code": "450900",
}
ADMIN = ("admin", "secret-pw")


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory) -> Path:
    """Build the migrated databases once per session: an empty one and one with this office set up."""
    folder = tmp_path_factory.mktemp("templates")
    empty = open_database(folder / "empty.db")
    empty.close()
    office = open_database(folder / "office.db")
    with office.sessions.begin() as session:
        init_office(session, TEST_OFFICE, *ADMIN)
    office.engine.dispose()
    for name in ("empty.db", "office.db"):
        # Fold the WAL into the main file so a plain copy is complete.
        database = open_database(folder / name)
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.close()
    return folder


def _copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def empty_db_path(template_dir, tmp_path) -> Path:
    """Path of a migrated database without an office."""
    return _copy(template_dir / "empty.db", tmp_path / "desk.db")


@pytest.fixture
def db_path(template_dir, tmp_path) -> Path:
    """Path of a migrated database with the test office and its administrator."""
    return _copy(template_dir / "office.db", tmp_path / "desk.db")


@pytest.fixture
def database(db_path) -> Database:
    """The test office's database, open."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def actor(database) -> Actor:
    """The administrator of the test office."""
    with database.sessions() as session:
        return actor_for(session, ADMIN[0])


@pytest.fixture(autouse=True)
def chinese_ui():
    """Every test starts in Simplified Chinese, the default language."""
    set_language("zh_CN")
    yield
    set_language("zh_CN")
