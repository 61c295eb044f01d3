"""server: trigram indexes for the list searches on PostgreSQL

Revision ID: 2401
Revises: 2400, 2300
Create Date: 2026-12-01 03:50:00

What FTS5 trigram tables do for a SQLite file (migration 2300, desk/db/fulltext.py), pg_trgm's
GIN indexes do on a server: a list search ``LIKE '%text%'`` of three or more characters reads
the index instead of every row. The same columns as the FTS5 tables, so both engines search alike.
"""

import logging

from alembic import op
from sqlalchemy.exc import DBAPIError

from desk.db.fulltext import SEARCH_INDEXES

revision = '2401'
# After every area's tables (2300 merges their branches) and the server's own 2400.
down_revision = ('2400', '2300')
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def index_name(table: str, column: str) -> str:
    return f"ix_{table}_{column}_trgm"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    savepoint = bind.begin_nested()
    try:
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
        bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        savepoint.commit()
    except DBAPIError as exc:  # the searches still work, only slower, without the extension
        savepoint.rollback()
        log.warning("pg_trgm is not available; list searches on this server read whole tables: %s", exc)
        return
    for table, columns in SEARCH_INDEXES.items():
        for column in columns:
            op.execute(f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
                       f'USING gin ("{column}" gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in SEARCH_INDEXES.items():
        for column in columns:
            op.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')
