"""Rules for people's data shared by every area: resident ID numbers (GB 11643) and phone numbers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desk.core.i18n import N_, _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")

SEX_FEMALE = "F"
SEX_MALE = "M"
SEXES = {SEX_FEMALE: N_("女"), SEX_MALE: N_("男")}  # the choices of every sex field


def id_check_digit(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS))
    return _CHECK[total % 11]


@dataclass(frozen=True)
class IdFacts:
    """What a valid resident ID number tells: birth date and sex."""

    number: str
    birth_date: dt.date
    sex: str  # "F" or "M"


def normalise_id(text: str) -> str:
    """Return an ID number without spaces and with an upper-case X."""
    return re.sub(r"\s+", "", text or "").upper()


def check_id_number(text: str, today: dt.date | None = None) -> IdFacts:
    """Validate an 18-character resident ID number; return its facts or raise ValueError with a user message."""
    number = normalise_id(text)
    if len(number) != 18:
        raise ValueError(_("身份证号码应为18位，现为{count}位").format(count=len(number)))
    if not _ID_SHAPE.match(number):
        raise ValueError(_("身份证号码前17位应为数字，最后一位为数字或X"))
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError(_("身份证号码中的出生日期{digits}不存在").format(digits=number[6:14])) from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        raise ValueError(_("身份证号码中的出生日期{digits}不合理").format(digits=number[6:14]))
    expected = id_check_digit(number[:17])
    if number[17] != expected:
        raise ValueError(
            _("身份证号码校验位错误：最后一位应为{expected}，输入的是{actual}").format(
                expected=expected, actual=number[17]
            )
        )
    sex = SEX_MALE if int(number[16]) % 2 else SEX_FEMALE
    return IdFacts(number, birth, sex)


def check_id_agrees(facts: IdFacts, birth_date: dt.date | None, sex: str | None) -> dict[str, str]:
    """Return problems (field → message) where the typed birth date or sex disagree with the ID number."""
    problems: dict[str, str] = {}
    if birth_date is not None and birth_date != facts.birth_date:
        problems["birth_date"] = _("出生日期与身份证号码不符：身份证号码中为{date}").format(
            date=facts.birth_date.isoformat()
        )
    if sex and sex != facts.sex:
        problems["sex"] = _("性别与身份证号码不符：身份证号码中为{sex}").format(sex=sex_label(facts.sex))
    return problems


def sex_label(code: str | None) -> str:
    """Return 女/男 for F/M."""
    return {SEX_FEMALE: _("女"), SEX_MALE: _("男")}.get(code or "", "")


def check_phone(text: str) -> str:
    """Return a normalised mobile (11 digits) or landline number; raise ValueError with a user message."""
    number = re.sub(r"[\s()（）]", "", text or "")
    if _MOBILE.match(number) or _LANDLINE.match(number):
        return number
    raise ValueError(_("电话号码格式不对：手机为1开头的11位数字，固定电话如0775-1234567"))


def make_id_number(region: str, birth: dt.date, sequence: int, sex: str) -> str:
    """Return a valid ID number (for demo and test data): region code, birth date, sequence, sex."""
    seq = sequence % 100 * 10
    odd = 1 if sex == SEX_MALE else 0
    body = f"{region[:6]}{birth:%Y%m%d}{seq // 10:02d}{(seq % 10 // 2) * 2 + odd}"
    return body + id_check_digit(body)
