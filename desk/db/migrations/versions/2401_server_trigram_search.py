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

revision = '2401'
# After every area's tables (2300 merges their branches) and the server's own 2400.
down_revision = ('2400', '2300')
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

# The searched columns as they stood at this revision (a migration never follows later code).
COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("name", "search_key", "work_unit", "id_number", "village"),
    "petition": ("search_key", "petitioner_name", "first_receiver", "summary"),
    "campaign_event": ("title", "place", "organiser", "theme", "search_key"),
    "household_campaign": ("name", "office_name", "partner", "search_key"),
    "award": ("awardee_name", "work_unit", "search_key"),
    "award_title": ("name", "search_key"),
    "relief_visit": ("title", "places", "search_key"),
    "relief_beneficiary": ("school",),
    "relief_stipend_batch": ("programme", "fund_source", "search_key"),
    "training_course": ("name", "place", "search_key", "topics"),
    "training_skilled_woman": ("trade",),
    "org_grassroots": ("name", "host_unit", "chair", "credit_code", "search_key"),
    "org_assessment": ("title",),
    "org_indicator": ("indicator", "target", "leader"),
    "sub_office": ("name", "code", "contact_person"),
    "certificate_register": ("number", "awardee", "honour"),
    "exchange_ledger": ("sender_name", "sender"),
    "exchange_conflict": ("table_name", "record_id", "sender"),
    "exchange_partner": ("name", "code"),
    "user_account": ("username", "full_name"),
    "audit_entry": ("record_id", "detail", "user"),
}


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
    for table, columns in COLUMNS.items():
        for column in columns:
            op.execute(f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
                       f'USING gin ("{column}" gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            op.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')
