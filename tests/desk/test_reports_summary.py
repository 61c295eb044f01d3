"""The work summary: narratives stored per section and period, registered sentences first, empty sections left out."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core.errors import ValidationError
from desk.core.periods import parse_period
from desk.office.scope import office_scope
from desk.reports.summary import Cancelled, collect, load_narratives, render_summary, save_narrative, summary_blocks
from desk.reports.tables import StatTable
from tests.desk.reports_helpers import pdf_text

H1 = parse_period("2020H1")


@pytest.fixture
def petitions_writer(reports):
    """A sentence writer as the petitions area adds one (counts given, not queried), in this test's registry only."""
    def writer(session, period, scope):
        return ["半年来我市妇联共接待来访79件（次），其中来信3件，来电21件（次），处理答复率100%。"]

    reports.add_sentences("rights", "test-petitions", writer)
    return writer


def test_a_narrative_is_kept_per_section_and_period(database, actor, reports):
    with database.sessions.begin() as session:
        save_narrative(session, actor, "rights", H1, "  1.完善妇女信访接待制度。\n", reports=reports)
        save_narrative(session, actor, "rights", H1, "1.完善妇女信访接待制度。开展大接访活动。", reports=reports)
        save_narrative(session, actor, "plans", parse_period("2020H2"), "下半年继续。", reports=reports)
    with database.sessions() as session:
        assert load_narratives(session, H1) == {"rights": "1.完善妇女信访接待制度。开展大接访活动。"}


def test_a_narrative_that_is_too_long_or_for_no_section_is_refused(database, actor, reports):
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError) as caught:
            save_narrative(session, actor, "rights", H1, "字" * 20_001, reports=reports)
        assert caught.value.problems["narrative"] == "“维权信访”的文字最多20000个字"
        with pytest.raises(ValidationError, match="没有名为“nonsense”的总结部分"):
            save_narrative(session, actor, "nonsense", H1, "文字", reports=reports)


def test_sections_without_sentences_or_narrative_are_left_out_and_the_rest_numbered(database, actor, petitions_writer, reports):
    with database.sessions.begin() as session:
        save_narrative(session, actor, "overview", H1, "半年来我市妇女工作取得了显著成效。现将总结如下：", reports=reports)
        save_narrative(session, actor, "rights", H1, "（一）维权\n1.完善妇女信访接待制度。", reports=reports)
        save_narrative(session, actor, "plans", H1, "1.进一步加强妇联基层组织建设。", reports=reports)
    with database.sessions() as session:
        contents = collect(session, H1, office_scope(session), reports=reports)
    blocks = summary_blocks(contents, "北流市妇女联合会", H1, dt.date(2020, 7, 10))
    shown = [(block.kind, block.text) for block in blocks]
    assert shown == [
        ("title", "北流市妇女联合会2020年上半年工作总结"),
        ("paragraph", "半年来我市妇女工作取得了显著成效。现将总结如下："),
        ("heading1", "一、做好“维”字文章，在共筑平安中推进妇女工作"),
        ("paragraph", "半年来我市妇联共接待来访79件（次），其中来信3件，来电21件（次），处理答复率100%。"),
        ("heading2", "（一）维权"),
        ("paragraph", "1.完善妇女信访接待制度。"),
        ("heading1", "二、下半年重要工作安排"),
        ("paragraph", "1.进一步加强妇联基层组织建设。"),
        ("signature", "北流市妇女联合会"),
    ]


def test_the_summary_pdf_reads_back_with_sentences_page_numbers_and_signature(database, actor, petitions_writer, tmp_path, reports):
    long_text = "\n".join(f"{n}.开展“平安家庭”创建活动，推动形成男女平等的良好风尚，维护社会稳定。" * 3 for n in range(1, 15))
    with database.sessions.begin() as session:
        save_narrative(session, actor, "family", H1, long_text, reports=reports)
    table = StatTable("信访统计", ("单位", "来访", "来信"), (("北流市妇女联合会", 79, 3),), ("合计", 79, 3))
    reports.add_section_table("rights", "test-table", lambda session, period, scope: table)
    with database.sessions() as session:
        pdf = render_summary(session, H1, office_scope(session), "北流市妇女联合会", dt.date(2020, 7, 10), reports=reports)
    text = pdf_text(pdf, tmp_path)
    flat = text.replace(" ", "").replace("\n", "")
    assert "半年来我市妇联共接待来访79件（次），其中来信3件，来电21件（次），处理答复率100%。" in flat
    assert "—1—" in flat and "—2—" in flat and "—3—" in flat
    assert "2020年7月10日" in flat and "信访统计" in flat
    assert flat.index("处理答复率100%") < flat.index("开展“平安家庭”")  # seed order: rights before family


def test_cancelling_stops_the_summary(database, reports):
    with database.sessions() as session:
        with pytest.raises(Cancelled):
            render_summary(session, H1, office_scope(session), "北流市妇女联合会", progress=lambda done, total: done < 2, reports=reports)


@pytest.mark.parametrize("extra_lines", range(0, 4))
def test_the_issuing_office_and_date_never_stand_alone_on_a_page(tmp_path, extra_lines):
    from desk.reports import layout

    # 20 full lines (one paragraph of 28 × 20 characters minus the indent) push the signature to the page end.
    text = "字" * (28 * (19 + extra_lines) - 2 + 10)
    blocks = [layout.paragraph(text), layout.signature("北流市妇女联合会", dt.date(2020, 7, 10))]
    pdf = layout.render_document(blocks, "北流市妇女联合会")
    pages = pdf_text(pdf, tmp_path).split("\f")
    signature_page = next(page for page in pages if "2020年7月10日" in page)
    assert "字" in signature_page and "北流市妇女联合会" in signature_page
