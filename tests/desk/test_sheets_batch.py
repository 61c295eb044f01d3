"""A batched Excel import leaves exactly what the row-by-row import leaves: records, lines, audit log, marks, search."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sql_text

from desk.core.errors import Cancelled
from desk.core.i18n import _
from desk.db.listing import ListQuery
from desk.directory.model import Leader, Unit
from desk.petitions.model import Petition, PetitionStep
from desk.petitions.queries import PETITIONS
from desk.security.model import AuditEntry
from desk.sheets import importer
from desk.sheets.catalog import discover_sheets
from desk.sheets.importer import guess_mapping, import_rows
from desk.sheets.model import ImportMark
from desk.sheets.reader import read_table
from desk.sheets.spec import display_value

SPECS_ALL = discover_sheets()
SPEC = SPECS_ALL["petitions"]
TIMES = {"created_at", "updated_at", "at", "imported_at"}
TABLES = ("petition", "petition_step", "directory_unit", "directory_leader")


def _row(number: int) -> dict[str, Any]:
    """A petition row; every seventh is refused by a declared check or a rule between fields."""
    row: dict[str, Any] = {
        "channel": "visit", "received_on": dt.date(2020, 3, 1 + number % 28), "anonymous": False,
        "petitioner_name": f"覃秀{number}", "sex": "F", "phone": "13877512345", "address": "北流市塘岸镇",
        "people_count": 1, "category": "marriage", "summary": f"反映丈夫长期不给生活费{number}",
        "first_receiver": "黄丽", "leader": "", "status": "received", "reply_on": None, "reply": "",
    }
    if row["received_on"].day == 15 and number // 28 % 2 == 0:  # a reception day needs the receiving leader
        row["leader"] = f"梁主任{number % 3}"
    match number % 7:
        case 1:
            row["received_on"] = "2020年2月30日"  # not a date: the cell's own problem
        case 2:
            row["reply_on"], row["reply"] = dt.date(2020, 1, 1), "已答复"  # before it was received
        case 3:
            row["summary"] = ""  # required
        case 4:
            row["reply_on"] = dt.date(2020, 4, 30)  # a reply date without its text: saved with a warning
        case 5:
            row["anonymous"], row["petitioner_name"] = True, ""
    return row


def _ledger(path: Path, count: int, steps: bool = True) -> Path:
    """Write ``count`` petitions in the template's columns, some with handling steps on the rows below."""
    columns = SPEC.columns_in_order()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([_(field.header) for _key, field in columns])
    for number in range(count):
        values = _row(number)
        sheet.append([display_value(field, values.get(key)) if values.get(key) not in (None, "") else None
                      for key, field in columns])
        if steps and number % 5 == 0:
            lines = [{"steps.step_on": dt.date(2020, 4, 1), "steps.action": "referred", "steps.unit": f"县法院{number % 4}"},
                     {"steps.step_on": dt.date(2020, 4, 2), "steps.action": "referred"}]  # a referral names its unit
            for line in lines[: 1 + (number % 10 == 0)]:
                sheet.append([display_value(field, line[key]) if key in line else None for key, field in columns])
        if number == 6:
            again = [cell.value for cell in sheet[sheet.max_row]]
    if count > 6:
        sheet.append(again)  # a petition the ledger lists twice: the second is skipped
    book.save(path)
    return path


