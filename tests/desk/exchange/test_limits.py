"""Hostile bundles, continued: memory stays bounded, names stay names (the areas' checks: test_checks)."""

from __future__ import annotations

import json
import tracemalloc
import zlib

import pytest

from desk.exchange.bundle import encode_bundle
from desk.exchange.keys import own_card, own_keys
from desk.exchange.schema import schema_revisions
from tests.desk.exchange.helpers import import_into
from tests.desk.exchange.test_refusals import _crafted, _household, _refused


def _signed(town, city, parts, **manifest_changes) -> bytes:
    with town.begin() as session:
        keys, me, schema = own_keys(session), own_card(session), schema_revisions(session)
    with city.begin() as session:
        them = own_card(session)
    manifest = {
        "program_version": "test", "schema": schema, "bundle_id": "b" * 36, "sequence": 1,
        "sender": {"code": me.code, "name": me.name, "fingerprint": me.fingerprint},
        "recipient": {"code": them.code, "name": them.name, "fingerprint": them.fingerprint},
        "created_at": "2026-11-29T00:00:00+00:00", "counts": {},
    }
    manifest.update(manifest_changes)
    return encode_bundle(manifest, parts, keys, them)


def _peak_mb(action) -> float:
    tracemalloc.start()
    try:
        action()
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 1024 / 1024


def test_a_small_bundle_declaring_millions_of_records_is_refused_in_little_memory(offices):
    city, town, _region = offices
    count = 4_000_000
    lines = b'{"id":"x"}\n' * count  # 44 MB that deflates to about 100 KB
    data = _signed(town, city, [("xt_household", lines, count)])
    assert len(data) < 200 * 1024
    messages = []
    peak = _peak_mb(lambda: messages.append(_refused(city, data)))
    assert "条记录" in messages[0] or "压缩比" in messages[0]
    assert peak < 200


def test_a_bundle_of_zeros_declaring_a_huge_body_is_refused_before_inflating(offices):
    city, town, _region = offices
    honest = _signed(town, city, [])
    assert honest  # the keys work
    zeros = b"\0" * (64 * 1024 * 1024)
    data = _signed(town, city, [("xt_household", zeros, 1)])
    assert len(data) < 2 * 1024 * 1024 and len(zlib.compress(zeros)) < 200 * 1024
    messages = []
    peak = _peak_mb(lambda: messages.append(_refused(city, data)))
    assert "压缩比" in messages[0] or "太大" in messages[0]
    assert peak < 200


@pytest.mark.parametrize("name", ["../../../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini", "..", "a/b.jpg"])
def test_attachment_names_are_plain_file_names(offices, name):
    city, town, _region = offices
    from desk.campaigns.model import EventAttachment

    columns = {column.name for column in EventAttachment.__table__.columns}
    record = {key: value for key, value in _household().items() if key in columns}
    record.update(id="att-1", event_id="ev-1", position=0, file_name="照片.jpg", stored_name="events/abc.jpg")
    for bad in ({"file_name": name}, {"stored_name": name if "/" not in name.strip("/") else "events/" + name}):
        data = _crafted(town, city, [record | bad], table="campaign_event_attachment")
        reasons = [reason for _t, _i, reason in import_into(city, data, dry_run=True).plan.rejected]
        assert any("文件" in reason for reason in reasons), reasons


def test_a_lone_surrogate_is_a_rejected_record_not_a_crash(offices, capsys):
    city, town, _region = offices
    line = json.dumps(_household(head="韦\ud800梅"), ensure_ascii=True)
    bad_key = json.dumps(_household(id="h2") | {"\udc00x": 1}, ensure_ascii=True)
    data = _crafted(town, city, [line, bad_key])
    dry = import_into(city, data, dry_run=True)
    assert len(dry.plan.rejected) == 2
    assert any("无效的字符" in reason for _t, _i, reason in dry.plan.rejected)
    from desk.exchange.cli import print_plan

    print_plan(dry.plan)
    assert "不合格" in capsys.readouterr().out
    assert "不合格" in _refused(city, data)


def test_a_file_too_large_or_unreadable_is_refused_before_it_is_read(tmp_path):
    """The import tab, its background job and the command line read a bundle (or a key card) through one function."""
    from desk.exchange.bundle import read_exchange_file
    from desk.exchange.keys import ExchangeError

    path = tmp_path / "数据包.fdxb"
    path.write_bytes(b"x" * 2048)
    assert read_exchange_file(path, limit=2048) == b"x" * 2048
    with pytest.raises(ExchangeError, match="文件太大，不是本程序写出的文件"):
        read_exchange_file(path, limit=2047)
    with pytest.raises(ExchangeError, match="无法读取文件"):
        read_exchange_file(tmp_path)  # a folder, not a file
    with pytest.raises(ExchangeError, match="无法读取文件"):
        read_exchange_file(tmp_path / "没有这个文件.fdxb")
