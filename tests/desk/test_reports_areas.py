"""The areas' report plug-ins on the demo database: the summary reads like the seed, tables, home figures, certificates."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from desk.awards.model import Award
from desk.awards.report import certificate_items
from desk.awards.service import load_award, save_award
from desk.cli import main
from desk.core.errors import DeskError
from desk.core.periods import parse_period
from desk.office.scope import office_scope
from desk.reports import register
from desk.reports.certificates import render_certificates
from desk.reports.model import IssuedCertificate
from desk.reports.summary import render_summary
from tests.desk.reports_helpers import libreoffice_csv, pdf_fonts, pdf_text

H1 = parse_period("2020H1")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo database (the seed's first half of 2020), made once for the module."""
    from desk.demo import create_demo

    path = tmp_path_factory.mktemp("reports-demo") / "demo.db"
    create_demo(path).close()
    return path


@pytest.fixture
def demo_db(demo, tmp_path):
    """A copy of the demo database a test may change."""
    from desk.db.database import open_database

    copy = tmp_path / "demo.db"
    shutil.copy(demo, copy)
    database = open_database(str(copy))
    yield database
    database.close()


def flat(text: str) -> str:
    return re.sub(r"\s+|—\s*\d+\s*—", "", text)


@pytest.fixture(scope="module")
def summary_text(demo, tmp_path_factory):
    from desk.db.database import open_database
    from desk.reports.registry import build_report_registry

    reports = build_report_registry()
    database = open_database(str(demo))
    with database.sessions() as session:
        pdf = render_summary(session, H1, office_scope(session), "北流市妇女联合会", dt.date(2020, 7, 10), reports=reports)
    database.close()
    folder = tmp_path_factory.mktemp("summary")
    assert all(row[-5] == "yes" for row in pdf_fonts(pdf, folder))  # every font embedded
    return flat(pdf_text(pdf, folder))


def test_the_summary_holds_the_seed_figures_as_sentences(summary_text):
    for sentence in (
        "今年3月市妇联荣获自治区维护妇女儿童权益先进集体、市“三八”红旗集体、市先进妇女组织光荣称号。"
        "市人民医院、市幼儿园、城南小学、三环集团也分别荣获市“三八”红旗集体光荣称号。",
        "3月3日上午，联合市纪委等单位在永丰广场举行了400多名妇女参加的廉洁清风进万家“诺廉”签名活动。",
        "给70名受助“春蕾女童”发放扶持款1.7万元。",
        "半年来我市妇联共受理来信来访79件（次），其中来访55件（次）、来信3件、来电21件（次），处理答复率100%。",
        # 228372/240000: the seed wrote 95%, the one rule 95.2%
        "228000多户，活动面达95.2%，签订家庭承诺书196800户，占总户数24万户的82%，活动巩固率达100%。",
        "我市妇联选派了3名妇联干部参加区妇联、全国妇联举办的培训班学习。",
        "新建妇委会（市教育局、市档案局）",
        "对7个镇（街道）妇联进行目标责任制考评，评为优秀2个、称职4个、不称职1个，对2个给予奖励，对1个进行诫勉谈话。",
    ):
        assert sentence in summary_text


def test_generated_figures_are_not_said_again_by_the_narratives(summary_text):
    for figure in ("400多名妇女", "3名妇联干部", "市人民医院", "1.7万元", "79件", "196800户"):
        assert summary_text.count(figure) == 1, figure
    # the honours close the opening paragraph, before the closing lead-in, as in the seed
    assert summary_text.index("三环集团") < summary_text.index("现将总结如下") < summary_text.index("一、")


def test_report_tables_hold_each_areas_numbers_with_totals(demo, tmp_path, capsys):
    out = tmp_path / "tables.xlsx"
    assert main(["report", "tables", "--period", "2020H1", "--db", str(demo), "--out", str(out)]) == 0
    book = load_workbook(out)
    sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    assert set(sheets) >= {"妇女活动统计表", "家庭创建活动统计表", "表彰统计表", "慰问帮扶统计表", "妇女信访统计表", "培训统计表",
                           "组织建设统计表"}
    petitions = sheets["妇女信访统计表"]
    assert petitions[1][:5] == ["单位", "信访总数（件次）", "来访", "来信", "来电"]
    assert petitions[2][0] == "北流市妇女联合会" and petitions[2][1] == 79 and petitions[2][3:5] == [3, 21]
    assert petitions[3][0] == "合计" and petitions[3][1] == 79
    relief = sheets["慰问帮扶统计表"]
    assert relief[3][0] == "合计" and relief[3][6:8] == [70, 17000]
    assert sheets["家庭创建活动统计表"][2][2:5] == [228372, 196800, 240000]
    assert sheets["表彰统计表"][2][1:5] == [7, 7, 0, 3]
    assert sheets["培训统计表"][2][7] == 3
    assert "北流市妇女联合会" in libreoffice_csv(out, tmp_path)