def _snapshot(session, result) -> dict[str, Any]:
    """Return what the import left, ids replaced by what names them (the row's place, a name)."""
    labels = {record_id: f"#{index}" for index, record_id in enumerate(result.record_ids)}
    for step in session.scalars(select(PetitionStep)):
        labels[step.id] = f"{labels[step.petition_id]}/{step.position}"
    for model in (Unit, Leader):
        for record in session.scalars(select(model)):
            labels[record.id] = f"{model.__tablename__}:{record.name}"

    def plain(value: Any) -> Any:
        if isinstance(value, str):
            for record_id, label in labels.items():
                value = value.replace(record_id, label)
        return value

    def rows(model) -> list[tuple]:
        table = model.__table__
        keys = [column.key for column in table.columns if column.key not in TIMES | {"id"}]
        found = [tuple((key, plain(getattr(row, key))) for key in keys) for row in session.execute(select(table))]
        return sorted(found, key=repr)

    entries = [(entry.user, entry.kind, entry.table_name, plain(entry.record_id), json.loads(plain(entry.detail)))
               for entry in session.scalars(select(AuditEntry).where(AuditEntry.table_name.in_(TABLES)))]
    searches = {}
    for text in ("覃秀1", "覃秀", "不给生活费3", "黄丽", "qx"):
        query = ListQuery(search=text)
        searches[text] = (PETITIONS.count(session, query), sorted(plain(row["id"]) for row in PETITIONS.rows(
            session, query, limit=None)))
    return {
        "result": (result.rows, result.created, result.skipped, result.problems, result.warnings, result.refused_rows),
        "petitions": rows(Petition), "steps": rows(PetitionStep), "units": rows(Unit), "leaders": rows(Leader),
        "marks": rows(ImportMark), "audit": sorted(entries, key=repr), "searches": searches,
    }


def _import(database, actor, spec, path: Path) -> dict[str, Any]:
    table = read_table(path)
    with database.sessions() as session:
        result = import_rows(session, actor, spec, table, guess_mapping(spec, table.header))
        snapshot = _snapshot(session, result)
        session.rollback()
    return snapshot


def test_the_batched_import_leaves_what_the_row_by_row_import_leaves(database, actor, tmp_path, monkeypatch):
    path = _ledger(tmp_path / "信访台账.xlsx", 130)
    monkeypatch.setattr(importer, "BATCH", 40)  # several batches, the last one short
    batched = _import(database, actor, SPEC, path)
    by_row = _import(database, actor, dataclasses.replace(SPEC, batch=None), path)
    rows, created, skipped, problems, warnings, refused = batched["result"]
    assert created > 50 and skipped == 1 and len(refused) > 40 and len(warnings) > 10  # the ledger is mixed
    assert {problem.message for problem in problems} >= {"转交有关单位时请填写转交单位", "答复日期不能早于收到日期"}
    assert len(batched["steps"]) > 5 and len(batched["units"]) >= 2 and len(batched["leaders"]) == 2
    assert len(batched["audit"]) == created + len(batched["steps"]) + len(batched["units"]) + 2
    assert batched["searches"]["不给生活费3"][0] >= 5 and batched["searches"]["覃秀1"][0] > 5
    for part in batched:
        assert batched[part] == by_row[part], part


def test_a_cancelled_batched_import_writes_nothing(database, actor, tmp_path):
    path = _ledger(tmp_path / "信访台账.xlsx", 1100, steps=False)
    table = read_table(path)

    def cancel_at_1000(done: int, total: int) -> bool:
        return done < 1000

    def counts() -> list[int]:
        with database.sessions() as session:
            return [session.scalar(select(func.count()).select_from(model)) for model in (Petition, AuditEntry, ImportMark)]

    before = counts()
    with pytest.raises(Cancelled), database.sessions.begin() as session:
        import_rows(session, actor, SPEC, table, guess_mapping(SPEC, table.header), progress=cancel_at_1000)
    assert counts() == before == [0, before[1], 0]
    with database.sessions() as session:
        assert PETITIONS.count(session, ListQuery(search="覃秀1")) == 0
    with database.sessions.begin() as session:  # the same ledger imported without cancelling
        result = import_rows(session, actor, SPEC, table, guess_mapping(SPEC, table.header))
    assert counts()[0] == result.created > 600  # batches of 500 had been written before the cancel


