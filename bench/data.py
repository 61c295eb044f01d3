"""Realistic record values for the benchmark data: Chinese names, valid ID numbers, dates over a year.

Every function here returns *form values*, exactly what a clerk would type into a screen, so the
same values can go through the desk/ services (small scale) or be turned into columns by the
bulk writer (large scale).  Values depend only on the record's index: reproducible, no state.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from desk.core.people import SEX_FEMALE, SEX_MALE, make_id_number

# The hundred most common surnames, in their usual order (百家姓 by frequency).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_FEMALE = (
    "秀英", "桂兰", "丽华", "春梅", "小燕", "美玲", "金凤", "玉珍", "海燕", "晓红", "凤英", "雪梅", "丽娟", "秀梅",
    "雪芳", "丽萍", "慧", "静", "敏", "婷", "艳", "芳", "娜", "玲", "霞", "燕", "红梅", "淑珍", "桂英", "玉兰",
    "晓丽", "丽", "梅", "佳怡", "欣怡", "子涵", "雨涵", "诗琪", "梓萱", "思雨", "月娥", "翠兰", "春花", "秋菊",
    "冬梅", "彩霞", "艳红", "爱华", "建英", "小红",
)
GIVEN_MALE = ("建国", "志强", "伟", "勇", "军", "杰", "海", "明", "建华", "国强", "永", "斌", "俊杰", "浩", "磊")
# County-level region codes of Yulin and Nanning (Guangxi), the first six digits of ID numbers.
REGIONS = ("450981", "450902", "450903", "450921", "450922", "450923", "450924", "450102", "450103", "450105",
           "450107", "450108")
PLACES = ("北流镇", "塘岸镇", "西埌镇", "大里镇", "平政镇", "民乐镇", "城南街道", "新圩镇", "隆盛镇", "清湾镇",
          "六靖镇", "石窝镇", "清水口镇", "沙垌镇", "大坡外镇", "山围镇", "六麻镇", "新丰镇", "白马镇", "扶新镇")
VILLAGES = ("新村", "大坡村", "石岭村", "平安村", "东风村", "和平村", "龙门村", "中和村", "水口村", "丰收村")
UNITS = ("市人民法院", "市公安局", "市司法局", "市人力资源和社会保障局", "市国土资源局", "市民政局", "市教育局",
         "市卫生健康局", "市农业农村局", "市总工会", "团市委", "市妇幼保健院", "市人民医院", "市第一中学")
POSTS = ("", "", "主任", "副主任", "妇女主任", "村委委员", "教师", "医生", "会计", "个体户")
LEADERS = (("苏爱清", "市政协主席"), ("倪萍", "市委副书记"), ("杨正川", "市政府副市长"), ("刘良芬", "市人大副主任"),
           ("周丽娟", "市妇联主席"), ("罗雪梅", "市妇联副主席"))
STAFF = ("李秀梅", "陈雪芳", "黄丽萍", "梁小燕", "周丽娟", "罗雪梅")
EVENT_TITLES = {
    "festival": ("庆“三八”妇女节系列活动", "“六一”儿童节关爱留守儿童活动", "重阳节敬老活动"),
    "themed": ("巾帼建功立业主题活动", "最美家庭寻访活动", "美丽乡村·巾帼在行动"),
    "meeting": ("妇联执委会议", "妇女工作推进会", "基层妇联干部工作会议"),
    "commendation": ("三八红旗手表彰大会", "巾帼文明岗表彰会"),
    "forum": ("女企业家座谈会", "妇女代表座谈会"),
    "gala": ("庆“三八”文艺晚会", "巾帼风采文艺汇演"),
    "signing": ("廉洁家风签名活动", "反家暴承诺签名活动"),
    "law_publicity": ("反家庭暴力法宣传活动", "妇女权益保障法宣传进村", "普法宣传月活动"),
    "other": ("妇女儿童之家建设交流", "巾帼志愿服务活动"),
}
CASES = {
    "marriage": ("丈夫长期在外务工不顾家，要求调解夫妻关系", "婚后财产分割纠纷，咨询离婚诉讼程序"),
    "violence": ("遭受丈夫殴打，请求妇联介入制止家庭暴力", "长期受家庭暴力，咨询申请人身安全保护令"),
    "property": ("出嫁后村里不分给土地征收补偿款", "离婚后宅基地和承包地权益被侵害"),
    "labour": ("怀孕后被单位辞退，要求维护劳动权益", "工厂拖欠女工工资，请求协调"),
    "children": ("离婚后对方不支付子女抚养费", "要求变更子女抚养关系"),
    "person": ("被邻居辱骂殴打，要求依法处理", "女儿被拐骗外出，请求协助查找"),
    "other": ("咨询妇女创业小额贷款政策", "反映村妇代会换届问题"),
}
COURSE_NAMES = {
    "cadre": "基层妇女干部培训班", "farmer": "新型女农民培训班", "skills": "实用技术培训班",
    "business": "妇女创业培训班", "other": "家政服务培训班",
}
TRADES = ("种植", "养殖", "手工编织", "农产品加工", "电子商务", "家政服务", "乡村旅游")

YEAR = 2020
_BIRTH_BASE = dt.date(1950, 1, 1)
_BIRTH_DAYS = 19_000  # births from 1950 to 2002
_ID_SPACE = len(REGIONS) * _BIRTH_DAYS * 100
_SCRAMBLE = 7919  # a prime not dividing _ID_SPACE: index → (region, birth, sequence) is one-to-one


def day_of_year(index: int, salt: int = 0) -> dt.date:
    """Return a date of the benchmark year spread over it (weekdays and weekends alike)."""
    return dt.date(YEAR, 1, 1) + dt.timedelta(days=(index * 37 + salt * 11) % 366)


@dataclass(frozen=True)
class Identity:
    """Who a generated person is: name, sex, birth date and a valid ID number unique to the index."""

    name: str
    sex: str
    birth_date: dt.date
    id_number: str


def identity(index: int) -> Identity:
    """Return the person of ``index``: unique ID number (for index < ~22 million), Chinese name."""
    key = (index * _SCRAMBLE) % _ID_SPACE
    region = REGIONS[key % len(REGIONS)]
    birth = _BIRTH_BASE + dt.timedelta(days=(key // len(REGIONS)) % _BIRTH_DAYS)
    sequence = key // (len(REGIONS) * _BIRTH_DAYS)
    sex = SEX_MALE if index % 10 == 7 else SEX_FEMALE
    given = GIVEN_MALE if sex == SEX_MALE else GIVEN_FEMALE
    name = SURNAMES[(index * 31 + index // 7) % len(SURNAMES)] + given[(index * 17 + index // 3) % len(given)]
    return Identity(name, sex, birth, make_id_number(region, birth, sequence, sex))


def phone(index: int) -> str:
    """Return a valid mobile number."""
    return f"1{3 + index % 7}{(index * 7919) % 1_000_000_000:09d}"


def person_values(index: int) -> dict:
    """Return the register form values of person ``index``."""
    who = identity(index)
    place = PLACES[index % len(PLACES)]
    return {
        "name": who.name, "sex": who.sex, "birth_date": who.birth_date, "id_number": who.id_number,
        "phone": phone(index) if index % 3 else "", "address": f"北流市{place}{VILLAGES[index % len(VILLAGES)]}",
        "work_unit": UNITS[index % len(UNITS)] if index % 4 == 0 else "", "post": POSTS[index % len(POSTS)],
        "village": VILLAGES[index % len(VILLAGES)], "notes": "",
    }


def petition_values(index: int) -> dict:
    """Return the form values of petition ``index`` (steps included), answered or still open."""
    rng = random.Random(index)
    channel = rng.choices(("visit", "call", "letter", "other"), (55, 21, 3, 1))[0]
    received = day_of_year(index, 1)
    category = rng.choice(tuple(CASES))
    anonymous = channel == "call" and index % 5 == 0
    who = identity(index)
    receiver = STAFF[index % len(STAFF)]
    step_on = received + dt.timedelta(days=1 + index % 4)
    answered = index % 10 != 3
    reply_on = step_on + dt.timedelta(days=2 + index % 9) if answered else None
    referred = index % 3 == 0
    return {
        "channel": channel, "received_on": received, "anonymous": anonymous,
        "petitioner_name": "" if anonymous else who.name, "sex": who.sex,
        "phone": "" if anonymous or channel == "letter" else phone(index),
        "address": "" if anonymous else f"北流市{PLACES[index % len(PLACES)]}",
        "id_number": who.id_number if channel == "visit" and index % 4 == 0 else "",
        "people_count": 3 + index % 4 if channel == "visit" and index % 11 == 0 else 1,
        "category": category, "summary": CASES[category][index % 2], "first_receiver": receiver,
        "leader": LEADERS[index % 2 + 4][0] if received.day == 15 else "",
        "status": ("closed" if index % 6 == 0 else "answered") if answered else "received",
        "steps": [{
            "step_on": step_on.isoformat(),
            "action": "referred" if referred else ("mediated" if category in ("marriage", "children") else "answered"),
            "handler": receiver, "unit": UNITS[index % 6] if referred else "",
            "notes": "转交办理并跟踪落实" if referred else "向当事人讲解有关法律政策",
        }],
        "reply_on": reply_on, "reply": ("已将办理结果答复信访人" if answered else ""),
    }


def event_values(index: int) -> dict:
    """Return the form values of event ``index`` with co-organisers and leaders present."""
    kinds = tuple(EVENT_TITLES)
    kind = kinds[index % len(kinds)]
    place = PLACES[index % len(PLACES)]
    leaders = [LEADERS[(index + k) % 4] for k in range(index % 3)]
    return {
        "kind": kind, "title": place + EVENT_TITLES[kind][index % len(EVENT_TITLES[kind])],
        "theme": "", "held_on": day_of_year(index, 2), "time_of_day": ("morning", "afternoon", "evening")[index % 3],
        "place": place + "文化广场", "organiser": "北流市妇联", "participants": 20 + index % 480,
        "participant_unit": "person_time" if index % 5 == 0 else "person", "participants_more_than": index % 4 == 0,
        "target_groups": "妇女群众、妇联执委", "narrative": f"在{place}开展活动，发放宣传资料，接受群众咨询。",
        "units": [{"name": UNITS[(index + k) % len(UNITS)]} for k in range(1 + index % 2)],
        "leaders": [{"name": name, "post": post} for name, post in leaders],
    }


def award_values(index: int, title_id: str, collective: bool, event_id: str | None) -> dict:
    """Return the form values of award ``index`` under the given title."""
    who = identity(index + 5_000_000)
    unit = PLACES[index % len(PLACES)] + VILLAGES[index % len(VILLAGES)] + "妇联"
    return {
        "title_id": title_id, "awardee_name": unit if collective else who.name,
        "work_unit": "" if collective else UNITS[index % len(UNITS)], "post": "" if collective else POSTS[2 + index % 8],
        "awarding_body": "北流市妇女联合会", "awarded_on": day_of_year(index, 3).isoformat(), "event_id": event_id,
        "received_by_office": False, "notes": "",
    }


def course_values(index: int) -> dict:
    """Return the form values of course ``index`` (no trainee rows)."""
    kind = tuple(COURSE_NAMES)[index % len(COURSE_NAMES)]
    start = day_of_year(index, 4)
    return {
        "name": f"{PLACES[index % len(PLACES)]}{COURSE_NAMES[kind]}（第{index + 1}期）", "kind": kind,
        "organiser": "own" if index % 4 else "city", "start_date": start, "end_date": start + dt.timedelta(days=index % 5),
        "place": PLACES[index % len(PLACES)] + "农民学校", "hours": 8 + index % 32, "teachers": "农技站技术员",
        "topics": "种养技术、电商销售", "base": "", "notes": "",
    }


def trainee_row(person_index: int, finished: bool) -> dict:
    """Return one row of a course's bulk trainee grid for person ``person_index``."""
    values = person_values(person_index)
    return {
        "name": values["name"], "sex": values["sex"], "id_number": values["id_number"],
        "work_unit": values["work_unit"], "phone": values["phone"], "finished": "yes" if finished else "no",
    }


