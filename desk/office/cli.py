"""``voice``: show or correct how this office names itself in print (我县 / 全县 / 县妇联 / 县)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desk.core.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk.db.records import Actor

_OPTIONS = (("self_name", "--self-name"), ("whole", "--whole"), ("federation", "--federation"), ("prefix", "--prefix"))


def voice_options(parser: argparse.ArgumentParser) -> None:
    """Add the four forms as options (an empty value goes back to the derived form)."""
    from desk.office.voice import voice_labels

    labels = voice_labels()
    for key, option in _OPTIONS:
        parser.add_argument(option, dest=f"voice_{key}", help=_(labels[key]))


def chosen_forms(args: argparse.Namespace) -> dict[str, str | None] | None:
    """Return the forms given on the command line (None when none was given)."""
    given = {key: getattr(args, f"voice_{key}", None) for key, _option in _OPTIONS}
    return None if all(value is None for value in given.values()) else given


def apply_forms(session: Session, actor: Actor, args: argparse.Namespace) -> None:
    """Store the forms given on the command line, keeping the stored ones not given."""
    from desk.office.voice import save_voice, voice_settings

    given = chosen_forms(args)
    if given is not None:
        stored = voice_settings(session)
        save_voice(session, actor, {key: stored[key] if value is None else value for key, value in given.items()})


def _cmd_voice(args: argparse.Namespace) -> int:
    from desk.office.voice import office_voice
    from desk.security.cli import open_logged_in

    database, actor = open_logged_in(args)
    try:
        with database.sessions.begin() as session:
            apply_forms(session, actor, args)
            voice = office_voice(session)
        print(_("自称：{self_name}；辖区：{whole}；妇联简称：{federation}；本级荣誉称号前缀：{prefix}").format(
            self_name=voice.self_name, whole=voice.whole, federation=voice.federation, prefix=voice.prefix))
        return 0
    finally:
        database.close()


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``voice`` command."""
    voice = subparsers.add_parser("voice", help=_("查看或改正本单位在报表和证书中的称呼（改正需要管理员；给空值恢复推算的称呼）"))
    voice_options(voice)
    voice.set_defaults(handler=_cmd_voice)
