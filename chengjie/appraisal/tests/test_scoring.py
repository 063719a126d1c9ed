"""Scoring on one's own sheet, closing, and the results: the ranking worked by hand through the services, the
通报 opened with python-docx and the Excel annex opened with openpyxl."""

from decimal import Decimal
from io import BytesIO

import docx
import openpyxl
import pytest

from chengjie.appraisal.models import Score
from chengjie.appraisal.selectors import results
from chengjie.appeals.testing import at
from chengjie.appraisal.services import results_export_docx, results_export_xlsx, scoring_close
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.dispatch.services import dispatch_setting_set

from .conftest import criteria_ids, score, sheet_of

pytestmark = pytest.mark.django_db

# Default criteria 投资强度 30, 建设进度 30, 产业带动 20, 亩均效益 20, each scored 0 to its weight, so an
# appraiser's total is the plain sum of the four scores.
LEADER = [(25, 28, 15, 18), (28, 27, 18, 16), (20, 22, 14, 15)]          # 86, 89, 71
HEAD_A = [(27, 26, 16, 17), (26, 25, 17, 16), ("22.5", 21, 15, "14.5")]  # 86, 84, 73


@pytest.fixture
def scored(cast, scoring, three):
    for user, rows in ((cast.leader, LEADER), (cast.head_a, HEAD_A)):
        for pick, values in zip(three, rows):
            score(scoring, user, pick, values)
    return scoring


def test_an_appraiser_scores_every_criterion_within_its_range_on_their_own_sheet(cast, scoring, three):
    ids = criteria_ids(scoring)
    for values, field, message in (
        ((31, 20, 10, 10), f"c{ids[0]}", "“投资强度”的得分应在 0 到 30 之间，实际是 31。"),
        ((30, "20.25", 10, 10), f"c{ids[1]}", "“建设进度”的得分最多保留一位小数。"),
        ((30, 20, 10, None), f"c{ids[3]}", "请为“亩均效益”打分。"),
    ):
        with pytest.raises(DomainError) as error:
            score(scoring, cast.leader, three[0], values)
        assert (error.value.field, error.value.message) == (field, message)
    from chengjie.appraisal.services import score_record

    with pytest.raises(DomainError):
        score_record(acting_user=cast.head_a, sheet=sheet_of(scoring, cast.leader), pick=three[0],
                     values=dict(zip(ids, (1, 1, 1, 1))))
    score(scoring, cast.leader, three[0], (30, 20, 10, 10))
    score(scoring, cast.leader, three[0], (29, 20, 10, 10))  # revised until scoring closes
    assert sorted(Score.objects.filter(sheet__appraiser=cast.leader).values_list("value", flat=True)) == [
        Decimal(10), Decimal(10), Decimal(20), Decimal(29)]
    event = AuditEvent.objects.filter(event="appraisal.scored").order_by("-seq").first()
    assert event.before[str(ids[0])] == "30.0" and event.after[str(ids[0])] == "29.0"


def test_the_ranking_worked_by_hand(cast, scored, three):
    scoring_close(acting_user=cast.bureau, appraisal=scored, results_seq=15)
    found = results(scored)
    assert [(pick.project.name, row.rank, row.shown_score, row.shown_points) for pick, row in found.rows] == [
        ("新型刷材项目", 1, Decimal("86.50"),                                     # (89 + 84) / 2
         [Decimal("27.00"), Decimal("26.00"), Decimal("17.50"), Decimal("16.00")]),
        ("智能装备产业园项目", 2, Decimal("86.00"),                               # (86 + 86) / 2
         [Decimal("26.00"), Decimal("27.00"), Decimal("15.50"), Decimal("17.50")]),
        ("医药中间体项目", 3, Decimal("72.00"),                                   # (71 + 73) / 2
         [Decimal("21.25"), Decimal("21.50"), Decimal("14.50"), Decimal("14.75")]),
    ]
    assert found.missing == []


