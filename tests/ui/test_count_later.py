"""A list opens with its first page and fills the exact count when it is ready (LazyTableModel count_later)."""

from __future__ import annotations

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
