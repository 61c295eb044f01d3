"""How this office names itself in print (我县 / 全县 / 县妇联), derived from its name and level, correctable in settings.

A county federation writes 我县妇联 and 全县, a street 本街道 and 全街道; the demo city 我市 and 全市.
``derive_voice(name, level)`` reads the place word at the end of the office's name (北流市妇女联合会
→ 市, 城南街道妇联 → 街道) and falls back on the level when the name has none.  The administrator
can correct each form in the office settings (``save_voice``); an empty setting means "derived".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desk.core import roles
from desk.core.i18n import N_, _
from desk.core.validation import Checker
from desk.db.records import Actor
from desk.office.settings import OfficeSettingSpec, get_setting, set_setting

# place word → (self name, the whole area, the federation, the prefix of its honour titles)
_FORMS: dict[str, tuple[str, str, str, str]] = {
    "国": (N_("全国"), N_("全国"), N_("全国妇联"), N_("全国")),
    "自治区": (N_("我区"), N_("全区"), N_("区妇联"), N_("自治区")),
    "省": (N_("我省"), N_("全省"), N_("省妇联"), N_("省")),
    "市": (N_("我市"), N_("全市"), N_("市妇联"), N_("市")),
    "州": (N_("我州"), N_("全州"), N_("州妇联"), N_("州")),
    "盟": (N_("我盟"), N_("全盟"), N_("盟妇联"), N_("盟")),
    "县": (N_("我县"), N_("全县"), N_("县妇联"), N_("县")),
    "区": (N_("我区"), N_("全区"), N_("区妇联"), N_("区")),
    "旗": (N_("我旗"), N_("全旗"), N_("旗妇联"), N_("旗")),
    "镇": (N_("我镇"), N_("全镇"), N_("镇妇联"), N_("镇")),
    "乡": (N_("我乡"), N_("全乡"), N_("乡妇联"), N_("乡")),
    "街道": (N_("本街道"), N_("全街道"), N_("街道妇联"), N_("街道")),
    "村": (N_("我村"), N_("全村"), N_("村妇联"), N_("村")),
    "社区": (N_("本社区"), N_("全社区"), N_("社区妇联"), N_("社区")),
}
# Longest first, so 自治区 wins over 区 and 街道 over nothing; 自治县/自治旗/自治州 end in 县/旗/州.
_PLACE_WORDS = sorted((word for word in _FORMS if word != "国"), key=len, reverse=True)
_BY_LEVEL = {"national": "国", "region": "省", "city": "市", "county": "县", "town": "镇", "village": "村"}
_ORGAN_SUFFIX = re.compile(
    r"(妇女联合会|妇女工作委员会|妇女委员会|妇工委|妇委会|妇联|人民政府|办事处|委员会|党委|政府)+$"
)
_BODY_PLACE = re.compile(r"^(?:中共)?(.*?(?:自治区|特别行政区|街道|社区|省|市|州|盟|县|旗|区|镇|乡|村))")

SELF_NAME = OfficeSettingSpec("office.voice_self", str, "")
WHOLE = OfficeSettingSpec("office.voice_whole", str, "")
FEDERATION = OfficeSettingSpec("office.voice_federation", str, "")
PREFIX = OfficeSettingSpec("office.voice_prefix", str, "")
VOICE_SETTINGS = {"self_name": SELF_NAME, "whole": WHOLE, "federation": FEDERATION, "prefix": PREFIX}
MAX_FORM = 20


@dataclass(frozen=True)
class OfficeVoice:
    """The words an office prints about itself: 我县, 全县, 县妇联 and the prefix of its own honour titles (县)."""

    self_name: str
    whole: str
    federation: str
    prefix: str

    @property
    def own_federation(self) -> str:
        """Return 我县妇联 / 本街道妇联 as the opening of a sentence."""
        return _("{self_name}妇联").format(self_name=self.self_name)


def place_of(name: str) -> str:
    """Return the place an office or body names (北流市妇女联合会 → 北流市; 中共北流市委 → 北流市); empty if none."""
    text = _ORGAN_SUFFIX.sub("", (name or "").strip())
    if text.endswith("委") and len(text) > 1:  # 中共北流市委
        text = text[:-1]
    match = _BODY_PLACE.match(text.removeprefix("中共"))
    return match.group(1) if match else ""


def place_word_of(place: str) -> str:
    """Return the place word a place name ends with (北流市 → 市, 广西壮族自治区 → 自治区), empty if none."""
    for word in _PLACE_WORDS:
        if place.endswith(word):
            return word
    return ""


def place_word(name: str, level: str = "") -> str:
    """Return the place word of a name (市, 县, 街道 ...), or of ``level`` when the name has none."""
    word = place_word_of(_ORGAN_SUFFIX.sub("", (name or "").strip())) or place_word_of(place_of(name))
    return word or _BY_LEVEL.get(level, "市")


def derive_voice(name: str, level: str) -> OfficeVoice:
    """Return the voice of an office named ``name`` at ``level`` (translated: 我县 in Chinese, "our county" in English)."""
    forms = _FORMS["国" if level == "national" else place_word(name, level)]
    return OfficeVoice(*(_(form) for form in forms))


def office_voice(session: Session) -> OfficeVoice:
    """Return this office's voice: the corrected forms from its settings, derived ones for those left empty."""
    from desk.office.service import get_profile

    profile = get_profile(session)
    derived = derive_voice(profile.name, profile.level)
    values = {key: get_setting(session, spec).strip() or getattr(derived, key) for key, spec in VOICE_SETTINGS.items()}
    return OfficeVoice(**values)


