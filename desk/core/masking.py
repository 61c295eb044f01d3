"""The one place where sensitive values are masked for lists and printouts.

Lists and printouts call these functions; forms show full values.  Permissions to see
full values hang on ``may_see_full`` (the full-ID-number grant of desk.core.roles).
"""

from __future__ import annotations

from desk.core.roles import SEE_FULL_IDS, allowed


def mask_name(name: str | None) -> str:
    """Mask the middle of a name: 王小花 → 王*花, 李明 → 李*, 欧阳小花 → 欧**花."""
    if not name:
        return ""
    if len(name) == 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(number: str | None) -> str:
    """Mask an ID number keeping the first 4 and last 4 characters: 4501**********1234."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """Mask a phone number keeping the first 3 and last 4 digits: 138****5678."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def may_see_full(actor: object | None) -> bool:
    """Return whether ``actor`` may see unmasked sensitive values in lists (the full-ID-number grant)."""
    if getattr(actor, "may_see_full_ids", False):
        return True
    return actor is not None and allowed(actor, SEE_FULL_IDS)


def mask_address(text: str | None) -> str:
    """Hide an address whole, keeping its length: 塘岸镇塘岸村 → ******."""
    return "*" * len(text or "")


def mask_text(text: str | None) -> str:
    """Hide free text about a person, saying only how long it is."""
    from desk.core.i18n import _

    return _("（已遮盖，{count}字）").format(count=len(text)) if text else ""


MASKS = {
    "name": mask_name,
    "id_number": mask_id_number,
    "phone": mask_phone,
    "address": mask_address,
    "personal_text": mask_text,
}


def mask_value(sensitivity: str, value: object) -> str:
    """Return ``value`` masked the way its declared ``sensitivity`` asks (desk.core.fields); text if none."""
    text = "" if value is None else str(value)
    mask = MASKS.get(sensitivity)
    return mask(text) if mask else text