def test_a_tree_scope_has_a_row_per_office(demo_db, actor, reports):
    from desk.petitions.model import Petition
    from desk.reports.tables import build_tables

    with demo_db.sessions.begin() as session:  # the demo registers 塘岸镇妇联 (450981101) among the offices below
        moved = session.scalars(select(Petition).where(Petition.channel == "letter")).all()
        for petition in moved:
            petition.origin_office = "450981101"  # as if imported from the town
    with demo_db.sessions() as session:
        tables = {t.title: t for t in build_tables(session, H1, office_scope(session, tree=True), "北流市妇女联合会", reports=reports)}
        alone = {t.title: t for t in build_tables(session, H1, office_scope(session), "北流市妇女联合会", reports=reports)}
    rows = tables["妇女信访统计表"].body()
    shown = [(row[0], row[1], row[3]) for row in rows]
    assert shown[0] == ("北流市妇女联合会", 76, 0) and ("塘岸镇妇联", 3, 3) in shown and shown[-1] == ("合计", 79, 3)
    assert len(shown) > 3 and all(row[1] == 0 for row in rows[1:-1] if row[0] != "塘岸镇妇联")
    assert alone["妇女信访统计表"].body()[0][1] == 76


def test_home_figures_and_overdue_petitions(demo_db, actor, reports):
    from desk.petitions.report import overdue_items
    from desk.petitions.service import save_petition

    with demo_db.sessions() as session:
        scope = office_scope(session)
        groups = {group.key: group.figures(session, H1, scope) for group in reports.figure_groups()}
        assert overdue_items(session, H1, scope, dt.date(2020, 7, 1)) == []
    assert [(f.label, f.value) for f in groups["petitions"]] == [
        ("信访总数", "79件（次）"), ("来信 / 来电", "3件 / 21件（次）"), ("处理答复率", "100%")]
    assert ("扶持款", "70名，1.7万元") in [(f.label, f.value) for f in groups["relief"]]
    assert ("选派干部参加上级培训", "3名") in [(f.label, f.value) for f in groups["training"]]
    with demo_db.sessions.begin() as session:
        save_petition(session, actor, None, {
            "channel": "call", "received_on": dt.date(2020, 6, 1), "petitioner_name": "王小花", "sex": "F",
            "phone": "13807751234", "category": "violence", "summary": "丈夫酗酒后殴打", "first_receiver": "李秀梅",
            "status": "received",
        })
    with demo_db.sessions() as session:
        scope = office_scope(session)
        assert overdue_items(session, H1, scope, dt.date(2020, 6, 2)) == []
        late = overdue_items(session, H1, scope, dt.date(2020, 9, 1))
        assert late == ["有1件信访已超过办理期限仍未办结，请到“信访”中查看并尽快答复。"]
        assert any(source.key == "petitions" for source in reports.attention_sources())


def test_certificates_of_the_period_print_the_four_collectives_in_order(demo, tmp_path, capsys):
    out = tmp_path / "certificates.pdf"
    copy = tmp_path / "demo.db"
    shutil.copy(demo, copy)
    assert main(["report", "certificates", "--period", "2020H1", "--db", str(copy), "--out", str(out)]) == 0
    pages = [flat(page) for page in pdf_text(out.read_bytes(), tmp_path).split("\f") if page.strip()]
    assert [page.split("：")[0].removeprefix("荣誉证书") for page in pages] == ["市人民医院", "市幼儿园", "城南小学", "三环集团"]
    assert "荣获市“三八”红旗集体光荣称号" in pages[0] and "二〇二〇年三月三日" in pages[0] and "〔2020〕第001号" in pages[0]
    assert "已生成4张荣誉证书" in capsys.readouterr().out


