"""Hostile or broken bundles are refused with a clerk's message and leave the database exactly as it was."""

from __future__ import annotations

import json
import random
import struct
import zlib

import pytest
from nacl.public import SealedBox

from desk.core.errors import DeskError
from desk.exchange.keys import ExchangeError, own_keys
from desk.exchange.model import PartnerCard
from tests.desk.exchange.conftest import dump
from tests.desk.exchange.helpers import export, import_into, signed_bundle


def _refused(office, data: bytes) -> str:
    before = dump(office)
    with pytest.raises(ExchangeError) as caught:
        import_into(office, data)
    assert dump(office) == before
    return caught.value.message


def _crafted(town, city, records=None, manifest_changes=None, table="xt_household") -> bytes:
    """A bundle signed by the town for the city with hand-made records."""
    lines = [json.dumps(record, ensure_ascii=False) if not isinstance(record, str) else record for record in records or []]
    data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    return signed_bundle(town, city, [(table, data, len(lines))] if lines else [], manifest_changes)


def _household(**changes):
    record = {
        "id": "11111111-2222-3333-4444-555555555555", "origin_office": "450981101",
        "created_at": "2026-01-01T00:00:00+00:00", "created_by": "a", "updated_at": "2026-01-01T00:00:00+00:00",
        "updated_by": "a", "revision": 1, "deleted": False, "head": "韦秀梅", "registered_on": "2020-03-08",
        "poor": True, "allowance_fen": 100, "notes": "",
    }
    record.update(changes)
    return record


@pytest.fixture
def bundle(offices, tmp_path):
    city, town, _region = offices
    from tests.desk.exchange.test_exchange import _add_household

    _add_household(town)
    return export(town, city.code, tmp_path)


def test_truncated_file(offices, bundle):
    for size in (0, 3, 10, len(bundle) // 2, len(bundle) - 1):
        message = _refused(offices[0], bundle[:size])
        assert "数据包" in message


def test_any_flipped_bit(offices, bundle):
    rng = random.Random(9)
    for position in [0, 4, 5, 6, 40, len(bundle) - 1] + [rng.randrange(len(bundle)) for _ in range(10)]:
        damaged = bytearray(bundle)
        damaged[position] ^= 1 << rng.randrange(8)
        _refused(offices[0], bytes(damaged))


def test_manifest_changed_after_signing(offices, bundle):
    city, _town, _region = offices
    with city.begin() as session:
        keys = own_keys(session)
    plain = SealedBox(keys.box).decrypt(bundle[6:])
    (length,) = struct.unpack(">I", plain[:4])
    manifest = json.loads(plain[4 : 4 + length])
    manifest["sequence"] = 7
    changed = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
    forged = struct.pack(">I", len(changed)) + changed + plain[4 + length :]
    message = _refused(city, bundle[:6] + SealedBox(keys.box.public_key).encrypt(forged))
    assert "签名" in message


def test_unknown_sender(offices, bundle):
    city = offices[0]
    with city.begin() as session:
        session.delete(session.get(PartnerCard, "450981101"))
    assert "还没有登记" in _refused(city, bundle)


def test_bundle_for_another_office(offices, tmp_path):
    city, town, region = offices
    from tests.desk.exchange.test_exchange import _add_household

    _add_household(town)
    for_region = export(town, region.code, tmp_path)
    assert "不是发给本单位" in _refused(city, for_region)


def test_bundle_reencrypted_by_a_third_office(offices, tmp_path):
    city, town, region = offices
    from tests.desk.exchange.test_exchange import _add_household

    _add_household(town)
    for_region = export(town, region.code, tmp_path)
    with region.begin() as session:
        plain = SealedBox(own_keys(session).box).decrypt(for_region[6:])
    with city.begin() as session:
        city_key = own_keys(session).box.public_key
    message = _refused(city, for_region[:6] + SealedBox(city_key).encrypt(plain))
    assert "玉林市妇女联合会" in message and "不是发给本单位" in message


def test_newer_format(offices, bundle):
    message = _refused(offices[0], bundle[:4] + struct.pack(">H", 2) + bundle[6:])
    assert "更新版本" in message


def test_newer_schema(offices):
    city, town, _region = offices
    message = _refused(city, _crafted(town, city, [_household()], {"schema": ["0001", "9999"]}))
    assert "更新版本" in message and "9999" in message


def test_not_a_bundle(offices):
    assert "不是妇联工作台的数据包" in _refused(offices[0], b"PK\x03\x04" + b"\0" * 100)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (_household(head="长" * 21), "太长"),
        (_household(allowance_fen="100"), "类型不对"),
        (_household(registered_on="2020-02-30"), "类型不对"),
        (_household(poor=1), "类型不对"),
        (_household(extra="x"), "不认识的字段"),
        ({"id": "x"}, "缺少字段"),
        ([1, 2], "不是一个对象"),
    ],
)
def test_records_that_break_the_rules_are_rejected_with_reasons(offices, record, reason):
    city, town, _region = offices
    data = _crafted(town, city, [record])
    dry = import_into(city, data, dry_run=True)
    assert any(reason in text for _table, _id, text in dry.plan.rejected)
    assert "不合格" in _refused(city, data)


