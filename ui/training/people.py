"""The trainee and skilled-women tabs: one person at a time, over the shared people register."""

from __future__ import annotations

from desk.core.i18n import N_
from desk.training import register
from desk.training.fields import SKILLED_WOMAN, TRAINEE
from desk.training.queries import COURSES, SKILLED_WOMEN, TRAINEES
from ui.common.fields import form_fields
from ui.common.lookup import source_lookup
from ui.common.record_screen import FilterSpec, RecordScreenSpec
from ui.common.table_model import list_columns
from ui.training.courses import HELD_CHOICES, SEX_CHOICES

SEX_LABELS = dict(SEX_CHOICES)

PERSON_KEYS = ("name", "id_number", "sex", "birth_date", "work_unit", "post", "village", "phone")

def _newest_course(context) -> str:
    """A new trainee starts in the course that starts last (most often the one just typed)."""
    with context.sessions() as session:
        return register.newest_course(session)


TRAINEE_SPEC = RecordScreenSpec(
    key="trainees",
    title=N_("学员"),
    record_name=N_("学员信息"),
    fields=form_fields(
        TRAINEE, "course_id", *PERSON_KEYS, "finished",
        # Courses accumulate year after year (and arrive from the offices below): found by typing.
        course_id={"lookup": source_lookup(COURSES, register.course_label, register.course_labels)},
    ),
    columns=list_columns(TRAINEE),
    source=TRAINEES,
    load=register.load_trainee,
    defaults=lambda context: {"course_id": _newest_course(context)},
    save=register.save_trainee,
    delete=register.delete_trainee,
    filters=(FilterSpec("held", N_("举办"), HELD_CHOICES),),
    period_filter=True,
    search_hint=N_("按姓名、拼音首字母、单位或培训班搜索"),
)

SKILLED_SPEC = RecordScreenSpec(
    key="skilled_women",
    title=N_("女能手"),
    record_name=N_("女能手信息"),
    fields=form_fields(SKILLED_WOMAN, *PERSON_KEYS, "trade", "association_member", "registered_on", "skill_notes"),
    columns=list_columns(SKILLED_WOMAN),
    source=SKILLED_WOMEN,
    load=register.load_skilled_woman,
    save=register.save_skilled_woman,
    delete=register.delete_skilled_woman,
    defaults=lambda context: {"sex": "F"},
    filters=(FilterSpec("association_member", N_("协会会员"), (("yes", N_("是")), ("no", N_("否")))),),
    period_filter=False,
    search_hint=N_("按姓名、拼音首字母、村或专长搜索"),
)
