"""The relief area's rules between records, as its forms apply them, for imported records.

What the visit and stipend grids check of their lines is declared with the lines (desk/relief/fields.py:
limits, a group or beneficiary ``once`` per visit or batch), and the import derives it from there
(desk.exchange.checks).  Declared here: a person is registered once as a beneficiary.  (That a
beneficiary is still in the register is left to the forms: lines keep naming a beneficiary deleted
later, and every full export carries them.)
"""

from __future__ import annotations

from desk.core.crossrules import UniqueKey
from desk.core.i18n import _

UNIQUE_KEYS = {
    "relief_beneficiary": [UniqueKey(("person_id",), lambda values, other: _("此人已登记为受助人"))],
}
