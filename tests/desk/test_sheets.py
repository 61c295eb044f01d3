"""Excel in and out: templates filled and imported, ledgers in other orders and encodings, dates, problems, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import delete as sa_delete
from sqlalchemy import func, select

from desk.awards.model import HonourTitle
from desk.awards.service import ensure_catalogue
from desk.campaigns.model import Event
from desk.cli import main
from desk.core.errors import DeskError
from desk.core.people import SEX_FEMALE, make_id_number
from desk.db.listing import ListQuery
from desk.office.service import save_sub_office
from desk.people.model import Person
from desk.people.service import save_person
from desk.petitions.service import save_petition
from desk.relief.beneficiaries import save_beneficiary
from desk.sheets.catalog import discover_sheets
from desk.sheets.importer import guess_mapping, guess_sheet, import_rows
from desk.sheets.reader import read_table
from desk.sheets.spec import cell_text, convert, display_value
from desk.sheets.writer import write_export, write_template
from desk.training.model import SkilledWoman
from desk.training.service import save_course

GIRL = make_id_number("450981", dt.date(2010, 6, 1), 3, SEX_FEMALE)

SPECS = discover_sheets()
LEDGER_HEADER = ["序号", "活动名称", "地点", "活动日期", "活动类型", "参加人数", "经办人", "协办单位"]
LEDGER_ROWS = [
    ["1", "“诺廉”签名活动", "永丰广场", "2020年3月3日", "签名活动", "400", "张三", "市纪委、市委组织部"],
    ["2", "妇女议事座谈会", "会议室", "2020-3-5", "座谈会", "30", "李四", ""],
    ["3", "三八节晚会", "文化宫", "2020.03.08", "文艺晚会", "很多", "王五", ""],
    ["4", "普法宣传", "集市", "2020/3/32", "普法宣传", "120", "赵六", ""],
    ["5", "家庭教育讲座", "学校", "2020/3/20", "会议", "80", "钱七", ""],
]


def fill_template(spec_key: str, path: Path, rows: list[dict[str, object]]) -> Path:
    """Write the template, then type rows into it by header the way a clerk fills it in Excel."""
    write_template(SPECS[spec_key], path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=number, column=columns[header], value=value)
    book.save(path)
    return path


def example_row(spec_key: str) -> dict[str, object]:
    """Return the 填写说明's examples of a sheet as one row, exactly as the guide shows them."""
    spec = SPECS[spec_key]
    return {field.header: display_value(field, field.example) for _key, field in spec.columns_in_order()
            if field.example not in ("", None)}


def run_import(database, actor, path: Path, spec_key: str | None = None, commit: bool = True):
    table = read_table(path)
    spec = SPECS[spec_key] if spec_key else guess_sheet(SPECS, table.header)
    with database.sessions() as session:
        result = import_rows(session, actor, spec, table, guess_mapping(spec, table.header))
        session.commit() if commit else session.rollback()
    return result


