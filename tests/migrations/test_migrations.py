"""Migrations: they match the models, upgrades keep data and copy the file aside, newer databases are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

import desk.models  # noqa: F401
from desk.core.errors import DatabaseError
from desk.db.base import Base
from desk.db.database import open_database
from desk.db.engine import make_engine, sqlite_version
from desk.db.fulltext import SEARCH_INDEXES, include_object
from desk.db.migrate import MIGRATIONS_DIR, upgrade


def test_bundled_sqlite_is_recent_enough():
    assert sqlite_version() >= (3, 51, 3)


def test_pragmas_are_wal_full_and_foreign_keys(database):
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_models_and_migrations_agree(empty_db_path):
    engine = make_engine(empty_db_path)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_models_and_migrations_agree_on_postgresql(pg_server):
    pg_server.admin_sql("CREATE DATABASE migrations_probe")
    database = open_database(pg_server.url("migrations_probe"))  # runs every migration on the server
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
        trigram = connection.exec_driver_sql("SELECT count(*) FROM pg_indexes WHERE right(indexname, 5) = '_trgm'").scalar()
        assert trigram == sum(len(columns) for columns in SEARCH_INDEXES.values())
        triggers = connection.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass AND NOT tgisinternal").scalars()
        assert set(triggers) == {"audit_entry_append_only", "audit_entry_no_truncate"}
    database.close()
    pg_server.admin_sql("DROP DATABASE migrations_probe WITH (FORCE)")
    assert diff == []


NEW_MIGRATION = '''"""test: a column added after release"""
from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = {heads!r}
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sub_office") as batch:
        batch.add_column(sa.Column("extra_note", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("sub_office") as batch:
        batch.drop_column("extra_note")
'''


def _scripts_with_new_migration(tmp_path: Path) -> Path:
    from alembic.script import ScriptDirectory

    from desk.db.migrate import alembic_config

    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    engine = make_engine(tmp_path / "probe.db")
    heads = tuple(ScriptDirectory.from_config(alembic_config(engine, folder)).get_heads())
    engine.dispose()
    down = heads[0] if len(heads) == 1 else heads
    (folder / "versions" / "9999_test.py").write_text(NEW_MIGRATION.format(heads=down), encoding="utf-8")
    return folder


def test_an_initialised_database_reopens_after_an_upgrade(database, actor, tmp_path):
    from desk.office.service import save_sub_office

    with database.sessions.begin() as session:
        record_id = save_sub_office(session, actor, None, {"name": "塘岸镇妇联", "code": "450981101", "level": "town"})
    path = database.path
    database.close()

    scripts = _scripts_with_new_migration(tmp_path)
    engine = make_engine(path)
    backup = upgrade(engine, scripts)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT name, extra_note FROM sub_office WHERE id = :id"), {"id": record_id}).one()
    engine.dispose()
    assert row == ("塘岸镇妇联", None)
    assert backup is not None and backup.exists()
    copy = make_engine(backup)
    with copy.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM sub_office")).scalar() == 1
    copy.dispose()
    # a second start finds nothing to do and makes no second copy
    engine = make_engine(path)
    assert upgrade(engine, scripts) is None
    engine.dispose()


def test_a_database_newer_than_the_program_is_refused(db_path, tmp_path):
    scripts = _scripts_with_new_migration(tmp_path)
    engine = make_engine(db_path)
    upgrade(engine, scripts)
    engine.dispose()
    with pytest.raises(DatabaseError, match="更新版本的妇联工作台"):
        open_database(db_path)


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a text file, not a database" * 100)
    with pytest.raises(DatabaseError, match="无法打开数据库"):
        open_database(path)
