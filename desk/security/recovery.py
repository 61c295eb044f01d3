"""The recovery key of an encrypted office database: kept inside the database, printed on a sheet for the safe,
and used to set a new password when every password is forgotten.

The key itself is stored (as an office setting) only inside the encrypted database, so an
administrator who is logged in can print the sheet again; outside it exists only wrapped in the
key file.  Without the sheet and without any password the data cannot be opened by anyone.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core import roles
from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.db.database import open_database
from desk.db.records import Actor
from desk.office.model import User
from desk.office.passwords import hash_password
from desk.office.settings import OfficeSettingSpec, get_setting, set_setting
from desk.security import audit
from desk.security.keys import group_code, key_file, normalise_code, read_keys, set_recovery, unlock_with_recovery, wrap, write_keys
from desk.security.model import LoginState

log = logging.getLogger(__name__)

RECOVERY_CODE = OfficeSettingSpec("recovery_code", str, "")


def loss_warning() -> str:
    """Return the plain words about what is lost without the recovery sheet (in the current language)."""
    return _("如果所有用户都忘了密码，又找不到这张恢复单，数据库里的数据就永远打不开了：任何人，包括本程序的开发者，都无法找回。")


def remember_code(session: Session, code: str) -> None:
    """Keep the recovery key inside the (encrypted) database, so that the sheet can be printed again."""
    set_setting(session, RECOVERY_CODE, group_code(normalise_code(code)))


def stored_code(session: Session, actor: Actor) -> str:
    """Return the office's recovery key for printing (administrators only); raise DeskError if there is none."""
    roles.require(actor, roles.MANAGE_USERS)
    code = get_setting(session, RECOVERY_CODE)
    if not code:
        raise DeskError(_("这个数据库没有加密，没有恢复密钥"))
    return code


def new_code_for(session: Session, actor: Actor, path: Path, key: str) -> str:
    """Make a new recovery key (the old sheet stops working); return it. Administrators only."""
    from desk.security.keys import new_recovery_code

    roles.require(actor, roles.MANAGE_USERS)
    code = new_recovery_code()
    set_recovery(path, key, code)
    remember_code(session, code)
    audit.record_event(session, actor, audit.USER_CHANGE, actor.user, {"recovery_key_renewed": True})
    return code


def recover_access(path: Path, code: str, username: str, password: str) -> None:
    """With the recovery key, give ``username`` (an active administrator) the new ``password``.

    Raises UnlockError (wrong key, counted with growing delays), ValidationError or DeskError.
    """
    from desk.security.users import _check_password, get_user

    path = Path(path)
    if not key_file(path).exists():
        raise DeskError(_("这个数据库没有加密，不需要恢复密钥"))
    key = unlock_with_recovery(path, code)
    problems: dict[str, str] = {}
    _check_password(problems, password, None)
    if problems:
        from desk.core.errors import ValidationError

        raise ValidationError(problems)
    database = open_database(path, key=key)
    try:
        with database.sessions.begin() as session:
            user = get_user(session, username)
            if not user.active or "admin" not in user.roles.split():
                raise DeskError(_("恢复密钥只能为在用的管理员设置新密码；“{user}”不是").format(user=username))
            user.password_hash = hash_password(password)
            state = session.get(LoginState, username)
            if state is not None:
                state.failures = 0
                state.last_failure_at = None
            data = read_keys(path)
            data["users"][username] = wrap(key, password)
            data["failures"].pop(username, None)
            write_keys(path, data)
            audit.record_event(session, None, audit.USER_CHANGE, username, {"password_recovered": True})
    finally:
        database.close()
    log.warning("The recovery key was used to set a new password for %r", username)


def administrators(session: Session) -> list[str]:
    """Return the user names of the active administrators (who may be given a new password)."""
    users = session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
    return [user.username for user in users if "admin" in user.roles.split()]


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