def count(database, model) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False)))


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> Path:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def test_template_has_chinese_headers_drop_downs_dates_and_a_guide(tmp_path):
    path = tmp_path / "events.xlsx"
    write_template(SPECS["events"], path)
    book = openpyxl.load_workbook(path)
    sheet, guide = book.worksheets[0], book["填写说明"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["活动类型", "活动名称", "主题或口号", "日期"]
    lists = {str(validation.sqref).split(":")[0] for validation in sheet.data_validations.dataValidation}
    assert {"A2", "E2", "K2", "L2"} <= lists  # 活动类型, 时段, 人数单位, 人数带“多”
    choices = book["选项"]
    assert [choices.cell(row=row, column=1).value for row in (1, 8)] == ["节日活动", "普法宣传"]
    assert sheet.column_dimensions["D"].number_format == "yyyy-mm-dd"
    guide_rows = {row[1]: row for row in guide.iter_rows(min_row=2, values_only=True) if row[1]}
    assert guide_rows["held_on"][:4] == ("日期", "held_on", "日期", "是")
    assert "签名活动" in guide_rows["kind"][4]


@pytest.mark.parametrize("spec_key", list(SPECS))
def test_every_template_filled_with_its_examples_imports(database, actor, tmp_path, spec_key):
    with database.sessions.begin() as session:
        ensure_catalogue(session, actor)
        save_course(session, actor, None, {"name": "新型女农民种养技术培训班", "kind": "farmer", "organiser": "own",
                                           "start_date": dt.date(2020, 3, 3)})
        if spec_key in ("stipends", "relief-visits"):  # the examples name a child on the register
            save_beneficiary(session, actor, None, {"name": "陈小花", "group": "spring_bud", "id_number": GIRL})
        if spec_key == "assessments":  # and a town federation that is scored
            save_sub_office(session, actor, None, {"name": "塘岸镇妇联", "code": "450981101", "level": "town"})
    path = tmp_path / f"{spec_key}.xlsx"
    write_template(SPECS[spec_key], path)
    book = openpyxl.load_workbook(path)
    guide = {row[0]: row[5] for row in book["填写说明"].iter_rows(min_row=2, values_only=True) if row[1]}
    examples = {header: value for header, value in guide.items() if value not in (None, "")}
    declared = {header: cell_text(value) for header, value in example_row(spec_key).items()}
    assert {header: cell_text(value) for header, value in examples.items()} == declared  # the declared examples
    path = fill_template(spec_key, path, [examples])  # typed into the sheet exactly as the guide shows them
    result = run_import(database, actor, path, spec_key)
    assert result.problems == []
    assert result.created == 1
    with database.sessions() as session:
        rows = SPECS[spec_key].source.rows(session, ListQuery())
    assert result.record_ids[0] in {row["id"] for row in rows}


@pytest.mark.parametrize("text", ["2020年3月3日", "2020-3-3", "2020.03.03", "2020/3/3", "2020-03-03", " 2020年03月3日 "])
def test_every_date_format_reads_as_the_date(text):
    held_on = SPECS["events"].field("held_on")
    assert convert(held_on, text) == (dt.date(2020, 3, 3), None)


def test_an_id_number_excel_turned_into_a_number_is_refused_with_the_reason():
    id_number = SPECS["skilled_women"].field("id_number")
    value, problem = convert(id_number, 4.50981199001010e17)
    assert problem == "身份证号码在 Excel 中存成了数字，末尾几位已经丢失：请把这一列设为文本格式后重新输入"


def test_excel_dates_and_an_impossible_date(database, actor, tmp_path):
    held_on = SPECS["events"].field("held_on")
    assert convert(held_on, dt.datetime(2020, 3, 3)) == (dt.date(2020, 3, 3), None)
    assert convert(held_on, "2020-2-30")[1] == "日期不是有效日期：“2020-2-30”"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_a_users_ledger_in_another_order_imports_as_the_preview_promised(database, actor, tmp_path, encoding):
    path = write_csv(tmp_path / "台账.csv", LEDGER_HEADER, LEDGER_ROWS, encoding)
    table = read_table(path)
    assert guess_sheet(SPECS, table.header).key == "events"
    preview = run_import(database, actor, path, commit=False)
    assert count(database, Event) == 0
    assert [(problem.row, problem.column, problem.message) for problem in preview.problems] == [
        (4, "F（参加人数）", "参加人数应为整数"),
        (5, "D（活动日期）", "日期不是有效日期：“2020/3/32”"),
    ]
    result = run_import(database, actor, path)
    assert (result.created, result.refused_rows) == (preview.created, preview.refused_rows) == (3, [4, 5])
    with database.sessions() as session:
        signing = session.scalars(select(Event).where(Event.title == "“诺廉”签名活动")).one()
        assert (signing.kind, signing.held_on, signing.participants) == ("signing", dt.date(2020, 3, 3), 400)


def test_importing_the_same_file_twice_creates_nothing_new(database, actor, tmp_path):
    path = write_csv(tmp_path / "台账.csv", LEDGER_HEADER, LEDGER_ROWS, "gb18030")
    first = run_import(database, actor, path)
    second = run_import(database, actor, path)
    assert (first.created, second.created, second.skipped) == (3, 0, 3)
    assert count(database, Event) == 3


def test_people_are_matched_by_id_number(database, actor, tmp_path):
    number = make_id_number("450981", dt.date(1985, 5, 6), 7, SEX_FEMALE)
    with database.sessions.begin() as session:
        save_person(session, actor, None, {"name": "陈秀英", "id_number": number, "village": "塘岸村"})
    row = {"姓名": "陈秀英", "身份证号码": number, "技能专长": "百香果种植", "登记日期": dt.datetime(2020, 4, 1)}
    path = fill_template("skilled_women", tmp_path / "skilled.xlsx", [row])
    assert run_import(database, actor, path).created == 1
    assert count(database, Person) == 1
    assert count(database, SkilledWoman) == 1


def test_dry_run_writes_nothing_and_strict_refuses_the_whole_file(db_path, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DESK_USER", "admin")
    monkeypatch.setenv("DESK_PASSWORD", "secret-pw")
    path = write_csv(tmp_path / "台账.csv", LEDGER_HEADER, LEDGER_ROWS, "gb18030")
    assert main(["sheet", "import", str(path), "--db", str(db_path), "--dry-run"]) == 1  # rows were refused
    out = capsys.readouterr().out
    assert "第4行 F（参加人数）：参加人数应为整数" in out
    assert "可导入 3 条" in out and "没有写入数据库" in out
    assert main(["sheet", "import", str(path), "--db", str(db_path), "--strict"]) == 1
    assert main(["sheet", "import", str(path), "--db", str(db_path), "--area", "events"]) == 1
    assert "新增 3 条" in capsys.readouterr().out
    good = write_csv(tmp_path / "好的.csv", LEDGER_HEADER, [LEDGER_ROWS[0], LEDGER_ROWS[1]], "utf-8")
    assert main(["sheet", "import", str(good), "--db", str(db_path), "--area", "events"]) == 0  # already imported
    assert "已导入过 2 条" in capsys.readouterr().out
    assert main(["sheet", "export", "events", "--db", str(db_path), "--out", str(tmp_path / "out.xlsx")]) == 0
    assert "已导出 3 条记录" in capsys.readouterr().out


def test_bad_files_get_clear_messages(tmp_path):
    cases = {
        "fake.xlsx": (b"just some text", "不是有效的 Excel 文件"),
        "empty.csv": (b"", "是空的"),
        "locked.xlsx": (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "设有密码或是旧版 .xls 格式"),
        "header.csv": ("活动名称,日期\r\n".encode(), "没有数据行"),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(DeskError, match=message):
            read_table(tmp_path / name)
    book = openpyxl.Workbook()
    book.active.append(["活动", None, "日期"])
    book.active.append(["x", "y", "2020-3-3"])
    book.active.merge_cells("A1:B1")
    book.save(tmp_path / "merged.xlsx")
    with pytest.raises(DeskError, match="合并单元格（A1:B1）"):
        read_table(tmp_path / "merged.xlsx")


def test_formulas_import_their_values(database, actor, tmp_path):
    path = fill_template("household-campaigns", tmp_path / "h.xlsx", [{
        "创建活动名称": "“平安家庭”创建", "开始日期": dt.datetime(2020, 1, 1), "结束日期": dt.datetime(2020, 6, 30),
        "总户数": 240000, "参加户数": "=200000+28000",
    }])
    table = read_table(path)
    assert table.notes == ["文件中有 1 个公式，导入的是 Excel 最后计算出的值"]


def test_export_keeps_numbers_dates_and_masks_names(database, actor, tmp_path):
    with database.sessions.begin() as session:
        save_petition(session, actor, None, {
            "channel": "visit", "received_on": dt.date(2020, 3, 4), "petitioner_name": "李秀梅", "category": "marriage",
            "summary": "反映丈夫不给生活费", "first_receiver": "黄丽", "status": "received", "people_count": 3,
        })
        save_petition(session, actor, None, {
            "channel": "call", "received_on": dt.date(2020, 8, 4), "petitioner_name": "王芳", "category": "other",
            "summary": "咨询", "first_receiver": "黄丽", "status": "received",
        })
    from desk.core.periods import parse_period

    path = tmp_path / "petitions.xlsx"
    with database.sessions() as session:
        assert write_export(session, SPECS["petitions"], ListQuery(period=parse_period("2020H1")), path) == 1
    sheet = openpyxl.load_workbook(path).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]]))
    assert row["信访人"] == "李*梅"
    assert row["方式"] == "来访" and row["类别"] == "婚姻家庭"
    assert row["人数"] == 3 and row["收到日期"].date() == dt.date(2020, 3, 4)
    assert sheet.max_row == 2


