"""The demo office: the city federation of the seed summary and the offices below it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desk.db.records import Actor
from desk.office.service import save_sub_office

DEMO_OFFICE = {
    "name": "北流市妇女联合会",
    "code": "450981",
    "level": "city",
    "parent_name": "玉林市妇女联合会",
    "parent_code": "450900",
}
DEMO_ADMIN = ("admin", "demo")

# Towns and streets named in the seed summary, and two of its villages.
DEMO_TOWNS = (
    ("北流镇妇联", "450981100", "刘秀英", "0775-6212301"),
    ("塘岸镇妇联", "450981101", "陈丽华", "0775-6512018"),
    ("西埌镇妇联", "450981102", "黄美玲", "0775-6712036"),
    ("大里镇妇联", "450981103", "李桂芳", "0775-6812240"),
    ("平政镇妇联", "450981104", "梁春燕", "0775-6912155"),
    ("民乐镇妇联", "450981105", "覃晓梅", "0775-6612087"),
    ("城南街道妇联", "450981001", "莫金凤", "0775-6230119"),
)
DEMO_VILLAGES = (
    ("独竹村妇联", "450981101201", "塘岸镇妇联", "钟秀兰"),
    ("木棉村妇联", "450981102203", "西埌镇妇联", "韦小红"),
)


def seed_sub_offices(session: Session, actor: Actor) -> None:
    """Add the demo's town, street and village federations."""
    ids = {}
    for name, code, contact, phone in DEMO_TOWNS:
        ids[name] = save_sub_office(
            session, actor, None,
            {"name": name, "code": code, "level": "town", "contact_person": contact, "phone": phone},
        )
    for name, code, parent, contact in DEMO_VILLAGES:
        save_sub_office(
            session, actor, None,
            {"name": name, "code": code, "level": "village", "parent_id": ids[parent], "contact_person": contact},
        )
