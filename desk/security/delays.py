"""Growing waits after failed logins, shared by the login check and the key file's unlock."""

from __future__ import annotations

import datetime as dt

from desk.core.i18n import _

FREE_FAILURES = 5
FIRST_DELAY = 30  # seconds after the fifth failure; doubles with each further failure
MAX_DELAY = 3600


def delay_after(failures: int) -> int:
    """Return the seconds a user must wait after ``failures`` failed logins in a row."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(FIRST_DELAY * 2 ** (failures - FREE_FAILURES), MAX_DELAY))


def wait_left(failures: int, last_failure: dt.datetime | None, now: dt.datetime) -> int:
    """Return the whole seconds still to wait before the next attempt (0: may try now)."""
    if last_failure is None:
        return 0
    if last_failure.tzinfo is None:
        last_failure = last_failure.replace(tzinfo=dt.timezone.utc)
    left = delay_after(failures) - (now - last_failure).total_seconds()
    return max(0, int(left + 0.999))


def wait_message(seconds: int) -> str:
    """Return the message asking the user to wait ``seconds``."""
    return _("登录失败次数过多，请在{seconds}秒后再试，期间密码正确也不能登录").format(seconds=seconds)
