"""Who sees what: the audit log masked for an administrator without a content role, reports need the print grant,
and the lockout message says the right password is refused during the wait."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desk.cli import main
from desk.core.people import SEX_FEMALE, make_id_number
from desk.office.settings import set_setting
from desk.people.service import save_person
from desk.security.delays import wait_message
from desk.security.settings import PASSWORD_CHANGE_DUE
from desk.security.users import add_user
from tests.conftest import ADMIN

NAME = "覃秀兰"
NUMBER = make_id_number("450981", dt.date(1985, 5, 6), 7, SEX_FEMALE)
PHONE = "13812345678"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    from argon2 import PasswordHasher

    from desk.office import passwords
    from desk.security import keys

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    monkeypatch.setattr(keys, "MEMORY_KIB", 8192)
    monkeypatch.setattr(keys, "TIME_COST", 1)


def run(monkeypatch, capsys, *args, user, password):
    monkeypatch.setenv("DESK_USER", user)
    monkeypatch.setenv("DESK_PASSWORD", password)
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _setup(database, actor):
    with database.sessions.begin() as session:
        save_person(session, actor, None, {"name": NAME, "id_number": NUMBER, "phone": PHONE, "village": "塘岸村",
                                           "notes": "丈夫多次殴打"})
        add_user(session, actor, {"username": "boss", "password": "pw-boss", "roles": "admin"})
        add_user(session, actor, {"username": "clerk1", "password": "pw-clerk", "roles": "clerk"})
        add_user(session, actor, {"username": "printer", "password": "pw-print", "roles": "clerk print"})
        set_setting(session, PASSWORD_CHANGE_DUE, "")  # as if each had chosen her own password already


def test_audit_list_masks_names_numbers_and_texts_for_an_admin_without_a_content_role(database, actor, monkeypatch,
                                                                                       capsys):
    _setup(database, actor)
    db = database.target
    for extra in ((), ("--json",)):
        code, out, err = run(monkeypatch, capsys, "audit", "list", "--kind", "create", *extra, "--db", db,
                             user="boss", password="pw-boss")
        assert code == 0, err
        assert NAME not in out and NUMBER not in out and PHONE not in out and "殴打" not in out
        assert "覃*兰" in out and NUMBER[:4] + "*" * 10 + NUMBER[-4:] in out and "138****5678" in out
    # A reviewer-administrator reads content: names, but numbers masked without the full-ID grant.
    code, out, err = run(monkeypatch, capsys, "audit", "list", "--json", "--kind", "create", "--db", db,
                         user=ADMIN[0], password=ADMIN[1])
    details = [json.loads(line)["detail"] for line in out.splitlines()]
    person = next(detail for detail in details if detail and detail.get("name"))
    assert person["name"] == NAME and person["id_number"] != NUMBER and person["phone"] == "138****5678"


def test_reports_need_the_print_grant(database, actor, monkeypatch, capsys, tmp_path):
    _setup(database, actor)
    db = database.target
    for command in (("summary",), ("tables",)):
        out_file = tmp_path / ("r.pdf" if command == ("summary",) else "t.xlsx")
        code, out, err = run(monkeypatch, capsys, "report", *command, "--period", "2020H1", "--out", str(out_file),
                             "--db", db, user="clerk1", password="pw-clerk")
        assert code == 1 and "没有“打印”的权限" in err and not out_file.exists()
        code, out, err = run(monkeypatch, capsys, "report", *command, "--period", "2020H1", "--out", str(out_file),
                             "--db", db, user="printer", password="pw-print")
        assert code == 0, err


def test_the_lockout_message_says_the_right_password_is_refused_too():
    assert wait_message(30) == "登录失败次数过多，请在30秒后再试，期间密码正确也不能登录"


def test_a_reviewer_cannot_change_the_rating_thresholds_from_the_command_line(database, actor, monkeypatch, capsys):
    _setup(database, actor)
    with database.sessions.begin() as session:
        add_user(session, actor, {"username": "reader", "password": "pw-read", "roles": "reviewer"})
        set_setting(session, PASSWORD_CHANGE_DUE, "")
    db = database.target
    code, out, err = run(monkeypatch, capsys, "rating-thresholds", "--excellent", "70", "--db", db,
                         user="reader", password="pw-read")
    assert code == 1 and "不能修改考核评定分数线" in err
    code, out, err = run(monkeypatch, capsys, "rating-thresholds", "--db", db, user="reader", password="pw-read")
    assert code == 0 and out.startswith("优秀：90分")  # reading them is allowed
    code, out, err = run(monkeypatch, capsys, "rating-thresholds", "--excellent", "70", "--db", db,
                         user="clerk1", password="pw-clerk")
    assert code == 0 and out.startswith("优秀：70分"), err
    code, out, err = run(monkeypatch, capsys, "audit", "list", "--json", "--kind", "setting", "--db", db,
                         user="boss", password="pw-boss")
    (entry,) = [json.loads(line) for line in out.splitlines()]
    assert entry["user"] == "clerk1"
