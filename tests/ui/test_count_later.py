"""A list opens with its first page and fills the exact count when it is ready (LazyTableModel count_later)."""

from __future__ import annotations

import threading
import time

import pytest

from ui.common.table_model import PAGE_SIZE, ColumnSpec, LazyTableModel


class Source:
    """``size`` numbered rows; remembers every count and fetch it was asked for."""

    def __init__(self, size: int):
        self.size = size
        self.counts = 0
        self.fetches: list[int] = []

    def count(self) -> int:
        self.counts += 1
        return self.size

    def fetch(self, offset, limit, _order_by, _descending):
        self.fetches.append(offset)
        return [{"id": str(number), "n": number} for number in range(offset, min(self.size, offset + limit))]


def test_a_long_list_shows_its_first_page_then_its_exact_count(qtbot):
    source = Source(PAGE_SIZE * 2 + 50)
    model = LazyTableModel([ColumnSpec("n", "n", kind="int")], source.count, source.fetch, count_later=True)
    counted = []
    model.counted.connect(counted.append)
    model.reload()
    assert (model.rowCount(), model.count_known, source.counts) == (PAGE_SIZE, False, 0)  # not counted yet
    assert model.row(0) == {"id": "0", "n": 0} and source.fetches == [0]  # the first page is already there
    qtbot.waitUntil(lambda: model.count_known)
    assert (model.rowCount(), counted, source.counts) == (PAGE_SIZE * 2 + 50, [PAGE_SIZE * 2 + 50], 1)
    assert model.row(PAGE_SIZE * 2 + 49)["n"] == PAGE_SIZE * 2 + 49


def test_a_short_first_page_is_the_whole_list_and_needs_no_count(qtbot):
    source = Source(PAGE_SIZE - 1)
    model = LazyTableModel([ColumnSpec("n", "n", kind="int")], source.count, source.fetch, count_later=True)
    counted = []
    model.counted.connect(counted.append)
    model.reload()
    assert (model.rowCount(), model.count_known, counted) == (PAGE_SIZE - 1, True, [PAGE_SIZE - 1])
    qtbot.wait(20)
    assert source.counts == 0


def test_a_count_for_an_earlier_reload_is_dropped_and_finish_count_counts_now(qtbot):
    source = Source(PAGE_SIZE * 3)
    model = LazyTableModel([ColumnSpec("n", "n", kind="int")], source.count, source.fetch, count_later=True)
    model.reload()
    source.size = PAGE_SIZE + 10  # records went away before the count
    model.reload()
    assert model.finish_count() == PAGE_SIZE + 10 and model.count_known
    qtbot.wait(20)
    assert source.counts == 1  # the first reload's scheduled count never ran


def test_a_count_started_elsewhere_is_delivered_to_its_own_reload_only(qtbot):
    source = Source(PAGE_SIZE * 2)
    started: list = []
    model = LazyTableModel([ColumnSpec("n", "n", kind="int")], source.count, source.fetch, count_later=True,
                           start_count=started.append)
    counted = []
    model.counted.connect(counted.append)
    model.reload()
    model.reload()  # the search changed before the first count came back
    assert len(started) == 2 and model.rowCount() == PAGE_SIZE and not model.count_known
    started[0](PAGE_SIZE * 5)  # the first reload's count: dropped
    assert (model.rowCount(), model.count_known, counted) == (PAGE_SIZE, False, [])
    started[1](PAGE_SIZE * 2)
    assert (model.rowCount(), model.count_known, counted) == (PAGE_SIZE * 2, True, [PAGE_SIZE * 2])
    qtbot.wait(20)
    assert source.counts == 0  # the model never counted on the GUI thread


TOWNS = ("塘岸镇妇联", "民安镇妇联", "山围镇妇联", "民乐镇妇联", "西埌镇妇联", "新圩镇妇联", "大里镇妇联")


@pytest.mark.parametrize("engine_kind", ["sqlite", "postgresql"], indirect=True)
def test_a_screen_opens_on_its_first_page_and_counts_off_the_gui_thread(qtbot, context, database, actor, monkeypatch):
    from desk.office.service import actor_for, save_sub_office
    from desk.security.users import add_user
    from ui.common import record_screen, table_model
    from ui.offices.screen import SPEC

    monkeypatch.setattr(table_model, "PAGE_SIZE", 5)  # a "long" list of seven offices
    with database.sessions.begin() as session:
        add_user(session, actor, {"username": "clerk2", "password": "pw-clerk2", "roles": "clerk"})
        for number, name in enumerate(TOWNS[:6]):
            save_sub_office(session, actor, None,
                            {"name": name, "code": f"45098110{number}", "level": "town", "parent_code": "450981"})
    on_gui_thread: list[bool] = []
    count = SPEC.source.count

    def counting(session, query):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        time.sleep(0.2)  # a slow server: the window must not wait for it
        return count(session, query)

    monkeypatch.setattr(SPEC.source, "count", counting)
    started = time.perf_counter()
    screen = record_screen.RecordScreen(context, SPEC)
    qtbot.addWidget(screen)
    screen.show()
    assert time.perf_counter() - started < 5  # (not a speed test: the count's 0.2 s is not in it, see below)
    assert (screen.model.rowCount(), screen.model.count_known, screen.count_label.text()) == (5, False, "")
    assert screen.model.row(0) is not None  # the first page is there to read
    qtbot.waitUntil(lambda: screen.model.count_known, timeout=10_000)
    assert (screen.model.rowCount(), screen.count_label.text(), on_gui_thread) == (6, "共 6 条", [False])
    screen.shared_timer.stop()
    if database.path is None:  # on the office server: another clerk's new office appears with the next look
        with database.sessions.begin() as session:
            save_sub_office(session, actor_for(session, "clerk2"), None,
                            {"name": TOWNS[6], "code": "450981106", "level": "town", "parent_code": "450981"})
        screen._on_shared_timer_timeout()
        qtbot.waitUntil(lambda: screen._shared_count is None and screen.model.count_known, timeout=10_000)
        assert (screen.model.rowCount(), screen.count_label.text()) == (7, "共 7 条")
        assert on_gui_thread == [False, False, False]  # the look, then the reloaded list's count


@pytest.mark.parametrize("engine_kind", ["sqlite"], indirect=True)
def test_a_count_that_fails_leaves_the_list_shown_and_says_so(qtbot, context, database, actor, monkeypatch):
    from desk.office.service import save_sub_office
    from ui.common import record_screen, table_model
    from ui.offices.screen import SPEC

    monkeypatch.setattr(table_model, "PAGE_SIZE", 2)
    with database.sessions.begin() as session:
        for number, name in enumerate(TOWNS[:3]):
            save_sub_office(session, actor, None,
                            {"name": name, "code": f"45098110{number}", "level": "town", "parent_code": "450981"})

    def failing(session, query):
        raise OSError("the server went away")

    monkeypatch.setattr(SPEC.source, "count", failing)
    screen = record_screen.RecordScreen(context, SPEC)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.count_label.text() == "未能统计总条数", timeout=10_000)
    assert screen.model.rowCount() == 2 and screen.model.row(1) is not None
