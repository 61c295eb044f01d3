"""A large Excel check, import and export run in the background: the window repaints, progress ends at 100 %,
cancel leaves the database byte-for-byte as it was (and no file), and an injected error is told once."""

from __future__ import annotations

import json
import logging

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from desk.campaigns.model import Event
from desk.security.model import AuditEntry
from desk.sheets import jobs as sheet_jobs
from desk.sheets.importer import import_rows
from desk.sheets.reader import Table
from tests.ui.background import StallMeter, database_bytes, stall_limit_ms
from ui.sheets.screen import SheetsScreen

ROWS = 1_500


@pytest.fixture
def shown(monkeypatch):
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: texts.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *args: texts.append(text))
    return texts


@pytest.fixture
def ledger(tmp_path):
    """An events ledger of ROWS rows, as a county office keeps it in a spreadsheet."""
    lines = ["活动名称,活动日期,活动类型,地点,参加人数"]
    lines += [f"第{number}次妇女议事会,2020-{number % 6 + 1}-{number % 28 + 1},座谈会,会议室{number % 9},{number % 300}"
              for number in range(1, ROWS + 1)]
    path = tmp_path / "活动台账.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def events(context) -> int:
    with context.sessions() as session:
        return session.scalar(select(func.count(Event.id)))


def opened(qtbot, context, ledger) -> SheetsScreen:
    screen = SheetsScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.choose_area("events")
    with qtbot.waitSignal(screen.opened, timeout=30_000):
        screen.open_file(str(ledger))
    return screen


def test_a_large_check_and_import_keep_the_window_painting_and_reach_100_percent(qtbot, context, ledger, shown):
    screen = opened(qtbot, context, ledger)
    steps = []
    with StallMeter() as meter, qtbot.waitSignal(screen.checked, timeout=120_000):
        screen.check().progressed.connect(lambda done, total: steps.append((done, total)))
    assert meter.longest < stall_limit_ms(), f"the GUI thread stalled {meter.longest:.0f} ms during the check"
    assert steps[-1] == (ROWS, ROWS) and f"可导入 {ROWS} 条" in screen.summary_label.text()
    assert events(context) == 0
    with StallMeter() as meter, qtbot.waitSignal(screen.imported, timeout=120_000):
        screen.import_now()
    assert meter.longest < stall_limit_ms(), f"the GUI thread stalled {meter.longest:.0f} ms during the import"
    assert events(context) == ROWS and not shown
    with context.sessions() as session:  # the job's process logged each record by the file it came from
        detail = session.scalars(select(AuditEntry.detail).where(
            AuditEntry.table_name == Event.__tablename__, AuditEntry.kind == "create").limit(1)).one()
    assert json.loads(detail)["imported"]["file"] == ledger.name


def test_cancelling_a_large_import_writes_nothing(qtbot, context, ledger, shown):
    screen = opened(qtbot, context, ledger)
    with qtbot.waitSignal(screen.checked, timeout=120_000):
        screen.check()
    before = database_bytes(context.database)
    operation = screen.import_now()
    operation.progressed.connect(lambda done, total: operation.cancel() if done >= 500 else None)
    with qtbot.waitSignal(operation.done, timeout=120_000):
        pass
    assert "已取消导入，没有写入任何记录" in screen.summary_label.text() and not shown
    assert database_bytes(context.database) == before
    assert screen.import_button.isEnabled() and screen.check_button.isEnabled()


def broken_import(session, progress, *, actor, key, header, rows, source, mapping, **_job):
    """The import job, broken after its rows are written (run in the job's child process: a module function travels
    there)."""
    import_rows(session, actor, sheet_jobs.sheet(key), Table(header, rows, source=source), mapping, progress=progress)
    raise RuntimeError("sheet importer broke")


def test_an_error_in_the_import_is_logged_and_shown_once(qtbot, context, ledger, shown, monkeypatch, caplog):
    screen = opened(qtbot, context, ledger)
    with qtbot.waitSignal(screen.checked, timeout=120_000):
        screen.check()
    monkeypatch.setattr(sheet_jobs, "import_table", broken_import)
    before = database_bytes(context.database)
    operation = screen.import_now()
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(operation.done, timeout=120_000):
        pass
    assert len(shown) == 1 and "意外错误" in shown[0]
    assert len([r for r in caplog.records if r.exc_info and "sheet importer broke" in str(r.exc_info[1])]) == 1
    assert database_bytes(context.database) == before and screen.import_button.isEnabled()


def test_a_large_export_keeps_the_window_painting_and_cancel_leaves_no_file(qtbot, context, ledger, shown, tmp_path):
    screen = opened(qtbot, context, ledger)
    with qtbot.waitSignal(screen.checked, timeout=120_000):
        screen.check()
    with qtbot.waitSignal(screen.imported, timeout=120_000):
        screen.import_now()
    screen.period_check.setChecked(False)
    target = tmp_path / "活动.xlsx"
    operation = screen.export_list(str(target))
    operation.cancel()  # the user clicks 取消 at once: the first page is the job's first chance to stop
    with qtbot.waitSignal(operation.done, timeout=120_000):
        pass
    assert "已取消导出" in screen.summary_label.text() and not list(tmp_path.glob("活动.xlsx*"))
    steps = []
    with StallMeter() as meter, qtbot.waitSignal(screen.exported, timeout=120_000) as blocker:
        screen.export_list(str(target)).progressed.connect(lambda done, total: steps.append((done, total)))
    assert meter.longest < stall_limit_ms(), f"the GUI thread stalled {meter.longest:.0f} ms during the export"
    assert blocker.args == [ROWS] and steps[-1] == (ROWS, ROWS) and target.is_file() and not shown
