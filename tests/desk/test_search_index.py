"""The full-text search index finds exactly what LIKE finds, in every list, and stays current."""

from __future__ import annotations

import datetime as dt
import importlib
import shutil

import pytest
from sqlalchemy import select, text, update

import desk.db.listing as listing
from bench.generate import generate
from desk.db.database import open_database
from desk.db.fulltext import SEARCH_INDEXES, index_name, narrowing
from desk.db.listing import ListQuery, ListSource
from desk.demo import create_demo
from desk.petitions.model import Petition
from desk.petitions.queries import PetitionSource


def _every_list_source() -> dict[str, ListSource]:
    """Every ListSource of the areas' queries modules, the CLI's lists and the two declared elsewhere."""
    from desk.areas import list_commands
    from desk.plugins import package_modules

    modules = [*package_modules("queries"), importlib.import_module("desk.reports.register"),
               importlib.import_module("desk.security.users")]
    sources = {f"{module.__name__}.{name}": value for module in modules for name, value in vars(module).items()
               if isinstance(value, ListSource) and value.search}
    for name, command in list_commands().items():
        if command.source.search:
            sources.setdefault(f"list {name}", command.source)
    return sources


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The demo office plus a small generated region (bulk inserts go through the triggers too)."""
    folder = tmp_path_factory.mktemp("search")
    create_demo(folder / "demo.db", force=True).close()
    generate(folder / "bulk.db", 0.02, "bulk")
    databases = {name: open_database(folder / f"{name}.db", migrate=False) for name in ("demo", "bulk")}
    yield databases
    for database in databases.values():
        database.close()
    shutil.rmtree(folder, ignore_errors=True)


def _searches(database) -> list[str]:
    """1-, 2- and 3+-character searches from the data, pinyin initials, and LIKE's special characters."""
    with database.sessions() as session:
        names = session.scalars(select(Petition.petitioner_name).where(Petition.petitioner_name != "").limit(3)).all()
        keys = session.scalars(select(Petition.search_key).where(Petition.search_key != "").limit(2)).all()
    found = [value for value in (*names[:2], *keys[:1]) if value]
    extra = [name[:1] for name in found[:1]] + [name[-2:] for name in found]
    return sorted(set(found + extra + [
        "王", "秀英", "王秀英", "妇联", "市妇联", "w", "wx", "wxy", "WXY", "2020", "450981", "%", "_", "_a_", "10%",
        '"', "a'b", "\\%\\", "  秀 ", "培训班", "ADMIN", "0775",
    ]))


def test_every_searched_column_is_in_a_search_index():
    sources = _every_list_source()
    assert len(sources) >= 15
    for name, source in sources.items():
        for column in source.search:
            assert column.name in SEARCH_INDEXES.get(column.table.name, ()), (name, column.table.name, column.name)
        assert narrowing(source.search, "王秀英", "sqlite") is not None, name
        assert narrowing(source.search, "王秀", "sqlite") is None
        assert narrowing(source.search, "王秀英", "postgresql") is None


def test_every_search_index_is_in_the_database(corpus):
    with corpus["demo"].engine.connect() as connection:
        names = set(connection.execute(text("SELECT name FROM sqlite_master")).scalars())
    for table in SEARCH_INDEXES:
        assert {index_name(table), index_name(table) + "_ai", index_name(table) + "_ad",
                index_name(table) + "_au"} <= names, table


def _ids(source, session, query) -> tuple[int, list]:
    if isinstance(source, PetitionSource):
        source = source.bound(session)
    rows = source.rows(session, query, 0, None)
    return source.count(session, query), sorted(repr(row) for row in rows)


@pytest.mark.parametrize("which", ["demo", "bulk"])
def test_search_results_are_identical_to_like(corpus, which, monkeypatch):
    database = corpus[which]
    searches = _searches(database)
    sources = [*_every_list_source().values(), PetitionSource()]
    indexed, plain = {}, {}
    with database.sessions() as session:
        for number, source in enumerate(sources):
            for search in searches:
                indexed[number, search] = _ids(source, session, ListQuery(search=search))
    monkeypatch.setattr(listing, "narrowing", lambda *args: None)
    with database.sessions() as session:
        for number, source in enumerate(sources):
            for search in searches:
                plain[number, search] = _ids(source, session, ListQuery(search=search))
    assert indexed == plain
    assert any(count for count, _rows in plain.values())  # the corpus finds something
    assert sum(1 for (_n, search), (count, _r) in plain.items() if len(search) >= 3 and count) >= 5


def test_the_index_follows_changes_and_deletions(database, actor):
    from desk.petitions.service import save_petition

    values = {
        "channel": "call", "received_on": dt.date(2020, 3, 2), "petitioner_name": "欧阳秀兰", "sex": "F",
        "phone": "13807751234", "address": "北流市塘岸镇独竹村", "category": "violence",
        "summary": "邻里纠纷调解", "first_receiver": "李秀梅", "status": "received",
    }
    with database.sessions.begin() as session:
        record_id = save_petition(session, actor, None, values)
    source = PetitionSource()

    def found(search: str) -> int:
        with database.sessions() as session:
            return source.count(session, ListQuery(search=search))

    assert found("欧阳秀兰") == 1 and found("纠纷调") == 1
    with database.sessions.begin() as session:
        session.execute(update(Petition).where(Petition.id == record_id).values(petitioner_name="司马春燕"))
    assert found("欧阳秀兰") == 0 and found("司马春燕") == 1 and found("纠纷调") == 1
    with database.sessions.begin() as session:
        session.execute(update(Petition).where(Petition.id == record_id).values(deleted=True))
    assert found("司马春燕") == 0
    with database.sessions.begin() as session:
        session.execute(text("DELETE FROM petition_step"))
        session.execute(text("DELETE FROM petition WHERE id = :id"), {"id": record_id})
    assert found("司马春燕") == 0
    if database.engine.dialect.name == "sqlite":  # the FTS5 table itself (a server has trigram indexes instead)
        with database.engine.connect() as connection:
            hits = connection.execute(text("SELECT count(*) FROM petition_fts WHERE petition_fts MATCH '\"司马春燕\"'"))
            assert hits.scalar() == 0


def test_the_search_indexes_tables_keep_no_statistics(db_path):
    """Statistics of an FTS5 index's own tables, gathered while they were small, made each row written into the
    index cost in proportion to the rows written before it in the same transaction (a 100,000-row import: the
    audit log's index alone 60 s instead of 7 s).  Opening a database forgets them and keeps the others."""
    database = open_database(db_path)
    with database.sessions.begin() as session:
        session.execute(text("ANALYZE"))  # what PRAGMA optimize does to small tables
        stale = set(session.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat1")))
    database.close()
    assert {"audit_entry_fts_data", "audit_entry_fts_idx", "audit_entry"} <= stale
    database = open_database(db_path)
    with database.sessions() as session:
        kept = set(session.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat1")))
        kept4 = set(session.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat4")))
    database.close()
    assert not {name for name in kept | kept4 if "_fts" in name}
    assert kept == {name for name in stale if "_fts" not in name}
