"""Every area's sheet: the fields of its form read from the area's own constants, its service and list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desk.awards.model import AWARDEE_KINDS, TITLE_LEVELS
from desk.awards.queries import AWARDS, TITLES
from desk.awards.service import load_award, load_title, save_award, save_title
from desk.awards.titles import resolve_title, title_text
from desk.campaigns.households import load_household_campaign, save_household_campaign
from desk.campaigns.model import EVENT_KINDS, PARTICIPANT_UNITS, TIMES_OF_DAY, Event
from desk.campaigns.queries import EVENTS, HOUSEHOLD_CAMPAIGNS
from desk.campaigns.service import load_event, save_event
from desk.core.i18n import N_
from desk.core.masking import mask_id_number, mask_name, mask_phone
from desk.core.people import SEX_FEMALE, SEX_MALE, make_id_number
from desk.office.model import LEVELS, SubOffice
from desk.office.queries import SUB_OFFICES
from desk.office.service import load_sub_office, save_sub_office
from desk.petitions.model import CATEGORIES, CHANNELS, STATUSES
from desk.petitions.queries import PETITIONS
from desk.petitions.service import load_petition, save_petition
from desk.sheets.spec import ExportColumn, SheetField, SheetSpec
from desk.training.model import KINDS, ORGANISERS, Course
from desk.training.queries import COURSES, SKILLED_WOMEN, TRAINEES
from desk.training.register import load_skilled_woman, load_trainee, save_skilled_woman, save_trainee
from desk.training.service import load_course, save_course

SEXES = {SEX_FEMALE: N_("女"), SEX_MALE: N_("男")}
_DAY = dt.date(2020, 3, 3)


def find_office(session: Session, text: str) -> str | None:
    return session.scalars(
        select(SubOffice.id).where(SubOffice.deleted.is_(False), or_(SubOffice.name == text, SubOffice.code == text))
    ).first()


def _find_course(session: Session, text: str) -> str | None:
    return session.scalars(
        select(Course.id).where(Course.deleted.is_(False), Course.name == text).order_by(Course.start_date.desc())
    ).first()


def _find_title(session: Session, text: str) -> str | None:
    return resolve_title(session, text)


def office_name(session: Session, record_id: str) -> str:
    """Return the name of a subordinate office (a ref cell of a record export)."""
    office = session.get(SubOffice, record_id)
    return office.name if office else ""


def _course_name(session: Session, record_id: str) -> str:
    course = session.get(Course, record_id)
    return course.name if course else ""


def _title_name(session: Session, record_id: str) -> str:
    return title_text(session, record_id)


def _find_event(session: Session, text: str) -> str | None:
    return session.scalars(
        select(Event.id).where(Event.deleted.is_(False), Event.title == text).order_by(Event.held_on.desc())
    ).first()


def _event_title(session: Session, record_id: str) -> str:
    event = session.get(Event, record_id)
    return event.title if event else ""


def _event(session: Session, actor: Any, values: dict[str, Any]) -> str:
    units = [{"name": name} for name in values.get("units") or ()]
    return save_event(session, actor, None, {**values, "units": units})


PERSON = (
    SheetField("name", N_("姓名"), required=True, example="王小花", mask=mask_name),
    SheetField("sex", N_("性别"), kind="choice", choices=SEXES, example=SEX_FEMALE),
    SheetField("id_number", N_("身份证号码"), example=make_id_number("450981", dt.date(1990, 1, 1), 2, SEX_FEMALE),
               aliases=("身份证号", "身份证"), mask=mask_id_number),
    SheetField("birth_date", N_("出生日期"), kind="date", example=""),
    SheetField("work_unit", N_("工作单位"), example="塘岸镇政府", aliases=("单位(村)", "单位")),
    SheetField("post", N_("职务"), example=""),
    SheetField("village", N_("所在村(社区)"), example="塘岸村", aliases=("所在村", "村(社区)")),
    SheetField("phone", N_("电话"), example="13877512345", aliases=("联系电话", "手机"), mask=mask_phone),
)

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        key="events",
        title=N_("活动"),
        fields=(
            SheetField("kind", N_("活动类型"), kind="choice", required=True, choices=EVENT_KINDS, example="signing"),
            SheetField("title", N_("活动名称"), required=True, example="廉洁清风进万家“诺廉”签名活动"),
            SheetField("theme", N_("主题或口号"), example=""),
            SheetField("held_on", N_("日期"), kind="date", required=True, example=_DAY, aliases=("活动日期",)),
            SheetField("time_of_day", N_("时段"), kind="choice", choices=TIMES_OF_DAY, example="morning"),
            SheetField("place", N_("地点"), example="永丰广场"),
            SheetField("organiser", N_("主办单位"), example="市妇联"),
            SheetField("units", N_("协办单位"), kind="list", example="市纪委、市委组织部"),
            SheetField("participants", N_("参加人数"), kind="int", example=400),
            SheetField("participant_unit", N_("人数单位"), kind="choice", choices=PARTICIPANT_UNITS, example="person"),
            SheetField("participants_more_than", N_("人数带“多”"), kind="bool", example=True),
            SheetField("target_groups", N_("参加对象"), example="机关干部"),
            SheetField("narrative", N_("活动情况"), example=""),
        ),
        save=_event,
        load=load_event,
        source=EVENTS,
        columns=(
            ExportColumn("held_on", N_("日期"), "date"),
            ExportColumn("kind", N_("类型"), "choice", EVENT_KINDS),
            ExportColumn("title", N_("活动名称"), width=40),
            ExportColumn("place", N_("地点"), width=20),
            ExportColumn("organiser", N_("主办单位"), width=20),
            ExportColumn("participants", N_("参加人数"), "int"),
            ExportColumn("participant_unit", N_("人数单位"), "choice", PARTICIPANT_UNITS),
            ExportColumn("participants_more_than", N_("人数带“多”"), "bool"),
            ExportColumn("co_organisers", N_("协办单位数"), "int"),
        ),
        defaults={"participant_unit": "person"},
    ),
    SheetSpec(
        key="household-campaigns",
        title=N_("创建活动"),
        fields=(
            SheetField("name", N_("创建活动名称"), required=True, example="“平安家庭”创建", aliases=("创建活动",)),
            SheetField("office_name", N_("单位"), example="市妇联"),
            SheetField("start_on", N_("开始日期"), kind="date", required=True, example=dt.date(2020, 1, 1)),
            SheetField("end_on", N_("结束日期"), kind="date", required=True, example=dt.date(2020, 6, 30)),
            SheetField("partner", N_("联合单位"), example="市综治办"),
            SheetField("households_total", N_("总户数"), kind="int", example=240000),
            SheetField("households_taking_part", N_("参加户数"), kind="int", example=228000),
            SheetField("households_pledged", N_("签订承诺书户数"), kind="int", example=216000, aliases=("承诺户数",)),
            SheetField("households_consolidated", N_("巩固户数"), kind="int", example=""),
            SheetField("civilised_families", N_("文明家庭"), kind="int", example=""),
            SheetField("learning_families", N_("学习型家庭"), kind="int", example=""),
            SheetField("clean_families", N_("廉洁家庭"), kind="int", example=""),
            SheetField("green_families", N_("绿色家庭"), kind="int", example=""),
            SheetField("notes", N_("备注"), example=""),
        ),
        save=lambda session, actor, values: save_household_campaign(session, actor, None, values),
        load=load_household_campaign,
        source=HOUSEHOLD_CAMPAIGNS,
        columns=(
            ExportColumn("name", N_("创建活动"), width=30),
            ExportColumn("office_name", N_("单位"), width=20),
            ExportColumn("start_on", N_("开始日期"), "date"),
            ExportColumn("end_on", N_("结束日期"), "date"),
            ExportColumn("households_total", N_("总户数"), "int"),
            ExportColumn("households_taking_part", N_("参加户数"), "int"),
            ExportColumn("coverage_rate", N_("活动面")),
            ExportColumn("households_pledged", N_("承诺户数"), "int"),
            ExportColumn("pledge_rate", N_("签约率")),
            ExportColumn("households_consolidated", N_("巩固户数"), "int"),
            ExportColumn("consolidation_rate", N_("巩固率")),
        ),
    ),
    SheetSpec(
        key="awards",
        title=N_("表彰"),
        fields=(
            SheetField("title_id", N_("荣誉称号"), kind="ref", required=True, example="三八红旗集体", resolve=_find_title,
                       show=_title_name),
            SheetField("awardee_name", N_("获奖者名称"), required=True, example="市人民医院", aliases=("获奖者",)),
            SheetField("work_unit", N_("工作单位"), example=""),
            SheetField("post", N_("职务"), example=""),
            SheetField("awarding_body", N_("授予单位"), required=True, example="自治区妇联"),
            SheetField("awarded_on", N_("授予日期"), kind="date", required=True, example=_DAY),
            SheetField("event_id", N_("颁奖活动"), kind="ref", example="", resolve=_find_event, show=_event_title),
            SheetField("received_by_office", N_("本单位获得"), kind="bool", example=False),
            SheetField("notes", N_("备注"), example=""),
        ),
        save=lambda session, actor, values: save_award(session, actor, None, values),
        load=load_award,
        source=AWARDS,
        columns=(
            ExportColumn("awarded_on", N_("授予日期"), "date"),
            ExportColumn("title", N_("荣誉称号"), width=30),
            ExportColumn("awardee_kind", N_("对象"), "choice", AWARDEE_KINDS),
            ExportColumn("awardee_name", N_("获奖者"), width=24),
            ExportColumn("work_unit", N_("工作单位"), width=20),
            ExportColumn("post", N_("职务")),
            ExportColumn("awarding_body", N_("授予单位"), width=20),
            ExportColumn("received_by_office", N_("本单位"), "bool"),
            ExportColumn("event_title", N_("颁奖活动"), width=30),
        ),
    ),
    SheetSpec(
        key="award-titles",
        title=N_("荣誉称号"),
        fields=(
            SheetField("name", N_("称号名称"), required=True, example="巾帼建功标兵"),
            SheetField("awardee_kind", N_("授予对象"), kind="choice", required=True, choices=AWARDEE_KINDS,
                       example="individual", aliases=("对象",)),
            SheetField("level", N_("级别"), kind="choice", required=True, choices=TITLE_LEVELS, example="region"),
            SheetField("notes", N_("备注"), example=""),
        ),
        save=lambda session, actor, values: save_title(session, actor, None, values),
        load=load_title,
        source=TITLES,
        columns=(
            ExportColumn("name", N_("称号名称"), width=30),
            ExportColumn("awardee_kind", N_("授予对象"), "choice", AWARDEE_KINDS),
            ExportColumn("level", N_("级别"), "choice", TITLE_LEVELS),
        ),
    ),
    SheetSpec(
        key="petitions",
        title=N_("维权信访"),
        fields=(
            SheetField("channel", N_("来源方式"), kind="choice", required=True, choices=CHANNELS, example="visit", aliases=("方式",)),
            SheetField("received_on", N_("收到日期"), kind="date", required=True, example=_DAY),
            SheetField("anonymous", N_("匿名"), kind="bool", example=False),
            SheetField("petitioner_name", N_("信访人姓名"), example="李某某", aliases=("信访人",), mask=mask_name),
            SheetField("sex", N_("性别"), kind="choice", choices=SEXES, example=SEX_FEMALE),
            SheetField("phone", N_("联系电话"), example="13877512345", aliases=("电话",), mask=mask_phone),
            SheetField("address", N_("住址"), example="", mask=lambda text: "*" * len(text or "")),
            SheetField("id_number", N_("身份证号码"), example="", aliases=("身份证号",), mask=mask_id_number),
            SheetField("people_count", N_("人数"), kind="int", example=1),
            SheetField("category", N_("问题类别"), kind="choice", required=True, choices=CATEGORIES, example="marriage", aliases=("类别",)),
            SheetField("summary", N_("反映问题"), required=True, example="反映丈夫长期不给生活费"),
            SheetField("first_receiver", N_("首问接访人"), required=True, example="黄丽"),
            SheetField("leader", N_("接访领导"), example=""),
            SheetField("status", N_("办理状态"), kind="choice", required=True, choices=STATUSES, example="received", aliases=("状态",)),
            SheetField("reply_on", N_("答复日期"), kind="date", example=""),
            SheetField("reply", N_("答复内容"), example=""),
        ),
        save=lambda session, actor, values: save_petition(session, actor, None, values),
        load=load_petition,
        source=PETITIONS,
        columns=(
            ExportColumn("received_on", N_("收到日期"), "date"),
            ExportColumn("channel", N_("方式"), "choice", CHANNELS),
            ExportColumn("petitioner", N_("信访人")),
            ExportColumn("category", N_("类别"), "choice", CATEGORIES),
            ExportColumn("status", N_("状态"), "choice", STATUSES),
            ExportColumn("overdue", N_("超期"), "bool"),
            ExportColumn("first_receiver", N_("首问接访人")),
            ExportColumn("reception_day", N_("接访日"), "bool"),
            ExportColumn("people_count", N_("人数"), "int"),
            ExportColumn("reply_on", N_("答复日期"), "date"),
        ),
        defaults={"status": "received"},
    ),
    SheetSpec(
        key="courses",
        title=N_("培训班"),
        fields=(
            SheetField("name", N_("培训班名称"), required=True, example="新型女农民种养技术培训班"),
            SheetField("kind", N_("培训类别"), kind="choice", required=True, choices=KINDS, example="farmer", aliases=("类别",)),
            SheetField("organiser", N_("举办单位"), kind="choice", required=True, choices=ORGANISERS, example="own"),
            SheetField("start_date", N_("开始日期"), kind="date", required=True, example=_DAY),
            SheetField("end_date", N_("结束日期"), kind="date", example=dt.date(2020, 3, 5)),
            SheetField("place", N_("培训地点"), example="塘岸镇", aliases=("地点",)),
            SheetField("hours", N_("学时"), kind="int", example=16),
            SheetField("teachers", N_("授课老师"), example=""),
            SheetField("base", N_("示范基地"), example=""),
            SheetField("topics", N_("培训内容"), example=""),
            SheetField("notes", N_("备注"), example=""),
        ),
        save=lambda session, actor, values: save_course(session, actor, None, values),
        load=load_course,
        source=COURSES,
        columns=(
            ExportColumn("name", N_("培训班名称"), width=30),
            ExportColumn("kind", N_("类别"), "choice", KINDS),
            ExportColumn("organiser", N_("举办单位"), "choice", ORGANISERS),
            ExportColumn("start_date", N_("开始日期"), "date"),
            ExportColumn("end_date", N_("结束日期"), "date"),
            ExportColumn("hours", N_("学时"), "int"),
            ExportColumn("trainees", N_("学员"), "int"),
            ExportColumn("place", N_("地点"), width=20),
        ),
        defaults={"organiser": "own"},
    ),
    SheetSpec(
        key="trainees",
        title=N_("学员"),
        fields=(
            SheetField("course_id", N_("培训班"), kind="ref", required=True, example="新型女农民种养技术培训班",
                       aliases=("培训班名称",), resolve=_find_course, show=_course_name),
            *PERSON,
            SheetField("finished", N_("已结业"), kind="bool", example=True, aliases=("结业",)),
        ),
        save=lambda session, actor, values: save_trainee(session, actor, None, values),
        load=load_trainee,
        source=TRAINEES,
        columns=(
            ExportColumn("name", N_("姓名")),
            ExportColumn("sex", N_("性别"), "choice", SEXES),
            ExportColumn("id_number", N_("身份证号码"), width=22),
            ExportColumn("work_unit", N_("单位(村)"), width=20),
            ExportColumn("phone", N_("电话")),
            ExportColumn("course_name", N_("培训班"), width=30),
            ExportColumn("start_date", N_("开始日期"), "date"),
            ExportColumn("finished", N_("结业"), "bool"),
        ),
    ),
    SheetSpec(
        key="skilled_women",
        title=N_("女能手"),
        fields=(
            *PERSON,
            SheetField("trade", N_("技能专长"), required=True, example="百香果种植"),
            SheetField("association_member", N_("女能手协会会员"), kind="bool", example=True, aliases=("协会会员",)),
            SheetField("registered_on", N_("登记日期"), kind="date", required=True, example=_DAY),
            SheetField("skill_notes", N_("备注"), example=""),
        ),
        save=lambda session, actor, values: save_skilled_woman(session, actor, None, values),
        load=load_skilled_woman,
        source=SKILLED_WOMEN,
        columns=(
            ExportColumn("name", N_("姓名")),
            ExportColumn("id_number", N_("身份证号码"), width=22),
            ExportColumn("village", N_("所在村(社区)"), width=20),
            ExportColumn("phone", N_("电话")),
            ExportColumn("trade", N_("技能专长"), width=20),
            ExportColumn("association_member", N_("协会会员"), "bool"),
            ExportColumn("registered_on", N_("登记日期"), "date"),
        ),
        defaults={"sex": SEX_FEMALE},
    ),
    SheetSpec(
        key="offices",
        title=N_("下级组织"),
        fields=(
            SheetField("name", N_("名称"), required=True, example="塘岸镇妇联"),
            SheetField("code", N_("代码"), required=True, example="450981101"),
            SheetField("level", N_("层级"), kind="choice", required=True, choices=LEVELS, example="town"),
            SheetField("parent_id", N_("上级组织"), kind="ref", example="", resolve=find_office, show=office_name),
            SheetField("contact_person", N_("联系人"), example="黄丽"),
            SheetField("phone", N_("联系电话"), example="0775-6512018"),
            SheetField("notes", N_("备注"), example=""),
        ),
        save=lambda session, actor, values: save_sub_office(session, actor, None, values),
        load=load_sub_office,
        source=SUB_OFFICES,
        columns=(
            ExportColumn("name", N_("名称"), width=24),
            ExportColumn("code", N_("代码"), width=16),
            ExportColumn("level", N_("层级"), "choice", LEVELS),
            ExportColumn("parent_name", N_("上级组织"), width=24),
            ExportColumn("contact_person", N_("联系人")),
            ExportColumn("phone", N_("联系电话"), width=16),
        ),
    ),
)


def sheet_specs() -> dict[str, SheetSpec]:
    """Return every sheet by key, in the order the screen offers them."""
    from desk.sheets.relief_org import SHEETS as MORE

    return {spec.key: spec for spec in (*SHEETS, *MORE)}
