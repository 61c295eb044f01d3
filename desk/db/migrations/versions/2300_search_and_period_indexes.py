"""search and period indexes

An FTS5 trigram index beside every searched table, kept current by triggers (SQLite only:
PostgreSQL keeps LIKE), and a (deleted, date) index on every list with a period so a period's
count is an index range count.  The statements are written out here rather than taken from
desk.db.fulltext so this released migration never changes when that module does.

Revision ID: 2300
Revises: 0300, 0400, 0500, 0600, 0700, 0800, 0900, 1000
Create Date: 2026-12-01 03:00:00
"""

from alembic import op

revision = '2300'
# Every table indexed here comes from one of these areas' first migrations, so this joins them.
down_revision = ('0300', '0400', '0500', '0600', '0700', '0800', '0900', '1000')
branch_labels = ('speed',)
depends_on = None

SEARCH_INDEXES = {
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

PERIOD_INDEXES = (
    ("petition", ("deleted", "received_on")),
    ("training_course", ("deleted", "start_date")),
    ("training_skilled_woman", ("deleted", "registered_on")),
    ("relief_visit", ("deleted", "visit_date")),
    ("relief_stipend_batch", ("deleted", "pay_date")),
    ("org_grassroots", ("deleted", "set_up_on")),
    ("org_assessment", ("deleted", "assessed_on")),
    ("org_cadre", ("deleted", "entered_on")),
    ("org_indicator", ("deleted", "starts_on")),
    ("award", ("deleted", "awarded_on")),
    ("campaign_event", ("deleted", "held_on")),
    ("household_campaign", ("deleted", "start_on")),
    ("certificate_register", ("award_date",)),
)


def _q(name):
    return '"' + name.replace('"', '""') + '"'


def _create_search(table, columns):
    fts = _q(table + "_fts")
    names = ", ".join(_q(column) for column in columns)
    new = ", ".join("new." + _q(column) for column in columns)
    old = ", ".join("old." + _q(column) for column in columns)
    base = _q(table)
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content={base}, content_rowid='rowid', "
               "tokenize='trigram')")
    op.execute(f"CREATE TRIGGER {_q(table + '_fts_ai')} AFTER INSERT ON {base} BEGIN "
               f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END")
    op.execute(f"CREATE TRIGGER {_q(table + '_fts_ad')} AFTER DELETE ON {base} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); END")
    op.execute(f"CREATE TRIGGER {_q(table + '_fts_au')} AFTER UPDATE OF {names} ON {base} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); "
               f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def upgrade() -> None:
    for table, columns in PERIOD_INDEXES:
        op.create_index(f"ix_{table}_period", table, list(columns), unique=False)
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, columns in SEARCH_INDEXES.items():
        _create_search(table, columns)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCH_INDEXES:
            for suffix in ("_fts_ai", "_fts_ad", "_fts_au"):
                op.execute(f"DROP TRIGGER IF EXISTS {_q(table + suffix)}")
            op.execute(f"DROP TABLE IF EXISTS {_q(table + '_fts')}")
    for table, _columns in PERIOD_INDEXES:
        op.drop_index(f"ix_{table}_period", table_name=table)
