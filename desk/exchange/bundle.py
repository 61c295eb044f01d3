"""The bundle file: a signed manifest and compressed JSON Lines parts, sealed to the recipient's key.

Layout: ``FDXB`` + format version (2 bytes) + SealedBox ciphertext of
``manifest length (4 bytes) + manifest JSON + Ed25519 signature (64 bytes) + zlib body``.
The signature covers the manifest, and the manifest holds the SHA-256 of the body and of
every part, so one signature vouches for everything.  No archive format, so no entry names.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import SealedBox

from desk.core.i18n import _
from desk.exchange.keys import ExchangeError, KeyCard, OwnKeys

MAGIC = b"FDXB"
FORMAT_VERSION = 1
SIGN_CONTEXT = b"federation-desk-bundle-manifest\n"
MAX_BUNDLE_BYTES = 256 * 1024 * 1024
MAX_BODY_BYTES = 1024 * 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
# Memory stays bounded whatever a bundle declares: records per bundle, how far the body may inflate,
# and how many records a compressed byte may hold (every honest record has a random 36-character id).
MAX_RECORDS = 500_000
MAX_RATIO = 200
RECORDS_PER_BYTE = 8
RATIO_FLOOR = 1024 * 1024  # small bodies may inflate further (a few highly repetitive records)
CHUNK_BYTES = 1024 * 1024


def _refuse(message: str) -> ExchangeError:
    return ExchangeError(message)


def read_exchange_file(path: Path, limit: int = MAX_BUNDLE_BYTES) -> bytes:
    """Return the bytes of a bundle (or, with a smaller ``limit``, a key card) at ``path``; raise ExchangeError
    with the reason when the file is larger than anything this program writes or cannot be read."""
    try:
        if path.stat().st_size > limit:
            raise _refuse(_("文件太大，不是本程序写出的文件：{path}").format(path=path))
        return path.read_bytes()
    except OSError as exc:
        raise _refuse(_("无法读取文件 {path}：{reason}").format(path=path, reason=exc.strerror or exc)) from None


def _damaged() -> ExchangeError:
    return ExchangeError(_("数据包已损坏或不完整（可能没有拷完、被截断或被改动过），不能导入。请让对方重新导出。"))


def encode_bundle(manifest: dict[str, Any], parts: list[tuple[str, bytes, int]], keys: OwnKeys, recipient: KeyCard) -> bytes:
    """Return the bundle bytes: ``parts`` are (table, JSON Lines bytes, record count) in import order."""
    writer = BodyWriter()
    for table, data, count in parts:
        writer.add_part(table, [data], count)
    return writer.seal(manifest, keys, recipient)


class BodyWriter:
    """Builds a bundle part by part: only the compressed body is kept, never the whole text of the records.

    ``add_part`` takes a part's JSON Lines as pieces of bytes (each piece whole lines); the sizes,
    record counts and SHA-256 of every part and of the compressed body go into the manifest.
    """

    def __init__(self) -> None:
        self._compressor = zlib.compressobj(6)
        self._body = bytearray()
        self._hasher = hashlib.sha256()
        self.parts: list[dict[str, Any]] = []
        self.size = 0

    def add_part(self, table: str, pieces: Iterable[bytes], count: int | None = None) -> int:
        """Add one part from ``pieces`` (bytes); return its record count (``count``, or its lines counted)."""
        part_hasher, size, newlines = hashlib.sha256(), 0, 0
        for piece in pieces:
            if not piece:
                continue
            part_hasher.update(piece)
            size += len(piece)
            newlines += piece.count(b"\n")
            self._take(self._compressor.compress(piece))
        if count is None:
            if not size:
                return 0  # nothing selected: no part
            count = newlines
        self.parts.append({"table": table, "count": count, "size": size, "sha256": part_hasher.hexdigest()})
        self.size += size
        return count

    def _take(self, compressed: bytes) -> None:
        if compressed:
            self._hasher.update(compressed)
            self._body += compressed

    def seal(self, manifest: dict[str, Any], keys: OwnKeys, recipient: KeyCard) -> bytes:
        """Return the signed, encrypted bundle with ``manifest`` (its parts and body fields filled in here)."""
        self._take(self._compressor.flush())
        manifest = dict(manifest)
        manifest["format_version"] = FORMAT_VERSION
        manifest["parts"] = self.parts
        manifest["body_size"] = self.size
        manifest["body_sha256"] = self._hasher.hexdigest()
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
        signature = keys.signing.sign(SIGN_CONTEXT + manifest_bytes).signature
        plain = struct.pack(">I", len(manifest_bytes)) + manifest_bytes + signature + bytes(self._body)
        self._body = bytearray()
        return MAGIC + struct.pack(">H", FORMAT_VERSION) + SealedBox(recipient.public_key()).encrypt(plain)


@dataclass(frozen=True)
class OpenedBundle:
    """A decrypted bundle whose manifest is still unverified: call ``verify`` with the sender's card."""

    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    body: bytes

    @property
    def sender_code(self) -> str:
        return str(self.manifest["sender"]["code"])


