"""Relief services: beneficiaries checked through desk.people, visits and stipends with their lines, stats."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core.errors import ValidationError
from desk.core.formatting import format_wan_yuan
from desk.core.people import SEX_FEMALE, make_id_number
from desk.core.periods import parse_period
from desk.db.listing import ListQuery
from desk.office.scope import office_scope
from desk.relief.beneficiaries import load_beneficiary, save_beneficiary
from desk.relief.queries import BENEFICIARIES, STIPENDS, VISITS
from desk.relief.stats import stipend_stats, visit_stats
from desk.relief.stipends import delete_batch, load_batch, save_batch
from desk.relief.visits import delete_visit, load_visit, save_visit

BIRTH = dt.date(2010, 6, 1)
GOOD_ID = make_id_number("450981", BIRTH, 7, SEX_FEMALE)


def girl(**extra):
    return {"name": "王小花", "sex": SEX_FEMALE, "id_number": GOOD_ID, "group": "spring_bud", "school": "木棉村中心小学", **extra}


def test_a_wrong_check_digit_and_a_disagreeing_birth_date_are_refused(database, actor):
    wrong = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError) as caught:
            save_beneficiary(session, actor, None, girl(id_number=wrong))
        assert "校验位错误" in caught.value.problems["id_number"]
        with pytest.raises(ValidationError) as caught:
            save_beneficiary(session, actor, None, girl(birth_date=dt.date(2010, 6, 2)))
        assert caught.value.problems["birth_date"] == "出生日期与身份证号码不符：身份证号码中为2010-06-01"


def test_a_duplicate_id_names_the_registered_girl(database, actor):
    with database.sessions.begin() as session:
        first = save_beneficiary(session, actor, None, girl())
        with pytest.raises(ValidationError) as caught:
            save_beneficiary(session, actor, None, girl(name="王小红"))
        assert caught.value.problems["id_number"].startswith("该身份证号码已登记：王小花")
        values = load_beneficiary(session, first)
        assert values["birth_date"] == BIRTH and values["name"] == "王小花"  # derived from the ID, shown in full


def test_lists_mask_names_and_id_numbers(database, actor):
    with database.sessions.begin() as session:
        save_beneficiary(session, actor, None, girl(guardian="王建国"))
    with database.sessions() as session:
        row = BENEFICIARIES.rows(session, ListQuery())[0]
    assert row["name"] == "王*花" and row["guardian"] == "王*国"
    assert row["id_number"] == GOOD_ID[:4] + "*" * 10 + GOOD_ID[-4:]


def visit_values(**extra):
    return {
        "visit_date": "2020-05-29", "occasion": "children_day", "title": "六一慰问", "places": "塘岸镇独竹村",
        "cash_fen": 100_000,
        "leaders": [{"name": "刘良芬", "post": "市人大副主任"}],
        "units": [{"name": "市妇儿工委办"}],
        "groups": [{"group": "left_behind", "count": 30}, {"group": "orphan_disabled", "count": 5}],
        "goods": [
            {"item": "书包", "quantity": 35, "unit": "个", "value_fen": 350_000},
            {"item": "字典", "quantity": 35, "unit": "本", "value_fen": 140_000},
        ],
        **extra,
    }


def test_a_visit_with_lines_round_trips_and_counts(database, actor):
    period, = [parse_period("2020H1")]
    with database.sessions.begin() as session:
        visit = save_visit(session, actor, None, visit_values())
        save_visit(session, actor, None, visit_values(visit_date="2020-07-01"))  # another period
    with database.sessions() as session:
        values = load_visit(session, visit)
        assert [row["item"] for row in values["goods"]] == ["书包", "字典"]
        row = VISITS.rows(session, ListQuery(period=period))[0]
        assert (row["people"], row["goods_fen"], row["total_fen"]) == (35, 490_000, 590_000)
        stats = visit_stats(session, period, office_scope(session))
    assert (stats.visits, stats.people_reached, stats.left_behind, stats.orphan_disabled) == (1, 35, 30, 5)
    assert (stats.goods_fen, stats.cash_fen, stats.total_fen) == (490_000, 100_000, 590_000)
    with database.sessions.begin() as session:
        save_visit(session, actor, visit, visit_values(goods=[{"item": "蛋糕", "quantity": 2, "unit": "个", "value_fen": 30_000}]))
        assert visit_stats(session, period, office_scope(session)).goods_fen == 30_000  # old lines marked deleted
        delete_visit(session, actor, visit)
        assert visit_stats(session, period, office_scope(session)).visits == 0


def test_bad_goods_lines_name_row_and_cell(database, actor):
    goods = [
        {"item": "书包", "quantity": "三十", "unit": "个", "value_fen": 100},
        {"item": "", "quantity": 1, "unit": "", "value_fen": "1.234"},
    ]
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError) as caught:
            save_visit(session, actor, None, visit_values(goods=goods, groups=[], title=""))
    problems = caught.value.problems
    assert problems["goods"] == "第1行：数量应为整数"
    assert problems["goods:1:item"] == "请填写物品"
    assert "金额" in problems["goods:1:value_fen"]
    assert problems["groups"] == "请至少填写一个帮扶类别及人数"
    assert problems["title"] == "请填写慰问活动"
    assert "goods:1:item" not in caught.value.message


def test_stipends_total_per_batch_and_period(database, actor):
    period = parse_period("2020H1")
    with database.sessions.begin() as session:
        girls = [
            save_beneficiary(session, actor, None, girl(name=f"李{n}花", id_number=make_id_number("450981", BIRTH, n, SEX_FEMALE)))
            for n in range(3)
        ]
        batch = save_batch(session, actor, None, {
            "programme": "春蕾计划", "pay_date": dt.date(2020, 5, 30), "fund_source": "社会募捐",
            "lines": [{"beneficiary_id": g, "amount_fen": 25_000} for g in girls],
        })
        with pytest.raises(ValidationError) as caught:
            save_batch(session, actor, None, {"programme": "春蕾计划", "pay_date": dt.date(2020, 6, 1),
                                              "lines": [{"beneficiary_id": girls[0], "amount_fen": 0},
                                                        {"beneficiary_id": girls[0], "amount_fen": 100}]})
        assert caught.value.problems["lines:0:amount_fen"] == "金额(元)应大于0"
        assert caught.value.problems["lines:1:beneficiary_id"] == "受助人与第1行重复"
    with database.sessions() as session:
        assert len(load_batch(session, batch)["lines"]) == 3
        row = STIPENDS.rows(session, ListQuery(period=period))[0]
        assert (row["recipients"], row["amount_fen"]) == (3, 75_000)
        stats = stipend_stats(session, period, office_scope(session))
        assert (stats.batches, stats.recipients, stats.amount_fen) == (1, 3, 75_000)
        history = load_beneficiary(session, girls[0])["history"]
        assert [(h["what"], h["amount_fen"]) for h in history] == [("春蕾计划", 25_000)]
    with database.sessions.begin() as session:
        delete_batch(session, actor, batch)
        assert stipend_stats(session, period, office_scope(session)).amount_fen == 0


def test_the_demo_reproduces_the_seed_figures(tmp_path):
    from desk.demo import create_demo

    database = create_demo(tmp_path / "demo.db")
    try:
        with database.sessions() as session:
            period, scope = parse_period("2020H1"), office_scope(session)
            stipends = stipend_stats(session, period, scope)
            visits = visit_stats(session, period, scope)
            titles = [row["places"] for row in VISITS.rows(session, ListQuery(period=period))]
    finally:
        database.close()
    assert stipends.recipients == 70 and stipends.amount_fen == 1_700_000
    assert format_wan_yuan(stipends.amount_fen) == "1.7万元"
    assert visits.spring_bud == 70 and visits.triplets == 2 and visits.orphan_disabled == 52
    assert "大里镇、平政镇" in titles and "塘岸镇独竹村" in titles and "西埌镇木棉村中心小学" in titles


def test_cli_lists_are_masked_as_json(database, actor, db_path, capsys):
    import json

    from desk.cli import main

    with database.sessions.begin() as session:
        girl_id = save_beneficiary(session, actor, None, girl(guardian="王建国"))
        save_batch(session, actor, None, {"programme": "春蕾计划", "pay_date": "2020-05-30",
                                          "lines": [{"beneficiary_id": girl_id, "amount_fen": 25_000}]})
    database.close()
    assert main(["list", "beneficiaries", "--json", "--db", str(db_path)]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (row["name"], row["guardian"], row["group"]) == ("王*花", "王*国", "春蕾女童")
    assert row["id_number"] == GOOD_ID[:4] + "**********" + GOOD_ID[-4:] and GOOD_ID not in json.dumps(row)
    assert main(["list", "stipends", "--period", "2020H2", "--json", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["list", "stipends", "--period", "2020H1", "--json", "--db", str(db_path)]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["recipients"], row["amount_fen"]) == (1, 25_000)


def test_stipend_and_visit_lines_are_checked_as_declared(database, actor, monkeypatch):
    """The lines' checks come from desk/relief/fields.py: a field declared on a line is checked with no service code."""
    import dataclasses

    from desk.core.fields import Field
    from desk.relief import fields as relief_fields
    from desk.relief import stipends

    with database.sessions.begin() as session:
        first = save_beneficiary(session, actor, None, girl())
        gone = save_beneficiary(session, actor, None, girl(name="李小红", id_number=make_id_number("450981", BIRTH, 8, SEX_FEMALE)))
        from desk.relief.beneficiaries import delete_beneficiary

        delete_beneficiary(session, actor, gone)
        line = dataclasses.replace(relief_fields.STIPEND_LINE, fields=(
            *relief_fields.STIPEND_LINE.fields,
            Field("paid_by", "发放方式", "choice", required=True, choices={"cash": "现金", "card": "银行卡"}),
        ))
        batch = dataclasses.replace(relief_fields.STIPEND_BATCH, fields=tuple(
            dataclasses.replace(item, lines=line) if item.key == "lines" else item
            for item in relief_fields.STIPEND_BATCH.fields))
        monkeypatch.setattr(stipends, "STIPEND_BATCH", batch)
        with pytest.raises(ValidationError) as caught:
            save_batch(session, actor, None, {"programme": "春蕾计划", "pay_date": dt.date(2020, 6, 1), "lines": [
                {"beneficiary_id": first, "amount_fen": 100, "paid_by": "支票"},
                {"beneficiary_id": gone, "amount_fen": "五十", "paid_by": "cash"},
            ]})
        problems = caught.value.problems
        assert problems["lines:0:paid_by"] == "发放方式的取值“支票”无效，可选：现金、银行卡"
        assert problems["lines"] == "第1行：发放方式的取值“支票”无效，可选：现金、银行卡"
        assert problems["lines:1:beneficiary_id"] == "所选受助人已不存在"
        assert problems["lines:1:amount_fen"] == "金额(元)应为金额（元，最多两位小数），输入的是“五十”"
        monkeypatch.undo()
        with pytest.raises(ValidationError) as caught:
            save_batch(session, actor, None, {"programme": "春蕾计划", "pay_date": dt.date(2020, 6, 1), "lines": []})
        assert caught.value.problems == {"lines": "请至少填写一行受助人及金额"}
        with pytest.raises(ValidationError) as caught:
            save_visit(session, actor, None, visit_values(
                groups=[{"group": "left_behind", "count": 3}, {"group": "left_behind", "count": 2},
                        {"group": "春蕾", "count": 1}],
                people=[{"beneficiary_id": first}, {"beneficiary_id": first}, {"beneficiary_id": gone}]))
        problems = caught.value.problems
        assert problems["groups:1:group"] == "帮扶类别与第1行重复"
        assert problems["groups:2:group"].startswith("帮扶类别的取值“春蕾”无效，可选：留守儿童、孤残儿童")
        assert problems["people:1:beneficiary_id"] == "受助人与第1行重复"
        assert problems["people:2:beneficiary_id"] == "所选受助人已不存在"
