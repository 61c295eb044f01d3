"""Office settings of organisation building: the score thresholds of the assessment ratings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desk.core.errors import PermissionDenied, ValidationError
from desk.core.i18n import _
from desk.office.settings import OfficeSettingSpec, get_setting, set_setting

EXCELLENT_MIN = OfficeSettingSpec("organisation.excellent_min", int, 90)
COMPETENT_MIN = OfficeSettingSpec("organisation.competent_min", int, 60)


def thresholds(session: Session) -> tuple[int, int]:
    """Return (lowest 优秀 score, lowest 称职 score) from the office settings."""
    return get_setting(session, EXCELLENT_MIN), get_setting(session, COMPETENT_MIN)


def may_set_thresholds(actor: object) -> bool:
    """Return whether ``actor`` may change the rating thresholds: a user who writes records, or an administrator."""
    from desk.core.roles import MANAGE_USERS, WRITE, allowed

    return allowed(actor, WRITE) or allowed(actor, MANAGE_USERS)


def set_thresholds(session: Session, actor: object, excellent_min: int, competent_min: int) -> None:
    """Store the rating thresholds and log the change; raise PermissionDenied for a reader (a reviewer), ValidationError
    unless 0 <= competent < excellent <= 100.
    """
    from desk.security.audit import SETTING, record_event

    if not may_set_thresholds(actor):
        raise PermissionDenied(_("用户“{user}”不能修改考核评定分数线：需要录入员或管理员").format(
            user=getattr(actor, "user", "")))
    if not 0 <= competent_min < excellent_min <= 100:
        raise ValidationError(
            {"excellent_min": _("评定分数线应满足 0 ≤ 称职分数线 < 优秀分数线 ≤ 100")},
        )
    old_excellent, old_competent = thresholds(session)
    set_setting(session, EXCELLENT_MIN, excellent_min)
    set_setting(session, COMPETENT_MIN, competent_min)
    record_event(session, actor, SETTING, _("考核评定分数线"), {
        "excellent_min": [old_excellent, excellent_min], "competent_min": [old_competent, competent_min]})