def skilled_values(index: int, person_index: int) -> dict:
    """Return the 女能手 form values: an already registered person's own values, her trade and membership."""
    return dict(
        person_values(person_index), trade=TRADES[index % len(TRADES)], association_member=index % 3 == 0,
        registered_on=day_of_year(index, 5), skill_notes="",
    )


def sub_office_values(index: int) -> dict:
    """Return the form values of sub-office ``index``: a town federation with a unique code."""
    place = PLACES[index % len(PLACES)]
    round_ = index // len(PLACES)
    return {
        "name": f"{place}妇联" if round_ == 0 else f"{place}第{round_ + 1}片区妇联", "code": f"4509810{index:05d}",
        "level": "town", "parent_id": None, "contact_person": identity(index + 9_000_000).name,
        "phone": phone(index + 77), "notes": "",
    }


OCCASION_TITLES = {
    "spring_festival": "春节慰问困难妇女儿童", "children_day": "“六一”慰问留守儿童", "womens_day": "“三八”慰问困难母亲",
    "other": "走访慰问困难家庭",
}
RELIEF_GROUPS = ("left_behind", "orphan_disabled", "single_parent", "spring_bud", "triplets")


def visit_values(index: int) -> dict:
    """Return the form values of relief visit ``index``: occasion, places, cash, groups helped, units."""
    occasion = tuple(OCCASION_TITLES)[index % len(OCCASION_TITLES)]
    place = PLACES[index % len(PLACES)]
    return {
        "visit_date": day_of_year(index, 6), "occasion": occasion, "title": place + OCCASION_TITLES[occasion],
        "places": f"{place}{VILLAGES[index % len(VILLAGES)]}、{VILLAGES[(index + 3) % len(VILLAGES)]}",
        "cash_fen": (200 + index % 9 * 100) * 100 * (1 + index % 5), "notes": "",
        "groups": [{"group": RELIEF_GROUPS[(index + k) % len(RELIEF_GROUPS)], "count": 3 + (index + k) % 20}
                   for k in range(1 + index % 2)],
        "units": [{"name": UNITS[(index + 5) % len(UNITS)]}], "leaders": [], "goods": [], "people": [],
    }
