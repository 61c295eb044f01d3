"""Target-responsibility assessments (目标责任制): tasks with weights, scores, ratings and a ranking."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, mark_deleted, stamp_change, stamp_new, write_record
from desk.office.model import SubOffice
from desk.organisation.fields import ASSESSMENT, SCORE, TASK
from desk.organisation.model import CONSEQUENCES, RATINGS, Assessment, AssessmentScore, AssessmentTask
from desk.organisation.settings import thresholds

TOTAL_WEIGHT = 100
ASSESSMENT_FIELDS = ("year", "title", "assessed_on", "notes")


def rate(score: int, excellent_min: int, competent_min: int) -> str:
    """Return the rating key of ``score``: excellent, competent or incompetent."""
    if score >= excellent_min:
        return "excellent"
    if score >= competent_min:
        return "competent"
    return "incompetent"


def rank(scores: Sequence[int]) -> list[int]:
    """Return the rank of each score, highest first; equal scores share a rank (1, 2, 2, 4)."""
    return [1 + sum(1 for other in scores if other > score) for score in scores]


def _cell(field: str, index: int) -> Callable[[str], str]:
    """Return how a problem of line ``index`` of the grid ``field`` is keyed: ``tasks.0.weight``."""
    def key(column: str) -> str:
        return f"{field}.{index}.{column}"

    return key


def _check_tasks(checker: Checker, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    tasks = []
    for index, row in enumerate(rows):
        tasks.append(checker.line(TASK, row, _cell("tasks", index)))
    cell = next((key for key in checker.problems if key.startswith("tasks.")), None)
    if cell is not None:
        checker.add("tasks", _("考核任务第{row}行：{problem}").format(row=int(cell.split(".")[1]) + 1, problem=checker.problems[cell]))
    elif not tasks:
        checker.add("tasks", _("请至少填写一项考核任务及其分值"))
    else:
        total = sum(int(task["weight"] or 0) for task in tasks)  # each weight is a checked int here
        if total != TOTAL_WEIGHT:
            checker.add("tasks", _("各项任务分值合计应为{expected}分，现为{total}分").format(expected=TOTAL_WEIGHT, total=total))
    return tasks


def _check_scores(session: Session, checker: Checker, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    scores: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        score = checker.line(SCORE, row, _cell("scores", index),
                             "office_id", "score", "consequence", "note")
        office_id = score["office_id"] = score["office_id"] or ""
        if office_id:  # that it exists and is rated once spans rows: checked here
            office = session.get(SubOffice, office_id)
            if office is None or office.deleted:
                checker.add(f"scores.{index}.office_id", _("所选妇联已不存在"))
            elif office_id in seen:
                checker.add(f"scores.{index}.office_id", _("“{name}”已在第{row}行评分").format(name=office.name, row=seen[office_id] + 1))
            seen.setdefault(office_id, index)
        scores.append(score)
    cell = next((key for key in checker.problems if key.startswith("scores.")), None)
    if cell is not None:
        checker.add("scores", _("评分第{row}行：{problem}").format(row=int(cell.split(".")[1]) + 1, problem=checker.problems[cell]))
    elif not scores:
        checker.add("scores", _("请至少为一个镇(街道)妇联评分"))
    return scores


def save_assessment(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update an assessment year with its tasks and scores; rate each score; return the id.

    A new assessment takes the office's threshold settings and stores them; later edits of
    it keep those, so that a change of the settings does not rewrite a past year's ratings.
    Raises ValidationError (grid problems keyed ``tasks.<row>.<column>`` / ``scores.<row>.<column>``).
    """
    checker = Checker(values)
    cleaned = checker.fields(ASSESSMENT)
    tasks = _check_tasks(checker, values.get("tasks") or [])
    scores = _check_scores(session, checker, values.get("scores") or [])
    checker.raise_if_any()
    existing = get_live(session, Assessment, record_id) if record_id is not None else None
    if existing is None:
        excellent_min, competent_min = thresholds(session)
    else:  # a saved year keeps the thresholds it was rated with
        excellent_min, competent_min = existing.excellent_min, existing.competent_min
    cleaned.update(excellent_min=excellent_min, competent_min=competent_min)
    record = write_record(session, actor, Assessment, record_id, cleaned)
    _sync_children(session, actor, AssessmentTask, record.id, "position",
                   [dict(task, position=number) for number, task in enumerate(tasks)])
    for score in scores:
        score["rating"] = rate(score["score"], excellent_min, competent_min)
    _sync_children(session, actor, AssessmentScore, record.id, "office_id", scores)
    session.flush()
    return record.id


