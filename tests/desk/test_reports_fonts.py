"""Fonts: fontconfig's CFF faces are refused, characters fall back per font, a character no font has stops the print."""

from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.reports import layout
from desk.reports.fonts import ROLES, FontSet, _is_truetype, default_fonts, fontconfig_faces, shipped_faces
from tests.desk.reports_helpers import pdf_fonts, pdf_text


def test_fontconfig_list_keeps_truetype_chinese_faces_and_drops_cff():
    lines = [
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc|2|Noto Serif CJK SC|CFF",
        "/usr/share/fonts/truetype/arphic/uming.ttc|0|AR PL UMing CN,AR PL UMing|TrueType",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc|0|WenQuanYi Zen Hei|TrueType",
        "/usr/share/fonts/truetype/odd/odd.pfb|0|Odd Song|Type 1",
    ]
    faces = fontconfig_faces(lines)
    assert [(path.name, index, family) for path, index, family in faces] == [
        ("uming.ttc", 0, "AR PL UMing CN"),
        ("wqy-zenhei.ttc", 0, "WenQuanYi Zen Hei"),
    ]


def test_shipped_fonts_have_truetype_outlines(tmp_path):
    for face in shipped_faces().values():
        assert _is_truetype(face.path, face.subfont)
    fake = tmp_path / "cff.otf"
    fake.write_bytes(b"OTTO" + b"\0" * 60)
    assert not _is_truetype(fake, 0)


def test_every_role_has_a_font_and_the_pdf_says_which():
    fonts = default_fonts()
    assert set(fonts.roles) == set(ROLES)
    assert "fangsong=" in fonts.describe() and "hei=" in fonts.describe()


def test_a_character_missing_from_the_role_font_is_drawn_by_another_font():
    fonts = default_fonts()
    hei = fonts.roles["hei"]
    if hei.has("䶮"):
        pytest.skip("the heading font on this machine has extension A itself")
    runs = fonts.runs("刘䶮", "hei")
    assert [part for _face, part in runs] == ["刘", "䶮"]
    assert runs[1][0].has("䶮") and runs[1][0] is not hei
    fonts.check("刘䶮 吉𠮷", "测试记录", "hei")  # no error: a fallback has both


def test_a_character_no_font_has_stops_with_the_character_and_the_record_named():
    micro = shipped_faces()["microhei"]
    only_micro = FontSet({role: micro for role in ROLES}, [micro])
    with pytest.raises(DeskError) as caught:
        only_micro.check("王䶮", "〔2020〕第001号 王䶮", "kai")
    assert "䶮" in caught.value.message and "U+4DAE" in caught.value.message
    assert "〔2020〕第001号 王䶮" in caught.value.message
    with pytest.raises(DeskError, match="𠮷"):
        only_micro.check("𠮷野家", "一条表彰", "kai")
    blocks = [layout.title("总结"), layout.paragraph("给𠮷同志颁奖。", source="表彰")]
    with pytest.raises(DeskError, match="“表彰”中的字“𠮷”"):
        layout.render_document(blocks, "北流市妇女联合会", only_micro)
    # A character that is in no font at all (a private-use code point) is refused with the default fonts too.
    with pytest.raises(DeskError, match=r"U\+E000"):
        default_fonts().check("\ue000", "记录")


def test_every_font_in_a_pdf_is_embedded_as_a_subset(tmp_path):
    blocks = [layout.title("北流市妇女联合会工作总结"), layout.heading(1, "一、做好“维”字文章"),
              layout.heading(2, "（一）完善信访接待制度"), layout.paragraph("半年来共接待来访79件（次）。刘䶮、𠮷。")]
    pdf = layout.render_document(blocks, "北流市妇女联合会")
    rows = pdf_fonts(pdf, tmp_path)
    assert rows, "no fonts listed"
    for row in rows:
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row
    text = pdf_text(pdf, tmp_path).replace(" ", "")
    assert "半年来共接待来访79件（次）" in text
    assert "刘䶮、𠮷" in text  # characters beyond U+FFFF copy out correctly too


def test_a_title_in_a_regular_song_face_is_emboldened(tmp_path):
    import io

    from reportlab.pdfgen.canvas import Canvas

    from desk.reports.drawing import draw_text

    fonts = default_fonts()
    bold = FontSet({**fonts.roles, "song_bold": shipped_faces()["wenkai_bold"]}, fonts.fallbacks)
    plain = FontSet({**fonts.roles, "song_bold": shipped_faces()["wenkai"]}, fonts.fallbacks)
    streams = []
    for font_set in (bold, plain):
        canvas = Canvas(io.BytesIO(), pageCompression=0)
        draw_text(canvas, font_set, "song_bold", "工作总结", 10, 10, 22)
        streams.append(canvas.getpdfdata())
    assert b"2 Tr" not in streams[0]
    assert b"2 Tr" in streams[1]  # fill and stroke: a heavier title
