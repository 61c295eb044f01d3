"""Choices that grow without bound cost the same to open with 300,000 rows as with 3.

Each kind (units, leaders, beneficiaries, petition receivers, events, courses) is filled with 3 rows, the
screens that offer it are opened (every tab's empty form, and a saved record naming one row), then
the table is filled to 300,000 rows and the same screens are opened again.  With the old drop-downs
of every row the second opening took seconds (300,000 combo items, or a scan of every petition);
now the forms hold no list longer than one search's matches and the time stays the same.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QComboBox, QWidget

from desk.db.lookup import LIMIT
from desk.relief.stipends import save_batch
from ui.common.grid import LineGrid
from ui.common.record_screen import RecordScreen

ROWS = 300_000
STAMP = "'450981', '2020-01-01 00:00:00', 'admin', '2020-01-01 00:00:00', 'admin', 1, 0"
TRAVEL = "id, origin_office, created_at, created_by, updated_at, updated_by, revision, deleted"

# kind -> statements filling rows n = :first .. :last (SQLite's recursive CTE: a second or two for 300,000)
FILL = {
    "units": [f"INSERT INTO directory_unit (name, kind, {TRAVEL}) SELECT '测试单位' || n, '', 'u-' || n, {STAMP} FROM n"],
    "leaders": [f"INSERT INTO directory_leader (name, post, {TRAVEL}) SELECT '测试领导' || n, '主任', 'l-' || n, {STAMP} FROM n"],
    "beneficiaries": [
        f"INSERT INTO person (name, sex, phone, address, work_unit, post, village, notes, search_key, {TRAVEL}) "
        f"SELECT '受助' || n, 'F', '', '', '', '', '', '', 'sz' || n, 'p-' || n, {STAMP} FROM n",
        f'INSERT INTO relief_beneficiary (person_id, guardian, school, grade, "group", notes, {TRAVEL}) '
        f"SELECT 'p-' || n, '', '', '', 'spring_bud', '', 'b-' || n, {STAMP} FROM n",
    ],
    "receivers": [
        "INSERT INTO petition (channel, received_on, anonymous, petitioner_name, sex, phone, address, people_count, "
        f"category, summary, first_receiver, reception_day, leader, status, reply, search_key, {TRAVEL}) "
        "SELECT 'visit', '2020-03-02', 0, '来访人' || n, 'F', '', '', 1, 'marriage', '反映家庭矛盾', "
        f"'接访人' || n, 0, '', 'received', '', '', 'pt-' || n, {STAMP} FROM n"
    ],
    "events": [
        "INSERT INTO campaign_event (kind, title, theme, held_on, time_of_day, place, organiser, participant_unit, "
        f"participants_more_than, target_groups, narrative, search_key, {TRAVEL}) "
        "SELECT 'forum', '测试活动' || n, '', '2020-03-08', '', '会议室', '市妇联', 'person', 0, '', '', '', "
        f"'e-' || n, {STAMP} FROM n"
    ],
    "courses": [
        "INSERT INTO training_course (name, kind, organiser, start_date, place, hours, teachers, topics, base, notes, "
        f"search_key, {TRAVEL}) SELECT '测试培训班' || n, 'cadre', 'own', date('2020-06-30', '-' || n || ' days'), "
        f"'', 8, '', '', '', '', '', 'c-' || n, {STAMP} FROM n"
    ],
}


def fill(context, kind: str, first: int, last: int) -> None:
    with context.database.engine.begin() as connection:
        for statement in FILL[kind]:
            connection.exec_driver_sql(
                "WITH RECURSIVE n(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM n WHERE n < ?) " + statement, (first, last)
            )


def _screens() -> dict[str, list[Callable]]:
    from ui.awards.screen import make_screen as awards
    from ui.campaigns.screen import make_screen as campaigns
    from ui.organisation.screen import make_screen as organisation
    from ui.petitions.screen import make_screen as petitions
    from ui.relief.screen import make_screen as relief
    from ui.training.screen import make_screen as training

    return {
        "units": [awards, campaigns, organisation, petitions, relief],
        "leaders": [campaigns, organisation, petitions, relief],
        "beneficiaries": [relief],
        "receivers": [petitions],
        "events": [awards],
        "courses": [training],
    }


def saved_record(context, kind: str) -> tuple[str, str] | None:
    """Save a record naming one row of ``kind`` (its form reads that row's label): (screen key, id)."""
    if kind != "beneficiaries":
        return None
    with context.sessions.begin() as session:
        batch = save_batch(session, context.actor, None, {
            "programme": "春蕾计划扶助款", "pay_date": dt.date(2020, 5, 20), "fund_source": "社会募捐",
            "lines": [{"beneficiary_id": "b-2", "amount_fen": 50_000}],
        })
    return "stipends", batch


def open_forms(pages: list[RecordScreen], record) -> float:
    """Open every tab's empty form (and the saved record) as 新建 and a click in the list do; return the seconds."""
    started = time.perf_counter()
    for page in pages:
        page.new_record(ask=False)
        if record is not None and page.spec.key == record[0]:
            page.open_record(record[1])
            assert page.editing_id == record[1]
    return time.perf_counter() - started


def assert_no_long_lists(screen: QWidget) -> None:
    """No drop-down and no grid column of the forms holds more than one search's matches."""
    for combo in screen.findChildren(QComboBox):
        assert combo.count() <= LIMIT + 30, f"{combo.objectName()} holds {combo.count()} items"
    for grid in screen.findChildren(LineGrid):
        for key, choices in grid.column_choices.items():
            assert len(choices) <= LIMIT + 30, f"grid column {key} holds {len(choices)} choices"


@pytest.mark.parametrize("kind", list(FILL))
def test_a_form_costs_the_same_with_300000_rows_as_with_3(qtbot, context, kind):
    fill(context, kind, 1, 3)
    record = saved_record(context, kind)
    screens = [factory(context) for factory in _screens()[kind]]  # their lists are issue 24's, not timed here
    for screen in screens:
        qtbot.addWidget(screen)
    pages = [page for screen in screens for page in screen.findChildren(RecordScreen)]
    small = min(open_forms(pages, record) for _ in range(3))
    fill(context, kind, 4, ROWS)
    large = min(open_forms(pages, record) for _ in range(3))
    for screen in screens:
        assert_no_long_lists(screen)
    # The old drop-downs took seconds here (for units: 300,000 items in each of a dozen combos).
    assert large <= 1.5 * small + 0.1, f"{kind}: {large:.3f} s with {ROWS:,} rows, {small:.3f} s with 3"
    if record is not None:
        page = next(page for page in pages if page.spec.key == record[0])
        assert page.form.editor("lines").item(0, 0).text() == "受助2"  # the line's beneficiary, read by id
