"""The seed summary's events and household campaign of the first half of 2020, added through the services."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from desk.campaigns.households import save_household_campaign
from desk.campaigns.service import save_event
from desk.db.records import Actor

SIGNING_TITLE = "廉洁清风进万家“诺廉”签名活动"
COMMENDATION_TITLE = "纪念“三八”国际劳动妇女节100周年暨表彰大会"

DEMO_EVENTS = (
    {
        "kind": "signing", "title": SIGNING_TITLE,
        "theme": "当好廉内助，共守廉洁关；常吹廉洁风，管住自家人",
        "held_on": dt.date(2020, 3, 3), "time_of_day": "morning", "place": "永丰广场", "organiser": "市妇联",
        "participants": 400, "participant_unit": "person", "participants_more_than": True,
        "target_groups": "市妇联执委、巾帼文明岗负责人、女工委主任、妇委会主任、女干部职工代表",
        "narrative": "结合“三八”节100周年纪念活动，开展以家庭助廉为重点的廉洁清风进万家“六个一”活动。"
        "市委常委、市纪委书记卢祖玉代表市四家班子作了重要讲话。全体人员进行“诺廉”签名。",
        "units": [{"name": name} for name in ("市纪委", "市委组织部", "市委宣传部", "市监察局")],
        "leaders": [
            {"name": "苏爱清", "post": "市政协主席"}, {"name": "倪萍", "post": "市委副书记"},
            {"name": "卢祖玉", "post": "市委常委、市纪委书记"}, {"name": "刘良芬", "post": "市人大副主任"},
            {"name": "杨正川", "post": "市政府副市长"}, {"name": "许安", "post": "市检察院检察长"},
        ],
    },
    {
        "kind": "commendation", "title": COMMENDATION_TITLE, "held_on": dt.date(2020, 3, 3),
        "time_of_day": "morning", "place": "影剧院", "organiser": "市妇联",
        "participants": 300, "participant_unit": "person", "participants_more_than": True,
        "target_groups": "各条战线妇女代表、受表彰的先进集体和先进个人",
        "narrative": "表彰为全市经济社会发展做出突出贡献的妇女先进集体和先进人物。市政协主席苏爱清代表市四家班子"
        "作了重要讲话，大会由市委常委、市委组织部部长甘文波主持。",
        "leaders": [
            {"name": "苏爱清", "post": "市政协主席"}, {"name": "甘文波", "post": "市委常委、市委组织部部长"},
            {"name": "许安", "post": "市检察院检察长"},
        ],
    },
    {
        "kind": "forum", "title": "老妇干“回娘家”座谈会", "held_on": dt.date(2020, 3, 4), "time_of_day": "evening",
        "place": "大酒店", "organiser": "市妇联", "target_groups": "市四家班子女领导、老妇干代表",
        "narrative": "市委副书记倪萍代表市委、市政府向各位老大姐致以节日问候。",
        "leaders": [{"name": "倪萍", "post": "市委副书记"}],
    },
    {
        "kind": "gala", "title": "“关爱女孩”大型文艺晚会", "theme": "关爱女孩", "held_on": dt.date(2020, 6, 3),
        "time_of_day": "evening", "place": "市总工会灯光球场", "organiser": "市妇儿工委",
        "target_groups": "全市少年儿童", "narrative": "晚会上对全市10名优秀的女学生代表赠送了节日礼物。",
        "units": [{"name": "市妇联"}, {"name": "市计生局"}],
    },
    {
        # The seed names law publicity without a date; the date here is invented.
        "kind": "law_publicity", "title": "男女平等基本国策进党校普法宣传", "held_on": dt.date(2020, 4, 20),
        "time_of_day": "afternoon", "place": "市委党校", "organiser": "市妇联",
        "target_groups": "党校学员", "narrative": "宣传《妇女法》和男女平等基本国策。",
    },
)

DEMO_HOUSEHOLD_CAMPAIGN = {
    "name": "“平安家庭”创建·“不让毒品进我家”活动", "office_name": "北流市妇女联合会",
    "start_on": dt.date(2020, 1, 1), "end_on": dt.date(2020, 6, 30), "partner": "市委综治委",
    "households_taking_part": 228372, "households_pledged": 196800, "households_total": 240000,
    "households_consolidated": 228372,  # the seed rounds it down: 228000多户
}


def seed_campaigns(session: Session, actor: Actor) -> dict[str, str]:
    """Add the seed's events and household campaign; return event ids by title."""
    ids = {str(event["title"]): save_event(session, actor, None, dict(event)) for event in DEMO_EVENTS}
    save_household_campaign(session, actor, None, dict(DEMO_HOUSEHOLD_CAMPAIGN))
    return ids