def _every_record(session, result, audit_before: int) -> dict[str, Any]:
    """Return every travelling table's rows, the import marks and the new audit entries, each id replaced by
    its record's content (parents first, so a line names its parent by content too)."""
    import desk.models  # noqa: F401  (every area's tables)
    from desk.db.base import Base

    labels: dict[str, str] = {}
    tables: dict[str, list[str]] = {}

    def plain(value: Any) -> Any:
        return labels.get(value, value) if isinstance(value, str) else value

    for table in Base.metadata.sorted_tables:
        if "revision" not in table.c or table.name == AuditEntry.__tablename__:
            continue
        rows = session.execute(select(table)).mappings().all()
        contents = sorted((repr([(key, plain(value)) for key, value in row.items() if key not in TIMES | {"id"}]), row["id"])
                          for row in rows)
        for number, (content, record_id) in enumerate(contents):
            labels[record_id] = f"{table.name}:{content}#{number}"
        if contents:
            tables[table.name] = [content for content, _id in contents]

    def relabel(text: str) -> Any:
        detail = json.loads(text)
        return sorted((key, plain(value)) for key, value in detail.items()) if isinstance(detail, dict) else detail

    marks = sorted((mark.sheet, mark.fingerprint, plain(mark.record_id)) for mark in session.scalars(select(ImportMark)))
    entries = sorted(repr((entry.user, entry.kind, entry.table_name, plain(entry.record_id), relabel(entry.detail)))
                     for entry in session.scalars(select(AuditEntry).where(AuditEntry.id > audit_before)))
    return {"result": (result.rows, result.created, result.skipped, result.problems, result.warnings,
                       result.refused_rows, [plain(record_id) for record_id in result.record_ids]),
            "tables": tables, "marks": marks, "audit": entries}


BATCHED = sorted(key for key, spec in SPECS_ALL.items() if spec.batch is not None)
NEEDS = {"awards": ("award-titles", "events")}  # sheets whose rows name records of these sheets


@pytest.mark.sqlite_only  # the demo office is a SQLite file
@pytest.mark.parametrize("key", BATCHED)
def test_every_batched_sheet_leaves_what_row_by_row_leaves(database, actor, tmp_path, key):
    from desk.awards.model import HonourTitle
    from desk.demo import create_demo
    from desk.sheets.writer import write_records

    spec = SPECS_ALL[key]
    demo = create_demo(tmp_path / "demo.db")
    with database.sessions.begin() as session:  # the demo's own titles come with its sheet
        session.execute(HonourTitle.__table__.delete())
    for needed in NEEDS.get(key, ()):
        with demo.sessions() as session:
            write_records(session, SPECS_ALL[needed], ListQuery(), tmp_path / f"{needed}.xlsx", full=True)
        needed_table = read_table(tmp_path / f"{needed}.xlsx")
        with database.sessions.begin() as session:
            import_rows(session, actor, SPECS_ALL[needed], needed_table, guess_mapping(SPECS_ALL[needed], needed_table.header))
    path = tmp_path / f"{key}.xlsx"
    with demo.sessions() as session:
        written = write_records(session, spec, ListQuery(), path, full=True)
    demo.close()
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    dated = next(number for number, (_key, field) in enumerate(spec.columns_in_order(), start=1) if field.kind == "date")
    for row in range(3, sheet.max_row + 1, 3):  # every third row refused by an impossible date
        sheet.cell(row=row, column=dated, value="2020年2月30日")
    book.save(path)
    table = read_table(path)
    snapshots = []
    for chosen in (spec, dataclasses.replace(spec, batch=None)):
        with database.sessions() as session:
            before = session.scalar(select(func.max(AuditEntry.id))) or 0
            result = import_rows(session, actor, chosen, table, guess_mapping(chosen, table.header))
            snapshots.append(_every_record(session, result, before))
            session.rollback()
    batched, by_row = snapshots
    assert written > 3 and batched["result"][1] > 0 and batched["result"][5], batched["result"]  # saved and refused rows
    assert batched == by_row


