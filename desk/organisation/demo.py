"""The demo's organisation building: the seed summary's new 妇委会, village organisations, a year's ratings, indicators."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.people import SEX_FEMALE, make_id_number
from desk.db.records import Actor
from desk.office.model import SubOffice
from desk.organisation.assessment import save_assessment
from desk.organisation.cadres import save_cadre
from desk.organisation.service import save_indicator, save_org

D = dt.date

# (name, type, host unit, host kind, credit code, set up, chair, members, office, status)
DEMO_ORGS = (
    ("市教育局妇委会", "committee", "市教育局", "agency", "11450981007564213D", D(2020, 4, 16), "韦丽萍", 7, "", "active"),
    ("市档案局妇委会", "committee", "市档案局", "agency", "11450981007564395H", D(2020, 5, 20), "庞秀云", 5, "", "active"),
    ("市人民医院妇委会", "committee", "市人民医院", "institution", "12450981498720016P", D(2018, 3, 8), "钟美华", 9, "", "active"),
    # A typed code whose check character is wrong: kept, shown with a warning.
    ("三环集团妇委会", "committee", "三环集团", "new_org", "91450981199300418X", D(2016, 3, 8), "罗春兰", 11, "", "active"),
    ("独竹村妇联", "federation", "独竹村", "village", "", D(2019, 11, 20), "钟秀兰", 9, "塘岸镇妇联", "active"),
    ("独竹村妇女之家", "home", "独竹村", "village", "", D(2018, 6, 12), "钟秀兰", None, "塘岸镇妇联", "active"),
    ("木棉村妇女之家", "home", "木棉村", "village", "", D(2020, 3, 5), "韦小红", None, "西埌镇妇联", "active"),
    ("城南社区妇女之家", "home", "城南社区", "community", "", D(2019, 9, 18), "莫金凤", None, "城南街道妇联", "active"),
    ("六地村示范村", "model", "六地村", "village", "", D(2020, 6, 10), "梁桂英", None, "平政镇妇联", "active"),
    ("市统计局", "committee", "市统计局", "agency", "114509810075645206", None, "", None, "", "none"),
)

DEMO_TASKS = (
    ("组织建设与“妇女之家”创建", 25),
    ("维权信访与矛盾调处", 20),
    ("宣传教育与“三八”节活动", 20),
    ("妇女培训与“双学双比”", 15),
    ("信息报送与档案管理", 20),
)
# (office, score, consequence, note): two 优秀, four 称职, one 不称职 at the default thresholds 90/60.
DEMO_SCORES = (
    ("北流镇妇联", 95, "reward", "精神奖励并奖励工作经费"),
    ("塘岸镇妇联", 91, "reward", "推荐参加玉林市先进妇女组织评选"),
    ("西埌镇妇联", 86, "", ""),
    ("大里镇妇联", 82, "", ""),
    ("平政镇妇联", 78, "", ""),
    ("民乐镇妇联", 65, "", ""),
    ("城南街道妇联", 56, "talk", "2020年1月20日由市妇联主席诫勉谈话"),
)

# (name, birth, pool, work unit, post, entered, recommendations)
DEMO_CADRES = (
    ("黄秋菊", D(1978, 5, 14), "cadre", "市教育局", "办公室主任", D(2019, 12, 10),
     (("2020-05-12", "市教育局副局长", "市委组织部", "appointed"),)),
    ("李晓玲", D(1982, 9, 3), "professional", "市人民医院", "妇产科主任医师", D(2019, 12, 10),
     (("2020-06-18", "市人民医院副院长", "市卫生局", "pending"),)),
    ("陈玉梅", D(1975, 2, 27), "capable", "塘岸镇独竹村", "种养大户", D(2020, 3, 8), ()),
    ("冯雪芳", D(1970, 11, 8), "entrepreneur", "北流市雪芳陶瓷有限公司", "总经理", D(2020, 3, 8), ()),
)

# The office's 2020 performance indicators (绩效考评指标) of the "绩效攻坚年".
DEMO_INDICATORS = (
    ("开展“绩效攻坚年”活动，加强干部队伍管理", "制定市妇联机关绩效考评指标，量化细化，逐月检查", "陈淑华",
     "已制定2020年机关绩效考评指标，明确责任领导", "in_progress"),
    ("廉洁清风进万家“六个一”活动", "组织400名以上妇女参加“诺廉”签名", "黄丽娟",
     "3月3日在永丰广场举行，400多名妇女参加", "done"),
    ("纪念“三八”国际劳动妇女节100周年暨表彰大会", "表彰先进集体和先进个人", "陈淑华",
     "3月3日在影剧院召开，300多人参加", "done"),
    ("机关、事业单位和“两新”组织建立妇委会", "新建妇委会2个", "黄丽娟",
     "已在市教育局、市档案局建立妇委会", "done"),
    ("选派妇联干部参加上级妇联培训", "选派3名", "覃秀珍", "3名干部参加区妇联、全国妇联培训班", "done"),
    ("镇(街道)妇联目标责任制管理", "年终考核评定优秀、称职、不称职三个等次", "陈淑华",
     "已完成2019年度考核；2020年度任务已分解下达", "in_progress"),
    ("信访处理答复率", "100%", "覃秀珍", "", "in_progress"),
)


def seed_organisation(session: Session, actor: Actor) -> None:
    """Add the demo's organisations, the 2019 assessment of the towns, four pooled women and the 2020 indicators."""
    offices = dict(session.execute(select(SubOffice.name, SubOffice.id).where(SubOffice.deleted.is_(False))).all())
    for name, org_type, host, kind, code, set_up, chair, members, office, status in DEMO_ORGS:
        save_org(session, actor, None, {
            "name": name, "org_type": org_type, "host_unit": host, "host_kind": kind, "credit_code": code,
            "set_up_on": set_up, "chair": chair, "member_count": members, "office_id": offices.get(office, ""),
            "status": status,
        })
    save_assessment(session, actor, None, {
        "year": 2019, "title": "2019年度镇(街道)妇联目标责任制考核", "assessed_on": D(2020, 1, 16),
        "tasks": [{"task": task, "weight": weight} for task, weight in DEMO_TASKS],
        "scores": [{"office_id": offices[office], "score": score, "consequence": consequence, "note": note}
                   for office, score, consequence, note in DEMO_SCORES if office in offices],
    })
    for number, (name, birth, pool, unit, post, entered, recommendations) in enumerate(DEMO_CADRES):
        save_cadre(session, actor, None, {
            "name": name, "id_number": make_id_number("450981", birth, 40 + number, SEX_FEMALE),
            "phone": f"1397751{2300 + number:04d}", "work_unit": unit, "post": post, "pool": pool,
            "entered_on": entered,
            "recommendations": [{"recommended_on": day, "post": post_, "unit": by, "outcome": outcome}
                                for day, post_, by, outcome in recommendations],
        })
    for indicator, target, leader, progress, status in DEMO_INDICATORS:
        save_indicator(session, actor, None, {
            "year": 2020, "indicator": indicator, "target": target, "leader": leader, "progress": progress,
            "status": status,
        })