def _sync_children(session: Session, actor: Actor, model: Any, parent_id: str, match: str, rows: list[dict[str, Any]]) -> None:
    """Update child rows matched on ``match``, add new ones, and set deletion marks on the rest."""
    existing = {
        getattr(child, match): child
        for child in session.scalars(select(model).where(model.assessment_id == parent_id, model.deleted.is_(False)))
    }
    for row in rows:
        child = existing.pop(row[match], None)
        if child is None:
            child = model(assessment_id=parent_id, **row)
            stamp_new(child, actor)
            session.add(child)
        elif any(getattr(child, key) != value for key, value in row.items()):
            for key, value in row.items():
                setattr(child, key, value)
            stamp_change(child, actor)
    for child in existing.values():
        mark_deleted(child, actor)


def ranking(session: Session, assessment_id: str) -> list[dict[str, Any]]:
    """Return the ranking table of an assessment: rank, office, score, rating and consequence, best first."""
    rows = session.execute(
        select(AssessmentScore.office_id, SubOffice.name, AssessmentScore.score, AssessmentScore.rating,
               AssessmentScore.consequence, AssessmentScore.note)
        .join(SubOffice, SubOffice.id == AssessmentScore.office_id)
        .where(AssessmentScore.assessment_id == assessment_id, AssessmentScore.deleted.is_(False))
        .order_by(AssessmentScore.score.desc(), SubOffice.code)
    ).all()
    ranks = rank([row.score for row in rows])
    return [
        {"rank": place, "office_id": row.office_id, "office": row.name, "score": row.score, "rating": row.rating,
         "rating_label": _(RATINGS[row.rating]), "consequence": row.consequence,
         "consequence_label": _(CONSEQUENCES[row.consequence]) if row.consequence else "", "note": row.note}
        for place, row in zip(ranks, rows)
    ]


def load_assessment(session: Session, record_id: str) -> dict[str, Any]:
    """Return an assessment's form values: fields, tasks, scores (in ranking order) and the ranking."""
    record = get_live(session, Assessment, record_id)
    values: dict[str, Any] = {key: getattr(record, key) for key in ASSESSMENT_FIELDS}
    values["tasks"] = [
        {"task": task.task, "weight": task.weight}
        for task in session.scalars(
            select(AssessmentTask)
            .where(AssessmentTask.assessment_id == record_id, AssessmentTask.deleted.is_(False))
            .order_by(AssessmentTask.position)
        )
    ]
    table = ranking(session, record_id)
    values["scores"] = [
        {"office_id": row["office_id"], "score": row["score"], "consequence": row["consequence"], "note": row["note"]}
        for row in table
    ]
    values["ranking"] = table
    values["thresholds"] = (record.excellent_min, record.competent_min)
    return values


def delete_assessment(session: Session, actor: Actor, record_id: str) -> None:
    """Mark an assessment and its tasks and scores deleted."""
    record = get_live(session, Assessment, record_id)
    models: tuple[Any, ...] = (AssessmentTask, AssessmentScore)
    for model in models:
        for child in session.scalars(select(model).where(model.assessment_id == record_id, model.deleted.is_(False))):
            mark_deleted(child, actor)
    mark_deleted(record, actor)
