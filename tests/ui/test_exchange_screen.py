"""The exchange screen: a clerk registers a card, exports to a folder, checks and imports a bundle, settles a conflict."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desk.db.records import stamp_change
from desk.exchange.keys import own_card, write_card_file
from desk.office.model import SubOffice
from desk.office.service import save_sub_office
from desk.people.service import save_person
from tests.desk.exchange.conftest import TOWN, _open_office, exchange_cards
from tests.desk.exchange.helpers import export
from ui.exchange import conflicts_tab, import_tab, keys_tab
from ui.exchange.screen import ExchangeScreen


class _City:
    """The context's office seen like the desk tests' Office."""

    def __init__(self, context):
        self.database = context.database
        self.actor = context.actor
        self.code = context.actor.office_code
        self.tables = context.travel

    def begin(self):
        return self.database.sessions.begin()

    def session(self):
        return self.database.sessions()


@pytest.fixture
def errors(monkeypatch):
    shown = []
    for module in (import_tab, keys_tab, conflicts_tab):
        monkeypatch.setattr(module, "show_error", lambda parent, error: shown.append(error.message))
    return shown


@pytest.fixture
def town(template_dir, tmp_path):
    folder = tmp_path / "town"
    folder.mkdir()
    office = _open_office(template_dir, folder, TOWN)
    yield office
    office.database.close()


def check(qtbot, tab, path) -> bool:
    """Check ``path`` on the import tab and wait for the background check; return whether it may be imported."""
    with qtbot.waitSignal(tab.checked, timeout=20000) as blocker:
        tab.check_file(path)
    return blocker.args[0]


def export_now(qtbot, tab) -> bool:
    """Export from the export tab and wait for the background job; return whether a bundle was written."""
    with qtbot.waitSignal(tab.exported, timeout=20000) as blocker:
        tab.export()
    return blocker.args[0]


def make(qtbot, context):
    screen = ExchangeScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def test_registering_a_card_shows_it_in_the_list(qtbot, qtmodeltester, context, town, tmp_path, errors):
    with town.begin() as session:
        card = own_card(session)
    path = write_card_file(card, tmp_path)
    screen = make(qtbot, context)
    assert "指纹" in screen.keys_tab.fingerprint_label.text()
    assert not screen.keys_tab.register_file(path, confirmed=False)
    assert screen.keys_tab.partners_model.rowCount() == 0
    assert screen.keys_tab.register_file(path, confirmed=True)
    model = screen.keys_tab.partners_model
    assert model.rowCount() == 1 and model.data(model.index(0, 0)) == "塘岸镇妇联"
    assert model.data(model.index(0, 2)) == card.fingerprint
    qtmodeltester.check(model)
    broken = tmp_path / "broken.deskkey"
    broken.write_text("not a card", encoding="utf-8")
    assert not screen.keys_tab.register_file(broken, confirmed=True)
    assert "不是妇联工作台的密钥卡" in errors[-1]


def test_export_shows_counts_and_writes_a_verified_bundle(qtbot, context, town, tmp_path):
    exchange_cards(_City(context), town)
    with context.sessions.begin() as session:
        save_sub_office(session, context.actor, None, {"name": "西埌镇妇联", "code": "450981102", "level": "town"})
        save_person(session, context.actor, None, {"name": "黄美玲", "sex": "F", "phone": "13907751234"})
    screen = make(qtbot, context)
    screen.tabs.setCurrentWidget(screen.export_tab)
    tab = screen.export_tab
    assert tab.recipient_combo.currentData() == town.code
    with qtbot.waitSignal(tab.counted, timeout=20000):  # counted off the GUI thread
        tab.all_radio.click()
    labels = {tab.counts_table.item(row, 0).text(): tab.counts_table.item(row, 1).text()
              for row in range(tab.counts_table.rowCount())}
    # Down to a town go the city's own records, never its register of offices below (the town cannot take them).
    assert labels["下级组织"] == "0" and labels["人员名册"] == "1"
    tab.set_folder(str(tmp_path))
    assert export_now(qtbot, tab)
    assert "可以安全拔出 U 盘" in tab.status_label.text()
    assert len(list(tmp_path.glob("*.deskbundle"))) == 1
    with qtbot.waitSignal(tab.counted, timeout=20000):
        tab.since_radio.click()
    assert all(tab.counts_table.item(row, 1).text() == "0" for row in range(tab.counts_table.rowCount()))


def test_import_checks_first_then_imports_and_refuses_a_repeat(qtbot, qtmodeltester, context, town, tmp_path, errors):
    exchange_cards(_City(context), town)
    with town.begin() as session:
        save_sub_office(session, town.actor, None, {"name": "独竹村妇联", "code": "450981101201", "level": "village"})
    data = export(town, context.actor.office_code, tmp_path)
    path = next(tmp_path.glob("*.deskbundle"))
    screen = make(qtbot, context)
    tab = screen.import_tab
    assert check(qtbot, tab, path)
    row = next(r for r in range(tab.summary_table.rowCount()) if tab.summary_table.item(r, 0).text() == "下级组织")
    assert tab.summary_table.item(row, 1).text() == "1"  # new
    assert tab.import_button.isEnabled() and "预检" in tab.status_label.text()
    with qtbot.waitSignal(tab.imported):
        tab.import_button.click()
    assert screen.ledger_model.rowCount() == 1
    assert "塘岸镇妇联" == screen.ledger_model.data(screen.ledger_model.index(0, 1))
    qtmodeltester.check(screen.ledger_model)
    assert not check(qtbot, tab, path)
    assert "以前已经导入过" in tab.status_label.text() and not tab.import_button.isEnabled()
    damaged = tmp_path / "damaged.deskbundle"
    damaged.write_bytes(data[: len(data) // 2])
    assert not check(qtbot, tab, damaged)
    assert "不能导入" in tab.status_label.text() and errors


def test_a_conflict_is_shown_field_by_field_and_settled(qtbot, qtmodeltester, context, town, tmp_path, errors):
    city = _City(context)
    exchange_cards(city, town)
    with town.begin() as session:
        record_id = save_sub_office(session, town.actor, None, {"name": "独竹村妇联", "code": "450981101201", "level": "village"})
    from tests.desk.exchange.helpers import import_into

    import_into(city, export(town, city.code, tmp_path))
    for office, person in ((town, "钟秀兰"), (city, "韦小红")):
        with office.begin() as session:
            row = session.get(SubOffice, record_id)
            row.contact_person = person
            stamp_change(row, office.actor)
    import_into(city, export(town, city.code, tmp_path, since_last=True))
    screen = make(qtbot, context)
    screen.tabs.setCurrentWidget(screen.conflicts_tab)
    tab = screen.conflicts_tab
    assert tab.model.rowCount() == 1
    qtmodeltester.check(tab.model)
    tab.select_row(0)
    fields = {tab.fields_table.item(r, 0).text(): r for r in range(tab.fields_table.rowCount())}
    row = fields["联系人"]
    assert (tab.fields_table.item(row, 1).text(), tab.fields_table.item(row, 2).text()) == ("韦小红", "钟秀兰")
    assert tab.fields_table.item(row, 1).font().bold()
    assert not tab.fields_table.item(fields["名称"], 1).font().bold()
    tab.theirs_button.click()
    assert tab.model.rowCount() == 0 and "已采用对方的" in tab.status_label.text()
    with context.sessions() as session:
        assert session.scalar(select(SubOffice.contact_person).where(SubOffice.id == record_id)) == "钟秀兰"


def test_export_says_when_nothing_is_new_and_can_declare_an_empty_period(qtbot, context, town, tmp_path):
    exchange_cards(_City(context), town)
    with context.sessions.begin() as session:
        save_person(session, context.actor, None, {"name": "黄美玲", "sex": "F", "phone": "13907751234"})
    screen = make(qtbot, context)
    tab = screen.export_tab
    tab.set_folder(str(tmp_path))
    tab.since_radio.click()
    assert export_now(qtbot, tab)
    before = sorted(tmp_path.glob("*.deskbundle"))
    assert not export_now(qtbot, tab)
    assert "没有新的改动" in tab.status_label.text() and sorted(tmp_path.glob("*.deskbundle")) == before
    tab.keep_alive_check.setChecked(True)
    assert export_now(qtbot, tab)
    assert len(list(tmp_path.glob("*.deskbundle"))) == len(before) + 1


def petition_conflict(context, town, tmp_path) -> str:
    """Return a petition the town and the city both changed since the last exchange (a conflict at the city)."""
    import datetime as dt

    from desk.petitions.service import load_petition, save_petition
    from tests.desk.exchange.helpers import import_into

    city = _City(context)
    exchange_cards(city, town)
    with town.begin() as session:
        record_id = save_petition(session, town.actor, None, {
            "channel": "visit", "received_on": dt.date(2020, 3, 3), "petitioner_name": "李秀英", "phone": "13877512345",
            "category": "marriage", "summary": "反映丈夫长期不给生活费", "first_receiver": "黄丽", "status": "received"})
    import_into(city, export(town, city.code, tmp_path))
    for office, values in ((town, {"category": "violence", "channel": "call"}), (city, {"first_receiver": "韦小红"})):
        with office.begin() as session:
            save_petition(session, office.actor, record_id, {**load_petition(session, record_id), **values})
    import_into(city, export(town, city.code, tmp_path, since_last=True))
    return record_id


def test_a_conflict_names_fields_and_values_in_chinese_and_is_settled_field_by_field(qtbot, context, town, tmp_path,
                                                                                      errors):
    from desk.petitions.model import Petition
    from tests.desk.test_fields import identifiers

    record_id = petition_conflict(context, town, tmp_path)
    screen = make(qtbot, context)
    screen.tabs.setCurrentWidget(screen.conflicts_tab)
    tab = screen.conflicts_tab
    assert tab.model.rowCount() == 1
    tab.select_row(0)
    table = tab.fields_table
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2)] for r in range(table.rowCount())}
    assert rows["问题类别"] == ["婚姻家庭", "家庭暴力"]
    assert rows["来源方式"] == ["来访", "来电"]
    assert rows["首问接访人"] == ["韦小红", "黄丽"]
    assert rows["匿名"] == ["否", "否"]
    for field in tab.fields:  # user names in the bookkeeping rows are data, not identifiers
        text = field.label if field.bookkeeping else " ".join((field.label, field.mine, field.theirs))
        assert not identifiers(text), text
    tab.set_taken("category")  # theirs for the category only; our receiver and channel stay
    assert tab.resolve_by_field()
    assert tab.model.rowCount() == 0 and "问题类别" in tab.status_label.text()
    with context.sessions() as session:
        petition = session.get(Petition, record_id)
        assert (petition.category, petition.channel, petition.first_receiver) == ("violence", "visit", "韦小红")
