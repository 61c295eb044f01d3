"""Settings stored in the office's database, declared once with type and default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from desk.core.periods import Period, current_half_year, parse_period
from desk.office.model import OfficeSetting

T = TypeVar("T")


@dataclass(frozen=True)
class OfficeSettingSpec(Generic[T]):
    """A database setting: key, type (int, str or bool) and default."""

    key: str
    type: type
    default: T


CURRENT_PERIOD = OfficeSettingSpec("current_period", str, "")


def get_setting(session: Session, spec: OfficeSettingSpec[T]) -> T:
    """Return the stored value of ``spec`` or its default when missing or unreadable."""
    row = session.get(OfficeSetting, spec.key)
    if row is None:
        return spec.default
    try:
        if spec.type is bool:
            return row.value == "1"  # type: ignore[return-value]
        value: T = spec.type(row.value)
        return value
    except ValueError:
        return spec.default


def set_setting(session: Session, spec: OfficeSettingSpec[Any], value: Any) -> None:
    """Store ``value`` for ``spec``; raise TypeError on a wrong type."""
    if not isinstance(value, spec.type):
        raise TypeError(f"setting {spec.key} expects {spec.type.__name__}")
    text = ("1" if value else "0") if spec.type is bool else str(value)
    row = session.get(OfficeSetting, spec.key)
    if row is None:
        session.add(OfficeSetting(key=spec.key, value=text))
    else:
        row.value = text


def current_period(session: Session) -> Period:
    """Return the period the office works in: the stored one, else the half year of today."""
    code = get_setting(session, CURRENT_PERIOD)
    if code:
        try:
            return parse_period(code)
        except Exception:  # noqa: BLE001 - a damaged setting must not stop the program
            pass
    return current_half_year()