def test_a_title_row_above_the_header_is_skipped(database, actor, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2020年上半年活动台账"])
    sheet.merge_cells("A1:E1")
    sheet.append(["活动名称", "活动类型", "日期", "地点"])
    sheet.append(["妇女议事座谈会", "座谈会", "2020年3月5日", "会议室"])
    book.save(tmp_path / "ledger.xlsx")
    table = read_table(tmp_path / "ledger.xlsx")
    assert table.header[:3] == ["活动名称", "活动类型", "日期"]
    assert table.notes == ["跳过了列名上方的 1 行标题"]
    result = run_import(database, actor, tmp_path / "ledger.xlsx")
    assert (result.created, result.problems) == (1, [])


# Lines inside a form (a cadre's recommendations, an event's leaders, a petition's steps) are not columns
# of a sheet; the only list that shows them is the cadres' count of recommendations.
NOT_IN_SHEETS = ("id", "origin_office", "recommendations", "last_recommended")
ROUND_TRIP_ORDER = ("offices", "courses", "events", "household-campaigns", "award-titles", "awards", "petitions", "trainees",
                    "skilled_women", "beneficiaries", "relief-visits", "stipends", "organisations", "cadres",
                    "assessments", "indicators")


def sheet_records(path: Path) -> list[str]:
    """Return the records of a template-column export (a record's line rows kept with it), in a stable order."""
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True))
    records: list[list[tuple]] = []
    for row in rows:
        if not records or any(value is not None for value in row[:1]):
            records.append([])
        records[-1].append(row)
    return sorted(repr(record) for record in records)


