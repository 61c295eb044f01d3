"""The demo's petitions: the seed's 79 of 2020H1 (3 letters, 21 calls, 55 visits, all answered), invented details."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy.orm import Session

from desk.core.people import SEX_FEMALE, SEX_MALE, make_id_number
from desk.db.records import Actor
from desk.petitions.service import save_petition

SURNAMES = "李陈黄梁刘莫覃韦钟杨林吴邓何罗庞冯苏"
GIVEN = ("秀英", "桂兰", "丽华", "春梅", "小燕", "美玲", "金凤", "玉珍", "海燕", "晓红", "凤英", "雪梅")
STAFF = ("李秀梅", "陈雪芳", "黄丽萍", "梁小燕")  # first receivers (首问接访人) among the office staff
LEADERS = ("周丽娟", "罗雪梅")  # chair and vice-chair who receive on the leader reception day
PLACES = ("北流镇", "塘岸镇", "西埌镇", "大里镇", "平政镇", "民乐镇", "城南街道")
CASES = {
    "marriage": ("丈夫长期在外务工不顾家，要求调解夫妻关系", "婚后财产分割纠纷，咨询离婚诉讼程序"),
    "violence": ("遭受丈夫殴打，请求妇联介入制止家庭暴力", "长期受家庭暴力，咨询申请人身安全保护令"),
    "property": ("出嫁后村里不分给土地征收补偿款", "离婚后宅基地和承包地权益被侵害"),
    "labour": ("怀孕后被单位辞退，要求维护劳动权益", "工厂拖欠女工工资，请求协调"),
    "children": ("离婚后对方不支付子女抚养费", "要求变更子女抚养关系"),
    "person": ("被邻居辱骂殴打，要求依法处理", "女儿被拐骗外出，请求协助查找"),
    "other": ("咨询妇女创业小额贷款政策", "反映村妇代会换届问题"),
}
UNITS = ("市人民法院", "市公安局", "市司法局", "市人力资源和社会保障局", "市国土资源局", "市民政局")
CATEGORY_CYCLE = ("marriage", "violence", "property", "marriage", "labour", "children", "violence", "person", "other",
                  "property", "marriage", "children")


def demo_petitions() -> list[dict[str, Any]]:
    """Return the 79 demo petitions as form values (deterministic)."""
    rng = random.Random(2020)
    channels = ["letter"] * 3 + ["call"] * 21 + ["visit"] * 55
    rng.shuffle(channels)
    petitions = []
    for index, channel in enumerate(channels):
        received = dt.date(2020, 1, 2) + dt.timedelta(days=index * 176 // 79)
        if index % 13 == 6:  # some come on the leader reception day (the 15th)
            received = received.replace(day=15)
        category = CATEGORY_CYCLE[index % len(CATEGORY_CYCLE)]
        name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 5) % len(GIVEN)]
        sex = SEX_MALE if index % 17 == 5 else SEX_FEMALE
        anonymous = channel == "call" and index % 5 == 0
        place = PLACES[index % len(PLACES)]
        receiver = STAFF[index % len(STAFF)]
        referred = index % 3 == 0
        step_on = received + dt.timedelta(days=1 + index % 4)
        reply_on = min(step_on + dt.timedelta(days=2 + index % 9), dt.date(2020, 6, 30))
        birth = dt.date(1960 + index % 35, 1 + index % 12, 1 + index % 27)
        values = {
            "channel": channel,
            "received_on": received,
            "anonymous": anonymous,
            "petitioner_name": "" if anonymous else name,
            "sex": sex,
            "phone": "" if anonymous or channel == "letter" else f"13{index % 10}0775{index:04d}",
            "address": "" if anonymous else f"北流市{place}",
            "id_number": make_id_number("450981", birth, index, sex) if channel == "visit" and index % 4 == 0 else "",
            "people_count": 3 + index % 4 if channel == "visit" and index % 11 == 0 else 1,
            "category": category,
            "summary": CASES[category][index % 2],
            "first_receiver": receiver,
            "leader": LEADERS[index % 2] if received.day == 15 else "",
            "status": "closed" if index % 6 == 0 else "answered",
            "steps": [{
                "step_on": step_on.isoformat(),
                "action": "referred" if referred else ("mediated" if category in ("marriage", "children") else "answered"),
                "handler": receiver,
                "unit": UNITS[index % len(UNITS)] if referred else "",
                "notes": "转交办理并跟踪落实" if referred else "向当事人讲解有关法律政策",
            }],
            "reply_on": reply_on,
            "reply": "已将办理结果答复信访人" if not anonymous else "已电话答复来电人",
        }
        petitions.append(values)
    return petitions


def seed_petitions(session: Session, actor: Actor) -> None:
    """Add the demo petitions through the same service the screen uses."""
    for values in demo_petitions():
        save_petition(session, actor, None, values)
