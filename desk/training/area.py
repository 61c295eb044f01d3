"""The training area: the ``courses`` and ``trainees`` lists and the demo's training."""

from __future__ import annotations

from desk.areas import Area, ListCommand
from desk.training.demo import seed_training
from desk.training.queries import COURSES, TRAINEES, course_json, trainee_json

AREA = Area(
    key="training",
    order=50,
    lists=(ListCommand("courses", COURSES, course_json), ListCommand("trainees", TRAINEES, trainee_json)),
    seed_demo=seed_training,
)
