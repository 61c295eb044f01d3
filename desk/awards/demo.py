"""The seed summary's honours of March 2020, added through the award services."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.awards.model import HonourTitle
from desk.awards.service import ensure_catalogue, save_award, save_title
from desk.campaigns.demo import COMMENDATION_TITLE
from desk.campaigns.model import Event
from desk.db.records import Actor

OFFICE_NAME = "北流市妇女联合会"
CITY_BODY = "中共北流市委、北流市人民政府"
RED_FLAG_COLLECTIVES = ("市人民医院", "市幼儿园", "城南小学", "三环集团")


def _title_id(session: Session, name: str, level: str) -> str:
    return session.scalars(
        select(HonourTitle.id).where(HonourTitle.name == name, HonourTitle.level == level, HonourTitle.deleted.is_(False))
    ).one()


def seed_awards(session: Session, actor: Actor) -> None:
    """Add the catalogue, the office's three honours and the four 三八红旗集体 collectives."""
    ensure_catalogue(session, actor)
    region_title = save_title(
        session, actor, None, {"name": "维护妇女儿童权益先进集体", "awardee_kind": "collective", "level": "region"}
    )
    meeting = session.scalars(select(Event.id).where(Event.title == COMMENDATION_TITLE)).first() or ""
    march = dt.date(2020, 3, 3)
    save_award(session, actor, None, {
        "title_id": region_title, "awardee_name": OFFICE_NAME, "awarding_body": "广西壮族自治区妇女儿童工作委员会",
        "awarded_on": dt.date(2020, 3, 1), "received_by_office": True,
    })
    for name in ("三八红旗集体", "先进妇女组织"):
        save_award(session, actor, None, {
            "title_id": _title_id(session, name, "city"), "awardee_name": OFFICE_NAME, "awarding_body": CITY_BODY,
            "awarded_on": march, "event_id": meeting, "received_by_office": True,
        })
    red_flag = _title_id(session, "三八红旗集体", "city")
    for name in RED_FLAG_COLLECTIVES:
        save_award(session, actor, None, {
            "title_id": red_flag, "awardee_name": name, "awarding_body": CITY_BODY,
            "awarded_on": march, "event_id": meeting,
        })