@pytest.mark.parametrize("char", ["\ue000", "\U0002ebf0"])
def test_a_name_no_font_has_is_refused_naming_the_award(demo_db, actor, char, reports):
    with demo_db.sessions.begin() as session:
        award_id = session.scalars(select(Award.id).where(Award.awardee_name == "城南小学")).one()
        values = load_award(session, award_id)
        save_award(session, actor, award_id, dict(values, awardee_name="城南小学" + char))
    with demo_db.sessions.begin() as session:
        with pytest.raises(DeskError) as caught:
            register.issue(session, actor, register.awards_for(session, H1, reports=reports))
    assert "城南小学" + char in caught.value.message and f"U+{ord(char):04X}" in caught.value.message
    with demo_db.sessions() as session:
        assert session.execute(select(func.count()).select_from(IssuedCertificate)).scalar_one() == 0


def test_a_reprint_after_editing_the_award_is_the_same(demo_db, actor, reports):
    with demo_db.sessions.begin() as session:
        first = register.issue(session, actor, register.awards_for(session, H1, reports=reports))
        award_id = first[2].award_id
        save_award(session, actor, award_id, dict(load_award(session, award_id), awardee_name="城南第一小学"))
    with demo_db.sessions.begin() as session:
        assert certificate_items(session, None, [award_id])[0].awardee == "城南第一小学"
        again = register.issue(session, actor, register.awards_for(session, H1, reports=reports))
    assert again == first
    assert render_certificates(again) == render_certificates(first)


def test_chosen_awards_print_as_the_period_query_reads_them_and_a_deleted_one_is_left_out(demo_db, actor):
    from desk.awards.service import delete_award

    with demo_db.sessions() as session:
        period_items = certificate_items(session, H1, [])
        ids = [item.award_id for item in period_items]
        assert len(ids) >= 3
        # Chosen in another order: they come back by date and entry, with the same printed titles.
        assert certificate_items(session, None, list(reversed(ids))) == period_items
    with demo_db.sessions.begin() as session:
        delete_award(session, actor, ids[1])
    with demo_db.sessions() as session:
        assert certificate_items(session, None, ids) == period_items[:1] + period_items[2:]


def test_certificates_of_one_event_print_its_awards_only(demo_db, actor, tmp_path, reports):
    from desk.campaigns.model import Event

    with demo_db.sessions.begin() as session:
        meeting = session.scalars(select(Event.id).where(Event.kind == "commendation")).one()
        forum = session.scalars(select(Event.id).where(Event.kind == "forum")).one()
        items = register.awards_for(session, None, (), meeting, reports=reports)
        assert [item.awardee for item in items] == ["市人民医院", "市幼儿园", "城南小学", "三环集团"]
        with pytest.raises(DeskError, match="这次活动.*没有表彰记录"):
            register.awards_for(session, None, (), forum, reports=reports)


def test_offices_that_exchange_but_have_not_reported_need_attention(database, actor):
    from desk.exchange.model import LedgerEntry, PartnerCard, ReportMark
    from desk.exchange.report import unreported_items
    from desk.office.service import save_sub_office

    with database.sessions.begin() as session:
        for code, name in (("450981101", "塘岸镇妇联"), ("450981102", "西埌镇妇联"), ("450981103", "大里镇妇联")):
            save_sub_office(session, actor, None, {"name": name, "code": code, "level": "town"})
        for code in ("450981101", "450981102"):  # 大里镇 does not exchange data
            session.add(PartnerCard(code=code, name=code, sign_key="k", box_key="k", fingerprint="f"))
    with database.sessions() as session:
        assert unreported_items(session, H1, office_scope(session)) == [
            "2020年上半年还没有收到2个下级组织报送的数据：塘岸镇妇联（最近发送：从未发送）、西埌镇妇联（最近发送：从未发送）。"]
    received = dt.datetime(2020, 7, 3, tzinfo=dt.timezone.utc)
    with database.sessions.begin() as session:
        # A bundle that arrived after the period began, with nothing of the period in it, is no report.
        session.add(LedgerEntry(bundle_id="b1", sender="450981101", sequence=1, created_at=received, received_at=received))
    with database.sessions() as session:
        (item,) = unreported_items(session, H1, office_scope(session))
    assert "2个" in item and "塘岸镇妇联（最近发送：2020" in item
    with database.sessions.begin() as session:
        session.add(ReportMark(office_code="450981101", period="2020-05", records=3, bundle_id="b1", sender="450981101",
                               received_at=received))
    with database.sessions() as session:
        assert unreported_items(session, H1, office_scope(session)) == [
            "2020年上半年还没有收到1个下级组织报送的数据：西埌镇妇联（最近发送：从未发送）。"]
