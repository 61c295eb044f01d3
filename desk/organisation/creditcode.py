"""The unified social credit code (统一社会信用代码) and its GB 32100-2015 check character."""

from __future__ import annotations

import re

from desk.core.i18n import _

# The 31 characters a code may use: digits and capitals without I, O, S, V and Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(rf"^[{ALPHABET}]{{18}}$")


def normalise_code(text: str) -> str:
    """Return the code without spaces and in capitals."""
    return re.sub(r"\s+", "", text or "").upper()


def check_character(first17: str) -> str:
    """Return the GB 32100 check character of the first 17 characters (which must be in ALPHABET)."""
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def code_problem(text: str) -> str:
    """Return what is wrong with a code (empty when it passes), as a message naming the problem."""
    code = normalise_code(text)
    if len(code) != 18:
        return _("统一社会信用代码应为18位，现为{count}位").format(count=len(code))
    if not _SHAPE.match(code):
        return _("统一社会信用代码只能由数字和大写字母组成（不含I、O、S、V、Z）")
    expected = check_character(code[:17])
    if code[17] != expected:
        return _("统一社会信用代码校验位不符：按GB 32100最后一位应为{expected}，输入的是{actual}").format(
            expected=expected, actual=code[17]
        )
    return ""
