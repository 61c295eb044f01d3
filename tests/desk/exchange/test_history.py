"""The audit history of travelling records goes up with them, kept apart and named by the office that sent it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlalchemy import func, select

from desk.db.listing import ListQuery
from desk.exchange.model import TravelledAudit
from desk.exchange.queries import TRAVELLED_AUDIT
from desk.people.service import save_person
from desk.security.model import AuditEntry
from tests.desk.exchange.helpers import export, import_into
from tests.desk.exchange.test_refusals import _crafted
from tests.desk.exchange.test_relays import add_household, chain, edit_household, relay  # noqa: F401


def test_history_travels_up_two_levels_once_and_apart(chain, tmp_path):  # noqa: F811
    town, county, city = chain
    house = add_household(town, "韦秀梅", 1000)
    relay(town, county, city, tmp_path / "1")
    edit_household(town, house, head="韦秀梅（改）")
    relay(town, county, city, tmp_path / "2")
    with city.session() as session:
        rows = TRAVELLED_AUDIT.rows(session, ListQuery(filters={"record": house}), 0, None)
        own_log = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.record_id == house))
    assert own_log == 0  # the city's own log says nothing about what the town did
    assert sorted(row["kind"] for row in rows) == ["create", "edit"]
    assert {row["origin_office"] for row in rows} == {town.code}
    assert {row["sender_name"] for row in rows} == {"北流市妇联"}  # relayed by the county
    edit = next(row for row in rows if row["kind"] == "edit")
    assert "韦秀梅（改）" in edit["detail"] and edit["user"] == town.actor.user
    # Exporting everything again brings no second copy.
    import_into(county, export(town, county.code, tmp_path / "3"))
    import_into(city, export(county, city.code, tmp_path / "4"))
    with city.session() as session:
        assert session.scalar(select(func.count()).select_from(TravelledAudit).where(TravelledAudit.record_id == house)) == 2


def test_history_cannot_be_planted_for_other_offices_or_absent_records(chain, tmp_path):  # noqa: F811
    town, county, _city = chain
    with town.begin() as session:
        save_person(session, town.actor, None, {"name": "陈小红", "sex": "F", "phone": "13907751234"})
    data = export(town, county.code, tmp_path)
    assert import_into(county, data, dry_run=True).plan.audit
    forged = {"origin_office": "999999", "at": "2026-01-01T00:00:00+00:00", "user": "x", "kind": "edit",
              "table": "person", "record_id": "nowhere", "detail": "{}"}
    elsewhere = forged | {"origin_office": town.code}
    dry = import_into(county, _crafted(town, county, [forged, elsewhere], table="_audit"), dry_run=True)
    reasons = [reason for _t, _i, reason in dry.plan.rejected]
    assert len(reasons) == 2 and "下级范围" in reasons[0] and "不在这个数据包中" in reasons[1]


def test_travelled_history_is_masked_as_declared_wherever_it_is_shown(chain, tmp_path):  # noqa: F811
    from desk.areas import list_commands
    from desk.core.people import make_id_number
    from desk.exchange.queries import history_shown_for

    town, county, _city = chain
    number = make_id_number("450981", dt.date(1988, 5, 6), 7, "F")
    with town.begin() as session:
        save_person(session, town.actor, None, {"name": "陈小红", "id_number": number, "phone": "13907751234"})
    import_into(county, export(town, county.code, tmp_path))
    command = list_commands()["travelled-audit"]
    with county.session() as session:
        rows = TRAVELLED_AUDIT.rows(session, ListQuery(), 0, None)
    (created,) = [row for row in rows if row["table_name"] == "person"]
    printed = json.dumps(command.to_json(created), ensure_ascii=False)
    assert number not in printed and "13907751234" not in printed
    assert f"身份证号码：{number[:4]}**********{number[-4:]}" in created["detail_text"]
    assert number not in created["detail"] and number not in created["detail_text"]
    assert "塘岸镇妇联（450981101）" in printed  # named by the office that sent it
    reader = dataclasses.replace(county.actor, may_see_full_ids=True)
    assert number not in json.dumps(history_shown_for(created, reader)["detail"], ensure_ascii=False)


def test_travelled_history_names_origins_and_searches_only_what_is_shown(chain, tmp_path):  # noqa: F811
    from desk.areas import list_commands
    from desk.core.people import make_id_number

    town, county, city = chain
    number = make_id_number("450981", dt.date(1988, 5, 6), 7, "F")
    with town.begin() as session:
        save_person(session, town.actor, None, {"name": "陈小红", "id_number": number, "phone": "13907751234"})
        from desk.petitions.service import save_petition

        save_petition(session, town.actor, None, {
            "channel": "visit", "received_on": dt.date(2026, 3, 2), "petitioner_name": "陈小红", "sex": "F",
            "category": "marriage", "summary": "反映问题", "first_receiver": "黄丽", "status": "received",
            "steps": [{"step_on": dt.date(2026, 3, 4), "action": "mediated", "handler": "黄丽"}]})
    relay(town, county, city, tmp_path)
    command = list_commands()["travelled-audit"]
    with city.session() as session:
        rows = TRAVELLED_AUDIT.rows(session, ListQuery(), 0, None)
        (created,) = [row for row in rows if row["table_name"] == "person"]
        # At the city the town is named as the county registered it (the register travelled with the bundles).
        assert created["origin_text"] == "塘岸镇妇联（450981101）"
        assert created["sender_text"] == "北流市妇联（450981）"
        assert command.to_json(created)["origin_text"] == "塘岸镇妇联（450981101）"

        def found(text: str, actor=None) -> int:
            query = ListQuery(search=text)
            if actor is not None:
                return len(TRAVELLED_AUDIT.matching_ids(session, query, actor))
            assert len(TRAVELLED_AUDIT.rows(session, query, 0, None)) == TRAVELLED_AUDIT.count(session, query)
            return TRAVELLED_AUDIT.count(session, query)

        (step,) = [row for row in rows if row["table_name"] == "petition_step"]
        assert "所属信访件：陈小红" in step["detail_text"]  # the linked petition named as held here, not by its id
        assert found("所属信访件：陈小红") == 1 and found("塘岸镇") >= 1 and found(number[-4:]) == 1
        # The full number, the phone's hidden digits, the stored JSON: never found, for they are never shown.
        assert found(number) == 0 and found("13907751234") == 0 and found('"name"') == 0
        reader = dataclasses.replace(city.actor, roles=frozenset())  # no content role: names masked
        assert found("陈小红", reader) == 0 and found("塘岸镇", reader) >= 1
