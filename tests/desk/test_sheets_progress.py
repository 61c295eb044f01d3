"""Excel import and export report progress up to their total; a cancel writes nothing and leaves no file."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desk.campaigns.model import Event
from desk.campaigns.service import save_event
from desk.core.errors import Cancelled
from desk.db.listing import ListQuery
from desk.sheets.catalog import discover_sheets
from desk.sheets.importer import guess_mapping, import_rows
from desk.sheets.reader import read_table
from desk.sheets.service import export_sheet

SPECS = discover_sheets()


class Recorder:
    def __init__(self, stop_at: int | None = None):
        self.calls: list[tuple[int, int]] = []
        self.stop_at = stop_at

    def __call__(self, done: int, total: int, text: str | None = None) -> bool:
        self.calls.append((done, total))
        return self.stop_at is None or done < self.stop_at


def _events(database, actor, count: int) -> None:
    with database.sessions.begin() as session:
        for number in range(count):
            save_event(session, actor, None, {"title": f"宣传活动{number}", "kind": "signing",
                                              "held_on": dt.date(2020, 3, 1), "place": "会议室", "participants": 10})


def _count(database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(Event))


@pytest.mark.parametrize("records", [False, True])
def test_export_reports_progress_to_the_total_and_a_cancel_leaves_no_file(database, actor, tmp_path, records):
    _events(database, actor, 230)
    recorder = Recorder()
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "活动.xlsx"
    with database.sessions.begin() as session:
        assert export_sheet(session, actor, SPECS["events"], ListQuery(), path, records=records, progress=recorder) == 230
    assert recorder.calls[-1] == (230, 230) and path.exists()
    cancelled = folder / "取消.xlsx"
    with pytest.raises(Cancelled), database.sessions.begin() as session:
        export_sheet(session, actor, SPECS["events"], ListQuery(), cancelled, records=records, progress=Recorder(100))
    assert not cancelled.exists() and list(folder.iterdir()) == [path]


def test_import_reports_progress_to_the_total_and_a_cancel_writes_nothing(database, actor, tmp_path):
    _events(database, actor, 1200)
    path = tmp_path / "活动.xlsx"
    with database.sessions() as session:
        export_sheet(session, actor, SPECS["events"], ListQuery(), path, records=True)
    with database.sessions.begin() as session:  # an empty office imports them again
        session.execute(Event.__table__.delete())
    table = read_table(path)
    spec = SPECS["events"]
    # cancelled at the very last report, after every row was saved, before the caller commits
    with pytest.raises(Cancelled), database.sessions.begin() as session:
        import_rows(session, actor, spec, table, guess_mapping(spec, table.header), progress=Recorder(1200))
    assert _count(database) == 0
    recorder = Recorder()
    with database.sessions.begin() as session:
        result = import_rows(session, actor, spec, table, guess_mapping(spec, table.header), progress=recorder)
    assert result.created == 1200 and _count(database) == 1200
    assert recorder.calls[0] == (500, 1200) and recorder.calls[-1] == (1200, 1200)
