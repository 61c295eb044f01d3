"""An error injected into a backup, a restore or an exchange export job: one message, one log entry, the window usable."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.desk.exchange.conftest import TOWN, _open_office, exchange_cards
from tests.ui.background import database_bytes
from tests.ui.test_exchange_screen import _City
from ui.exchange import export_tab
from ui.exchange.screen import ExchangeScreen
from ui.security import backup_view
from ui.security.screen import SecurityScreen


@pytest.fixture
def shown(monkeypatch):
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: texts.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *args: texts.append(text))
    return texts


def _logged(caplog, text: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.exc_info and text in str(record.exc_info[1])]


def test_an_error_in_a_backup_is_logged_and_shown_once_and_the_buttons_come_back(qtbot, context, shown, monkeypatch,
                                                                                 caplog):
    def broken(engine, folder=None, reason=""):
        raise RuntimeError("backup disk on fire")

    monkeypatch.setattr(backup_view, "make_backup", broken)
    screen = SecurityScreen(context)
    qtbot.addWidget(screen)
    view = screen.backups
    before = database_bytes(context.database)
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(view.backed_up, timeout=30_000) as blocker:
        view.backup()
    assert blocker.args == [None]
    assert len(shown) == 1 and "意外错误" in shown[0]
    assert len(_logged(caplog, "backup disk on fire")) == 1
    assert view.now_button.isEnabled() and view.to_button.isEnabled()
    assert database_bytes(context.database) == before and view.list.count() == 0


def broken_export(session, progress, **job):
    """The export job, broken (run in the job's child process: a module function travels there)."""
    raise RuntimeError("export went wrong")


def test_an_error_in_an_exchange_export_is_logged_and_shown_once_and_writes_nothing(qtbot, context, template_dir,
                                                                                   tmp_path, shown, monkeypatch,
                                                                                   caplog):
    folder = tmp_path / "town"
    folder.mkdir()
    town = _open_office(template_dir, folder, TOWN)
    try:
        exchange_cards(_City(context), town)
        monkeypatch.setattr(export_tab, "export_to_folder", broken_export)
        screen = ExchangeScreen(context)
        qtbot.addWidget(screen)
        tab = screen.export_tab
        tab.all_radio.click()
        usb = tmp_path / "usb"
        usb.mkdir()
        tab.set_folder(str(usb))
        before = database_bytes(context.database)
        with caplog.at_level(logging.ERROR), qtbot.waitSignal(tab.exported, timeout=30_000) as blocker:
            tab.export()
        assert blocker.args == [False]
        assert len(shown) == 1 and "意外错误" in shown[0]
        assert len(_logged(caplog, "export went wrong")) == 1
        assert database_bytes(context.database) == before and not list(usb.iterdir())
        assert tab.export_button.isEnabled()
    finally:
        town.database.close()