def test_closing_early_needs_a_reason_and_leaves_missing_sheets_out(cast, scoring, three):
    for pick, values in zip(three, LEADER):
        score(scoring, cast.leader, pick, values)
    score(scoring, cast.head_a, three[0], HEAD_A[0])
    with pytest.raises(DomainError) as error:
        scoring_close(acting_user=cast.bureau, appraisal=scoring, results_seq=15)
    assert error.value.message == "还有评委未打完分：经信局负责人（1/3）。如需提前结束，请填写理由。"
    closed = scoring_close(acting_user=cast.bureau, appraisal=scoring, results_seq=15, note="评委临时公出")
    assert (closed.status, closed.close_note) == ("closed", "评委临时公出")
    found = results(closed)
    assert [(pick.project.name, row.shown_score, row.appraisers) for pick, row in found.rows] == [
        ("新型刷材项目", Decimal("89.00"), 1), ("智能装备产业园项目", Decimal("86.00"), 2),
        ("医药中间体项目", Decimal("71.00"), 1)]
    assert [(sheet.appraiser, count) for sheet, count in found.missing] == [(cast.head_a, 2)]
    with pytest.raises(DomainError):
        score(closed, cast.head_a, three[1], HEAD_A[1])


def test_the_results_document_and_its_excel_annex(cast, scored):
    dispatch_setting_set(acting_user=cast.bureau, division_code="340882", stalled_months=3,
                         organ="潜山市招商引资工作领导小组办公室", number_prefix="潜招")
    with at("2026-06-30 17:00"):
        closed = scoring_close(acting_user=cast.bureau, appraisal=scored, results_seq=15)
    with pytest.raises(DomainError):
        results_export_docx(acting_user=cast.outsider, appraisal=closed)
    document = docx.Document(BytesIO(results_export_docx(acting_user=cast.leader, appraisal=closed)))
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    assert lines[:4] == ["潜山市招商引资工作领导小组办公室", "潜招〔2026〕15号",
                         "关于2026年上半年重点项目现场观摩评比结果的通报", "各乡镇、园区，县直各有关单位："]
    assert lines[4].startswith("为检验2026年上半年项目建设成效，潜山市组织开展了重点项目现场观摩。观摩项目 3 个"
                               "（2026年1月1日至2026年6月30日开工、协议投资 10,000 万元以上的项目，以及确定增列的项目），"
                               "评委 2 名现场打分。")
    assert "一、评分办法" in lines and "二、评比结果" in lines
    assert "评分指标及权重：投资强度 30 分、建设进度 30 分、产业带动 20 分、亩均效益 20 分，合计 100 分。" in lines[6]
    assert "“新型刷材项目”、“智能装备产业园项目”、“医药中间体项目”位列前三，予以通报表扬。" in lines
    assert "附件：观摩评分明细表" in lines and "2026年6月30日" in lines
    table = document.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["名次", "项目名称", "引进单位", "得分"],
        ["1", "新型刷材项目", "潜山市经济和信息化局", "86.50"],
        ["2", "智能装备产业园项目", "潜山市经济和信息化局", "86.00"],
        ["3", "医药中间体项目", "潜山市经济和信息化局", "72.00"],
    ]
    book = openpyxl.load_workbook(BytesIO(results_export_xlsx(acting_user=cast.bureau, appraisal=closed)))
    assert book.sheetnames == ["排名", "评分明细"]
    ranking = [[cell.value for cell in row] for row in book["排名"].iter_rows(min_row=2)]
    assert ranking[0] == ["名次", "观摩顺序", "项目名称", "引进单位", "协议投资（万元）", "得分", "投资强度（30分）",
                          "建设进度（30分）", "产业带动（20分）", "亩均效益（20分）", "评分评委数"]
    assert ranking[1][:6] == [1, 2, "新型刷材项目", "潜山市经济和信息化局", 12000, 86.5]
    detail = [[cell.value for cell in row] for row in book["评分明细"].iter_rows(min_row=3)]
    assert detail[5] == ["经信局负责人", 3, "医药中间体项目", 22.5, 21, 15, 14.5, 73]
    assert AuditEvent.objects.filter(event="appraisal.results_exported").count() == 2
