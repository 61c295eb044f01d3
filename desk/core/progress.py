"""How long desk work reports progress and learns it was cancelled: ``progress(done, total[, text])``.

The callback (an Operation's in the GUI, None on the command line) returns False once the user has
cancelled; ``step`` then raises ``Cancelled`` so the work stops before its caller commits anything.
"""

from __future__ import annotations

from collections.abc import Callable

from desk.core.errors import Cancelled
from desk.core.i18n import _

Progress = Callable[..., object]  # progress(done, total) or progress(done, total, text) -> False to cancel


def step(progress: Progress | None, done: int, total: int, text: str | None = None) -> None:
    """Report ``done`` of ``total`` to ``progress`` (if any); raise Cancelled if it answers False."""
    if progress is None:
        return
    answer = progress(done, total) if text is None else progress(done, total, text)
    if answer is False:
        raise Cancelled(_("已取消，没有做任何改动。"))
