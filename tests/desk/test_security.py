"""Roles and permissions enforced in desk/, the audit log, logins with growing delays, passwords."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, text

from desk.areas import discover_areas
from desk.core import roles
from desk.core.errors import PermissionDenied, ValidationError
from desk.core.masking import may_see_full
from desk.db.records import Actor
from desk.office.model import SubOffice, User
from desk.office.service import delete_sub_office, save_sub_office
from desk.security import audit
from desk.security.model import AuditEntry
from desk.security.users import LoginError, add_user, authenticate, change_own_password, reset_password, update_user
from tests.conftest import ADMIN

A, W, E, P, F = roles.VIEW, roles.WRITE, roles.DO_EXPORT, roles.DO_PRINT, roles.SEE_FULL_IDS
U, B, L = roles.MANAGE_USERS, roles.BACKUP, roles.VIEW_AUDIT
ALL = (A, W, E, P, F, U, B, L)
# role keys of the user -> the actions allowed; every other action must be refused.
TABLE = [
    ("clerk", {A, W}),
    ("clerk print", {A, W, P}),
    ("clerk export", {A, W, E}),
    ("clerk full_ids", {A, W, F}),
    ("reviewer", {A, P, E, L}),
    ("reviewer full_ids", {A, P, E, L, F}),
    ("admin", {U, B, L}),
    ("admin export print full_ids", {U, B, L}),  # grants give nothing without record content
    ("admin clerk", {A, W, U, B, L}),
    ("", set()),  # deny by default: an actor without roles may do nothing
    ("system", set(ALL)),  # the program itself (demo seeding, scripts)
]
@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch, request):
    """Cheap Argon2 parameters keep the suite fast; the production parameters are tested on their own."""
    if "rehash" in request.node.name:
        return
    from argon2 import PasswordHasher as Hasher

    from desk.office import passwords
    from desk.security import keys

    monkeypatch.setattr(passwords, "_hasher", Hasher(time_cost=1, memory_cost=8192, parallelism=1))
    monkeypatch.setattr(keys, "MEMORY_KIB", 8192)
    monkeypatch.setattr(keys, "TIME_COST", 1)


CELLS = [(keys, action, action in allowed) for keys, allowed in TABLE for action in ALL]


@pytest.mark.parametrize("keys,action,expected", CELLS, ids=[f"{k}-{a}" for k, a, _e in CELLS])
def test_every_role_and_action(keys, action, expected):
    actor = Actor("someone", "450981", frozenset(keys.split()))
    assert roles.allowed(actor, action) is expected
    if expected:
        roles.require(actor, action)
    else:
        with pytest.raises(PermissionDenied, match="没有"):
            roles.require(actor, action)
    if action == F:
        assert may_see_full(actor) is expected


def _office(name="石窝镇妇联", code="450981199"):
    return {"name": name, "code": code, "level": "town"}


@pytest.mark.parametrize("keys,may_write", [("clerk", True), ("reviewer", False), ("admin", False), ("", False)])
def test_a_write_needs_the_write_right(database, keys, may_write):
    actor = Actor("someone", "450981", frozenset(keys.split()))
    with database.sessions.begin() as session:
        if may_write:
            assert save_sub_office(session, actor, None, _office())
        else:
            with pytest.raises(PermissionDenied):
                save_sub_office(session, actor, None, _office())
    with database.sessions() as session:
        stored = session.scalars(select(SubOffice).where(SubOffice.code == "450981199")).first()
    assert (stored is not None) is may_write


def _travelling_counts(session) -> dict[str, int]:
    import desk.models  # noqa: F401 - every model registered
    from desk.db.base import Base, TravelMixin

    models = [mapper.class_ for mapper in Base.registry.mappers if issubclass(mapper.class_, TravelMixin)]
    assert len(models) > 10
    return {model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one() for model in models}


# Not here: exchange's seed only makes the office's key pair; reports' seed writes the summary
# prose, which needs the print right (tested below).
SEEDING_AREAS = [area for area in discover_areas() if area.seed_demo is not None and area.key not in ("exchange", "reports")]


@pytest.mark.parametrize("keys", ["reviewer", "admin export print", ""])
@pytest.mark.parametrize("area", SEEDING_AREAS, ids=[area.key for area in SEEDING_AREAS])
def test_no_area_writes_for_an_actor_without_the_write_right(database, area, keys):
    # Each area's demo seed writes through the same services its screens use.
    actor = Actor("someone", "450981", frozenset(keys.split()))
    with database.sessions() as session:
        before = _travelling_counts(session)
    with pytest.raises(PermissionDenied):
        with database.sessions.begin() as session:
            area.seed_demo(session, actor)
    with database.sessions() as session:
        assert _travelling_counts(session) == before


@pytest.mark.parametrize("keys,may_write", [("reviewer", True), ("clerk", False), ("admin", False), ("", False)])
def test_the_summary_prose_needs_the_print_right(database, keys, may_write, reports):
    from desk.core.periods import parse_period
    from desk.reports.summary import load_narratives, save_narrative

    actor = Actor("someone", "450981", frozenset(keys.split()))
    with database.sessions.begin() as session:
        if may_write:
            save_narrative(session, actor, "overview", parse_period("2020H1"), "半年来成效显著。", reports=reports)
        else:
            with pytest.raises(PermissionDenied):
                save_narrative(session, actor, "overview", parse_period("2020H1"), "半年来成效显著。", reports=reports)
    with database.sessions() as session:
        assert bool(load_narratives(session, parse_period("2020H1")).get("overview")) is may_write


def _entries(database, kind=None):
    with database.sessions() as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if kind:
            query = query.where(AuditEntry.kind == kind)
        return list(session.scalars(query))


def test_create_edit_delete_are_audited_with_old_and_new_values(database, actor):
    with database.sessions.begin() as session:
        record_id = save_sub_office(session, actor, None, _office())
    with database.sessions.begin() as session:
        save_sub_office(session, actor, record_id, {**_office(), "contact_person": "钟秀兰"})
    with database.sessions.begin() as session:
        delete_sub_office(session, actor, record_id)
    with database.sessions.begin() as session:
        record = session.get(SubOffice, record_id)
        record.deleted = False
        record.updated_by = "clerk1"
    kinds = [(entry.kind, entry.user) for entry in _entries(database) if entry.record_id == record_id]
    assert kinds == [("create", "admin"), ("edit", "admin"), ("delete", "admin"), ("restore", "clerk1")]
    edit = next(entry for entry in _entries(database, "edit") if entry.record_id == record_id)
    assert edit.table_name == "sub_office"
    assert json.loads(edit.detail) == {"contact_person": ["", "钟秀兰"]}
    created = json.loads(_entries(database, "create")[-1].detail)
    assert created["name"] == "石窝镇妇联"


def test_the_audit_log_refuses_changes_and_deletions(database, actor):
    with database.sessions.begin() as session:
        audit.record_event(session, actor, audit.EXPORT, "offices.xlsx", {"rows": 9})
    statements = ['UPDATE audit_entry SET "user" = \'x\'', "DELETE FROM audit_entry"]
    if database.engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_entry")
    for statement in statements:
        with pytest.raises(Exception, match="append-only"):
            with database.engine.begin() as connection:
                connection.execute(text(statement))
    assert [entry.detail for entry in _entries(database, "export")] == ['{"rows": 9}']


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self):
        return self.now


def test_five_failures_then_growing_delays(database):
    from desk.office.passwords import hash_password

    with database.sessions.begin() as session:  # a hash with the (cheap) test parameters
        session.scalars(select(User)).one().password_hash = hash_password(ADMIN[1])
    clock = Clock()
    for _attempt in range(4):
        with pytest.raises(LoginError, match="用户名或密码不对$"):
            authenticate(database.sessions, ADMIN[0], "wrong", clock)
    with pytest.raises(LoginError, match="30秒后"):
        authenticate(database.sessions, ADMIN[0], "wrong", clock)
    # Even the right password waits, and waiting does not add failures.
    with pytest.raises(LoginError, match="30秒后再试"):
        authenticate(database.sessions, ADMIN[0], ADMIN[1], clock)
    clock.now += dt.timedelta(seconds=31)
    with pytest.raises(LoginError, match="60秒后"):
        authenticate(database.sessions, ADMIN[0], "wrong", clock)
    clock.now += dt.timedelta(seconds=59)
    with pytest.raises(LoginError, match="1秒后再试"):
        authenticate(database.sessions, ADMIN[0], ADMIN[1], clock)
    clock.now += dt.timedelta(seconds=1)
    actor = authenticate(database.sessions, ADMIN[0], ADMIN[1], clock)
    assert "admin" in actor.roles
    failed = _entries(database, "login_failed")
    assert len(failed) == 6 and failed[-1].record_id == "admin"
    assert _entries(database, "login")[-1].user == "admin"
    # A success clears the count: a single new failure does not wait.
    with pytest.raises(LoginError, match="用户名或密码不对$"):
        authenticate(database.sessions, ADMIN[0], "wrong", clock)


def test_old_hash_parameters_are_rehashed_at_login(database):
    old = PasswordHasher(time_cost=1, memory_cost=8192).hash(ADMIN[1])
    with database.sessions.begin() as session:
        session.scalars(select(User)).one().password_hash = old
    authenticate(database.sessions, *ADMIN)
    with database.sessions() as session:
        new = session.scalars(select(User)).one().password_hash
    assert new != old and "m=65536" in new


def test_users_are_added_by_administrators_and_manage_their_passwords(database, actor):
    clerk = Actor("clerk1", "450981", frozenset({"clerk"}))
    values = {"username": "clerk1", "full_name": "陈丽华", "password": "pw-1234", "confirm": "pw-1234", "roles": "clerk"}
    with database.sessions.begin() as session:
        with pytest.raises(PermissionDenied):
            add_user(session, clerk, values)
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError) as problems:
            add_user(session, actor, {**values, "username": "x", "confirm": "other", "roles": "boss"})
    assert set(problems.value.problems) == {"username", "confirm", "roles"}
    with database.sessions.begin() as session:
        add_user(session, actor, values)
    assert authenticate(database.sessions, "clerk1", "pw-1234").roles == frozenset({"clerk"})
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError, match="原密码不对"):
            change_own_password(session, clerk, "nope", "new-pw", "new-pw")
        change_own_password(session, clerk, "pw-1234", "new-pw", "new-pw")
    authenticate(database.sessions, "clerk1", "new-pw")
    with database.sessions.begin() as session:
        with pytest.raises(PermissionDenied):
            reset_password(session, clerk, ADMIN[0], "taken-over")
        reset_password(session, actor, "clerk1", "reset-pw")
        update_user(session, actor, "clerk1", {"roles": "clerk print"})
    assert authenticate(database.sessions, "clerk1", "reset-pw").roles == frozenset({"clerk", "print"})
    with database.sessions.begin() as session:
        update_user(session, actor, "clerk1", {"active": False})
    with pytest.raises(LoginError, match="已停用"):
        authenticate(database.sessions, "clerk1", "reset-pw")
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError, match="不能取消自己"):
            update_user(session, actor, ADMIN[0], {"roles": "clerk"})


@pytest.mark.parametrize("keys,kind,expected", [
    ("clerk", audit.EXPORT, False), ("clerk export", audit.EXPORT, True), ("reviewer", audit.EXPORT, True),
    ("clerk", audit.PRINT, False), ("reviewer", audit.PRINT, True), ("admin", audit.PRINT, False),
    ("reviewer", audit.VIEW_FULL, False), ("reviewer full_ids", audit.VIEW_FULL, True),
    ("reviewer", audit.IMPORT, False), ("clerk", audit.IMPORT, True),
])
def test_exports_prints_imports_and_full_views_are_checked_then_logged(database, keys, kind, expected):
    actor = Actor("someone", "450981", frozenset(keys.split()))
    with database.sessions.begin() as session:
        if expected:
            audit.permitted_event(session, actor, kind, "relief.xlsx", {"rows": 3})
        else:
            with pytest.raises(PermissionDenied):
                audit.permitted_event(session, actor, kind, "relief.xlsx", {"rows": 3})
    assert len(_entries(database, kind)) == (1 if expected else 0)


def test_the_audit_list_masks_id_and_phone_numbers():
    from desk.security.queries import describe_detail

    text = describe_detail("edit", json.dumps({"id_number": ["450981199001011234", "45098119900101123X"],
                                               "phone": ["", "13812345678"], "name": ["王小花", "王晓花"]}))
    assert "450981199001011234" not in text and "4509**********1234" in text
    assert "138****5678" in text and "王小花 → 王晓花" in text


def test_audit_dates_are_local_days(database, actor, monkeypatch):
    import time

    from desk.db.listing import ListQuery
    from desk.security.queries import AUDIT

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        with database.sessions.begin() as session:  # 2020-03-01 23:30 in China is 15:30 UTC
            session.add(AuditEntry(at=dt.datetime(2020, 3, 1, 15, 30), user="clerk1", kind="export", detail=""))
        with database.sessions() as session:
            def count(day):
                return AUDIT.count(session, ListQuery(filters={"since": day, "until": day}))

            assert count(dt.date(2020, 3, 1)) == 1 and count(dt.date(2020, 3, 2)) == 0
            row = AUDIT.rows(session, ListQuery(filters={"user": "clerk1"}))[0]
            assert row["at_text"] == "2020-03-01 23:30:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
