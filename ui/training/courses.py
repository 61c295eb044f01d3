"""The course tab: a course's fields and its trainees typed in a grid, valid rows saved, bad rows marked."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QScrollArea
from sqlalchemy.orm import Session

from desk.core.i18n import N_, _
from desk.core.people import SEXES
from desk.db.records import Actor
from desk.training import service
from desk.training.fields import COURSE
from desk.training.model import KINDS, OWN
from desk.training.queries import COURSES
from desk.training.service import FINISHED_NO, FINISHED_YES, CourseSaved
from ui.common.context import AppContext
from ui.common.fields import FieldSpec, form_fields
from ui.common.grid import GridColumn, LineGrid
from ui.common.record_screen import FilterSpec, RecordScreen, RecordScreenSpec
from ui.common.table_model import list_columns

SEX_CHOICES = tuple(SEXES.items())
HELD_CHOICES = (("held", N_("本会举办")), ("attended", N_("参加上级培训")))

TRAINEE_COLUMNS = (
    GridColumn("name", N_("姓名"), width=70),
    GridColumn("sex", N_("性别"), kind="choice", choices=SEX_CHOICES, width=56),
    GridColumn("id_number", N_("身份证号码"), width=150),
    GridColumn("work_unit", N_("单位(村)"), width=100),
    GridColumn("phone", N_("电话"), width=100),
    GridColumn("finished", N_("结业"), kind="choice", choices=((FINISHED_YES, N_("是")), (FINISHED_NO, N_("否"))), width=50),
)


def make_trainee_grid() -> LineGrid:
    """Return the grid in which a course's trainees are typed."""
    grid = LineGrid(TRAINEE_COLUMNS)
    grid.setMinimumHeight(220)
    return grid


FIELDS = form_fields(
    COURSE, "name", "kind", "organiser", "start_date", "end_date", "place", "hours", "teachers", "base", "topics",
    FieldSpec("trainees", N_("学员"), kind="custom", editor=make_trainee_grid), "notes",
)

COLUMNS = list_columns(COURSE)

SPEC = RecordScreenSpec(
    key="courses",
    title=N_("培训班"),
    record_name=N_("培训班"),
    fields=FIELDS,
    columns=COLUMNS,
    source=COURSES,
    load=service.load_course,
    save=service.save_course,
    delete=service.delete_course,
    defaults=lambda context: {"kind": "farmer", "organiser": OWN},
    filters=(FilterSpec("held", N_("举办"), HELD_CHOICES), FilterSpec("kind", N_("类别"), tuple(KINDS.items()))),
    period_filter=True,
    search_hint=N_("按培训班名称、地点或内容搜索"),
)


class CourseScreen(RecordScreen):
    """Courses; saving keeps the valid trainee rows and leaves refused rows in the grid, marked."""

    def __init__(self, context: AppContext):
        self._result: CourseSaved | None = None
        super().__init__(context, replace(SPEC, save=self._save))
        for key in ("topics", "notes"):
            self.form.editor(key).setMaximumHeight(64)  # keep the trainee grid in view

    @property
    def grid(self) -> LineGrid:
        """The trainee grid of the form."""
        grid = self.form.editor("trainees")
        assert isinstance(grid, LineGrid)
        return grid

    def _save(self, session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
        self._result = service.save_course_with_trainees(session, actor, record_id, values)
        return self._result.course_id

    def save_record(self) -> bool:
        """Save the course and its valid rows; show refused rows with their reasons and keep them typed."""
        typed = list(self.form.values().get("trainees") or ())
        self._result = None
        if not super().save_record():
            return False
        result = self._result
        if result is None or not result.refused:
            return True
        # Saved rows come back from the database; refused rows follow them, as typed, marked.
        saved_rows = self.grid.value()
        order = sorted(result.refused)
        shown = CourseSaved(
            result.course_id,
            result.saved,
            {len(saved_rows) + position: result.refused[index] for position, index in enumerate(order)},
        )
        rows = saved_rows + [typed[index] for index in order]
        self.grid.set_value(rows)
        self.grid.show_cell_problems(
            {(index, key): message for index, problems in shown.refused.items() for key, message in problems.items()}
        )
        self.form.show_problems({"trainees": shown.message(rows)})
        scroll = self.findChild(QScrollArea)
        if scroll is not None:
            scroll.ensureWidgetVisible(self.form.problem_labels["trainees"])
        self.dirty = True
        self._update_title()
        self._set_status(
            _("已保存{saved}名学员；{refused}行未保存，请按提示修改后再保存").format(
                saved=result.saved, refused=len(order)
            ),
            error=True,
        )
        return True
