"""Finding the Chinese fonts a printout uses, per role, with a per-character coverage check.

Four roles follow GB/T 9704: ``song_bold`` (titles), ``fangsong`` (body), ``hei`` (level-1
headings) and ``kai`` (level-2 headings).  Each role takes the best font found: the
Windows fonts (SimSun, SimHei, KaiTi, FangSong), then fontconfig's CJK TrueType fonts on
Linux, then the fonts shipped in resources/fonts.  ReportLab reads only TrueType outlines,
so CFF fonts (OpenType/CFF such as Noto CJK) are skipped.  Every text is split into runs by
the first font that has each character; a character no font has stops the printout.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.core.paths import resources_dir

log = logging.getLogger(__name__)

ROLES = ("song_bold", "fangsong", "hei", "kai")

# Characters that never need a glyph (line feeds, spaces are drawn as space).
_INVISIBLE = {"\n", "\r", "\t"}


@dataclass
class FontFace:
    """One TrueType face registered with ReportLab under ``name``."""

    name: str
    path: Path
    subfont: int = 0
    family: str = ""
    source: str = "shipped"  # "windows", "system" or "shipped"
    bold: bool = False  # a bold design; titles in a regular face are drawn emboldened
    _codepoints: frozenset[int] | None = field(default=None, repr=False)

    def register(self) -> None:
        """Load the face into ReportLab once (raises TTFError for CFF or broken files)."""
        if self.name in pdfmetrics.getRegisteredFontNames():
            return
        font = TTFont(self.name, str(self.path), subfontIndex=self.subfont)
        pdfmetrics.registerFont(font)

    @property
    def codepoints(self) -> frozenset[int]:
        """Return the code points the face has glyphs for."""
        if self._codepoints is None:
            self.register()
            font = pdfmetrics.getFont(self.name)
            self._codepoints = frozenset(font.face.charToGlyph)
        return self._codepoints

    def has(self, char: str) -> bool:
        """Return whether the face can draw ``char``."""
        return char in _INVISIBLE or char == " " or ord(char) in self.codepoints

    def width(self, text: str, size: float) -> float:
        """Return the advance width of ``text`` at ``size`` points."""
        return float(pdfmetrics.stringWidth(text, self.name, size))


@dataclass
class FontSet:
    """The face chosen for each role, and every face available for per-character fallback."""

    roles: dict[str, FontFace]
    fallbacks: list[FontFace]
    # Memoised lookups: a certificate run asks for the face of the same characters and the width
    # of the same pieces hundreds of thousands of times (a quarter of the drawing time).
    _faces: dict[tuple[str, str], FontFace | None] = field(default_factory=dict, repr=False, compare=False)
    _widths: dict[tuple[str, str, float], float] = field(default_factory=dict, repr=False, compare=False)
    _runs: dict[tuple[str, str], list[tuple[FontFace, str]]] = field(default_factory=dict, repr=False, compare=False)

    def describe(self) -> str:
        """Return a one-line account of the fonts used (for PDF metadata and the log)."""
        parts = [f"{role}={face.family or face.path.name} ({face.source})" for role, face in self.roles.items()]
        return "; ".join(parts)

    def _order(self, role: str) -> list[FontFace]:
        first = self.roles[role]
        return [first] + [face for face in self.fallbacks if face.name != first.name]

    def face_for(self, role: str, char: str) -> FontFace | None:
        """Return the first face (the role's own, then the others) that can draw ``char`` (memoised)."""
        key = (role, char)
        try:
            return self._faces[key]
        except KeyError:
            face = self._faces[key] = self.find_face(role, char)
            return face

    def find_face(self, role: str, char: str) -> FontFace | None:
        """Look through the faces for ``char`` (what ``face_for`` remembers)."""
        for face in self._order(role):
            if face.has(char):
                return face
        return None

    def missing(self, text: str, role: str = "fangsong") -> list[str]:
        """Return the characters of ``text`` no available face can draw, in order, without repeats."""
        return [char for char in dict.fromkeys(text) if self.face_for(role, char) is None]

    def check(self, text: str, record: str, role: str = "fangsong") -> None:
        """Raise DeskError naming the first character of ``text`` no font can draw, and ``record``."""
        missing = self.missing(text, role)
        if missing:
            char = missing[0]
            raise DeskError(
                _("“{record}”中的字“{char}”（U+{code}）在所有可用字体中都没有，无法打印。"
                  "请安装含有该字的字体，或改正这条记录。").format(record=record, char=char, code=f"{ord(char):04X}")
            )

    def runs(self, text: str, role: str) -> list[tuple[FontFace, str]]:
        """Split ``text`` into (face, substring) runs; call ``check`` first (unknown characters use the role's face).

        Memoised per (text, role); callers only read the list.
        """
        key = (text, role)
        try:
            return self._runs[key]
        except KeyError:
            if len(self._runs) > 200_000:
                self._runs.clear()
            result = self._runs[key] = self.split(text, role)
            return result

    def split(self, text: str, role: str) -> list[tuple[FontFace, str]]:
        """Split ``text`` into runs (what ``runs`` remembers)."""
        result: list[tuple[FontFace, str]] = []
        for char in text:
            face = self.face_for(role, char) or self.roles[role]
            if result and result[-1][0] is face:
                result[-1] = (face, result[-1][1] + char)
            else:
                result.append((face, char))
        return result

    def width(self, text: str, role: str, size: float) -> float:
        """Return the width of ``text`` drawn in ``role`` with fallback faces, at ``size`` points (memoised)."""
        key = (text, role, size)
        try:
            return self._widths[key]
        except KeyError:
            if len(self._widths) > 200_000:
                self._widths.clear()  # bounded: names and sentences of a long run are mostly seen once
            width = self._widths[key] = self.measure(text, role, size)
            return width

    def measure(self, text: str, role: str, size: float) -> float:
        """Measure ``text`` run by run (what ``width`` remembers)."""
        return sum(face.width(part, size) for face, part in self.split(text, role))


# -- text extraction of characters beyond the BMP ------------------------------------------------

_original_to_unicode = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """Return ReportLab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    ReportLab 5.1 writes such a code point as five hex digits (<20BB7>), which PDF readers
    take for a different character, so copying 𠮷 out of a certificate gave "₻".
    """
    cmap: str = _original_to_unicode(fontname, subset)
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            utf16 = chr(code).encode("utf-16-be").hex().upper()
            cmap = cmap.replace("<%02X> <%04X>" % (index, code), "<%02X> <%s>" % (index, utf16), 1)
    return cmap


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


# -- finding fonts ---------------------------------------------------------------------------

_WINDOWS = {
    "song_bold": ("simsun.ttc", "SimSun"),
    "fangsong": ("simfang.ttf", "FangSong"),
    "hei": ("simhei.ttf", "SimHei"),
    "kai": ("simkai.ttf", "KaiTi"),
}

# Words in a fontconfig family name that say which role a face suits, best first.
_FAMILY_WORDS = {
    "song_bold": ("宋", "song", "ming", "serif"),
    "fangsong": ("仿宋", "fangsong", "fang"),
    "hei": ("黑", "hei", "sans"),
    "kai": ("楷", "kai", "wenkai"),
}


def shipped_faces() -> dict[str, FontFace]:
    """Return the faces shipped in resources/fonts, keyed by a short name."""
    folder = resources_dir() / "fonts"
    return {
        "wenkai": FontFace("DeskWenKai", folder / "LXGWWenKai-Regular.ttf", family="LXGW WenKai"),
        "wenkai_bold": FontFace("DeskWenKaiBold", folder / "LXGWWenKai-Bold.ttf", family="LXGW WenKai Bold", bold=True),
        "microhei": FontFace("DeskMicroHei", folder / "wqy-microhei.ttc", 0, family="WenQuanYi Micro Hei"),
    }


def _windows_faces() -> dict[str, FontFace]:
    root = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    faces = {}
    for role, (filename, family) in _WINDOWS.items():
        path = root / filename
        if path.exists():
            faces[role] = FontFace(f"DeskWin{family}", path, 0, family=family, source="windows")
    return faces


def _is_truetype(path: Path, subfont: int) -> bool:
    """Return whether the face at ``path`` has TrueType outlines (not CFF, which ReportLab cannot read)."""
    try:
        with path.open("rb") as fp:
            head = fp.read(12 + 4 * (subfont + 1))
            if head[:4] == b"ttcf":
                offset = int.from_bytes(head[12 + 4 * subfont: 16 + 4 * subfont], "big")
                fp.seek(offset)
                tag = fp.read(4)
            else:
                tag = head[:4]
    except OSError:
        return False
    return tag in (b"\x00\x01\x00\x00", b"true")


def fontconfig_faces(lines: Iterable[str] | None = None) -> list[tuple[Path, int, str]]:
    """Return (path, face index, family) of fontconfig's Chinese TrueType faces.

    ``lines`` are ``fc-list`` lines in the format ``file|index|family|fontformat`` (read from
    fc-list when not given); CFF and other non-TrueType faces are left out.
    """
    if lines is None:
        if shutil.which("fc-list") is None:
            return []
        try:
            output = subprocess.run(
                ["fc-list", "--format", "%{file}|%{index}|%{family}|%{fontformat}\\n", ":lang=zh"],
                capture_output=True, text=True, timeout=10, check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        lines = output.splitlines()
    faces = []
    for line in lines:
        parts = line.split("|")
        if len(parts) != 4:
            continue
        path_text, index, family, fontformat = parts
        path = Path(path_text)
        if fontformat != "TrueType" or path.suffix.lower() not in (".ttf", ".ttc"):
            continue  # CFF and others: ReportLab reads TrueType outlines only
        faces.append((path, int(index or 0), family.split(",")[0]))
    return faces


def _system_faces() -> dict[str, FontFace]:
    chosen: dict[str, FontFace] = {}
    found = fontconfig_faces()
    for role, words in _FAMILY_WORDS.items():
        for word in words:
            match = next(
                ((path, index, family) for path, index, family in found if word in family.lower() and _is_truetype(path, index)),
                None,
            )
            if match:
                path, index, family = match
                chosen[role] = FontFace(f"DeskSys{abs(hash((str(path), index))) % 10**8}", path, index, family, "system")
                break
    return chosen


def _usable(face: FontFace) -> bool:
    try:
        face.register()
        return True
    except (TTFError, OSError, ValueError) as exc:
        log.warning("Font %s cannot be used: %s", face.path, exc)
        return False


def build_font_set(candidates: Mapping[str, Sequence[FontFace]]) -> FontSet:
    """Return the font set taking, for each role, the first usable candidate; raise DeskError if a role has none."""
    roles: dict[str, FontFace] = {}
    fallbacks: list[FontFace] = []
    for role in ROLES:
        for face in candidates.get(role, ()):
            if _usable(face):
                roles[role] = face
                break
        else:
            raise DeskError(_("找不到可用于打印的中文字体，请安装宋体、黑体、楷体或仿宋"))
    for faces in candidates.values():
        for face in faces:
            if face.name not in {f.name for f in fallbacks} and _usable(face):
                fallbacks.append(face)
    return FontSet(roles, fallbacks)


@lru_cache(maxsize=1)
def default_fonts() -> FontSet:
    """Return the best fonts of this machine for every role (cached); raise DeskError if none works."""
    shipped = shipped_faces()
    system = _windows_faces() if sys.platform.startswith("win") else _system_faces()
    fallback_order = {
        "song_bold": [shipped["wenkai_bold"]],
        "fangsong": [shipped["wenkai"]],
        "hei": [shipped["microhei"]],
        "kai": [shipped["wenkai"]],
    }
    candidates = {role: ([system[role]] if role in system else []) + fallback_order[role] for role in ROLES}
    # Every shipped face is a fallback for characters the chosen faces lack (WenKai has extension B).
    candidates["extra"] = list(shipped.values())
    fonts = build_font_set(candidates)
    log.info("Printout fonts: %s", fonts.describe())
    return fonts
