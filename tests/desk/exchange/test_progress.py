"""Exchange export and import report progress up to their total, and a cancel before the commit writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core.errors import Cancelled
from desk.db.records import stamp_new
from desk.exchange.apply import import_bundle
from desk.exchange.export import export_bundle, selection_for
from desk.exchange.model import PartnerCard
from tests.desk.exchange.conftest import Household, dump
from tests.desk.exchange.helpers import export


class Recorder:
    """A progress callback that keeps every call and answers False (cancel) once ``stop_when`` matches one."""

    def __init__(self, stop_when=None):
        self.calls: list[tuple[int, int, str]] = []
        self.stop_when = stop_when

    def __call__(self, done: int, total: int, text: str | None = None) -> bool:
        self.calls.append((done, total, text or ""))
        return not (self.stop_when is not None and self.stop_when(done, total, text or ""))


def _add_households(office, count: int) -> None:
    with office.begin() as session:
        for number in range(count):
            house = Household(head=f"户主{number}", registered_on=dt.date(2020, 3, 8), poor=False, allowance_fen=0,
                              notes="")
            stamp_new(house, office.actor)
            session.add(house)


def _export(office, to_code, folder, progress):
    folder.mkdir(parents=True, exist_ok=True)
    with office.begin() as session:
        selection = selection_for(session, to_code, None, False)
        return export_bundle(session, office.actor, to_code, folder, selection, office.tables, progress=progress)


def test_export_progress_reaches_its_total(offices, tmp_path):
    _city, town, _region = offices
    _add_households(town, 2100)
    recorder = Recorder()
    result = _export(town, _city.code, tmp_path / "out", recorder)
    assert result.written
    done, total, _text = recorder.calls[-1]
    assert total >= 2100 and done == total
    assert [call[0] for call in recorder.calls] == sorted(call[0] for call in recorder.calls)


@pytest.mark.parametrize("at_last", [False, True])
def test_a_cancelled_export_leaves_no_file_and_no_sequence_number(offices, tmp_path, at_last):
    city, town, _region = offices
    _add_households(town, 1200)
    before = dump(town)
    stop = (lambda done, total, text: "加密" in text) if at_last else (lambda done, total, text: done >= 1000)
    with pytest.raises(Cancelled):
        _export(town, city.code, tmp_path / "out", Recorder(stop))
    assert list((tmp_path / "out").iterdir()) == []
    assert dump(town) == before
    with town.session() as session:
        assert session.get(PartnerCard, city.code).last_sequence == 0


def test_import_progress_reaches_its_total(offices, tmp_path):
    city, town, _region = offices
    _add_households(town, 1100)
    data = export(town, city.code, tmp_path)
    recorder = Recorder()
    with city.begin() as session:
        result = import_bundle(session, city.actor, data, "t.deskbundle", progress=recorder, tables=city.tables)
    assert result.written
    weighed = [call for call in recorder.calls if "核对" in call[2]]
    written = [call for call in recorder.calls if "写入新记录" in call[2]]
    assert weighed and weighed[-1][0] == weighed[-1][1] >= 1100
    assert written and written[-1][0] == written[-1][1] >= 1100


@pytest.mark.parametrize("stage", ["核对", "写入新记录"])
def test_a_cancelled_import_writes_nothing(offices, tmp_path, stage):
    city, town, _region = offices
    _add_households(town, 1100)
    data = export(town, city.code, tmp_path)
    before = dump(city)
    # cancel at the stage's last report: for writing, after every insert and just before the caller commits
    recorder = Recorder(lambda done, total, text: stage in text and done == total)
    with pytest.raises(Cancelled), city.begin() as session:
        import_bundle(session, city.actor, data, "t.deskbundle", progress=recorder, tables=city.tables)
    assert dump(city) == before
    with city.begin() as session:  # and the bundle still imports afterwards
        assert import_bundle(session, city.actor, data, "t.deskbundle", tables=city.tables).written