@pytest.mark.parametrize("batched", (True, False), ids=("batched", "row-by-row"))
def test_an_imported_record_is_logged_by_its_file_and_row(database, actor, tmp_path, batched):
    from desk.security.queries import AUDIT, describe_detail

    path = _ledger(tmp_path / "信访台账.xlsx", 12)
    table = read_table(path)
    spec = SPEC if batched else dataclasses.replace(SPEC, batch=None)
    summary_column = table.header.index(_(SPEC.field("summary").header))
    row_of: dict[str, int] = {}
    for number, cells in table.rows:  # each summary is its petition's own (the repeated row is skipped)
        if cells[summary_column]:
            row_of.setdefault(cells[summary_column], number)
    with database.sessions() as session:
        result = import_rows(session, actor, spec, table, guess_mapping(spec, table.header))
        petitions = {petition.id: petition for petition in session.scalars(select(Petition))}
        steps = list(session.scalars(select(PetitionStep)))
        entries = {(entry.table_name, entry.record_id): entry for entry in session.scalars(
            select(AuditEntry).where(AuditEntry.kind == "create"))}
        assert len(petitions) == result.created > 3 and steps
        for petition in petitions.values():  # the row it was written on, not its values (the record holds those)
            where = {"file": "信访台账.xlsx", "row": row_of[petition.summary]}
            entry = entries["petition", petition.id]
            assert json.loads(entry.detail) == {"imported": where}
            assert describe_detail("create", entry.detail, table_name="petition") == \
                f"从表格文件“信访台账.xlsx”第 {where['row']} 行导入"
        for step in steps:  # a line is logged by the row its petition starts on
            assert entries["petition_step", step.id].detail == entries["petition", step.petition_id].detail
        for model in (Unit, Leader):  # names remembered on the side are logged in full, as when typed
            for record in session.scalars(select(model)):
                assert json.loads(entries[model.__tablename__, record.id].detail)["name"] == record.name
        found = {row["record_id"] for row in AUDIT.rows(session, ListQuery(search="信访台账"), limit=None)}
        assert found == set(petitions) | {step.id for step in steps}  # the file name finds every imported record
        some = next(iter(petitions))
        assert [row["kind"] for row in AUDIT.rows(session, ListQuery(search=some), limit=None)] == ["create"]
        session.rollback()


def _fts_triggers(session) -> set[str]:
    return set(session.scalars(sql_text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%fts%'")))


@pytest.mark.sqlite_only  # the search index triggers are SQLite's
def test_a_batched_import_fills_the_search_indexes_as_their_triggers_would(database, actor, tmp_path, monkeypatch):
    from desk.petitions.service import save_petition

    monkeypatch.setattr(importer, "BATCH", 40)
    table = read_table(_ledger(tmp_path / "信访台账.xlsx", 130))
    with database.sessions() as session:
        triggers = _fts_triggers(session)
    assert {"petition_fts_ai", "audit_entry_fts_ai", "petition_fts_au"} <= triggers
    with pytest.raises(Cancelled), database.sessions.begin() as session:  # cancelled after a batch was written
        import_rows(session, actor, SPEC, table, guess_mapping(SPEC, table.header), progress=lambda done, _total: done < 80)
    with database.sessions.begin() as session:
        assert _fts_triggers(session) == triggers
        result = import_rows(session, actor, SPEC, table, guess_mapping(SPEC, table.header))
    assert result.created > 50
    with database.sessions.begin() as session:
        assert _fts_triggers(session) == triggers  # the insert triggers are back
        for name in ("petition", "audit_entry"):  # the index holds exactly the table's rows (raises otherwise)
            session.execute(sql_text(f"INSERT INTO {name}_fts({name}_fts, rank) VALUES ('integrity-check', 1)"))
        save_petition(session, actor, None, {**_row(0), "summary": "导入之后录入的一件信访"})  # through the trigger
    with database.sessions() as session:
        assert PETITIONS.count(session, ListQuery(search="导入之后录入")) == 1
        assert PETITIONS.count(session, ListQuery(search="不给生活费126")) == 1
        session.execute(sql_text("INSERT INTO petition_fts(petition_fts, rank) VALUES ('integrity-check', 1)"))