def voice_settings(session: Session) -> dict[str, str]:
    """Return the stored corrections (empty where the derived form is used)."""
    return {key: get_setting(session, spec) for key, spec in VOICE_SETTINGS.items()}


def save_voice(session: Session, actor: Actor, values: dict[str, str]) -> OfficeVoice:
    """Store corrected forms (empty: use the derived form); return the voice.

    Raises PermissionDenied unless ``actor`` administers the office, ValidationError for a form too long.
    """
    roles.require(actor, roles.MANAGE_USERS)
    checker = Checker(values)
    labels = voice_labels()
    cleaned = {key: checker.text(key, _(labels[key]), max_length=MAX_FORM) for key in VOICE_SETTINGS}
    checker.raise_if_any()
    for key, spec in VOICE_SETTINGS.items():
        set_setting(session, spec, cleaned[key])
    session.flush()
    return office_voice(session)


def voice_labels() -> dict[str, str]:
    """Return the message ids naming each form, for forms and the CLI."""
    return {"self_name": N_("自称（如 我县、本街道）"), "whole": N_("辖区全称（如 全县、全街道）"),
            "federation": N_("妇联简称（如 县妇联）"), "prefix": N_("本级荣誉称号前缀（如 县）")}


_BELOW = {"national": N_("省（区、市）"), "region": N_("市（州、盟）"), "town": N_("村（社区）"), "village": N_("村民小组")}


def offices_below_word(session: Session) -> str:
    """Return how the summary names the offices directly below this one: 镇（街道） for a county, 村（社区） for a town."""
    from desk.office.service import get_profile

    return _(_BELOW.get(get_profile(session).level, N_("镇（街道）")))


# Province-level divisions by the first two digits of the administrative division code (GB/T 2260).
_AUTONOMOUS_REGIONS = {"15", "45", "54", "64", "65"}
_MUNICIPALITIES = {"11", "12", "31", "50"}


def region_word(code: str) -> str:
    """Return how the province-level division of an office code is named in titles: 自治区, 市 or 省 (empty if unknown)."""
    head = (code or "")[:2]
    if not head.isdigit() or len(head) < 2:
        return ""
    if head in _AUTONOMOUS_REGIONS:
        return _("自治区")
    return _("市") if head in _MUNICIPALITIES else _("省")