def test_every_areas_demo_records_round_trip_into_an_empty_database(database, actor, tmp_path):
    from desk.demo import create_demo
    from desk.sheets.writer import write_records

    assert set(ROUND_TRIP_ORDER) == set(SPECS)
    with database.sessions.begin() as session:  # a new office has the standard titles; the round trip brings them
        session.execute(sa_delete(HonourTitle))
    demo = create_demo(tmp_path / "demo.db")
    lists = {}
    for key in ROUND_TRIP_ORDER:
        path = tmp_path / f"{key}.xlsx"
        with demo.sessions() as session:
            written = write_records(session, SPECS[key], ListQuery(), path, full=True)
        result = run_import(database, actor, path, key)
        assert (key, result.problems, result.created) == (key, [], written)
        again = tmp_path / f"{key}-again.xlsx"  # every template column, lines included, comes back the same
        with database.sessions() as session:
            write_records(session, SPECS[key], ListQuery(), again, full=True)
        assert sheet_records(again) == sheet_records(path), key
    for key in ROUND_TRIP_ORDER:
        for source_db in (demo, database):
            with source_db.sessions() as session:
                rows = SPECS[key].source.rows(session, ListQuery(), 0, None)
            # the list's declared columns (screen and exported file) are all values the list reads
            listed = {column.key for column in SPECS[key].export_columns()}
            assert listed and listed <= set(rows[0]), (key, listed - set(rows[0]))
            lists.setdefault(key, []).append(sorted(
                repr(sorted((name, value) for name, value in row.items() if name not in NOT_IN_SHEETS))
                for row in rows
            ))
        assert lists[key][0] == lists[key][1], key
    demo.close()


def test_a_reviewer_cannot_import_and_exports_are_audited(database, actor, tmp_path):
    import dataclasses

    from desk.core.errors import PermissionDenied
    from desk.security.model import AuditEntry
    from desk.sheets.service import export_sheet

    path = write_csv(tmp_path / "台账.csv", LEDGER_HEADER, LEDGER_ROWS, "utf-8")
    reviewer = dataclasses.replace(actor, roles=frozenset({"reviewer"}))
    with pytest.raises(PermissionDenied):
        run_import(database, reviewer, path)
    assert count(database, Event) == 0
    with database.sessions.begin() as session:
        export_sheet(session, actor, SPECS["events"], ListQuery(), tmp_path / "活动.xlsx")
    with database.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.kind == "export")).one()
    assert (entry.user, entry.record_id) == ("admin", "活动.xlsx")


