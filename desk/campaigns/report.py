"""The campaigns area's part of the reports: events and household campaigns in the summary, a table and home figures."""

from __future__ import annotations

from sqlalchemy import ColumnElement, SQLColumnExpression, func, select
from sqlalchemy.orm import Session

from desk.campaigns.model import EVENT_KINDS, TIMES_OF_DAY, Event, EventUnit, HouseholdCampaign
from desk.campaigns.stats import _KIND_FIELDS, EventStats, HouseholdStats, event_stats, household_stats
from desk.core.i18n import N_, NP_, _
from desk.core.periods import Period
from desk.db.scan import unindexed
from desk.office.scope import Scope
from desk.office.voice import office_voice
from desk.reports.compare import change_clause, same_period_last_year
from desk.reports.numbers import about, households, percent
from desk.reports.registry import ReportRegistry
from desk.reports.sections import Figure
from desk.reports.tables import StatTable, office_rows

NOTABLE_EVENTS = 3  # the largest events of the period are named in the summary
_VERBS = {"commendation": N_("召开"), "meeting": N_("召开"), "forum": N_("召开"), "gala": NP_("event verb", "举办")}


def _scoped(column: SQLColumnExpression[str], scope: Scope) -> list[ColumnElement[bool]]:
    return [column.in_(sorted(scope.codes))] if scope.codes is not None else []


def participants_text(count: int, unit: str, more_than: bool) -> str:
    """Return a participant count as a summary writes it: 400多名妇女, 1200人次."""
    number = _("{count}多").format(count=count) if more_than else str(count)
    if unit == "person_time":
        return _("{count}人次").format(count=number)
    return _("{count}名妇女").format(count=number)


def _kinds_sentence(session: Session, stats: EventStats, period: Period, scope: Scope) -> str:
    parts = [
        _("{kind}{count}场").format(kind=_(EVENT_KINDS[kind]), count=getattr(stats, field))
        for kind, field in _KIND_FIELDS.items() if getattr(stats, field) and kind != "other"
    ]
    among = _("，其中{parts}").format(parts="、".join(parts)) if parts else ""
    before = event_stats(session, same_period_last_year(period), scope).events
    return _("{span}{us}妇联共组织开展各类活动{count}场{change}{among}。").format(
        span=period.span_word, us=office_voice(session).self_name, count=stats.events,
        change=change_clause(stats.events, before, _("场")), among=among)


def notable_event_sentences(session: Session, period: Period, scope: Scope, limit: int = NOTABLE_EVENTS) -> list[str]:
    """Return one sentence for each of the period's largest events: 3月3日上午，联合市纪委等单位在永丰广场举行了400多名妇女参加的……"""
    # The largest events first, then the units of those few.  With offices named, the summary index
    # (origin office first, covering the columns read here) serves it without reading the event rows;
    # SQLite would otherwise take the period index and read every event of the period.
    column = unindexed if scope.codes is not None else (lambda value: value)
    where = [column(Event.deleted).is_(False), column(Event.held_on).between(period.start, period.end),
             Event.participants > 0, Event.kind != "law_publicity", *_scoped(Event.origin_office, scope)]
    largest = (select(Event.id).where(*where).order_by(Event.participants.desc(), Event.held_on).limit(limit)
               .scalar_subquery())
    live_unit = EventUnit.deleted.is_(False)
    units = select(func.count(EventUnit.id)).where(EventUnit.event_id == Event.id, live_unit).scalar_subquery()
    first_unit = (
        select(EventUnit.name).where(EventUnit.event_id == Event.id, live_unit)
        .order_by(EventUnit.position).limit(1).scalar_subquery()
    )
    rows = session.execute(
        select(Event.kind, Event.title, Event.held_on, Event.time_of_day, Event.place, Event.participants,
               Event.participant_unit, Event.participants_more_than, units.label("units"), first_unit.label("unit"))
        .where(Event.id.in_(largest)).order_by(Event.participants.desc(), Event.held_on)
    ).all()
    sentences = []
    for row in sorted(rows, key=lambda r: r.held_on):
        together = ""
        if row.units == 1:
            together = _("联合{unit}").format(unit=row.unit)
        elif row.units:
            together = _("联合{unit}等单位").format(unit=row.unit)
        place = _("在{place}").format(place=row.place) if row.place else ""
        who = participants_text(row.participants, row.participant_unit, row.participants_more_than)
        time = _(TIMES_OF_DAY[row.time_of_day]) if row.time_of_day in TIMES_OF_DAY else ""
        verb = _(_VERBS.get(row.kind, N_("举行了")))
        sentences.append(_("{month}月{day}日{time}，{together}{place}{verb}{who}参加的{title}。").format(
            month=row.held_on.month, day=row.held_on.day, time=time, together=together, place=place,
            verb=verb, who=who, title=row.title))
    return sentences


