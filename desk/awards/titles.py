"""How honour titles are printed and matched: the prefix from the awarding office, never doubled, one title per name, level and kind.

县“三八”红旗集体 when a county awards it, 市“三八”红旗集体 from 北流市, 自治区维护妇女儿童权益先进集体
from Guangxi, and 玉林市“三八”红旗集体 when the prefecture above a county-level city awards one
(the bare 市 would read as the office's own).  A title stored with a level word already in its
name (市三八红旗手) is printed with one prefix only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.awards.model import LEVEL_PREFIX, HonourTitle
from desk.core.i18n import _
from desk.office.voice import OfficeVoice, office_voice, place_of, place_word_of, region_word

# Office level → the title level of the honours it awards itself.
_OWN_LEVEL = {"national": "national", "region": "region", "county": "city", "town": "town", "village": "town"}
_STRIPPABLE = ("全国", "自治区", "直辖市", "省", "市", "州", "盟", "县", "区", "旗", "镇", "乡", "街道")


@dataclass(frozen=True)
class TitleContext:
    """What printing a title needs to know about this office: the level of its own titles and its voice."""

    own_level: str
    voice: OfficeVoice
    # Prefixes of the levels above when no awarding body names them: 自治区 (from the office code), 玉林市 (the parent).
    above: tuple[tuple[str, str], ...] = ()


def own_title_level(name: str, level: str, parent_name: str = "") -> str:
    """Return the title level of the honours an office awards itself.

    An office at the 市 level is a county-level city when the office above it is itself a city,
    prefecture or league (北流市 under 玉林市), else a prefecture-level city.
    """
    if level == "city":
        return "prefecture" if place_word_of(place_of(parent_name)) in ("省", "自治区") else "city"
    return _OWN_LEVEL.get(level, "city")


def title_context(session: Session) -> TitleContext:
    """Return this office's title context (its own title level and voice)."""
    from desk.office.service import get_profile

    profile = get_profile(session)
    own = own_title_level(profile.name, profile.level, profile.parent_name)
    above = [("region", region_word(profile.code))]
    parent = place_of(profile.parent_name)
    if own == "city" and place_word_of(parent) in ("市", "州", "盟"):
        above.append(("prefecture", parent))
    elif own == "town" and parent:
        above.append(("city", parent))
    return TitleContext(own, office_voice(session), tuple((level, word) for level, word in above if word))


def bare_name(name: str) -> str:
    """Return a title's name without a level word in front (市三八红旗手 → 三八红旗手; 市级文明家庭 stays)."""
    for word in _STRIPPABLE:
        rest = name[len(word):]
        if name.startswith(word) and len(rest) >= 3 and not rest.startswith("级"):
            return rest
    return name


def _quoted(name: str) -> str:
    if "三八" in name and "“三八”" not in name:
        return name.replace("三八", "“三八”")
    return name


def title_prefix(level: str, awarding_body: str = "", context: TitleContext | None = None) -> str:
    """Return the prefix printed before a title of ``level`` given by ``awarding_body``."""
    if level == "national":
        return _("全国")
    if context is not None and level == context.own_level:
        return context.voice.prefix
    place = place_of(awarding_body)
    word = place_word_of(place)
    if word:
        if context is not None and word == context.voice.prefix and len(place) > len(word):
            return place  # 玉林市 above 北流市: the bare 市 would read as the office's own
        return word
    if context is not None and level in dict(context.above):
        return dict(context.above)[level]
    return _(LEVEL_PREFIX.get(level, ""))


def honour_name(name: str, level: str, awarding_body: str = "", context: TitleContext | None = None) -> str:
    """Return a title as printed: 县“三八”红旗集体, 自治区维护妇女儿童权益先进集体 (one prefix, 三八 in quotes)."""
    return title_prefix(level, awarding_body, context) + _quoted(bare_name(name))


def matching_title(session: Session, name: str, level: str, kind: str, own_office: str | None = None) -> str | None:
    """Return the id of the live title with this name, level and kind (the office's own first, then the oldest)."""
    rows = session.execute(
        select(HonourTitle.id, HonourTitle.origin_office).where(
            HonourTitle.deleted.is_(False), HonourTitle.name == bare_name(name), HonourTitle.level == level,
            HonourTitle.awardee_kind == kind,
        ).order_by(HonourTitle.created_at, HonourTitle.id)
    ).all()
    if not rows:
        return None
    own = [row.id for row in rows if own_office is not None and row.origin_office == own_office]
    return str(own[0]) if own else str(rows[0].id)


def resolve_title(session: Session, text: str) -> str | None:
    """Return the id of the title a sheet cell names (printed form or bare name), or None if none or ambiguous.

    Titles that arrived from offices below with the same name, level and kind count as one, and
    this office's own is taken: the office's awards sheet still imports after a bundle arrived.
    """
    from desk.office.service import get_profile

    context = title_context(session)
    own = get_profile(session).code
    rows = session.execute(
        select(HonourTitle.name, HonourTitle.level, HonourTitle.awardee_kind, HonourTitle.origin_office)
        .where(HonourTitle.deleted.is_(False))
    ).all()
    cleaned = (text or "").strip().replace("“", "").replace("”", "")
    tests: tuple[Callable[[Any], bool], ...] = (
        lambda row: title_prefix(row.level, "", context) + bare_name(row.name) == cleaned,
        lambda row: bare_name(row.name) == bare_name(cleaned),
    )
    for same in tests:
        matches = [row for row in rows if same(row)]
        found = {(row.name, row.level, row.awardee_kind) for row in matches}
        if len(found) > 1:  # the same name at several levels: the office's own catalogue decides
            found = {(row.name, row.level, row.awardee_kind) for row in matches if row.origin_office == own}
        if len(found) == 1:
            return matching_title(session, *found.pop(), own_office=own)
        if matches:
            return None
    return None


def title_text(session: Session, title_id: str) -> str:
    """Return a title as a sheet writes it (the printed form without quotes), empty if it does not exist."""
    title = session.get(HonourTitle, title_id)
    return title_prefix(title.level, "", title_context(session)) + bare_name(title.name) if title else ""
