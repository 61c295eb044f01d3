"""Reporting status: records of the period or a 本期无数据 declaration count, an empty bundle does not; the ledger's gaps heal."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desk.core.periods import current_half_year, parse_period
from desk.exchange.export import export_bundle, selection_for
from desk.exchange.keys import ExchangeError
from desk.exchange.model import LedgerEntry
from desk.exchange.report import reporting_status, reporting_table, unreported_items
from desk.office.scope import office_scope
from desk.petitions.service import load_petition, save_petition
from tests.desk.exchange.helpers import export, import_into
from tests.desk.exchange.test_relays import add_household, chain  # noqa: F401  (fixture)


def add_petition(office, received_on: dt.date, **changes) -> str:
    values = {"channel": "visit", "received_on": received_on, "petitioner_name": "王小花", "sex": "F",
              "category": "marriage", "summary": "反映丈夫长期不给生活费", "first_receiver": "黄丽", "status": "received"}
    with office.begin() as session:
        return save_petition(session, office.actor, None, values | changes)


def _status(office, period):
    with office.session() as session:
        return {report.code: report.status for report in reporting_status(session, period)}


def test_only_records_of_the_period_or_a_declaration_count_as_reported(chain, tmp_path):  # noqa: F811
    town, county, city = chain
    period = current_half_year()
    import_into(city, export(county, city.code, tmp_path / "alive", keep_alive=True))
    assert _status(city, period) == {county.code: "missing", town.code: "missing"}  # registrations are no report
    with city.session() as session:
        (item,) = unreported_items(session, period, office_scope(session))
    assert county.code not in item and "北流市妇联" in item and "最近发送" in item

    add_household(town, "韦秀梅", 1000)  # a kind that declares no period date reports for no period
    add_petition(town, period.start)
    import_into(county, export(town, county.code, tmp_path / "t1", since_last=True))
    import_into(city, export(county, city.code, tmp_path / "c1", since_last=True))
    assert _status(city, period) == {county.code: "missing", town.code: "reported"}

    # The county has nothing of its own this period and says so.
    with county.begin() as session:
        result = export_bundle(session, county.actor, city.code, tmp_path, selection_for(session, city.code, None, True),
                               county.tables, declare_empty=period)
    assert result.written and result.declared_empty == period.code
    import_into(city, result.path.read_bytes())
    assert _status(city, period) == {county.code: "declared_empty", town.code: "reported"}
    with city.session() as session:
        assert unreported_items(session, period, office_scope(session)) == []
        table = reporting_table(session, period, office_scope(session, tree=True))
    assert [row[3] for row in table.rows] == ["本期无数据", "已报送"]
    assert table.totals[3].startswith("已报送 2/2")

    # An office with records of the period cannot declare it had none.
    add_household(county, "县里一户", 500)
    with county.begin() as session:
        export_bundle(session, county.actor, city.code, tmp_path, selection_for(session, city.code, None, True),
                      county.tables, declare_empty=period)  # a register is no record of the period
    add_petition(county, period.end)
    with county.begin() as session, pytest.raises(ExchangeError) as caught:
        export_bundle(session, county.actor, city.code, tmp_path, selection_for(session, city.code, None, True),
                      county.tables, declare_empty=period)
    assert "不能声明本期无数据" in caught.value.message


def test_a_late_bundle_clears_the_gap_flag(chain, tmp_path):  # noqa: F811
    town, county, _city = chain
    bundles = []
    for number in range(4):
        add_household(town, f"第{number + 1}户", 100)
        bundles.append(export(town, county.code, tmp_path / str(number), since_last=True))
    for number in (0, 1, 3):
        import_into(county, bundles[number])

    def gaps():
        with county.session() as session:
            return {row.sequence: row.gap for row in session.execute(select(LedgerEntry.sequence, LedgerEntry.gap))}

    assert gaps() == {1: "", 2: "", 4: "3"}
    import_into(county, bundles[2])
    assert gaps() == {1: "", 2: "", 3: "", 4: ""}


def test_a_record_marks_the_period_of_its_own_date_not_of_its_last_edit(chain, tmp_path):  # noqa: F811
    town, county, city = chain
    first_half, now = parse_period("2021H1"), current_half_year()
    petition = add_petition(town, dt.date(2021, 3, 3))
    import_into(county, export(town, county.code, tmp_path / "1", since_last=True))
    assert _status(county, first_half) == {town.code: "reported"}
    # Edited (and handled) long after: still a record of 2021H1, and no report for the half-year it was edited in.
    with town.begin() as session:
        values = load_petition(session, petition)
        values["steps"] = [{"step_on": dt.date(2021, 9, 1), "action": "referred", "unit": "市法院"}]
        save_petition(session, town.actor, petition, values)
    import_into(county, export(town, county.code, tmp_path / "2", since_last=True))
    import_into(city, export(county, city.code, tmp_path / "3", since_last=True))
    for office in (county, city):
        assert _status(office, first_half)[town.code] == "reported"
        assert _status(office, now)[town.code] == "missing"
        assert _status(office, parse_period("2021H2"))[town.code] == "missing"


def test_a_period_export_takes_the_records_of_the_period_by_their_own_dates(chain, tmp_path):  # noqa: F811
    from desk.awards.model import Award, HonourTitle
    from desk.awards.service import save_award
    from desk.core.people import make_id_number
    from desk.people.model import Person
    from desk.petitions.model import Petition, PetitionStep
    from desk.relief.beneficiaries import save_beneficiary
    from desk.relief.model import Beneficiary, StipendLine
    from desk.relief.stipends import save_batch

    town, county, _city = chain
    first = add_petition(town, dt.date(2021, 3, 3))
    add_petition(town, dt.date(2021, 9, 1))  # 2021H2
    add_petition(town, dt.date.today())  # this half-year: edited, sent and received now, yet another period
    with town.begin() as session:  # edited (a step of September) long after 2021H1: still a record of 2021H1
        values = load_petition(session, first)
        values["steps"] = [{"step_on": dt.date(2021, 9, 1), "action": "referred", "unit": "市法院"}]
        save_petition(session, town.actor, first, values)
        girl = save_beneficiary(session, town.actor, None, {
            "name": "陈小花", "id_number": make_id_number("450981", dt.date(2012, 5, 1), 8, "F"), "group": "left_behind"})
        save_batch(session, town.actor, None, {"programme": "春蕾计划助学金", "pay_date": dt.date(2021, 4, 20),
                                               "lines": [{"beneficiary_id": girl, "amount_fen": "500"}]})
        title = session.scalars(select(HonourTitle.id).where(HonourTitle.name == "三八红旗手")).one()
        save_award(session, town.actor, None, {"title_id": title, "awardee_name": "黄丽萍", "awarding_body": "北流市委",
                                              "awarded_on": dt.date(2021, 3, 8)})
        save_award(session, town.actor, None, {"title_id": title, "awardee_name": "韦秀梅", "awarding_body": "北流市委",
                                              "awarded_on": dt.date(2020, 3, 8)})  # 2020H1: stays home
    with town.begin() as session:
        selection = selection_for(session, county.code, parse_period("2021H1"), False)
        result = export_bundle(session, town.actor, county.code, tmp_path, selection)
    counts = {name: count for name, count in result.counts.items() if count}
    # The period's records and their lines; the register entries and the title they link to, and nothing else.
    assert counts == {"petition": 1, "petition_step": 1, "relief_stipend_batch": 1, "relief_stipend_line": 1,
                      "relief_beneficiary": 1, "person": 1, "award": 1, "award_title": 1}
    with town.session() as session:
        from desk.exchange.export import export_counts

        assert {name: count for name, count in export_counts(session, selection).items() if count} == counts
    imported = import_into(county, result.path.read_bytes())
    assert not imported.plan.rejected
    with county.session() as session:
        assert session.scalars(select(Petition.received_on)).all() == [dt.date(2021, 3, 3)]
        assert session.scalars(select(PetitionStep.step_on)).all() == [dt.date(2021, 9, 1)]
        assert session.scalars(select(Award.awarded_on).where(Award.origin_office == town.code)).all() == [
            dt.date(2021, 3, 8)]
        assert session.scalar(select(StipendLine.amount_fen)) == 50000
        assert session.scalar(select(Person.name).join(Beneficiary, Beneficiary.person_id == Person.id)) == "陈小花"
    assert _status(county, parse_period("2021H1")) == {town.code: "reported"}
    assert _status(county, parse_period("2021H2")) == {town.code: "missing"}
