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


ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc) -> None:
    """Run the desk/ tests that use the ``database`` fixture on both engines.

    A test that also handles the SQLite file itself (``db_path``), or is marked ``sqlite_only``
    with its reason, runs on SQLite only.
    """
    if "engine_kind" not in metafunc.fixturenames:
        return
    in_desk = "/tests/desk/" in str(metafunc.definition.path).replace("\\", "/")
    file_level = {"db_path", "empty_db_path"} & set(metafunc.fixturenames)
    if metafunc.definition.get_closest_marker("postgresql_only"):
        metafunc.parametrize("engine_kind", ("postgresql",), indirect=True)
    elif in_desk and not file_level and not metafunc.definition.get_closest_marker("sqlite_only"):
        metafunc.parametrize("engine_kind", ENGINES, indirect=True)


@pytest.fixture
def engine_kind(request) -> str:
    """The engine the ``database`` fixture opens: "sqlite" unless parametrized."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for this test session (tests/pgserver.py)."""
    from tests.pgserver import start_server

    server, reason = start_server()
    if server is None:
        if os.environ.get("DESK_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required here (DESK_REQUIRE_POSTGRES=1): " + reason)
        pytest.skip(reason)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """The name of a migrated server database with the test office, copied per test."""
    pg_server.admin_sql("CREATE DATABASE office_template")
    office = open_database(pg_server.url("office_template"))
    with office.sessions.begin() as session:
        init_office(session, TEST_OFFICE, *ADMIN)
    office.close()
    return "office_template"


@pytest.fixture
def database(engine_kind, request) -> Database:
    """The test office's database, open: a SQLite file, or a server database on PostgreSQL."""
    if engine_kind == "sqlite":
        database = open_database(request.getfixturevalue("db_path"))
        yield database
        database.close()
        return
    import uuid

    server = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("pg_template")
    name = "t_" + uuid.uuid4().hex[:16]
    server.admin_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
    database = open_database(server.url(name))
    yield database
    database.close()
    server.admin_sql(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def actor(database) -> Actor:
    """The administrator of the test office."""
    with database.sessions() as session:
        return actor_for(session, ADMIN[0])


@pytest.fixture
def reports():
    """A new report registry filled by every package (each test gets its own)."""
    from desk.reports.registry import build_report_registry

    return build_report_registry()


@pytest.fixture
def sheets():
    """The sheet catalogue, discovered for this test (each test gets its own)."""
    from desk.sheets.catalog import discover_sheets

    return discover_sheets()


@pytest.fixture(autouse=True)
def chinese_ui():
    """Every test starts in Simplified Chinese, the default language."""
    set_language("zh_CN")
    yield
    set_language("zh_CN")
