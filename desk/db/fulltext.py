"""Full-text search of the lists: an FTS5 trigram index beside each searched table (SQLite only).

A list search was ``LIKE '%text%'`` over several columns, which no index can help: every search
read every row.  Each searched table now has an external-content FTS5 table ``<table>_fts``
with the trigram tokenizer over the columns the lists search, kept current by triggers
(migration 2300).  A search of three or more characters first narrows the rows to the index's
candidates (``rowid IN (SELECT rowid FROM <table>_fts WHERE ... MATCH '"text"')``); the LIKE
still decides, so the result is exactly LIKE's.  Shorter text (trigrams need three characters)
and other databases (PostgreSQL) keep LIKE alone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, SQLColumnExpression, Table, or_, text

log = logging.getLogger(__name__)

MIN_CHARACTERS = 3  # the trigram tokenizer matches nothing shorter

# The columns each table's index holds: every column some list searches (tests check it).
SEARCH_INDEXES: dict[str, tuple[str, ...]] = {
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


def index_name(table: str) -> str:
    """Return the name of ``table``'s FTS5 table."""
    return f"{table}_fts"


def is_index_table(name: str) -> bool:
    """Return whether ``name`` is an FTS5 table of the search or one of its shadow tables."""
    return any(name == index_name(table) or name.startswith(index_name(table) + "_") for table in SEARCH_INDEXES)


def include_object(item: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's filter: the search indexes (FTS5 tables, PostgreSQL trigram indexes) belong to no model."""
    if kind == "index" and name is not None and name.endswith("_trgm"):  # migration 2401
        return False
    return not (kind == "table" and name is not None and is_index_table(name))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def ddl(table: str, columns: Sequence[str]) -> list[str]:
    """Return the statements creating ``table``'s index and triggers (the index is left empty)."""
    fts = _quote(index_name(table))
    names = ", ".join(_quote(column) for column in columns)
    new = ", ".join("new." + _quote(column) for column in columns)
    old = ", ".join("old." + _quote(column) for column in columns)
    base = _quote(table)
    trigger = index_name(table)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content={base}, content_rowid='rowid', "
        "tokenize='trigram')",
        f"CREATE TRIGGER {_quote(trigger + '_ai')} AFTER INSERT ON {base} BEGIN "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END",
        f"CREATE TRIGGER {_quote(trigger + '_ad')} AFTER DELETE ON {base} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); END",
        f"CREATE TRIGGER {_quote(trigger + '_au')} AFTER UPDATE OF {names} ON {base} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END",
    ]


def drop_ddl(table: str) -> list[str]:
    """Return the statements removing ``table``'s index and triggers."""
    trigger = index_name(table)
    return [
        *(f"DROP TRIGGER IF EXISTS {_quote(trigger + suffix)}" for suffix in ("_ai", "_ad", "_au")),
        f"DROP TABLE IF EXISTS {_quote(index_name(table))}",
    ]


def rebuild_ddl(table: str) -> str:
    """Return the statement refilling ``table``'s index from the table."""
    fts = _quote(index_name(table))
    return f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"


def repair(connection: Connection) -> list[str]:
    """Recreate the index and triggers of any searched table that lost them; return those tables.

    A batch migration on SQLite copies a table and drops the old one, and its triggers go with
    it; the program calls this after migrating so such a table's search index is rebuilt.
    """
    if connection.dialect.name != "sqlite":
        return []
    present = {
        name
        for (name,) in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
    }
    repaired = []
    for table, columns in SEARCH_INDEXES.items():
        if table not in present:
            continue
        wanted = {index_name(table), *(index_name(table) + suffix for suffix in ("_ai", "_ad", "_au"))}
        if wanted <= present:
            continue
        for statement in drop_ddl(table) + ddl(table, columns) + [rebuild_ddl(table)]:
            connection.exec_driver_sql(statement)
        repaired.append(table)
    if repaired:
        log.info("Rebuilt the search index of %s", ", ".join(repaired))
    return repaired


