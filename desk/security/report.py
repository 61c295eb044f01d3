"""The printed side of the recovery key: the recovery sheet (A4 PDF) for the office safe.

It lives in the report layer because it draws with the printouts' Chinese fonts (desk.reports.fonts).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from desk.core.i18n import _
from desk.security.keys import group_code, normalise_code
from desk.security.recovery import loss_warning


def render_sheet(office_name: str, database_path: Path | str, code: str, day: dt.date | None = None) -> bytes:
    """Return the recovery sheet (A4 PDF): the office, the database, the key in groups, and how to use it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    from desk.reports.fonts import default_fonts

    fonts = default_fonts()
    day = day or dt.date.today()
    groups = group_code(normalise_code(code)).split("-")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setTitle(_("数据库恢复单"))
    page.setAuthor(office_name)
    width, height = A4

    def text(x: float, y: float, value: str, role: str = "fangsong", size: float = 12, center: bool = False) -> None:
        fonts.check(value, _("恢复单"), role)
        runs = fonts.runs(value, role)
        if center:
            x -= sum(face.width(part, size) for face, part in runs) / 2
        for face, part in runs:
            page.setFont(face.name, size)
            page.drawString(x, y, part)
            x += face.width(part, size)

    def paragraph(y: float, value: str, size: float = 11.5, role: str = "fangsong") -> float:
        line, limit = "", width - 50 * mm
        for char in value:
            if fonts.width(line + char, role, size) > limit:
                text(25 * mm, y, line, role, size)
                y -= size * 1.6
                line = ""
            line += char
        if line:
            text(25 * mm, y, line, role, size)
            y -= size * 1.6
        return float(y - 2 * mm)

    y = height - 30 * mm
    text(width / 2, y, _("妇联工作台 数据库恢复单"), "hei", 20, center=True)
    y -= 14 * mm
    for label, value in ((_("单位："), office_name), (_("数据库："), Path(database_path).name),
                         (_("打印日期："), day.isoformat())):
        text(25 * mm, y, label + value, "fangsong", 13)
        y -= 8 * mm
    y -= 6 * mm
    text(25 * mm, y, _("恢复密钥："), "hei", 14)
    y -= 28 * mm
    page.setFont("Courier-Bold", 26)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    box_width = stringWidth("  ".join(groups[:3]), "Courier-Bold", 26) + 16 * mm
    page.rect(width / 2 - box_width / 2, y - 12 * mm, box_width, 34 * mm)
    for row, line in enumerate((groups[:3], groups[3:])):
        page.drawCentredString(width / 2, y + 8 * mm - row * 13 * mm, "  ".join(line))
    y -= 24 * mm
    for value in (
        _("请把这张纸放进单位的保险柜，不要拍照，不要存在电脑或手机里，也不要和电脑放在一起。"),
        _("用法：所有管理员都忘了密码时，在登录窗口按“忘记密码…”，输入上面的恢复密钥，为一位管理员设置新密码；"
          "也可以在命令行运行 main.py recover --user 管理员用户名。字母不分大小写，横线和空格可以不输。"),
        _("如果重新生成了恢复密钥，这张纸就作废了，请销毁它并把新的一张放进保险柜。"),
    ):
        y = paragraph(y, value)
    y -= 4 * mm
    y = paragraph(y, loss_warning(), 12, "hei")
    page.showPage()
    page.save()
    return buffer.getvalue()
