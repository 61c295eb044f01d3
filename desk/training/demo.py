"""The demo's training: 3 cadres sent to region and national courses in 2020H1, and a farmers' course."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from desk.core.people import SEX_FEMALE, make_id_number
from desk.db.records import Actor
from desk.training.register import save_skilled_woman
from desk.training.service import FINISHED_NO, FINISHED_YES, save_course

REGION = "450981"


def _id(year: int, month: int, day: int, sequence: int) -> str:
    return make_id_number(REGION, dt.date(year, month, day), sequence, SEX_FEMALE)


# Invented cadres of the city federation (the seed names no one).
CADRES = (
    {"name": "黄丽萍", "id_number": _id(1978, 3, 12, 11), "work_unit": "北流市妇联", "phone": "13807751201"},
    {"name": "陈晓燕", "id_number": _id(1983, 9, 5, 12), "work_unit": "北流市妇联", "phone": "13907752302"},
    {"name": "李秋月", "id_number": _id(1986, 11, 20, 13), "work_unit": "北流市妇联", "phone": "13677753403"},
)

FARMERS = (
    ("钟美兰", (1975, 2, 14), "塘岸镇独竹村", "13597751001"),
    ("韦小英", (1981, 6, 2), "塘岸镇独竹村", "13597751002"),
    ("梁秀珍", (1979, 12, 25), "塘岸镇新荣村", "13597751003"),
    ("庞玉兰", (1988, 4, 9), "西埌镇木棉村", "13597751004"),
    ("覃春花", (1972, 8, 30), "西埌镇木棉村", "13597751005"),
    ("莫桂香", (1985, 1, 17), "民乐镇罗政村", "13597751006"),
    ("刘金凤", (1990, 10, 3), "大里镇大里村", "13597751007"),
    ("杨彩霞", (1983, 5, 21), "平政镇平政村", "13597751008"),
)

SKILLED = (  # index into FARMERS, trade, association member
    (0, "百香果种植", True),
    (2, "肉鸡养殖", True),
    (4, "壮锦刺绣", False),
)


def _farmer(index: int) -> dict[str, str]:
    name, born, village, phone = FARMERS[index]
    return {"name": name, "sex": SEX_FEMALE, "id_number": _id(*born, 30 + index), "work_unit": village, "phone": phone}


def seed_training(session: Session, actor: Actor) -> None:
    """Add the demo's courses, trainees and skilled women through the training services."""
    def cadre(person: dict[str, Any]) -> dict[str, Any]:
        return dict(person, sex=SEX_FEMALE, finished=FINISHED_YES)

    save_course(session, actor, None, {
        "name": "全区妇联干部综合素质提升培训班",
        "kind": "cadre",
        "organiser": "region",
        "start_date": dt.date(2020, 5, 18),
        "end_date": dt.date(2020, 5, 22),
        "place": "南宁市",
        "hours": 36,
        "topics": "妇联改革、基层组织建设、依法维权",
        "trainees": [cadre(CADRES[0]), cadre(CADRES[1])],
    })
    save_course(session, actor, None, {
        "name": "全国基层妇联干部培训班",
        "kind": "cadre",
        "organiser": "national",
        "start_date": dt.date(2020, 6, 8),
        "end_date": dt.date(2020, 6, 12),
        "place": "北京市（中华女子学院）",
        "hours": 40,
        "topics": "习近平关于妇女工作的重要论述、家庭家教家风建设",
        "trainees": [cadre(CADRES[2])],
    })
    farmers = [dict(_farmer(index), finished=FINISHED_YES) for index in range(len(FARMERS))]
    farmers[-1]["finished"] = FINISHED_NO
    save_course(session, actor, None, {
        "name": "新型女农民种养技术培训班",
        "kind": "farmer",
        "organiser": "own",
        "start_date": dt.date(2020, 4, 21),
        "end_date": dt.date(2020, 4, 23),
        "place": "塘岸镇",
        "hours": 18,
        "teachers": "市农业农村局农技推广站",
        "topics": "百香果种植、林下养鸡、农村电商",
        "base": "塘岸镇农村妇女培训示范基地",
        "trainees": farmers,
    })
    for index, trade, member in SKILLED:
        save_skilled_woman(session, actor, None, dict(
            _farmer(index), village=FARMERS[index][2], trade=trade, association_member=member, registered_on=dt.date(2020, 4, 23),
        ))