def open_bundle(data: bytes, keys: OwnKeys) -> OpenedBundle:
    """Decrypt ``data`` with this office's key and read the manifest; raise ExchangeError if impossible."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise _refuse(_("文件太大，不是本程序导出的数据包"))
    if len(data) < 6 or data[:4] != MAGIC:
        raise _refuse(_("这不是妇联工作台的数据包文件"))
    (version,) = struct.unpack(">H", data[4:6])
    if version > FORMAT_VERSION:
        raise _refuse(_("这个数据包由更新版本的妇联工作台导出（格式 {version}），请先升级本程序").format(version=version))
    if version < 1:
        raise _damaged()
    try:
        plain = SealedBox(keys.box).decrypt(data[6:])
    except CryptoError:
        raise _refuse(
            _("无法解开这个数据包：它不是发给本单位的，或者文件已损坏、不完整。")
        ) from None
    if len(plain) < 4:
        raise _damaged()
    (length,) = struct.unpack(">I", plain[:4])
    if length > MAX_MANIFEST_BYTES or len(plain) < 4 + length + 64:
        raise _damaged()
    manifest_bytes = plain[4 : 4 + length]
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged() from None
    if not _manifest_ok(manifest) or manifest["format_version"] != version:
        raise _damaged()
    return OpenedBundle(manifest, manifest_bytes, plain[4 + length : 68 + length], plain[68 + length :])


def _manifest_ok(manifest: Any) -> bool:
    try:
        ok = (
            isinstance(manifest, dict)
            and isinstance(manifest["format_version"], int)
            and isinstance(manifest["sender"]["code"], str)
            and isinstance(manifest["sender"].get("name", ""), str)
            and isinstance(manifest["recipient"]["code"], str)
            and isinstance(manifest["recipient"]["fingerprint"], str)
            and isinstance(manifest["bundle_id"], str)
            and 0 < len(manifest["bundle_id"]) <= 36
            and isinstance(manifest["sequence"], int)
            and not isinstance(manifest["sequence"], bool)
            and 0 < manifest["sequence"] < 2**31
            and isinstance(manifest["created_at"], str)
            and isinstance(manifest["schema"], list)
            and all(isinstance(rev, str) for rev in manifest["schema"])
            and isinstance(manifest["parts"], list)
            and isinstance(manifest["body_size"], int)
            and isinstance(manifest["body_sha256"], str)
        )
        if not ok:
            return False
        for part in manifest["parts"]:
            if not (
                isinstance(part, dict)
                and isinstance(part["table"], str)
                and isinstance(part["count"], int)
                and isinstance(part["size"], int)
                and part["size"] >= 0
                and isinstance(part["sha256"], str)
            ):
                return False
        return bool(sum(part["size"] for part in manifest["parts"]) == manifest["body_size"])
    except (KeyError, TypeError, AttributeError):
        return False


def verify_signature(bundle: OpenedBundle, sender: KeyCard) -> None:
    """Raise ExchangeError unless the sender's registered key signed the manifest."""
    try:
        sender.verify_key().verify(SIGN_CONTEXT + bundle.manifest_bytes, bundle.signature)
    except (BadSignatureError, CryptoError, ValueError):
        raise _refuse(
            _("数据包的签名与登记的“{name}”密钥不符：数据包被改动过，或不是该单位导出的。不能导入。").format(name=sender.name)
        ) from None


def _check_limits(manifest: dict[str, Any], compressed: int) -> None:
    total = manifest["body_size"]
    count = sum(part["count"] for part in manifest["parts"])
    if total > MAX_BODY_BYTES or any(part["count"] < 0 for part in manifest["parts"]):
        raise _refuse(_("数据包内容太大，超出本程序的限制，不能导入"))
    if count > MAX_RECORDS:
        raise _refuse(_("数据包声明有 {count} 条记录，超过一次导入的上限 {limit} 条，不能导入。请对方分期导出。").format(
            count=count, limit=MAX_RECORDS))
    if total > max(RATIO_FLOOR, compressed * MAX_RATIO) or count > compressed // RECORDS_PER_BYTE + 1000:
        raise _refuse(_("数据包的压缩比异常（可能是恶意构造的“压缩炸弹”），不能导入"))


