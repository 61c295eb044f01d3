"""Chinese line breaking (禁则): no line starts with closing punctuation, none ends with an opening one.

ReportLab's own wrapping breaks anywhere in Chinese text, so a line may begin with "，".
Here a paragraph is cut into tokens (one Chinese character, or a run of Latin letters and
digits such as "196800" or "100%" that must stay together), then filled greedily; when a
break would put a forbidden character at a line's start or end, characters move to the
next line instead.
"""

from __future__ import annotations

from collections.abc import Callable

# Characters that must not start a line (closing punctuation and marks that attach left).
NO_START = set("。，、；：？！”’）》〉」』】〕〗…—%％·,.;:?!)]}")
# Characters that must not end a line (opening punctuation).
NO_END = set("“‘（《〈「『【〔〖([{")

_JOINED = set("0123456789.%-+/:")


def tokens(text: str) -> list[str]:
    """Return the unbreakable pieces of ``text``: single characters, Latin words and numbers."""
    result: list[str] = []
    for char in text:
        joinable = char.isascii() and (char.isalnum() or char in _JOINED)
        if joinable and result and result[-1][-1].isascii() and (result[-1][-1].isalnum() or result[-1][-1] in _JOINED):
            result[-1] += char
        else:
            result.append(char)
    return result


def _starts_bad(token: str) -> bool:
    return token[0] in NO_START


def _ends_bad(token: str) -> bool:
    return token[-1] in NO_END


def break_lines(
    text: str,
    width: float,
    measure: Callable[[str], float],
    first_indent: float = 0.0,
) -> list[str]:
    """Return ``text`` cut into lines no wider than ``width`` (the first ``first_indent`` narrower).

    ``measure`` returns a string's width.  Lines never start with a NO_START character nor end
    with a NO_END one; if a line cannot be shortened (a single overlong token), it overflows.
    """
    pieces = tokens(text.replace("\n", ""))
    lines: list[list[str]] = []
    current: list[str] = []
    used = 0.0
    limit = width - first_indent
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        piece_width = measure(piece)
        if not current or used + piece_width <= limit + 1e-6:
            current.append(piece)
            used += piece_width
            index += 1
            continue
        # ``piece`` does not fit: move back while the next line would start badly or this one end badly.
        def bad(cut: int, current: list[str] = current, piece: str = piece) -> bool:
            starter = current[cut] if cut < len(current) else piece
            return _starts_bad(starter) or _ends_bad(current[cut - 1])

        cut = len(current)
        while cut > 1 and bad(cut):
            cut -= 1
        if bad(cut):
            # Nothing sensible to move (a run of punctuation): let closing punctuation hang instead.
            cut = len(current)
            if _starts_bad(piece):
                current.append(piece)
                index += 1
                cut += 1
        moved = current[cut:]
        lines.append(current[:cut])
        index -= len(moved)
        current, used = [], 0.0
        limit = width
    if current:
        lines.append(current)
    return ["".join(line) for line in lines]
