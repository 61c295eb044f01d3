"""Office settings of organisation building: the score thresholds of the assessment ratings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desk.core.errors import ValidationError
from desk.core.i18n import _
from desk.office.settings import OfficeSettingSpec, get_setting, set_setting

EXCELLENT_MIN = OfficeSettingSpec("organisation.excellent_min", int, 90)
COMPETENT_MIN = OfficeSettingSpec("organisation.competent_min", int, 60)


def thresholds(session: Session) -> tuple[int, int]:
    """Return (lowest 优秀 score, lowest 称职 score) from the office settings."""
    return get_setting(session, EXCELLENT_MIN), get_setting(session, COMPETENT_MIN)


def set_thresholds(session: Session, excellent_min: int, competent_min: int) -> None:
    """Store the rating thresholds; raise ValidationError unless 0 <= competent < excellent <= 100."""
    if not 0 <= competent_min < excellent_min <= 100:
        raise ValidationError(
            {"excellent_min": _("评定分数线应满足 0 ≤ 称职分数线 < 优秀分数线 ≤ 100")},
        )
    set_setting(session, EXCELLENT_MIN, excellent_min)
    set_setting(session, COMPETENT_MIN, competent_min)
