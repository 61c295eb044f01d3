"""The commendations screen: awards (the source of certificates) and the honour title catalogue."""

from __future__ import annotations

from sqlalchemy import select

from desk.awards import service
from desk.awards.fields import AWARD, TITLE
from desk.awards.model import AWARDEE_KINDS
from desk.awards.queries import AWARDS, TITLES
from desk.campaigns.model import Event
from desk.campaigns.queries import EVENTS
from desk.core.i18n import N_
from desk.core.roles import WRITE, allowed
from ui.common.context import AppContext
from ui.common.directory import UNITS
from ui.common.fields import form_fields
from ui.common.lookup import source_lookup
from ui.common.messages import show_error
from ui.common.record_screen import FilterSpec, RecordScreen, RecordScreenSpec
from ui.common.table_model import list_columns
from ui.common.tabs import TabbedScreens


def _event_label(row: dict) -> str:
    return f"{row['held_on'].isoformat()} {row['title']}"


def _event_texts(session, event_ids) -> dict[str, str]:
    rows = session.execute(select(Event.id, Event.held_on, Event.title).where(Event.id.in_(list(event_ids))))
    return {row.id: _event_label({"held_on": row.held_on, "title": row.title}) for row in rows}


# Events grow without bound (300,000 in a region): the award form searches them as the clerk types.
AWARD_FIELDS = form_fields(
    AWARD,
    "title_id", "awardee_name", "work_unit", "post", "awarding_body", "awarded_on", "event_id", "received_by_office",
    "notes",
    title_id={"translate_choices": False,
              "dynamic_choices": lambda session, _record_id: service.title_choices(session)},
    awarding_body={"kind": "combo", "lookup": UNITS},
    event_id={"kind": "choice", "lookup": source_lookup(EVENTS, _event_label, _event_texts)},
)

AWARD_COLUMNS = list_columns(AWARD)

AWARD_SPEC = RecordScreenSpec(
    key="awards",
    title=N_("表彰"),
    record_name=N_("表彰"),
    fields=AWARD_FIELDS,
    columns=AWARD_COLUMNS,
    source=AWARDS,
    load=service.load_award,
    save=service.save_award,
    delete=service.delete_award,
    defaults=lambda context: {"awarded_on": context.period.start},
    filters=(FilterSpec("awardee_kind", N_("对象"), tuple(AWARDEE_KINDS.items())),),
    period_filter=True,
    title_key="awardee_name",
    search_hint=N_("按获奖者、单位、称号或拼音首字母（如 srmyy）搜索"),
)

TITLE_SPEC = RecordScreenSpec(
    key="award-titles",
    title=N_("荣誉称号"),
    record_name=N_("荣誉称号"),
    fields=form_fields(TITLE),
    columns=list_columns(TITLE),
    source=TITLES,
    load=service.load_title,
    save=service.save_title,
    delete=service.delete_title,
    defaults=lambda context: {"awardee_kind": "collective", "level": "city"},
    search_hint=N_("按称号名称或拼音首字母搜索"),
)


class AwardsScreen(TabbedScreens):
    """Awards and titles in tabs; a title saved in one tab is offered at once in the other."""

    def __init__(self, context: AppContext):
        try:
            # Only a user who may write fills in the standard titles; others just read.
            if allowed(context.actor, WRITE):
                with context.sessions.begin() as session:
                    service.ensure_catalogue(session, context.actor)
        except Exception as exc:  # noqa: BLE001 - a read-only or broken database must not take the window down
            show_error(None, exc)
        self.awards = RecordScreen(context, AWARD_SPEC)
        self.titles = RecordScreen(context, TITLE_SPEC)
        super().__init__(((N_("表彰"), self.awards), (N_("荣誉称号"), self.titles)))
        self.context = context
        self.titles.record_saved.connect(self._reload_title_choices)
        self.titles.record_deleted.connect(self._reload_title_choices)

    def _reload_title_choices(self, _record_id: str = "") -> None:
        with self.context.sessions() as session:
            self.awards.form.set_choices("title_id", service.title_choices(session))


def make_screen(context: AppContext) -> AwardsScreen:
    """Return the commendations screen."""
    return AwardsScreen(context)
