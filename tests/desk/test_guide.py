"""The user guide: its source, its pictures and the PDF the program builds from them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desk.core.errors import DeskError
from desk.reports.guide import build_guide, guide_pdf, guide_source, parse_markdown

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def guide(tmp_path_factory) -> Path:
    return build_guide(tmp_path_factory.mktemp("guide") / "用户手册.pdf")


def _shots() -> set[str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import guide_screenshots
    finally:
        sys.path.pop(0)
    return {f"{name}.png" for name, *_rest in guide_screenshots.SHOTS} | {"setup.png", "login.png"}


def test_every_picture_of_the_guide_is_made_by_the_screenshot_script():
    blocks = parse_markdown(guide_source().read_text(encoding="utf-8"))
    pictures = {Path(block.number).name for block in blocks if block.kind == "image"}
    assert pictures == _shots()
    for name in pictures:
        assert (guide_source().parent / "guide" / name).is_file(), name


def test_the_guide_covers_what_a_new_clerk_needs():
    headings = [b.text for b in parse_markdown(guide_source().read_text(encoding="utf-8")) if b.kind == "h2"]
    text = " ".join(headings)
    for topic in ("第一次启动", "录入", "Excel", "工作总结", "证书", "U 盘", "备份", "损坏", "数据安全"):
        assert topic in text, topic


def test_markdown_blocks_are_read_as_written():
    blocks = parse_markdown(
        "# 标题\n\n第一行\n第二行 and\nmore\n\n- 一项\n2. 第二步\n\n"
        "| 键 | 作用 |\n|---|---|\n| `F1` | 手册 |\n\n> 注意\n\n![图](guide/x.png)\n"
    )
    assert [(b.kind, b.text) for b in blocks[:4]] == [("h1", "标题"), ("p", "第一行第二行 and more"),
                                                       ("ul", "一项"), ("ol", "第二步")]
    assert blocks[3].number == "2"
    assert blocks[4].rows == [["键", "作用"], ["`F1`", "手册"]]
    assert (blocks[5].kind, blocks[5].text) == ("quote", "注意")
    assert (blocks[6].kind, blocks[6].number) == ("image", "guide/x.png")


def test_the_pdf_gives_back_its_chinese_text(guide):
    assert guide.read_bytes().startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(guide), "-"], capture_output=True, text=True, check=True).stdout
    compact = re.sub(r"\s+", "", text)
    for phrase in ("妇联工作台用户手册", "打电话核对指纹", "打印校准页", "第1页"):
        assert phrase in compact, phrase


def test_every_font_of_the_pdf_is_embedded(guide):
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    lines = subprocess.run(["pdffonts", str(guide)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        assert line.split()[-5] == "yes", line  # the "emb" column


def test_a_missing_picture_stops_the_build_with_a_message(tmp_path):
    source = tmp_path / "手册.md"
    source.write_text("# 手册\n\n## 一\n\n![没有的图](guide/none.png)\n", encoding="utf-8")
    with pytest.raises(DeskError, match="none.png"):
        build_guide(tmp_path / "out.pdf", source)
    assert not (tmp_path / "out.pdf").exists()


def test_a_source_checkout_builds_the_guide_into_the_data_folder_once():
    first = guide_pdf()
    assert first.read_bytes().startswith(b"%PDF")
    stamp = first.stat().st_mtime_ns
    assert guide_pdf() == first
    assert first.stat().st_mtime_ns == stamp  # not rebuilt while the source is unchanged