def event_sentences(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the festivals section's opening: how many events of each kind, then the largest ones."""
    stats = event_stats(session, period, scope)
    if not stats.events:
        return []
    return [_kinds_sentence(session, stats, period, scope), *notable_event_sentences(session, period, scope)]


def _campaign_name(session: Session, period: Period, scope: Scope) -> str:
    names = session.scalars(
        select(HouseholdCampaign.name).where(
            HouseholdCampaign.deleted.is_(False), HouseholdCampaign.start_on <= period.end,
            HouseholdCampaign.end_on >= period.start, *_scoped(HouseholdCampaign.origin_office, scope),
        ).order_by(HouseholdCampaign.start_on).limit(2)
    ).all()
    if len(names) == 1:
        return names[0]
    return _("{name}等活动").format(name=names[0]) if names else ""


def household_sentences(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the seed's household sentence: 全市参加……228000多户，活动面达95%，签订家庭承诺书196800户，占总户数24万户的82%……

    全市 is this office's whole area (全县, 全街道 ...).
    """
    stats = household_stats(session, period, scope)
    if not stats.households_taking_part:
        return []
    parts = [_("{whole}参加{name}{count}户").format(whole=office_voice(session).whole, name=_campaign_name(session, period, scope),
                                                   count=about(stats.households_taking_part))]
    if stats.households_total:
        parts.append(_("活动面达{rate}").format(rate=percent(stats.households_taking_part, stats.households_total)))
    if stats.households_pledged:
        pledged = _("签订家庭承诺书{count}").format(count=households(stats.households_pledged))
        if stats.households_total:
            pledged += _("，占总户数{total}的{rate}").format(
                total=households(stats.households_total), rate=percent(stats.households_pledged, stats.households_total))
        parts.append(pledged)
    if stats.households_consolidated:
        parts.append(_("活动巩固率达{rate}").format(rate=percent(stats.households_consolidated, stats.households_taking_part)))
    return ["，".join(parts) + "。"]


def family_sentences(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the families honoured in household campaigns: 评选出文明家庭20户、学习型家庭10户……"""
    stats = household_stats(session, period, scope)
    kinds = ((N_("文明家庭"), stats.civilised_families), (N_("学习型家庭"), stats.learning_families),
             (N_("廉洁家庭"), stats.clean_families), (N_("绿色家庭"), stats.green_families))
    parts = [_("{kind}{count}").format(kind=_(kind), count=households(count)) for kind, count in kinds if count]
    if not parts:
        return []
    return [_("{span}{whole}评选出{parts}。").format(span=period.span_word, whole=office_voice(session).whole,
                                                   parts="、".join(parts))]


EVENT_HEADERS = (N_("单位"), N_("活动总数（场）"), N_("节日活动"), N_("主题活动"), N_("会议"), N_("表彰大会"), N_("座谈会"),
                 N_("文艺晚会"), N_("签名活动"), N_("普法宣传"), N_("其他"), N_("参加人数"))
HOUSEHOLD_HEADERS = (N_("单位"), N_("创建活动（项）"), N_("参加户数"), N_("签订承诺书户数"), N_("总户数"), N_("巩固户数"))


def _event_row(stats: EventStats) -> tuple[int, ...]:
    return (stats.events, *(getattr(stats, field) for field in _KIND_FIELDS.values()), stats.participants)


def _household_row(stats: HouseholdStats) -> tuple[int, ...]:
    return (stats.campaigns, stats.households_taking_part, stats.households_pledged, stats.households_total,
            stats.households_consolidated)


def event_table(session: Session, period: Period, scope: Scope) -> StatTable | None:
    """Return the events table: one row per office and the total."""
    rows, totals = office_rows(session, scope, lambda one: _event_row(event_stats(session, period, one)))
    if not totals[1]:
        return None
    return StatTable(_("妇女活动统计表"), tuple(_(h) for h in EVENT_HEADERS), rows, totals)


def household_table(session: Session, period: Period, scope: Scope) -> StatTable | None:
    """Return the household campaigns table: one row per office and the total."""
    rows, totals = office_rows(session, scope, lambda one: _household_row(household_stats(session, period, one)))
    if not totals[1]:
        return None
    return StatTable(_("家庭创建活动统计表"), tuple(_(h) for h in HOUSEHOLD_HEADERS), rows, totals)


def campaign_figures(session: Session, period: Period, scope: Scope) -> list[Figure]:
    """Return the home screen's event and household figures of the period."""
    events = event_stats(session, period, scope)
    homes = household_stats(session, period, scope)
    return [
        Figure(_("活动"), _("{count}场").format(count=events.events)),
        Figure(_("参加家庭创建"), households(homes.households_taking_part)),
        Figure(_("承诺书签订率"), percent(homes.households_pledged, homes.households_total) or "—"),
    ]


def contribute(registry: ReportRegistry) -> None:
    """Add this area's part of the reports to ``registry``."""
    registry.add_sentences("festivals", "campaigns", event_sentences)
    registry.add_sentences("rights", "campaigns", household_sentences, order=60)
    registry.add_sentences("family", "campaigns", family_sentences)
    registry.register_table("events", 10, event_table)
    registry.add_monthly("events", 10, N_("活动（场）"), lambda session, period, scope: event_stats(session, period, scope).events)
    registry.register_table("households", 11, household_table)
    registry.add_figures("campaigns", 10, N_("活动与家庭创建"), campaign_figures)