def test_reference_to_a_missing_record_is_rejected(offices):
    city, town, _region = offices
    member = {key: value for key, value in _household().items() if key not in
              ("head", "registered_on", "poor", "allowance_fen", "notes")}
    member.update(id="m1", household_id="nowhere", name="韦小红")
    assert "不合格" in _refused(city, _crafted(town, city, [member], table="xt_member"))


def test_unknown_table_and_malformed_json(offices):
    city, town, _region = offices
    assert "不合格" in _refused(city, _crafted(town, city, [_household()], table="no_such_area"))
    assert "格式不正确" in _refused(city, _crafted(town, city, ['{"id": "x", '], table="xt_household"))


def test_decompression_bomb_is_refused_without_inflating_it(offices):
    city, town, _region = offices
    honest = _crafted(town, city, [_household()])
    with town.begin() as session:
        keys = own_keys(session)
    with city.begin() as session:
        city_keys = own_keys(session)
    plain = SealedBox(city_keys.box).decrypt(honest[6:])
    (length,) = struct.unpack(">I", plain[:4])
    manifest = json.loads(plain[4 : 4 + length])
    bomb = zlib.compress(b"\n" * (50 * 1024 * 1024), 9)  # 50 MB of newlines in ~50 KB
    import hashlib

    manifest["body_sha256"] = hashlib.sha256(bomb).hexdigest()
    changed = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
    from desk.exchange.bundle import SIGN_CONTEXT

    signature = keys.signing.sign(SIGN_CONTEXT + changed).signature
    forged = struct.pack(">I", len(changed)) + changed + signature + bomb
    assert "损坏" in _refused(city, honest[:6] + SealedBox(city_keys.box.public_key).encrypt(forged))


def test_fuzzed_plaintexts_only_ever_raise_desk_errors(offices):
    """Random damage behind a valid encryption layer: the parser must answer with a DeskError, nothing else."""
    city, town, _region = offices
    honest = _crafted(town, city, [_household(), _household(id="h2", head="第二户")])
    with city.begin() as session:
        city_keys = own_keys(session)
    plain = SealedBox(city_keys.box).decrypt(honest[6:])
    rng = random.Random(2026)
    before = dump(city)
    for _ in range(150):
        data = bytearray(plain)
        for _ in range(rng.randrange(1, 4)):
            kind = rng.randrange(3)
            position = rng.randrange(len(data))
            if kind == 0:
                data[position] = rng.randrange(256)
            elif kind == 1:
                del data[position : position + rng.randrange(1, 40)]
            else:
                data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 20)))
        if bytes(data) == plain:  # a byte replaced by itself: not damage
            continue
        sealed = honest[:6] + SealedBox(city_keys.box.public_key).encrypt(bytes(data))
        try:
            import_into(city, sealed)
        except DeskError:
            pass
    assert dump(city) == before


def test_fuzzed_signed_records_are_rejected_never_crash(offices):
    """Honestly signed bundles with random field values: each record is accepted or rejected with a reason."""
    city, town, _region = offices
    rng = random.Random(7)
    samples = [None, True, 0, -1, 2**70, 1.5, "", "x" * 30, "2020-13-45", "2020-03-08", "2026-11-29T00:00:00+08:00",
               "9999-12-31T23:59:59-23:59", [], {}, {"a": [1]}, "韦" * 5]
    records = []
    for number in range(60):
        record = _household(id=f"fz-{number}")
        for key in rng.sample(sorted(record), rng.randrange(1, 4)):
            record[key] = rng.choice(samples)
        records.append(record)
    before = dump(city)
    try:
        plan = import_into(city, _crafted(town, city, records), dry_run=True).plan
    except DeskError:
        pass
    else:
        assert len(plan.rejected) + len(plan.actions) == len(records)
    assert dump(city) == before
