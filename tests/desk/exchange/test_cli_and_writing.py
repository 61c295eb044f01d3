"""The exchange commands as a clerk types them, and a bundle write that fails halfway leaves nothing behind."""

from __future__ import annotations

import errno
import json

import pytest

from desk.cli import main
from desk.console import CliContext
from desk.exchange import export as export_module
from desk.exchange.export import Selection, export_bundle
from desk.exchange.keys import ExchangeError
from desk.exchange.model import PartnerCard
from tests.desk.exchange.conftest import probe_travel
from tests.desk.exchange.test_exchange import _add_household


def cli(capsys, *args):
    code = main(list(args), CliContext(travel=probe_travel()))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cards_export_import_and_ledger_from_the_command_line(offices, tmp_path, capsys, monkeypatch):
    from tests.conftest import ADMIN

    monkeypatch.setenv("DESK_PASSWORD", ADMIN[1])  # --user logs in first
    city, town, _region = offices
    city_db, town_db = str(city.database.path), str(town.database.path)
    cards = tmp_path / "cards"
    cards.mkdir()
    code, out, _err = cli(capsys, "keys", "card", "--db", town_db, "--out", str(cards))
    assert code == 0 and "指纹" in out
    card_file = cards / "450981101.deskkey"
    assert card_file.exists() and (cards / "450981101-密钥卡.pdf").read_bytes().startswith(b"%PDF")
    fingerprint = json.loads(card_file.read_text(encoding="utf-8"))["fingerprint"]

    with city.begin() as session:
        session.delete(session.get(PartnerCard, town.code))
    code, _out, err = cli(capsys, "keys", "register", str(card_file), "--db", city_db)
    assert code == 1 and "--fingerprint" in err
    code, _out, err = cli(capsys, "keys", "register", str(card_file), "--db", city_db, "--fingerprint", "AAAA-BBBB")
    assert code == 1 and "指纹与密钥卡不一致" in err
    code, out, _err = cli(capsys, "keys", "register", str(card_file), "--db", city_db,
                          "--fingerprint", fingerprint.lower().replace("-", " "), "--user", "admin")
    assert code == 0 and "已登记" in out

    _add_household(town)
    stick = tmp_path / "stick"
    stick.mkdir()
    code, out, _err = cli(capsys, "export", "--db", town_db, "--to", str(stick), "--since-last", "--user", "admin")
    assert code == 0 and "可以安全拔出" in out
    (bundle,) = stick.glob("*.deskbundle")

    code, out, _err = cli(capsys, "import", str(bundle), "--dry-run", "--db", city_db)
    assert code == 0 and "没有改动数据库" in out and "xt_household\t1" in out
    code, out, _err = cli(capsys, "import", str(bundle), "--db", city_db)
    assert code == 0 and "已导入" in out
    code, out, _err = cli(capsys, "import", str(bundle), "--db", city_db)
    assert code == 0 and "以前已经导入过" in out
    broken = tmp_path / "broken.deskbundle"
    broken.write_bytes(bundle.read_bytes()[:100])
    code, _out, err = cli(capsys, "import", str(broken), "--db", city_db)
    assert code == 1 and "不完整" in err

    code, out, _err = cli(capsys, "ledger", "--db", city_db)
    assert code == 0 and "塘岸镇妇联（450981101）" in out and "第 1 号" in out

    code, _out, err = cli(capsys, "export", "--db", town_db, "--to", str(tmp_path / "gone"))
    assert code == 1 and "U 盘是否已拔出" in err
    with town.session() as session:
        assert session.get(PartnerCard, city.code).last_sequence == 1


def test_a_full_stick_leaves_no_file_and_no_used_sequence_number(offices, tmp_path, monkeypatch):
    city, town, _region = offices
    _add_household(town)

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(export_module.os, "fsync", full)
    with pytest.raises(ExchangeError) as caught:
        with town.begin() as session:
            export_bundle(session, town.actor, city.code, stick, Selection(), town.tables)
    assert "U 盘可能已满" in caught.value.message
    assert list(stick.iterdir()) == []
    with town.session() as session:
        assert session.get(PartnerCard, city.code).last_sequence == 0


def test_nothing_new_writes_nothing_unless_a_still_alive_bundle_is_asked_for(offices, tmp_path, capsys):
    city, town, _region = offices
    town_db = str(town.database.path)
    _add_household(town)
    stick = tmp_path / "stick"
    stick.mkdir()
    code, out, _err = cli(capsys, "export", "--db", town_db, "--to", str(stick), "--since-last")
    assert code == 0 and "第 1 号" in out
    code, out, _err = cli(capsys, "export", "--db", town_db, "--to", str(stick), "--since-last")
    assert code == 0 and "没有新的改动" in out and "可以安全拔出" not in out
    assert len(list(stick.glob("*.deskbundle"))) == 1
    with town.session() as session:
        assert session.get(PartnerCard, city.code).last_sequence == 1
    code, out, _err = cli(capsys, "export", "--db", town_db, "--to", str(stick), "--since-last", "--empty")
    assert code == 0 and "空数据包" in out and "第 2 号" in out
    assert len(list(stick.glob("*.deskbundle"))) == 2


def test_an_export_cancelled_while_its_file_is_written_leaves_no_file_and_no_used_sequence_number(offices, tmp_path,
                                                                                                  monkeypatch):
    city, town, _region = offices
    _add_household(town)
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(export_module, "WRITE_PIECE", 256)  # a small bundle is written in several pieces
    seen = []

    def progress(done, total, text=None):
        seen.append(text or "")
        # cancel once part of the file is on the stick
        return not (text and "正在写入" in text and any(path.stat().st_size for path in stick.iterdir()))

    with pytest.raises(export_module.CancelledWhileWriting) as caught:
        with town.begin() as session:
            export_bundle(session, town.actor, city.code, stick, Selection(), town.tables, progress=progress)
    assert "写了一半的数据包已删除" in caught.value.message and any("正在写入数据包" in text for text in seen)
    assert list(stick.iterdir()) == []
    with town.session() as session:
        assert session.get(PartnerCard, city.code).last_sequence == 0
