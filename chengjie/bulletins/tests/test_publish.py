"""Publishing freezes a bulletin; a correction is version 2, which lists what changed; the Word document and
the Excel annex say what the page says.

One project of 经信局: 1,000万 completed in March, 2,000万 in October; target 12,000万. October:
3,000 ÷ 12,000 = 25.0%; 25.0 − 83.33… = 58.3 points behind."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from chengjie.audit.models import AuditEvent
from chengjie.bulletins.models import Bulletin
from chengjie.bulletins.selectors import gather
from chengjie.bulletins.services import bulletin_preview, bulletin_publish, bulletin_setting_set
from chengjie.bulletins.testing import pipeline, targets
from chengjie.core.errors import DomainError
from chengjie.projects.services import monthly_figure_set

from .test_figures import OCTOBER

SENTENCE = "1-10月累计完成投资3,000万元，占年度计划的25.0%，落后序时进度58.3个百分点。"


@pytest.fixture
def project(cast, today):
    targets(cast, {(cast.unit_a.pk, "completed_investment"): 12000, (cast.unit_a.pk, "new_starts"): 2})
    return pipeline(cast, unit=cast.unit_a, signed_on=date(2026, 2, 10), contracted=12000,
                    start_plan=date(2026, 5, 1), production_plan=date(2027, 3, 1), started_on=date(2026, 5, 20),
                    figures={"2026-03": (3000, 2000, 1000), "2026-10": (0, 0, 2000)}, name="年产10万台智能装备项目")


def correct_october(cast, project, completed):
    monthly_figure_set(acting_user=cast.bureau, project=project, period=date(2026, 10, 1), funds_in_place=0,
                       out_of_province_funds=0, completed_investment=Decimal(completed))


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_publish_freezes_content_facts_and_files(cast, project):
    bulletin = bulletin_publish(acting_user=cast.bureau, period=OCTOBER)
    assert (bulletin.version, bulletin.number, bulletin.division_id) == (1, "潜招〔2026〕1号", "340882")
    assert bulletin.title == "关于2026年1-10月全市招商引资项目推进情况的通报"
    assert SENTENCE in bulletin.content["sentences"]["overview"]
    assert list(bulletin.facts.values_list("project_id", "row_key")) == [(project.pk, f"u{cast.unit_a.pk}")]
    event = AuditEvent.objects.get(event="bulletins.published")
    assert (event.object_id, event.after["version"], event.after["number"]) == (str(bulletin.pk), 1, "潜招〔2026〕1号")
    assert event.after["data_fingerprint"] == bulletin.data_fingerprint
    document, annex = stored(bulletin.document), stored(bulletin.annex)
    content = bulletin.content

    # October's figure is corrected after publication: the live preview moves, the published bulletin does not.
    correct_october(cast, project, 2500)
    preview, _facts = bulletin_preview(division_code="340882", period=OCTOBER)
    assert "1-10月累计完成投资3,500万元，占年度计划的29.2%，落后序时进度54.2个百分点。" in preview["sentences"]["overview"]
    assert preview["fingerprint"] != bulletin.data_fingerprint
    bulletin = Bulletin.objects.get(pk=bulletin.pk)
    assert bulletin.content == content
    assert (stored(bulletin.document), stored(bulletin.annex)) == (document, annex)
    assert SENTENCE in text_of(docx.Document(BytesIO(stored(bulletin.document))))


def test_correction_is_version_2_listing_what_changed(cast, project):
    first = bulletin_publish(acting_user=cast.bureau, period=OCTOBER)
    with pytest.raises(DomainError, match="无需发布更正"):
        bulletin_publish(acting_user=cast.bureau, period=OCTOBER, note="重复发布")
    correct_october(cast, project, 2500)
    with pytest.raises(DomainError, match="更正说明") as refused:
        bulletin_publish(acting_user=cast.bureau, period=OCTOBER)
    assert refused.value.field == "note"
    second = bulletin_publish(acting_user=cast.bureau, period=OCTOBER, note="经信局更正10月完成投资")
    assert (second.version, second.number, second.correction_note) == (2, "潜招〔2026〕2号", "经信局更正10月完成投资")
    assert second.title.endswith("（更正）")
    changes = {(c["table"], c["row"], c["column"]): (c["old"], c["new"]) for c in second.content["changes"]}
    assert changes[("完成固定资产投资完成情况", "经信局", "1-10月累计")] == ("3,000.00", "3,500.00")
    assert changes[("完成固定资产投资完成情况", "经信局", "10月当月")] == ("2,000.00", "2,500.00")
    assert changes[("完成固定资产投资完成情况", "合计", "完成年度目标")] == ("25.0%", "29.2%")
    assert changes[("完成固定资产投资排名", "经信局", "较序时进度")] == ("-58.3", "-54.2")
    # Nothing that did not move is listed: the signing tables are unchanged.
    assert not [c for c in second.content["changes"] if c["table"].startswith("新签约")]
    # Version 1 is untouched; version 2's document says what it corrects and carries the changes table.
    first.refresh_from_db()
    assert SENTENCE in first.content["sentences"]["overview"] and "changes" not in first.content
    text = text_of(docx.Document(BytesIO(stored(second.document))))
    assert "本通报更正2026年10月通报第1版（潜招〔2026〕1号）。更正原因：经信局更正10月完成投资" in text
    assert "更正对照（与第1版相比）" in text and "3,500.00" in text
    assert AuditEvent.objects.filter(event="bulletins.published").count() == 2


def test_only_a_finished_month_is_published_and_only_by_the_bureau(cast, project):
    with pytest.raises(DomainError, match="尚未结束"):
        bulletin_publish(acting_user=cast.bureau, period=date(2026, 11, 1))
    for user in (cast.leader, cast.clerk_a, cast.sys_admin):
        with pytest.raises(DomainError, match="不能发布月通报"):
            bulletin_publish(acting_user=user, period=OCTOBER)
    assert not Bulletin.objects.exists()


def test_word_document_layout_and_figures(cast, project):
    bulletin_setting_set(acting_user=cast.bureau, organ="潜山市招商引资工作领导小组办公室", number_prefix="潜招",
                         cc="市委办公室\n市政府办公室", printer="潜山市招商引资工作领导小组办公室")
    bulletin = bulletin_publish(acting_user=cast.bureau, period=OCTOBER)
    document = docx.Document(BytesIO(stored(bulletin.document)))
    section = document.sections[0]
    # GB/T 9704-2012: A4, margins 37 / 35 (bottom) / 28 (left) / 26 (right) mm.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                   section.right_margin)] == [37, 35, 28, 26]

    def east_asian(style_name):
        style = document.styles[style_name]
        return style.element.rPr.rFonts.get(qn("w:eastAsia")), style.font.size

    assert east_asian("公文标题") == ("方正小标宋简体", Pt(22))  # 小标宋 二号
    assert east_asian("公文正文") == ("仿宋_GB2312", Pt(16))  # 仿宋 三号
    assert east_asian("一级标题") == ("黑体", Pt(16))
    paragraphs = [(p.text, p.style.name) for p in document.paragraphs]
    # The organ's name heads the document as its mark (and closes it as the signature).
    assert next(style for text, style in paragraphs if text == "潜山市招商引资工作领导小组办公室") == "发文机关标志"
    assert ("潜招〔2026〕1号", "发文字号") in paragraphs
    assert (SENTENCE, "公文正文") in paragraphs
    assert ("一、总体情况", "一级标题") in paragraphs
    assert ("2026年11月20日", "成文日期") in paragraphs
    footer = section.footer._element.xml
    assert "PAGE" in footer and "—" in footer
    text = text_of(document)
    assert "截至10月底，计划开工项目1个、已开工1个，开工率100.0%" in text
    assert "抄送：市委办公室，市政府办公室。" in text
    # 表4, completed investment, to the whole 万元: 经信局 12,000 target, 3,000 done, 25.0%, 58.3 behind,
    # 2,000 in October, nothing last year.
    assert "表4  完成固定资产投资完成情况（单位：万元）" in text
    table = document.tables[3]
    assert [c.text for c in table.rows[0].cells] == ["单位", "年度目标", "1-10月累计", "完成年度目标", "较序时进度",
                                                     "10月当月", "去年同期累计", "同比增长"]
    assert [c.text for c in table.rows[1].cells] == ["经信局", "12,000", "3,000", "25.0%", "-58.3", "2,000", "0", "—"]


def test_excel_annex_has_one_sheet_per_table(cast, project):
    bulletin = bulletin_publish(acting_user=cast.bureau, period=OCTOBER)
    book = openpyxl.load_workbook(BytesIO(stored(bulletin.annex)))
    assert len(book.sheetnames) == len(bulletin.content["tables"])
    sheet = book["表4完成固定资产投资完成情况"]
    assert sheet["A1"].value == "表4  完成固定资产投资完成情况（单位：万元）"
    assert [c.value for c in sheet[2]] == ["单位", "年度目标", "1-10月累计", "完成年度目标", "较序时进度",
                                            "10月当月", "去年同期累计", "同比增长"]
    row = [c.value for c in sheet[3]]
    assert row[0] == "经信局" and row[-1] == "—"
    assert [Decimal(str(v)) for v in row[1:7]] == [Decimal(12000), Decimal(3000), Decimal("0.25"), Decimal("-58.3"),
                                                   Decimal(2000), Decimal(0)]
    assert sheet["D3"].number_format == "0.0%" and sheet["B3"].number_format == "#,##0.00"
    assert [c.value for c in book["表8完成固定资产投资排名"][3]][:2] == [1, "经信局"]


def test_preview_counts_the_same_as_the_published_figures(cast, project):
    content, facts = bulletin_preview(division_code="340882", period=OCTOBER)
    assert content["document"]["number"] == "潜招〔2026〕1号"
    assert content["document"]["title"].endswith("（预览稿）")
    assert [f.id for f in facts] == [f.id for f in gather(division_code="340882", period=OCTOBER).facts]