def _inflate(body: bytes, total: int) -> Iterator[bytes]:
    """Yield the decompressed body in pieces, never more than ``total`` bytes in all; raise if it differs."""
    inflater = zlib.decompressobj()
    produced = 0
    try:
        for start in range(0, len(body), CHUNK_BYTES):
            data = inflater.decompress(body[start : start + CHUNK_BYTES], total + 1 - produced)
            while True:
                produced += len(data)
                if produced > total:
                    raise _damaged()
                if data:
                    yield data
                if not inflater.unconsumed_tail:
                    break
                data = inflater.decompress(inflater.unconsumed_tail, total + 1 - produced)
        tail = inflater.flush()
    except zlib.error:
        raise _damaged() from None
    produced += len(tail)
    if tail:
        yield tail
    if produced != total or not inflater.eof or inflater.unused_data:
        raise _damaged()


def _lines(pieces: Iterable[bytes], parts: list[dict[str, Any]]) -> Iterator[tuple[int, bytes]]:
    """Yield (part index, line) from the inflated pieces, checking each part's size and hash as it ends."""
    index, used, hasher, pending = 0, 0, hashlib.sha256(), b""
    for piece in pieces:
        view = memoryview(piece)
        while len(view):
            while index < len(parts) and used == parts[index]["size"]:
                if hasher.hexdigest() != parts[index]["sha256"] or pending:
                    raise _damaged()
                index, used, hasher = index + 1, 0, hashlib.sha256()
            if index >= len(parts):
                raise _damaged()
            take = view[: parts[index]["size"] - used]
            view = view[len(take) :]
            used += len(take)
            hasher.update(take)
            pending += bytes(take)
            *complete, pending = pending.split(b"\n")
            if len(pending) > MAX_LINE_BYTES:
                raise _refuse(_("数据包中有一条记录太大（超过 1 MB），不能导入"))
            for line in complete:
                if len(line) > MAX_LINE_BYTES:
                    raise _refuse(_("数据包中有一条记录太大（超过 1 MB），不能导入"))
                if line:
                    yield index, line
    while index < len(parts) and used == parts[index]["size"]:
        if hasher.hexdigest() != parts[index]["sha256"]:
            raise _damaged()
        if pending:
            if len(pending) > MAX_LINE_BYTES:
                raise _refuse(_("数据包中有一条记录太大（超过 1 MB），不能导入"))
            yield index, pending
            pending = b""
        index, used, hasher = index + 1, 0, hashlib.sha256()
    if index != len(parts):
        raise _damaged()


def read_parts(bundle: OpenedBundle) -> list[tuple[str, list[Any]]]:
    """Return (table, records) per part after checking limits, sizes and hashes; raise ExchangeError otherwise.

    The body is inflated piece by piece: it never grows past the size the signed manifest declares,
    and that size, the record count and the compression ratio are checked before anything is inflated.
    Holds every record at once: an import streams with ``check_body`` and ``records`` instead.
    """
    check_body(bundle)
    records: list[list[Any]] = [[] for _part in bundle.manifest["parts"]]
    for index, line in lines(bundle):
        records[index].append(parse_line(line))
    return [(part["table"], found) for part, found in zip(bundle.manifest["parts"], records)]


def check_body(bundle: OpenedBundle, keep: frozenset[int] = frozenset()) -> list[tuple[int, bytes]]:
    """Check the body's hash and limits, then inflate it once checking every part's size, hash, lines and
    count; raise ExchangeError otherwise. Return the lines of the parts in ``keep`` only (nothing else
    is held): afterwards ``lines`` goes over a body known to be whole."""
    manifest = bundle.manifest
    if hashlib.sha256(bundle.body).hexdigest() != manifest["body_sha256"]:
        raise _damaged()
    _check_limits(manifest, len(bundle.body))
    return list(lines(bundle, keep))


def lines(bundle: OpenedBundle, wanted: frozenset[int] | None = None) -> Iterator[tuple[int, bytes]]:
    """Yield (part index, line bytes) of the body in order (only of the parts in ``wanted`` if given),
    checking sizes, hashes and record counts as it goes; raise ExchangeError at the first fault."""
    parts_meta = bundle.manifest["parts"]
    seen = [0] * len(parts_meta)
    for index, line in _lines(_inflate(bundle.body, bundle.manifest["body_size"]), parts_meta):
        seen[index] += 1
        if seen[index] > parts_meta[index]["count"]:
            raise _damaged()
        if wanted is None or index in wanted:
            yield index, line
    if any(found != part["count"] for part, found in zip(parts_meta, seen)):
        raise _damaged()


def parse_line(line: bytes) -> Any:
    """Return one record of a part from its JSON line; raise ExchangeError if it is not JSON."""
    try:
        return json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse(_("数据包中的记录格式不正确，不能导入")) from None


def may_hold_lone_surrogates(line: bytes) -> bool:
    """Return whether a JSON line could decode to text that is not valid Unicode (an escaped surrogate).

    UTF-8 itself cannot carry one (the line decoded), so only ``\\udXXX`` escapes can: a line without
    them needs no per-value check."""
    return b"\\ud" in line or b"\\uD" in line
