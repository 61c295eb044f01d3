"""The office profile and the register of subordinate offices."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desk.core.errors import DatabaseError, ValidationError
from desk.db.listing import ListQuery
from desk.office.model import SubOffice, User
from desk.office.passwords import verify_password
from desk.office.queries import SUB_OFFICES
from desk.office.service import delete_sub_office, init_office, load_sub_office, save_sub_office
from tests.conftest import ADMIN, TEST_OFFICE


def _save(database, actor, values, record_id=None):
    with database.sessions.begin() as session:
        return save_sub_office(session, actor, record_id, values)


def test_admin_password_is_an_argon2id_hash(database):
    with database.sessions() as session:
        user = session.scalars(select(User)).one()
    assert user.password_hash.startswith("$argon2id$")
    assert ADMIN[1] not in user.password_hash
    assert verify_password(user.password_hash, ADMIN[1])
    assert not verify_password(user.password_hash, "wrong")


def test_an_office_is_set_up_only_once(database):
    with pytest.raises(DatabaseError, match="不能重复初始化"):
        with database.sessions.begin() as session:
            init_office(session, TEST_OFFICE, "other", "password")


def test_office_values_are_checked(empty_db_path):
    from desk.db.database import open_database

    database = open_database(empty_db_path)
    with pytest.raises(ValidationError) as caught:
        with database.sessions.begin() as session:
            init_office(session, {"name": "", "code": "45 09", "level": "town"}, "a", "12")
    assert set(caught.value.problems) == {"name", "code", "parent_name", "username", "password"}
    database.close()


def test_saving_stamps_the_travelling_columns_and_bumps_revisions(database, actor):
    record_id = _save(database, actor, {"name": "塘岸镇妇联", "code": "450981101", "level": "town", "phone": "0775-6512018"})
    with database.sessions() as session:
        record = session.get(SubOffice, record_id)
        assert (record.origin_office, record.created_by, record.revision) == ("450981", "admin", 1)
        assert len(record.id) == 36
    values = {"name": "塘岸镇妇女联合会", "code": "450981101", "level": "town"}
    _save(database, actor, values, record_id)
    _save(database, actor, values, record_id)  # unchanged: no new revision
    with database.sessions() as session:
        assert session.get(SubOffice, record_id).revision == 2
        assert load_sub_office(session, record_id)["name"] == "塘岸镇妇女联合会"


def test_problems_name_their_fields(database, actor):
    _save(database, actor, {"name": "塘岸镇妇联", "code": "450981101", "level": "town"})
    with pytest.raises(ValidationError) as caught:
        _save(database, actor, {"name": "", "code": "450981101", "level": "", "phone": "123"})
    problems = caught.value.problems
    assert problems["name"] == "请填写名称"
    assert "已被“塘岸镇妇联”使用" in problems["code"]
    assert problems["level"] == "请选择层级"
    assert "电话号码格式不对" in problems["phone"]


def test_parent_cycles_are_refused(database, actor):
    town = _save(database, actor, {"name": "塘岸镇妇联", "code": "450981101", "level": "town"})
    village = _save(database, actor, {"name": "独竹村妇联", "code": "450981101201", "level": "village", "parent_id": town})
    with pytest.raises(ValidationError) as caught:
        _save(database, actor, {"name": "塘岸镇妇联", "code": "450981101", "level": "town", "parent_id": village}, town)
    assert "parent_id" in caught.value.problems


def test_deleting_sets_the_mark_and_lists_hide_it(database, actor):
    town = _save(database, actor, {"name": "塘岸镇妇联", "code": "450981101", "level": "town"})
    village = _save(database, actor, {"name": "独竹村妇联", "code": "450981101201", "level": "village", "parent_id": town})
    with pytest.raises(ValidationError, match="独竹村妇联"):
        with database.sessions.begin() as session:
            delete_sub_office(session, actor, town)
    with database.sessions.begin() as session:
        delete_sub_office(session, actor, village)
    with database.sessions() as session:
        assert session.get(SubOffice, village).deleted is True
        rows = SUB_OFFICES.rows(session, ListQuery())
        assert [row["name"] for row in rows] == ["塘岸镇妇联"]
        assert SUB_OFFICES.count(session, ListQuery(search="独竹")) == 0
    # the code of a deleted office can be used again
    _save(database, actor, {"name": "独竹村妇联", "code": "450981101201", "level": "village"})


def test_list_search_treats_wildcards_literally(database, actor):
    _save(database, actor, {"name": "塘岸镇妇联", "code": "450981101", "level": "town"})
    with database.sessions() as session:
        assert SUB_OFFICES.count(session, ListQuery(search="%")) == 0
        assert SUB_OFFICES.count(session, ListQuery(search="塘岸")) == 1
        assert SUB_OFFICES.rows(session, ListQuery(search="塘岸"))[0]["level_label"] == "镇(街道)"


def test_pages_read_from_the_end_match_pages_read_from_the_start(database, actor):
    for number in range(23):
        _save(database, actor, {"name": f"第{number:02d}镇妇联", "code": f"4509811{number:02d}", "level": "town"})
    with database.sessions() as session:
        for query in (ListQuery(), ListQuery(order_by="name", descending=True), ListQuery(order_by="code")):
            every = SUB_OFFICES.rows(session, query, 0, None)
            total = len(every)
            for offset in (0, 5, 11, 12, 18, 20, 22):
                page = SUB_OFFICES.rows(session, query, offset, 5, total=total)
                assert page == every[offset : offset + 5]
