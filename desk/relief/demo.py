"""The seed summary's relief work in 2020H1: 六一 visits, the triplet households' milk powder, 春蕾 stipends."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from desk.core.people import SEX_FEMALE, make_id_number
from desk.db.records import Actor
from desk.relief.beneficiaries import save_beneficiary
from desk.relief.stipends import save_batch
from desk.relief.visits import save_visit

REGION = "450981"
SURNAMES = "陈李黄梁刘覃莫钟韦庞冯林杨吴邓"
GIVEN = ("秀", "春", "美", "丽", "桂", "小", "雪", "晓", "玉", "金")
ENDINGS = ("花", "燕", "婷", "兰", "芳", "霞", "梅", "琴", "娟", "萍", "莲")
SCHOOLS = (
    ("西埌镇木棉村中心小学", "西埌镇木棉村"),
    ("塘岸镇独竹村小学", "塘岸镇独竹村"),
    ("大里镇中心小学", "大里镇新圩村"),
    ("平政镇初级中学", "平政镇平政村"),
    ("北流市第二初级中学", "城南街道"),
)
GRADES = ("三年级", "四年级", "五年级", "六年级", "初一", "初二")
LEADERS = [{"name": "刘良芬", "post": "市人大副主任"}, {"name": "王成源", "post": "市政协副主席"}]
UNITS = [{"name": "市妇儿工委办"}, {"name": "市教育局"}, {"name": "市民政局"}]
STIPEND_GIRLS = 70
STIPEND_HIGH, STIPEND_LOW = 25_000, 20_000  # 60 × 250元 + 10 × 200元 = 17,000元


def girl(index: int) -> dict[str, Any]:
    """Return the form values of the ``index``-th 春蕾 girl (invented, with a valid ID number)."""
    birth = dt.date(2006 + index % 7, 1 + index % 12, 1 + (index * 3) % 28)
    name = SURNAMES[index % len(SURNAMES)] + GIVEN[index // len(SURNAMES) % len(GIVEN)] + ENDINGS[index % len(ENDINGS)]
    school, village = SCHOOLS[index % len(SCHOOLS)]
    return {
        "name": name,
        "sex": SEX_FEMALE,
        "birth_date": birth,
        "id_number": make_id_number(REGION, birth, index, SEX_FEMALE),
        "village": village,
        "guardian": SURNAMES[(index + 3) % len(SURNAMES)] + "建" + "国华明军平"[index % 5],
        "school": school,
        "grade": GRADES[index % len(GRADES)],
        "group": "spring_bud",
    }


def seed_relief(session: Session, actor: Actor) -> None:
    """Add the seed's beneficiaries, visits and the 春蕾 stipend batch through the relief services."""
    girls = [save_beneficiary(session, actor, None, girl(index)) for index in range(STIPEND_GIRLS)]
    mothers = [
        save_beneficiary(session, actor, None, {
            "name": name, "sex": SEX_FEMALE, "birth_date": birth,
            "id_number": make_id_number(REGION, birth, sequence, SEX_FEMALE),
            "village": village, "address": address, "phone": phone, "group": "triplets",
            "notes": notes,
        })
        for name, birth, sequence, village, address, phone, notes in (
            ("黄丽萍", dt.date(1988, 4, 12), 81, "大里镇新圩村", "大里镇新圩村三队", "13907751234", "2019年生育三胞胎"),
            ("覃春兰", dt.date(1991, 9, 3), 82, "平政镇六靖村", "平政镇六靖村五组", "13877562345", "2018年生育三胞胎"),
        )
    ]
    visits: tuple[tuple[Any, ...], ...] = (
        ("2020-05-29", "六一慰问塘岸镇独竹村留守儿童", "塘岸镇独竹村",
         [{"group": "left_behind", "count": 45}, {"group": "single_parent", "count": 12}],
         [("书包", 57, "个", 570_000), ("字典", 57, "本", 228_000)], 285_000, []),
        ("2020-05-29", "六一慰问西埌镇木棉村中心小学", "西埌镇木棉村中心小学",
         [{"group": "other", "count": 1020}, {"group": "left_behind", "count": 38}],
         [("蛋糕", 40, "个", 320_000), ("书包", 100, "个", 1_000_000), ("字典", 100, "本", 400_000)], 0, []),
        ("2020-05-31", "六一慰问市孤儿院孤残儿童", "北流市孤儿院",
         [{"group": "orphan_disabled", "count": 52}],
         [("蛋糕", 10, "个", 150_000), ("毛巾被", 52, "床", 416_000)], 520_000, []),
        ("2020-05-30", "六一慰问春蕾女童", "全市各镇(街道)",
         [{"group": "spring_bud", "count": STIPEND_GIRLS}],
         [("书包", STIPEND_GIRLS, "个", 560_000)], 0, girls),
        ("2020-05-28", "看望一胎三子困难户", "大里镇、平政镇",
         [{"group": "triplets", "count": 2}],
         [("奶粉", 24, "罐", 480_000)], 200_000, mothers),
    )
    for day, title, places, groups, goods, cash, people in visits:
        save_visit(session, actor, None, {
            "visit_date": day, "occasion": "children_day", "title": title, "places": places,
            "cash_fen": cash, "leaders": LEADERS, "units": UNITS, "groups": groups,
            "goods": [{"item": i, "quantity": q, "unit": u, "value_fen": v} for i, q, u, v in goods],
            "people": [{"beneficiary_id": person} for person in people],
        })
    save_batch(session, actor, None, {
        "programme": "春蕾计划扶助款", "pay_date": "2020-05-30", "fund_source": "春蕾计划社会募捐",
        "lines": [
            {"beneficiary_id": person, "amount_fen": STIPEND_HIGH if index < 60 else STIPEND_LOW}
            for index, person in enumerate(girls)
        ],
    })
