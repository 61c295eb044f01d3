"""Proof by typing: a small office's half year entered through the screens by keyboard alone.

Every key goes to whatever has focus (tests/keyboard.py), Chinese arrives as input-method
commits, and no mouse event happens.  At the end the database must hold exactly what was
typed, and the keystrokes must be no more than typing the same rows into a spreadsheet (one
keystroke per character plus one Tab or Enter per cell).  README quotes the counts printed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from desk.awards.model import Award
from desk.campaigns.model import Event, EventLeader, EventUnit
from desk.core.people import make_id_number
from desk.people.model import Person
from desk.petitions.model import Petition, PetitionStep
from desk.relief.model import Beneficiary, ReliefVisit, StipendBatch, StipendLine, VisitGoods
from desk.training.model import Attendance, Course
from tests.keyboard import Keyboard
from ui.awards.screen import make_screen as make_awards
from ui.campaigns.screen import make_screen as make_campaigns
from ui.petitions.screen import make_screen as make_petitions
from ui.relief.screen import make_screen as make_relief
from ui.training.screen import make_screen as make_training

CTRL = Qt.KeyboardModifier.ControlModifier
CLOCK = lambda: dt.date(2020, 6, 30)  # noqa: E731
NAMES = ("王小花 李桂兰 陈秀英 黄美玲 刘春燕 张丽娟 杨玉梅 赵红霞 周凤英 吴海燕 徐金莲 孙晓梅 马翠兰 朱雪芳 胡艳红 "
         "郭小燕 何秀兰 林春梅 罗桂芳 梁月娥 韦小英 庞玉兰 覃春花 钟美兰 蒙秀珍 莫丽萍 邓金凤 彭小玲 苏秀云 谭月华").split()
VILLAGES = ("塘岸镇独竹村", "民乐镇罗政村", "新圩镇平安村", "大里镇木棉村", "山围镇垌心村")
CATEGORIES = (("hy", "marriage", "婚姻家庭"), ("jt", "violence", "家庭暴力"), ("ld", "labour", "劳动就业"),
              ("zn", "children", "子女抚养"), ("rs", "person", "人身权利"))


class Sheet:
    """Counts what typing the same rows into a spreadsheet takes: each character, plus Tab/Enter per cell."""

    def __init__(self) -> None:
        self.keystrokes = 0

    def row(self, *cells: object) -> None:
        for cell in cells:
            self.keystrokes += len("" if cell is None else str(cell)) + 1


class MouseWatch(QObject):
    """Counts every mouse event the application sees."""

    KINDS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
             QEvent.Type.Wheel}

    def __init__(self) -> None:
        super().__init__()
        self.events = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in self.KINDS:
            self.events += 1
        return False


def show(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def saved(screen) -> bool:
    """Return whether the last save went through; name the problems when not."""
    if screen.status_label.text() == "已保存":
        return True
    form = screen.form
    raise AssertionError({key: form.problem_text(key) for key in form.editors if form.problem_text(key)} or screen.status_label.text())


def day(month: int, number: int) -> dt.date:
    return dt.date(2020, month, number)


def typed_date(date: dt.date) -> str:
    return date.strftime("%Y%m%d")  # the date editor moves on by itself after each part


def grid_rows(keys: Keyboard, rows: Sequence[Sequence[str]]) -> None:
    """Type lines into a grid: each cell then Enter; Enter on the empty row after the last leaves it."""
    for row in rows:
        for cell in row:
            keys.field(cell)
    keys.enter()


def petitions_data() -> list[dict]:
    rows = []
    for n in range(20):
        received = day(1 + n % 6, 2 + (n * 3) % 12)  # never the 15th, the leader reception day
        category = CATEGORIES[n % len(CATEGORIES)]
        steps = [(received + dt.timedelta(days=1), "zj", "referred", "李秀梅", ("县司法局", "市公安局")[n % 2],
                  "转交调解处理")]
        if n % 3 == 0:
            steps.append((received + dt.timedelta(days=4), "zf", "visit", "陈雪芳", "", "走访核实情况属实"))
        reply_on = received + dt.timedelta(days=9) if n % 4 != 3 else None
        rows.append({
            "channel": ("", "visit", "来访") if n % 2 == 0 else ("ld", "call", "来电"),
            "received_on": received,
            "name": NAMES[n],
            "phone": f"1380775{1000 + n:04d}",
            "address": VILLAGES[n % len(VILLAGES)],
            "category": category,
            "summary": f"{NAMES[n]}反映{category[2]}问题请求妇联帮助",
            "receiver": ("李秀梅", "陈雪芳")[n % 2],
            "steps": steps,
            "reply_on": reply_on,
            "reply": "已协调有关单位处理，当事人表示满意" if reply_on else "",
        })
    return rows


def type_petitions(qtbot, context, keys: Keyboard, sheet: Sheet, data: list[dict]) -> None:
    screen = show(qtbot, make_petitions(context, CLOCK))
    screen.form.focus_first()
    for p in data:
        keys.press(Qt.Key.Key_N, CTRL)
        keys.field(p["channel"][0])  # 来访 is already chosen: Enter keeps it
        keys.field(typed_date(p["received_on"]))
        keys.enter()  # not anonymous
        keys.field(p["name"])
        keys.field("n")  # 女
        keys.field(p["phone"])
        keys.field(p["address"])
        keys.enter()  # no ID number
        keys.enter()  # one person
        keys.field(p["category"][0])
        keys.field(p["summary"])
        keys.field(p["receiver"])
        keys.enter()  # no leader
        grid_rows(keys, [(step[0].isoformat(), step[1], step[3], step[4], step[5]) for step in p["steps"]])
        keys.enter()  # the status follows from steps and reply
        keys.field(typed_date(p["reply_on"]) if p["reply_on"] else "")
        keys.field(p["reply"])  # Enter in the last field lands on the save button
        keys.enter()  # which saves
        assert saved(screen)
        sheet.row(p["channel"][2], p["received_on"].isoformat(), "", p["name"], "女", p["phone"], p["address"], "", 1,
                  p["category"][2], p["summary"], p["receiver"], "", "", p["reply_on"] or "", p["reply"])
        for step in p["steps"]:
            sheet.row(p["name"], step[0].isoformat(), {"referred": "转交有关单位", "visit": "走访核实"}[step[2]],
                      step[3], step[4], step[5])
    screen.close()


def events_data() -> list[dict]:
    kinds = (("", "themed", "主题活动"), ("jr", "festival", "节日活动"), ("pf", "law_publicity", "普法宣传"),
             ("座谈", "forum", "座谈会"), ("wy", "gala", "文艺晚会"))
    return [{
        "kind": kinds[n],
        "title": title,
        "held_on": day(n + 2, 8),
        "place": VILLAGES[n],
        "organiser": "北流市妇女联合会",
        "units": [("市司法局",), ("市卫生健康局",)][: 1 + n % 2],
        "leaders": [("黄秀英", "市妇联主席"), ("陈丽华", "副市长")][: 1 + (n + 1) % 2],
        "participants": str(200 + 50 * n),
        "narrative": f"{title}在{VILLAGES[n]}举行，群众踊跃参加",
    } for n, title in enumerate(("巾帼心向党奋进新征程", "三八节游园活动", "民法典进村入户宣传", "留守妇女座谈会", "庆六一文艺汇演"))]


def type_events(qtbot, context, keys: Keyboard, sheet: Sheet, data: list[dict]) -> None:
    tabs = show(qtbot, make_campaigns(context))
    tabs.current.form.focus_first()
    for e in data:
        keys.press(Qt.Key.Key_N, CTRL)
        keys.field(e["kind"][0])
        keys.field(e["title"])
        keys.enter()  # no slogan
        keys.field(typed_date(e["held_on"]))
        keys.field("sw")  # 上午
        keys.field(e["place"])
        keys.field(e["organiser"])
        grid_rows(keys, e["units"])
        grid_rows(keys, e["leaders"])
        keys.field(e["participants"])
        keys.enter()  # 人
        keys.enter()  # no "more than"
        keys.enter()  # no target groups
        keys.type(e["narrative"])
        keys.press(Qt.Key.Key_S, CTRL)
        assert saved(tabs.current)
        sheet.row(e["kind"][2], e["title"], "", e["held_on"].isoformat(), "上午", e["place"], e["organiser"],
                  e["participants"], "人", "", "", e["narrative"])
        for unit in e["units"]:
            sheet.row(e["title"], *unit)
        for leader in e["leaders"]:
            sheet.row(e["title"], *leader)
    tabs.close()


def type_relief(qtbot, context, keys: Keyboard, sheet: Sheet) -> dict:
    relief = show(qtbot, make_relief(context))
    relief.visits.form.focus_first()
    visit = {"title": "六一慰问塘岸镇留守儿童", "goods": [("书包", "30", "个", "1500"), ("牛奶", "10", "箱", "600.5")]}
    keys.press(Qt.Key.Key_N, CTRL)
    keys.field("20200601")
    keys.field("ly")  # 六一
    keys.field(visit["title"])
    keys.field("塘岸镇独竹村")
    grid_rows(keys, [("黄秀英", "市妇联主席")])
    grid_rows(keys, [("塘岸镇妇联",)])
    grid_rows(keys, [("ls", "30")])  # 留守儿童, 30
    grid_rows(keys, visit["goods"])
    keys.type("3000")
    keys.press(Qt.Key.Key_S, CTRL)
    assert saved(relief.visits)
    sheet.row("2020-06-01", "六一", visit["title"], "塘岸镇独竹村", "3000")
    for row in (("黄秀英", "市妇联主席"), ("塘岸镇妇联",), ("留守儿童", "30"), *visit["goods"]):
        sheet.row(visit["title"], *row)

    keys.press(Qt.Key.Key_PageDown, CTRL)  # the beneficiary register
    assert relief.currentWidget() is relief.beneficiaries
    for n, name in enumerate(NAMES):
        keys.press(Qt.Key.Key_N, CTRL)
        keys.field(name)
        keys.enter(times=5)  # no ID number; 女; no birth date; 春蕾女童; no guardian
        keys.enter()  # no phone
        keys.field(VILLAGES[n % len(VILLAGES)])
        keys.enter()  # no address
        keys.type("北流市第三初级中学")
        keys.press(Qt.Key.Key_S, CTRL)
        assert saved(relief.beneficiaries)
        sheet.row(name, "", "女", "", "春蕾女童", "", "", VILLAGES[n % len(VILLAGES)], "", "北流市第三初级中学")

    keys.press(Qt.Key.Key_PageDown, CTRL)  # stipend batches
    assert relief.currentWidget() is relief.stipends
    keys.press(Qt.Key.Key_N, CTRL)
    keys.field("春蕾计划扶助款")
    keys.field("20200520")
    keys.field("春蕾计划社会募捐")
    lines = [(name, str(500 + 100 * (n % 3))) for n, name in enumerate(NAMES)]
    grid_rows(keys, lines)
    keys.press(Qt.Key.Key_S, CTRL)
    assert saved(relief.stipends)
    sheet.row("春蕾计划扶助款", "2020-05-20", "春蕾计划社会募捐")
    for line in lines:
        sheet.row("春蕾计划扶助款", *line)
    relief.close()
    return {"visit": visit, "lines": lines}


def trainees_data() -> list[tuple[str, str, str, str]]:
    return [(NAMES[n], make_id_number("450981", dt.date(1980, 3, 1 + n), n, "F"), VILLAGES[n % 5], f"1397753{n:04d}")
            for n in range(15)]


def type_course(qtbot, context, keys: Keyboard, sheet: Sheet, trainees) -> None:
    training = show(qtbot, make_training(context))
    training.courses.form.focus_first()
    keys.press(Qt.Key.Key_N, CTRL)
    keys.field("新型女农民种养技术培训班")
    keys.enter(times=2)  # 新型女农民培训, 本会举办
    keys.field("20200421")
    keys.field("20200423")
    keys.field("塘岸镇")
    keys.field("18")
    keys.field("覃海燕")
    keys.enter()  # no base
    keys.field("沃柑种植与病虫害防治")
    grid_rows(keys, [(name, "n", number, unit, phone, "s") for name, number, unit, phone in trainees])
    keys.press(Qt.Key.Key_S, CTRL)
    assert saved(training.courses)
    sheet.row("新型女农民种养技术培训班", "新型女农民培训", "本会举办", "2020-04-21", "2020-04-23", "塘岸镇", "18", "覃海燕", "",
              "沃柑种植与病虫害防治")
    for name, number, unit, phone in trainees:
        sheet.row(name, "女", number, unit, phone, "是")
    training.close()


AWARDS = (("ssbhqs", "市三八红旗手", "黄秀英", "北流市妇联"), ("sjgwmg", "市巾帼文明岗", "北流市人民医院妇产科", ""),
          ("syxfngzz", "市优秀妇女工作者", "陈丽华", "塘岸镇妇联"), ("sxjjt", "市先进集体", "民乐镇妇联", ""),
          ("sjgjgbb", "市巾帼建功标兵", "莫丽萍", "北流市第三初级中学"))


def type_awards(qtbot, context, keys: Keyboard, sheet: Sheet) -> None:
    awards = show(qtbot, make_awards(context))
    awards.awards.form.focus_first()
    for initials, title, name, unit in AWARDS:
        keys.press(Qt.Key.Key_N, CTRL)
        keys.field(initials)
        keys.field(name)
        keys.field(unit)
        keys.enter()  # no post
        keys.field("北流市妇女联合会")
        keys.type("20200308")
        keys.press(Qt.Key.Key_S, CTRL)
        assert saved(awards.awards)
        sheet.row(title, name, unit, "", "北流市妇女联合会", "2020-03-08")
    awards.close()


def test_a_half_year_typed_by_keyboard_alone_is_exactly_what_the_database_holds(qtbot, context):
    keys, sheet, mouse = Keyboard(), Sheet(), MouseWatch()
    QApplication.instance().installEventFilter(mouse)
    petitions, events, trainees = petitions_data(), events_data(), trainees_data()
    try:
        type_petitions(qtbot, context, keys, sheet, petitions)
        type_events(qtbot, context, keys, sheet, events)
        relief = type_relief(qtbot, context, keys, sheet)
        type_course(qtbot, context, keys, sheet, trainees)
        type_awards(qtbot, context, keys, sheet)
    finally:
        QApplication.instance().removeEventFilter(mouse)

    with context.sessions() as s:
        stored = s.scalars(select(Petition).order_by(Petition.petitioner_name)).all()
        assert len(stored) == 20
        by_name = {p.petitioner_name: p for p in stored}
        for p in petitions:
            row = by_name[p["name"]]
            assert (row.channel, row.received_on, row.sex, row.phone, row.address, row.category, row.summary,
                    row.first_receiver, row.reply_on, row.reply or "") == (
                p["channel"][1], p["received_on"], "F", p["phone"], p["address"], p["category"][1], p["summary"],
                p["receiver"], p["reply_on"], p["reply"])
            steps = s.scalars(select(PetitionStep).where(PetitionStep.petition_id == row.id)
                              .order_by(PetitionStep.step_on)).all()
            assert [(t.step_on, t.action, t.handler, t.unit or "", t.notes) for t in steps] == [
                (step[0], step[2], step[3], step[4], step[5]) for step in p["steps"]]

        stored_events = {e.title: e for e in s.scalars(select(Event))}
        assert len(stored_events) == 5
        for e in events:
            row = stored_events[e["title"]]
            assert (row.kind, row.held_on, row.time_of_day, row.place, row.organiser, str(row.participants),
                    row.narrative) == (e["kind"][1], e["held_on"], "morning", e["place"], e["organiser"],
                                       e["participants"], e["narrative"])
            units = s.scalars(select(EventUnit.name).where(EventUnit.event_id == row.id, EventUnit.deleted.is_(False))).all()
            leaders = s.execute(select(EventLeader.name, EventLeader.post)
                                .where(EventLeader.event_id == row.id, EventLeader.deleted.is_(False))).all()
            assert sorted(units) == sorted(unit for (unit,) in e["units"])
            assert sorted(map(tuple, leaders)) == sorted(e["leaders"])

        visit = s.scalars(select(ReliefVisit)).one()
        assert (visit.visit_date, visit.occasion, visit.title, visit.places, visit.cash_fen) == (
            day(6, 1), "children_day", relief["visit"]["title"], "塘岸镇独竹村", 300_000)
        goods = s.execute(select(VisitGoods.item, VisitGoods.quantity, VisitGoods.unit, VisitGoods.value_fen)
                          .where(VisitGoods.visit_id == visit.id)).all()
        assert sorted(map(tuple, goods)) == [("书包", 30, "个", 150_000), ("牛奶", 10, "箱", 60_050)]

        people = dict(s.execute(select(Beneficiary.id, Person.name).join(Person, Person.id == Beneficiary.person_id)).all())
        assert sorted(people.values()) == sorted(NAMES)
        schools = s.execute(select(Person.village, Beneficiary.school).join(Person, Person.id == Beneficiary.person_id)).all()
        assert sorted(map(tuple, schools)) == sorted((VILLAGES[n % 5], "北流市第三初级中学") for n in range(len(NAMES)))
        batch = s.scalars(select(StipendBatch)).one()
        assert (batch.programme, batch.pay_date, batch.fund_source) == ("春蕾计划扶助款", day(5, 20), "春蕾计划社会募捐")
        lines = s.execute(select(StipendLine.beneficiary_id, StipendLine.amount_fen).where(StipendLine.batch_id == batch.id)).all()
        assert sorted((people[b], amount) for b, amount in lines) == sorted(
            (name, int(amount) * 100) for name, amount in relief["lines"])

        course = s.scalars(select(Course)).one()
        assert (course.name, course.start_date, course.end_date, course.place, course.hours, course.teachers, course.topics) == (
            "新型女农民种养技术培训班", day(4, 21), day(4, 23), "塘岸镇", 18, "覃海燕", "沃柑种植与病虫害防治")
        enrolled = s.execute(select(Person.name, Person.id_number, Person.work_unit, Person.phone)
                             .join(Attendance, Attendance.person_id == Person.id)
                             .where(Attendance.course_id == course.id, Attendance.finished.is_(True))).all()
        assert sorted(map(tuple, enrolled)) == sorted(trainees)

        stored_awards = {a.awardee_name: a for a in s.scalars(select(Award))}
        assert len(stored_awards) == 5
        for _initials, _title, name, unit in AWARDS:
            assert (stored_awards[name].work_unit or "", stored_awards[name].awarded_on) == (unit, day(3, 8))

    assert mouse.events == 0
    print(f"\nkeystrokes: program {keys.keystrokes}, spreadsheet {sheet.keystrokes}")
    assert keys.keystrokes <= sheet.keystrokes
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"**{keys.keystrokes} keystrokes**" in readme and f"**{sheet.keystrokes}**" in readme, "update README's counts"
