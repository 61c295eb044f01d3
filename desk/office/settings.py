"""Settings stored in the office's database, declared once with type and default."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select
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


_HELD = "desk.settings.held"


@contextmanager
def settings_held(session: Session) -> Iterator[None]:
    """Within the block, ``get_setting`` reads each setting from the database once.

    For bulk work that changes no setting but checks many records against them (an exchange import
    weighing 100,000 petitions): a setting that is not stored would otherwise be looked up again for
    every record. ``set_setting`` in the block still takes effect.
    """
    if _HELD in session.info:
        yield
        return
    session.info[_HELD] = {}
    try:
        yield
    finally:
        session.info.pop(_HELD, None)


def get_setting(session: Session, spec: OfficeSettingSpec[T]) -> T:
    """Return the stored value of ``spec`` or its default when missing or unreadable."""
    held = session.info.get(_HELD)
    if held is not None and spec.key in held:
        return _typed(spec, held[spec.key])
    row = session.get(OfficeSetting, spec.key)
    value = row.value if row is not None else None
    if held is not None:
        held[spec.key] = value
    return _typed(spec, value)


def get_settings(session: Session, *specs: OfficeSettingSpec[Any]) -> list[Any]:
    """Return the values of ``specs`` (defaults where missing or unreadable) read in one query.

    Where the database is a server, each query is a round trip: a list that needs several settings
    at every count and page reads them together.
    """
    statement = select(OfficeSetting.key, OfficeSetting.value).where(OfficeSetting.key.in_([spec.key for spec in specs]))
    stored: dict[str, str] = {key: value for key, value in session.execute(statement)}
    return [_typed(spec, stored.get(spec.key)) for spec in specs]


def _typed(spec: OfficeSettingSpec[T], value: str | None) -> T:
    if value is None:
        return spec.default
    try:
        if spec.type is bool:
            return value == "1"  # type: ignore[return-value]
        typed: T = spec.type(value)
        return typed
    except ValueError:
        return spec.default


def set_setting(session: Session, spec: OfficeSettingSpec[Any], value: Any) -> None:
    """Store ``value`` for ``spec``; raise TypeError on a wrong type."""
    if not isinstance(value, spec.type):
        raise TypeError(f"setting {spec.key} expects {spec.type.__name__}")
    text = ("1" if value else "0") if spec.type is bool else str(value)
    session.info.get(_HELD, {}).pop(spec.key, None)
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