def rebuild_all(connection: Connection) -> None:
    """Refill every search index from its table (after a copy that may have renumbered rows)."""
    if connection.dialect.name != "sqlite":
        return
    present = {name for (name,) in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in SEARCH_INDEXES:
        if index_name(table) in present:
            connection.exec_driver_sql(rebuild_ddl(table))


def phrase(search: str) -> str:
    """Return ``search`` as one FTS5 phrase (quotes doubled), matched as a substring by trigrams."""
    return '"' + search.replace('"', '""') + '"'


def narrowing(columns: Sequence[SQLColumnExpression[Any]], search: str, dialect: str) -> ColumnElement[bool] | None:
    """Return a clause keeping the rows whose searched columns may contain ``search``, or None.

    None means the index cannot help (short text, another database, a searched expression that
    is not an indexed column): LIKE alone then decides.  The clause keeps a superset of the rows
    LIKE keeps, so ``narrowing AND like`` equals ``like``.
    """
    if dialect != "sqlite" or len(search) < MIN_CHARACTERS:
        return None
    tables: list[str] = []
    for column in columns:
        table = getattr(column, "table", None)
        if not isinstance(table, Table) or getattr(column, "name", None) not in SEARCH_INDEXES.get(table.name, ()):
            return None
        if table.name not in tables:
            tables.append(table.name)
    clauses = []
    for number, table in enumerate(tables):
        fts = _quote(index_name(table))
        parameter = f"fts_search_{number}"
        clauses.append(
            text(f"{_quote(table)}.rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH :{parameter})").bindparams(
                **{parameter: phrase(search)}
            )
        )
    return or_(*clauses)


class IndexedPerBatch:
    """While a bulk import runs, the search indexes of the tables it writes are filled by one INSERT … SELECT
    a batch (``catch_up``) instead of by their insert triggers row by row: the same index, 2.5 × less work.

    SQLite only (on a server ``add`` and ``catch_up`` do nothing).  A table's insert trigger is dropped
    inside the caller's transaction when it is ``add``-ed, and created again on leaving the block, so a
    rollback or a crash leaves it as it was.  Only for rows the import inserts and does not change before
    the next ``catch_up``: an update or delete trigger would take out of the index a row not yet in it.
    """

    def __init__(self, connection: Connection):
        self.connection = connection
        self.after: dict[str, int] = {}  # table → the last rowid in its index
        self.sqlite = connection.dialect.name == "sqlite"

    def __enter__(self) -> IndexedPerBatch:
        return self

    def add(self, tables: Iterable[str]) -> None:
        """Index ``tables`` (those with a search index) per batch from now on."""
        wanted = [table for table in dict.fromkeys(tables)
                  if self.sqlite and table in SEARCH_INDEXES and table not in self.after]
        if not wanted:
            return
        present = {name for (name,) in self.connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        for table in wanted:
            if index_name(table) + "_ai" in present:
                self.after[table] = self._last(table)
                self.connection.exec_driver_sql(f"DROP TRIGGER {_quote(index_name(table) + '_ai')}")

    def _last(self, table: str) -> int:
        return int(self.connection.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {_quote(table)}").scalar() or 0)

    def catch_up(self) -> None:
        """Index the rows written since the last call (the caller flushes its session first)."""
        for table, after in self.after.items():
            columns = ", ".join(_quote(column) for column in SEARCH_INDEXES[table])
            self.connection.exec_driver_sql(
                f"INSERT INTO {_quote(index_name(table))}(rowid, {columns}) "
                f"SELECT rowid, {columns} FROM {_quote(table)} WHERE rowid > ?", (after,))
            self.after[table] = self._last(table)

    def __exit__(self, failed: type[BaseException] | None, *_exc: object) -> None:
        if not self.after:
            return
        try:
            self.catch_up()
            for table in self.after:
                self.connection.exec_driver_sql(ddl(table, SEARCH_INDEXES[table])[1])  # its insert trigger again
        except Exception:
            if failed is None:
                raise
            # The import failed and its transaction is rolled back, the dropped triggers with it; a failure
            # here must not hide why.
            log.exception("Could not restore the search index triggers of a failed import")
        finally:
            self.after.clear()
