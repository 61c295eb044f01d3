"""The printable key card: one A4 page with the office name, code and fingerprint, in an embedded CJK font."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from desk.core.formatting import format_date
from desk.core.i18n import _, pgettext
from desk.core.paths import resources_dir
from desk.db.base import utcnow
from desk.exchange.keys import KeyCard

FONT = "DeskKaiCard"


def _register_font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resources_dir() / "fonts" / "LXGWWenKai-Regular.ttf")))
    return FONT


def write_card_pdf(card: KeyCard, path: Path) -> Path:
    """Write the printable card page to ``path``; return it."""
    font = _register_font()
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle(_("密钥卡：{name}").format(name=card.name))
    width, height = A4
    x = 25 * mm
    y = height - 35 * mm
    canvas.setFont(font, 22)
    canvas.drawString(x, y, _("妇联工作台 数据交换密钥卡"))
    y -= 18 * mm
    canvas.setFont(font, 14)
    for label, value in (
        (pgettext("office", "单位名称"), card.name),
        (_("单位代码"), card.code),
        (_("制作日期"), format_date(utcnow().date())),
    ):
        canvas.drawString(x, y, f"{label}：{value}")
        y -= 10 * mm
    y -= 6 * mm
    canvas.drawString(x, y, _("指纹（请通过电话逐组核对）："))
    y -= 16 * mm
    canvas.setFont(font, 26)
    canvas.drawString(x + 5 * mm, y, "  ".join(card.fingerprint.split("-")))
    y -= 20 * mm
    canvas.setFont(font, 11)
    lines = (
        _("把同名的 .deskkey 文件交给对方单位登记。登记时程序会显示指纹，"),
        _("对方应打电话给本单位，逐组念出指纹，一致后才确认登记。"),
        _("指纹不一致时不要登记：文件可能被调换。"),
    )
    for line in lines:
        canvas.drawString(x, y, line)
        y -= 7 * mm
    canvas.showPage()
    canvas.save()
    return Path(path)
