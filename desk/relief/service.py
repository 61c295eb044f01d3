"""The relief area's rules for single lines and between records, as its forms apply them, for imported records.

The visit and stipend forms (``visits.check_visit``, ``stipends.check_batch``) check a whole grid at
once; an imported line arrives alone, so what those grids add beyond the lines' declared fields is
declared here by table: a stipend is more than nothing, a group, or a beneficiary, is listed once per
visit or batch.  (That a beneficiary is still in the register is left to the forms: lines keep
naming a beneficiary deleted later, and every full export carries them.)
"""

from __future__ import annotations

from typing import Any

from desk.core.crossrules import UniqueKey
from desk.core.i18n import _
from desk.core.validation import Checker
from desk.relief.model import GROUPS


def stipend_line_rules(checker: Checker, cleaned: dict[str, Any]) -> None:
    """Add the problem of a stipend line paying nothing (the batch form refuses an amount of 0)."""
    if cleaned.get("amount_fen") == 0:
        checker.add("amount_fen", _("金额应大于0"))


def _group_twice(values: dict[str, Any], other: Any) -> str:
    group = str(values.get("group") or "")
    return _("帮扶类别“{group}”重复了").format(group=_(GROUPS.get(group, group)))


RECORD_RULES = {"relief_stipend_line": stipend_line_rules}
UNIQUE_KEYS = {
    "relief_beneficiary": [UniqueKey(("person_id",), lambda values, other: _("此人已登记为受助人"))],
    "relief_visit_group": [UniqueKey(("visit_id", "group"), _group_twice)],
    "relief_visit_person": [UniqueKey(("visit_id", "beneficiary_id"), lambda values, other: _("同一受助人列了两次"))],
    "relief_stipend_line": [UniqueKey(("batch_id", "beneficiary_id"), lambda values, other: _("同一受助人在本批中列了两次"))],
}
