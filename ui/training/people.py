"""The trainee and skilled-women tabs: one person at a time, over the shared people register."""

from __future__ import annotations

from desk.core.i18n import N_
from desk.training import register
from desk.training.queries import SKILLED_WOMEN, TRAINEES
from ui.common.fields import FieldSpec
from ui.common.record_screen import FilterSpec, RecordScreenSpec
from ui.common.table_model import ColumnSpec
from ui.training.courses import HELD_CHOICES, SEX_CHOICES

SEX_LABELS = dict(SEX_CHOICES)

PERSON_FIELDS = (
    FieldSpec("name", N_("姓名"), required=True, max_length=64),
    FieldSpec("id_number", N_("身份证号码"), max_length=18, placeholder=N_("18位，填写后自动核对出生日期和性别")),
    FieldSpec("sex", N_("性别"), kind="choice", choices=SEX_CHOICES),
    FieldSpec("birth_date", N_("出生日期"), kind="date"),
    FieldSpec("work_unit", N_("工作单位"), max_length=100),
    FieldSpec("post", N_("职务"), max_length=64),
    FieldSpec("village", N_("所在村(社区)"), max_length=100),
    FieldSpec("phone", N_("电话"), max_length=32),
)

TRAINEE_SPEC = RecordScreenSpec(
    key="trainees",
    title=N_("学员"),
    record_name=N_("学员信息"),
    fields=(
        FieldSpec(
            "course_id", N_("培训班"), kind="choice", required=True,
            dynamic_choices=register.course_choices, translate_choices=False,
        ),
        *PERSON_FIELDS,
        FieldSpec("finished", N_("已结业"), kind="bool"),
    ),
    columns=(
        ColumnSpec("name", N_("姓名"), width=70),
        ColumnSpec("sex", N_("性别"), kind="choice", labels=SEX_LABELS, width=56),
        ColumnSpec("id_number", N_("身份证号码"), width=140),
        ColumnSpec("work_unit", N_("单位(村)"), width=100),
        ColumnSpec("course_name", N_("培训班"), width=150),
        ColumnSpec("start_date", N_("开始日期"), kind="date", width=110),
        ColumnSpec("finished", N_("结业"), kind="bool", width=40),
    ),
    source=TRAINEES,
    load=register.load_trainee,
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
    fields=(
        *PERSON_FIELDS,
        FieldSpec("trade", N_("技能专长"), required=True, max_length=100, placeholder=N_("如 百香果种植")),
        FieldSpec("association_member", N_("女能手协会会员"), kind="bool"),
        FieldSpec("registered_on", N_("登记日期"), kind="date", required=True),
        FieldSpec("skill_notes", N_("备注"), kind="multiline", max_length=2000),
    ),
    columns=(
        ColumnSpec("name", N_("姓名"), width=70),
        ColumnSpec("id_number", N_("身份证号码"), width=150),
        ColumnSpec("village", N_("所在村(社区)"), width=110),
        ColumnSpec("trade", N_("技能专长"), width=110),
        ColumnSpec("association_member", N_("协会会员"), kind="bool", width=60),
        ColumnSpec("registered_on", N_("登记日期"), kind="date", width=90),
    ),
    source=SKILLED_WOMEN,
    load=register.load_skilled_woman,
    save=register.save_skilled_woman,
    delete=register.delete_skilled_woman,
    defaults=lambda context: {"sex": "F"},
    filters=(FilterSpec("association_member", N_("协会会员"), (("yes", N_("是")), ("no", N_("否")))),),
    period_filter=False,
    search_hint=N_("按姓名、拼音首字母、村或专长搜索"),
)