def test_a_ledger_reply_date_without_text_is_imported_with_a_warning(database, actor, tmp_path):
    header = ["收到日期", "方式", "信访人", "类别", "反映问题", "首问接访人", "状态", "答复日期", "答复内容"]
    rows = [["2020-3-3", "来访", "李某某", "婚姻家庭", "反映丈夫长期不给生活费", "黄丽", "已答复", "2020-3-10", ""],
            ["2020-3-4", "来电", "王某某", "家庭暴力", "反映被丈夫殴打", "黄丽", "已受理", "", "已转派出所"]]
    path = write_csv(tmp_path / "信访台账.csv", header, rows, "utf-8")
    result = run_import(database, actor, path, "petitions")
    assert result.created == 1 and result.refused_rows == [3]
    assert [(w.row, w.column) for w in result.warnings] == [(2, "I（答复内容）")]
    assert "答复内容留空" in result.warnings[0].message
    assert [(p.row, p.message) for p in result.problems] == [(3, "答复日期和答复内容要一起填写")]


def test_a_refused_choice_names_the_allowed_values(database, actor, tmp_path):
    path = write_csv(tmp_path / "受助人.csv", ["姓名", "帮扶类别"], [["陈小花", "春蕾"]], "utf-8")
    result = run_import(database, actor, path, "beneficiaries")
    (problem,) = result.problems
    assert problem.message == "帮扶类别的取值“春蕾”无效，可选：留守儿童、孤残儿童、单亲困难家庭儿童、春蕾女童、一胎三子困难户、其他"


def test_the_events_guide_gives_co_organisers_and_leaders_as_written(tmp_path):
    path = tmp_path / "events.xlsx"
    write_template(SPECS["events"], path)
    guide = {row[1]: row[5] for row in openpyxl.load_workbook(path)["填写说明"].iter_rows(min_row=2, values_only=True)}
    assert guide["units"] == "市纪委、市委组织部"
    assert guide["leaders"] == "覃美玲（县委副书记）、黄志强（副县长）"


def test_visit_goods_and_groups_cells_read_and_write_alike():
    from desk.relief.sheets import format_goods, format_groups, parse_goods, parse_groups

    goods, problem = parse_goods("书包173个8650元；牛奶40箱2400元；5号电池10盒50.5元")
    assert problem is None
    assert goods[2] == {"item": "5号电池", "quantity": 10, "unit": "盒", "value_fen": 5050}
    assert format_goods(goods) == "书包173个8650元；牛奶40箱2400元；5号电池10盒50.50元"
    groups, problem = parse_groups("留守儿童120；孤残儿童18人")
    assert (groups, problem) == ([{"group": "left_behind", "count": 120}, {"group": "orphan_disabled", "count": 18}], None)
    assert format_groups(groups) == "留守儿童120；孤残儿童18"
    assert parse_goods("书包若干")[1] == "慰问物品“书包若干”应写成“物品+数量+单位+价值元”，如“书包173个8650元”"


def test_readme_lists_every_sheet_the_program_has():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = " ".join(readme.split("## Excel导入导出")[1].split("\n## ")[0].split())
    missing = [key for key, spec in SPECS.items() if f"{spec.title} (`{key}`" not in section]
    assert not missing, "README's Excel section should list these sheets: " + ", ".join(missing)


def test_a_stipend_line_with_a_mistyped_id_number_or_group_is_refused_saying_why(database, actor, tmp_path):
    with database.sessions.begin() as session:
        save_beneficiary(session, actor, None, {"name": "陈小花", "group": "spring_bud", "id_number": GIRL})
    wrong = GIRL[:17] + ("1" if GIRL[17] != "1" else "2")
    rows = [{"项目": "春蕾计划助学金", "发放日期": "2020-03-20", "受助人身份证号码": wrong, "金额(元)": 500},
            {"项目": "春蕾计划助学金（秋季）", "发放日期": "2020-09-01", "受助人身份证号码": GIRL, "金额(元)": 0}]
    result = run_import(database, actor, fill_template("stipends", tmp_path / "stipends.xlsx", rows), "stipends")
    assert result.created == 0 and result.refused_rows == [2, 3]
    messages = {(p.row, p.column.split("（")[-1].rstrip("）")): p.message for p in result.problems}
    assert messages[(2, "受助人身份证号码")] == (
        f"受助人身份证号码：身份证号码校验位错误：最后一位应为{GIRL[17]}，输入的是{wrong[17]}")
    assert messages[(3, "金额(元)")] == "金额(元)应大于0"
    path = write_csv(tmp_path / "慰问.csv", ["慰问日期", "慰问活动", "慰问对象"],
                     [["2020-05-29", "六一慰问", "春蕾女童3；春蕾5"]], "utf-8")
    result = run_import(database, actor, path, "relief-visits")
    assert result.refused_rows == [2]
    assert [p.message for p in result.problems if p.column == "C（慰问对象）"][-1] == (
        "帮扶类别的取值“春蕾”无效，可选：留守儿童、孤残儿童、单亲困难家庭儿童、春蕾女童、一胎三子困难户、其他")


