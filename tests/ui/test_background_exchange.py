"""A large exchange import and export run in the background: the window repaints, progress ends at 100 %,
cancel leaves the database byte-for-byte as it was, and an injected error gives one message and one log entry."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from desk.exchange.apply import import_bundle
from desk.exchange.model import LedgerEntry, PartnerCard
from desk.people.model import Person
from tests.desk.exchange.conftest import TOWN, _open_office, exchange_cards
from tests.desk.exchange.helpers import export
from tests.ui.background import StallMeter, database_bytes, fill_people, stall_limit_ms
from tests.ui.test_exchange_screen import _City, check
from ui.exchange import import_tab
from ui.exchange.screen import ExchangeScreen

LARGE = 10_000


@pytest.fixture
def town(template_dir, tmp_path):
    folder = tmp_path / "town"
    folder.mkdir()
    office = _open_office(template_dir, folder, TOWN)
    yield office
    office.database.close()


@pytest.fixture
def shown(monkeypatch):
    """Every message box the one presenter opens (text), instead of a real modal box."""
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: texts.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *args: texts.append(text))
    return texts


@pytest.fixture
def bundle(context, town, tmp_path):
    """A bundle of LARGE register entries from the town to the city; its path."""
    exchange_cards(_City(context), town)
    fill_people(town.database, town.code, LARGE)
    folder = tmp_path / "usb"
    folder.mkdir()
    export(town, context.actor.office_code, folder)
    return next(folder.glob("*.deskbundle"))


def people(context) -> int:
    with context.sessions() as session:
        return session.scalar(select(func.count()).select_from(Person))


def make(qtbot, context) -> ExchangeScreen:
    screen = ExchangeScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def test_a_large_import_keeps_the_window_painting_and_reaches_100_percent(qtbot, context, bundle, shown):
    screen = make(qtbot, context)
    tab = screen.import_tab
    with StallMeter() as meter:
        assert check(qtbot, tab, bundle)
    assert meter.longest < stall_limit_ms(), f"the GUI thread stalled {meter.longest:.0f} ms during the check"
    steps = []
    with StallMeter() as meter, qtbot.waitSignal(tab.imported, timeout=60_000):
        tab.import_checked().progressed.connect(lambda done, total: steps.append((done, total)))
    assert meter.longest < stall_limit_ms(), f"the GUI thread stalled {meter.longest:.0f} ms during the import"
    assert steps and steps[-1][0] == steps[-1][1] > 0  # the bar reached 100 %
    assert people(context) == LARGE and "已导入" in tab.status_label.text() and not shown


def test_cancelling_a_large_import_leaves_the_database_byte_for_byte_unchanged(qtbot, context, bundle, shown):
    screen = make(qtbot, context)
    tab = screen.import_tab
    assert check(qtbot, tab, bundle)
    before = database_bytes(context.database)
    operation = tab.import_checked()
    operation.progressed.connect(lambda done, total: operation.cancel() if done >= 3_000 else None)
    with qtbot.waitSignal(operation.done, timeout=60_000):
        pass
    assert "已取消" in tab.status_label.text() and not shown
    assert database_bytes(context.database) == before
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(LedgerEntry)) == 0
    assert tab.choose_button.isEnabled() and tab.import_button.isEnabled()  # usable again: import later


def broken_import(session, progress, *, actor, data, name):
    """The import job, broken after a dry run (run in the job's child process: a module function travels there)."""
    import_bundle(session, actor, data, name, dry_run=True, progress=progress)
    raise RuntimeError("disk controller on fire")


def test_an_error_in_the_import_gives_one_message_and_one_log_entry(qtbot, context, bundle, shown, monkeypatch, caplog):
    screen = make(qtbot, context)
    tab = screen.import_tab
    assert check(qtbot, tab, bundle)
    monkeypatch.setattr(import_tab, "import_bundle_data", broken_import)
    before = database_bytes(context.database)
    operation = tab.import_checked()
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(operation.done, timeout=60_000):
        pass
    assert len(shown) == 1 and "日志文件" in shown[0]
    logged = [record for record in caplog.records if record.exc_info and "disk controller on fire" in str(record.exc_info[1])]
    assert len(logged) == 1 and logged[0].getMessage() == "Unexpected error"
    assert database_bytes(context.database) == before
    assert "意外错误" in tab.status_label.text() and tab.choose_button.isEnabled()


def test_a_large_export_keeps_the_window_painting_and_cancel_writes_no_file(qtbot, context, town, tmp_path, shown):
    exchange_cards(_City(context), town)
    fill_people(context.database, context.actor.office_code, LARGE)
    screen = make(qtbot, context)
    tab = screen.export_tab
    tab.all_radio.click()
    usb = tmp_path / "usb"
    usb.mkdir()
    tab.set_folder(str(usb))
    before = database_bytes(context.database)
    operation = tab.export()
    operation.progressed.connect(lambda done, total: operation.cancel() if done >= 3_000 else None)
    with qtbot.waitSignal(operation.done, timeout=60_000):
        pass
    assert "已取消导出" in tab.status_label.text() and not list(usb.iterdir())
    assert database_bytes(context.database) == before
    steps = []
    with StallMeter() as meter, qtbot.waitSignal(tab.exported, timeout=60_000):
        tab.export().progressed.connect(lambda done, total: steps.append((done, total)))
    assert meter.longest < stall_limit_ms(), f"the GUI thread stalled {meter.longest:.0f} ms during the export"
    assert steps and steps[-1][0] == steps[-1][1] >= LARGE
    assert len(list(usb.glob("*.deskbundle"))) == 1 and not shown
    with context.sessions() as session:
        assert session.get(PartnerCard, town.code).last_sequence == 1
