"""One declaration per record kind: every table and column has a clerk's name, refusals list the allowed values,
masking comes from the declared sensitivity, and the audit log and exchange outputs show no SQL names."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from desk.core.fields import record_kinds
from desk.core.validation import Checker
from desk.db.listing import ListQuery
from desk.exchange.labels import column_label, table_label
from desk.exchange.travel import program_tables

# A SQL name (award_title, received_on) or an English word such as a choice key (marriage, visit).
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ASCII_IDENTIFIER = re.compile(r"(?<![0-9A-Fa-f-])[A-Za-z]+(?:_[A-Za-z0-9]+)+|\b[a-z]{3,}\b")


def identifiers(text: str) -> list[str]:
    """Return the ASCII identifiers in ``text`` (UUIDs, dates, numbers and file suffixes are fine)."""
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "", text)
    text = re.sub(r"\.(xlsx|csv|db|deskbundle)\b", "", text)
    return ASCII_IDENTIFIER.findall(text)


def test_the_identifier_check_can_fail():
    assert identifiers("award_title：marriage") == ["award_title", "marriage"]
    assert identifiers("信访件：婚姻家庭 → 家庭暴力；2020-03-03；3f2a9c1e-0000-4000-8000-123456789abc") == []


def test_every_travelling_table_and_column_has_a_chinese_name():
    kinds = {kind.table for kind in record_kinds().values()}
    for name, travel in program_tables().by_name.items():
        assert name in kinds, name
        assert not identifiers(table_label(name)), name
        for column in travel.table.columns:
            from desk.core.fields import is_hidden

            if is_hidden(name, column.name):
                continue
            assert not identifiers(column_label(name, column.name)), (name, column.name)


def test_a_refused_choice_lists_the_allowed_values():
    from desk.relief.fields import BENEFICIARY

    checker = Checker({"group": "春蕾"})
    checker.field(BENEFICIARY["group"])
    allowed = "留守儿童、孤残儿童、单亲困难家庭儿童、春蕾女童、一胎三子困难户、其他"
    assert checker.problems["group"] == f"帮扶类别的取值“春蕾”无效，可选：{allowed}"


def test_masking_follows_the_declared_sensitivity():
    from desk.petitions.fields import PETITION

    row = {"petitioner_name": "王小花", "phone": "13877512345", "id_number": "450981199001010021",
           "address": "塘岸村", "summary": "丈夫不给生活费", "first_receiver": "黄丽"}
    PETITION.mask_row(row)
    assert row == {"petitioner_name": "王*花", "phone": "138****2345", "id_number": "4509**********0021",
                   "address": "***", "summary": "（已遮盖，7字）", "first_receiver": "黄丽"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desk.demo import create_demo

    database = create_demo(tmp_path_factory.mktemp("demo") / "demo.db")
    yield database
    database.close()


def test_the_audit_log_names_tables_fields_and_values_in_chinese_and_masks_people(demo, tmp_path):
    from desk.awards.model import HonourTitle
    from desk.awards.service import save_award
    from desk.core.roles import ADMIN
    from desk.db.records import Actor, record_name
    from desk.office.service import actor_for
    from desk.petitions.model import Petition
    from desk.petitions.service import load_petition, save_petition
    from desk.security.audit import record_event
    from desk.security.queries import AUDIT, reader_flags, shown_for
    from desk.sheets.catalog import discover_sheets
    from desk.sheets.service import export_sheet
    from desk.training import register
    from desk.training.model import Course

    with demo.sessions.begin() as session:
        actor = actor_for(session, "admin")
        petition = session.query(Petition).filter(Petition.category == "marriage", Petition.petitioner_name != "").first()
        anonymous = session.query(Petition).filter(Petition.petitioner_name == "").first()
        values = load_petition(session, petition.id)
        save_petition(session, actor, petition.id, dict(values, category="violence", phone="13977500001"))
        export_sheet(session, actor, discover_sheets()["petitions"], ListQuery(), tmp_path / "信访.xlsx")
        title = session.query(HonourTitle).filter(HonourTitle.deleted.is_(False)).first()
        course = session.query(Course).first()
        save_award(session, actor, None, {"title_id": title.id, "awardee_name": "城南小学", "awarding_body": "市委",
                                          "awarded_on": dt.date(2020, 3, 3)})
        register.save_trainee(session, actor, None, {"course_id": course.id, "name": "覃秀兰"})
        record_event(session, actor, "export", detail={"sheet": "households", "records": False})  # as once written
        # what the exchange writes: an import's counts by category, an export's by table, a key card, a conflict
        record_event(session, actor, "import", "x.deskbundle", {
            "exchange": True, "sender": "450981101", "bundle_id": "63bb458e-7999-4e85-b5b1-9c93bc23b775",
            "sequence": 2, "counts": {"new": 11, "conflict": 1}})
        record_event(session, actor, "export", "y.deskbundle", {
            "exchange": True, "recipient": "450981", "bundle_id": "63bb458e-7999-4e85-b5b1-9c93bc23b776", "sequence": 3,
            "counts": {"relief_stipend_line": 35, "petition": 2}, "declared_empty": False})
        record_event(session, actor, "key_card", "450981101", {
            "name": "塘岸镇妇联", "level": "town", "fingerprint": "HFWO-N2SR-XZE4-KXJ2-L6D4", "replaced": False,
            "added_sub_office": True})
        from desk.exchange.model import LedgerEntry, PartnerCard

        session.add(PartnerCard(code="450981101", name="塘岸镇妇联", sign_key="s", box_key="b", fingerprint="f"))
        session.add(LedgerEntry(bundle_id="63bb458e-7999-4e85-b5b1-9c93bc23b777", sender="450981101",
                                sender_name="塘岸镇妇联", sequence=4, created_at=dt.datetime(2020, 7, 1)))
        record_event(session, actor, "conflict", petition.id, {
            "table": "petition", "record": petition.id, "sender": "450981101", "choice": "fields",
            "bundle_id": "63bb458e-7999-4e85-b5b1-9c93bc23b777",
            "fields": {"category": {"mine": "marriage", "theirs": "violence", "taken": "theirs"},
                       "first_receiver": {"mine": "韦小红", "theirs": "黄丽", "taken": "mine"}}})
    with demo.sessions() as session:
        rows = AUDIT.rows(session, ListQuery(), 0, None)
    assert rows
    for row in rows:
        assert not identifiers(row["detail_text"]), row["detail_text"]
        # a linked record, a settled record and a bundle by their names, not their ids
        assert not UUID.search(row["detail_text"]), row["detail_text"]
        assert not UUID.search(row["record_text"]) and not identifiers(row["record_text"]), row["record_text"]
        assert not identifiers(row["table_label"]), row["table_label"]
    conflict = next(row for row in rows if row["kind"] == "conflict")
    assert (conflict["table_label"], conflict["record_text"]) == ("信访件", petition.petitioner_name)
    assert conflict["detail_text"].startswith("发送单位：塘岸镇妇联（450981101）；数据包：塘岸镇妇联第4号数据包；处理方式：逐项处理")
    bundle = next(row for row in rows if row["kind"] == "import" and "exchange" in row["detail"])
    assert bundle["detail_text"].startswith("发送单位：塘岸镇妇联（450981101）；数据包：第2号；"), bundle["detail_text"]
    assert (bundle["table_label"], bundle["record_text"]) == ("数据交换", "x.deskbundle")
    edited = next(row for row in rows if row["kind"] == "edit" and row["table_name"] == "petition")
    assert edited["record_text"] == petition.petitioner_name
    if anonymous is not None:  # a record without a name by its kind and date
        with demo.sessions() as session:
            assert record_name(session, "petition", anonymous.id)[0].startswith("信访件（20")
    award = next(row for row in rows if row["kind"] == "create" and row["table_name"] == "award")
    assert f"荣誉称号：{title.name}" in award["detail_text"]
    trainee = next(row for row in rows if row["kind"] == "create" and row["table_name"] == "training_attendance")
    assert f"培训班：{course.name}" in trainee["detail_text"] and "学员：覃秀兰" in trainee["detail_text"]
    admin = Actor("admin", actor.office_code, frozenset({ADMIN}))  # may read the log, not records
    assert reader_flags(admin) == (False, False)
    without_content = shown_for(trainee, admin)
    assert "学员：覃*兰" in without_content["detail_text"], without_content["detail_text"]  # her declared name, masked
    assert without_content["record_text"] == "覃*兰"
    settled = shown_for(conflict, admin)
    from desk.core.masking import mask_name

    assert settled["record_text"] == mask_name(petition.petitioner_name) != petition.petitioner_name
    texts = "\n".join(row["detail_text"] for row in rows)
    assert "条数：冲突1，新增11" in texts and "条数：信访件2，助学金发放明细35" in texts
    assert "层级：镇(街道)" in texts and "新增为下级组织：是" in texts
    assert "处理方式：逐项处理" in texts and "字段：问题类别（采用对方的），首问接访人（保留本单位的）" in texts
    old_export = next(row for row in rows if row["kind"] == "export" and "\"sheet\"" in row["detail"]
                      and "sheet_title" not in row["detail"])
    assert "表格：创建活动" in old_export["detail_text"], old_export["detail_text"]
    edit = next(row for row in rows if row["kind"] == "edit" and row["table_name"] == "petition")
    assert "问题类别：婚姻家庭 → 家庭暴力" in edit["detail_text"]
    assert "139****0001" in edit["detail_text"] and "13977500001" not in edit["detail_text"]
    export = next(row for row in rows if row["kind"] == "export" and "sheet_title" in row["detail"])
    assert "表格：维权信访" in export["detail_text"]


def test_export_counts_and_dry_run_name_kinds_not_tables(demo, capsys):
    from desk.cli import main

    assert main(["export-counts", "--db", str(demo.path), "--office", "450981101"]) == 0
    out = capsys.readouterr().out
    assert "信访件\t" in out and "助学金发放明细\t" in out
    assert not identifiers(out), out


def test_the_form_the_sheet_and_the_service_read_one_declaration():
    from desk.petitions.fields import PETITION
    from desk.petitions.service import PETITION_FIELDS
    from desk.sheets.catalog import discover_sheets

    sheet = discover_sheets()["petitions"]
    assert [field.key for field in sheet.fields] == [field.key for field in PETITION.fields if field.in_sheet]
    assert sheet.field("petitioner_name").mask("王小花") == "王*花"
    assert set(PETITION_FIELDS) == set(PETITION.column_keys())
    assert dt.date(2020, 3, 3) == PETITION["received_on"].example


def test_a_conflict_names_a_linked_record_by_its_name(demo):
    from desk.awards.model import Award, HonourTitle
    from desk.exchange.apply import referenced_name
    from desk.people.model import Person
    from desk.relief.model import Beneficiary

    with demo.sessions() as session:
        award = session.query(Award).first()
        assert referenced_name(session, "award_title", award.title_id) == session.get(HonourTitle, award.title_id).name
        beneficiary = session.query(Beneficiary).first()
        person = session.get(Person, beneficiary.person_id)
        assert referenced_name(session, "relief_beneficiary", beneficiary.id) == person.name
        assert referenced_name(session, "award_title", "no-such-id") == ""


def test_list_columns_are_capped_and_a_visits_places_do_not_crowd_out_its_total():
    for kind in record_kinds().values():
        for column in kind.list_columns(screen=True):
            source = kind.field(column.of or column.key)
            if source is not None and source.kind == "text" and source.max_length <= 20:
                continue  # a code or number (a credit code) is shown whole: its half-width characters are narrow
            assert column.width <= 9, (kind.key, column.key, column.width)  # a long text is cut, its tooltip whole
    from desk.relief.fields import VISIT

    shown = {column.key: column.width for column in VISIT.list_columns(screen=True)}
    assert list(shown)[:4] == ["visit_date", "title", "places", "total_fen"]
    assert shown["places"] == 6  # declared: a list of villages shows its start (was 12 from its length)