def test_a_petition_ledger_without_handling_steps_is_recognised_and_imported(db_path, tmp_path, capsys, monkeypatch):
    header = ["收到日期", "方式", "信访人", "类别", "反映问题", "首问接访人", "状态"]
    rows = [["2020-3-3", "来访", "李某某", "婚姻家庭", "反映丈夫长期不给生活费", "黄丽", "已受理"],
            ["2020-3-4", "上访", "王某某", "婚姻家庭", "反映丈夫殴打", "黄丽", "已受理"]]
    monkeypatch.setenv("DESK_USER", "admin")
    monkeypatch.setenv("DESK_PASSWORD", "secret-pw")
    path = write_csv(tmp_path / "信访台账.csv", header, rows, "utf-8")
    assert guess_sheet(SPECS, header) is SPECS["petitions"]  # its steps' columns are needed only for steps
    assert main(["sheet", "import", "--db", str(db_path), str(path)]) == 1  # a refused row: exit 1
    out = capsys.readouterr()
    assert "来源方式的取值“上访”无效，可选：来访、来信、来电、其他" in out.out + out.err
    assert "新增 1 条" in out.out + out.err


def _convert_cell_by_cell(sheet_field, value):
    """The conversion as it was before each column's converter was chosen once (the oracle of the test below)."""
    from desk.core.i18n import _
    from desk.sheets.spec import _FALSE_WORDS, _LIST_SPLIT, _TRUE_WORDS, NO, YES, _plain_lines_parser, money_cell, parse_date_text

    if sheet_field.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        text = cell_text(value)
        if not text:
            return None, None
        parsed = parse_date_text(text)
        return (None, _("{field}不是有效日期：“{value}”").format(field=_(sheet_field.header), value=text)) if parsed is None \
            else (parsed, None)
    if sheet_field.kind == "text" and isinstance(value, float) and abs(value) >= 1e15:
        return cell_text(value), _("{field}在 Excel 中存成了数字，末尾几位已经丢失：请把这一列设为文本格式后重新输入").format(
            field=_(sheet_field.header))
    text = cell_text(value)
    if sheet_field.kind == "money":
        return money_cell(sheet_field, text)
    if sheet_field.kind == "lines":
        return (sheet_field.parse or _plain_lines_parser(sheet_field))(text) if text else ([], None)
    if sheet_field.kind == "choice":
        for key, label in (sheet_field.choices or {}).items():
            if text in (key, label, _(label)):
                return key, None
        return text, None
    if sheet_field.kind == "bool":
        word = text.lower()
        if word in _TRUE_WORDS or word == _(YES).lower():
            return True, None
        if word in _FALSE_WORDS or word == _(NO).lower():
            return False, None
        return False, _("{field}请填“是”或“否”，不是“{value}”").format(field=_(sheet_field.header), value=text)
    if sheet_field.kind == "list":
        return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()], None
    return text, None


def test_each_columns_converter_reads_every_cell_as_the_cell_by_cell_conversion_did():
    from desk.core.i18n import _
    from desk.sheets.catalog import discover_sheets
    from desk.sheets.spec import converter

    common = [None, "", "  ", " 是 ", "否", "YES", "n", "√", "x", 0, 1, 1.0, 3.0, 2.5, -7, 1e16, 4.50981199001010e17,
              "2020年3月3日", "2020-2-30", "2020.03.03", dt.date(2020, 3, 3), dt.datetime(2020, 3, 3, 12, 30),
              "8,650元", "¥12.5", "abc", "覃美玲（县委副书记）、黄志强（副县长）", "甲、乙；丙", "其他", " 关爱 "]
    checked = 0
    for spec in discover_sheets().values():
        for _key, sheet_field in spec.columns_in_order():
            if sheet_field.kind == "ref":
                continue
            cells = common + [word for key, label in (sheet_field.choices or {}).items() for word in (key, label, _(label))]
            convert_column = converter(sheet_field)
            for cell in cells:
                assert convert_column(cell) == _convert_cell_by_cell(sheet_field, cell), (spec.key, sheet_field.key, cell)
                checked += 1
    assert checked > 1000
