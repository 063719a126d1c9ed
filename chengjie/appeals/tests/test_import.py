"""The 12345 import: two cities' layouts (xlsx under a merged title with 问题分类 in three levels; a GBK csv
with other names in another order), every problem placed by sheet, row and column with nothing written, the
"valid rows only" path with its rejects workbook, and re-importing a ticket updates it."""

import io
from datetime import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from chengjie.appeals.importer.services import appeals_import
from chengjie.appeals.models import Appeal, AppealEvent, AppealImport, AppealRating
from chengjie.appeals.services import appeal_category_create
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError

from .exports import csv_export, csv_row, xlsx_export, xlsx_row

pytestmark = pytest.mark.django_db
Status = Appeal.Status


@pytest.fixture
def categories(cast):
    service = appeal_category_create(acting_user=cast.bureau, name="企业服务")
    return appeal_category_create(acting_user=cast.bureau, name="用工", parent=service, resolve_workdays=10)


def _import(cast, upload, **kwargs):
    return appeals_import(acting_user=cast.bureau, source=upload, file_name=upload.name, **kwargs)


def test_an_xlsx_under_a_merged_title_imports_by_column_name(cast, categories):
    result = _import(cast, xlsx_export([
        xlsx_row("QS2026092800012"),
        xlsx_row("QS2026092800013", 工单类型="咨询", 问题分类="", 办件状态="办理中", 办结时间=None, 处理结果="",
                 是否解决="", 满意度="", 承办单位="潜山市自然资源和规划局", 企业名称="未登记的企业"),
    ]))
    assert result.written and (result.created, result.updated) == (2, 0)
    closed = Appeal.objects.get(ticket_no="QS2026092800012")
    assert closed.channel == Appeal.Channel.PLATFORM_12345 and closed.county_id == "340882"
    assert closed.enterprise == cast.firm and closed.division_id == cast.firm.division_id
    assert closed.unit == cast.unit_a  # found by its short name 经信局
    assert closed.category == categories and closed.source_category == "企业服务->用工->招工难"
    assert closed.kind == Appeal.Kind.COMPLAINT and closed.status == Status.FINISHED
    assert closed.received_at == timezone.make_aware(datetime(2026, 9, 28, 10, 15))
    assert closed.accepted_at == closed.routed_at == timezone.make_aware(datetime(2026, 9, 28, 14, 0))
    assert closed.replied_at == closed.closed_at and closed.resolved is True
    assert closed.caller_phone == "13912345678" and closed.source_channel == "12345热线电话"
    # 15 working days from receipt, the National Day holiday skipped.
    assert timezone.localtime(closed.platform_due_at).date().isoformat() == "2026-10-23"
    rating = AppealRating.objects.get(appeal=closed)
    assert (rating.satisfaction, rating.via) == ("satisfied", "12345")
    open_ = Appeal.objects.get(ticket_no="QS2026092800013")
    assert (open_.status, open_.unit, open_.enterprise, open_.company_name) == (
        Status.ACCEPTED, cast.unit_b, None, "未登记的企业")
    assert open_.closed_at is None and not open_.ratings.exists()
    assert "问题分类“企业服务->用工->招工难”在本县诉求分类中只找到“用工”" in result.plan.notices[0]
    assert list(closed.events.values_list("kind", flat=True)) == ["imported", "routed", "closed"]
    assert AuditEvent.objects.filter(event="appeal.imported").count() == 2
    summary = AuditEvent.objects.get(event="appeals.imported")
    assert summary.after == {"file": "12345工单导出.xlsx", "rows": 2, "created": 2, "updated": 0, "unchanged": 0,
                             "rejected": 0}


def test_a_gbk_csv_with_other_names_in_another_order(cast):
    result = _import(cast, csv_export([
        csv_row("1234520261012000345"),
        csv_row("1234520261012000346", 办件状态="已回访", 办结时间="2026年10月20日 17时30分",
                办理结果="已调整限高架高度。", 解决情况="已解决", 满意度评价="基本满意", 退回="0"),
    ]))
    assert result.written and result.created == 2
    first = Appeal.objects.get(ticket_no="1234520261012000345")
    assert first.kind == Appeal.Kind.HELP and first.subject == "园区道路限高影响货车通行"
    assert first.unit == cast.unit_b and first.status == Status.ACCEPTED and first.return_count == 1
    assert first.caller_phone == "0556-8123456" and first.source_channel == "微信公众号"
    assert first.received_at == timezone.make_aware(datetime(2026, 10, 12, 9, 5))
    second = Appeal.objects.get(ticket_no="1234520261012000346")
    assert second.status == Status.FINISHED and second.ratings.get().satisfaction == "basic"
    assert "2 行没有工单类型，按“求助”导入。" in result.plan.notices


def test_bad_rows_are_reported_by_place_and_nothing_is_written(cast, categories):
    result = _import(cast, xlsx_export([
        xlsx_row("QS001"),
        xlsx_row("QS002", 承办单位="不存在的局"),
        xlsx_row("QS003", 来电时间="2026-13-45", 满意度="还行"),
        xlsx_row("QS004", 处理结果=""),
        xlsx_row("QS001", 诉求主题="重复的工单"),
        xlsx_row("QS005", 办件状态="办理中"),
    ]))
    assert not result.written
    assert not Appeal.objects.exists() and not AppealImport.objects.exists()
    assert [str(problem) for problem in result.plan.problems] == [
        "工作表“工单明细”第 5 行 L 列（承办单位）：承办单位“不存在的局”不在本县单位名录中（按全称或简称查找）",
        "工作表“工单明细”第 6 行 C 列（来电时间）：时间“2026-13-45”不存在",
        "工作表“工单明细”第 6 行 S 列（满意度）：满意度“还行”无法识别：应为满意、基本满意、不满意或未评价",
        "工作表“工单明细”第 7 行 Q 列（处理结果）：已办结的工单须有处理结果（即对企业的答复）",
        "工作表“工单明细”第 8 行 B 列（工单编号）：与工作表“工单明细”第 4 行的工单编号相同",
        "工作表“工单明细”第 9 行 S 列（满意度）：工单尚未办结（办理中），不能有满意度评价",
    ]


def test_only_the_valid_rows_and_the_rejects_come_back_as_a_workbook(cast, categories):
    rows = [xlsx_row("QS001"), xlsx_row("QS002", 承办单位="不存在的局"), xlsx_row("QS003", 诉求主题="第三件")]
    result = _import(cast, xlsx_export(rows), valid_only=True)
    assert result.written and result.created == 2
    assert set(Appeal.objects.values_list("ticket_no", flat=True)) == {"QS001", "QS003"}
    record = AppealImport.objects.get()
    assert (record.rows, record.created, record.rejected) == (3, 2, 1)
    book = load_workbook(io.BytesIO(bytes(record.rejects)))
    sheet = book["工单明细"]
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][0] == "潜山市12345政务服务便民热线涉企工单（2026年9—10月）"
    assert lines[2][-2:] == ("原行号", "问题") and lines[2][1] == "工单编号"
    assert lines[3][1] == "QS002" and lines[3][-2] == 5
    assert lines[3][-1] == "L 列（承办单位）：承办单位“不存在的局”不在本县单位名录中（按全称或简称查找）"
    # Corrected, the rejects workbook imports as it is.
    sheet.cell(row=4, column=12, value="经信局")
    fixed = io.BytesIO()
    book.save(fixed)
    fixed.seek(0)
    again = appeals_import(acting_user=cast.bureau, source=fixed, file_name="rejects-fixed.xlsx")
    assert again.written and again.created == 1 and not again.plan.notices[1:]
    assert Appeal.objects.get(ticket_no="QS002").unit == cast.unit_a


def test_re_importing_a_ticket_updates_it_instead_of_adding_it_again(cast):
    _import(cast, csv_export([csv_row("1234520261012000345"), csv_row("1234520261012000399")]))
    appeal = Appeal.objects.get(ticket_no="1234520261012000345")
    later = csv_export([
        csv_row("1234520261012000345", 办件状态="已办结", 办结时间="2026-10-22 10:00", 办理结果="限高架已抬升至4.5米。",
                解决情况="是", 联系电话="", 重办="1"),
        csv_row("1234520261012000399"),
    ])
    result = _import(cast, later)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Appeal.objects.count() == 2
    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED and appeal.result == "限高架已抬升至4.5米。" and appeal.redo_count == 1
    assert appeal.caller_phone == "0556-8123456"  # a blank cell keeps what is stored
    update = appeal.events.get(kind=AppealEvent.Kind.UPDATED)
    assert update.text.startswith("按 12345 导出更新：") and "办件状态" in update.text and "办结时间" in update.text
    assert appeal.events.filter(kind=AppealEvent.Kind.CLOSED).exists()
    assert AuditEvent.objects.filter(event="appeal.import_updated").count() == 1


def test_a_file_without_the_columns_every_row_needs_is_refused(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.csv", "工单编号,诉求人,承办单位\nA1,张三,经信局\n".encode())
    with pytest.raises(DomainError, match="工作表“CSV”缺少必需的列：来电时间、诉求内容或诉求主题。"):
        _import(cast, upload)
    with pytest.raises(DomainError, match="不是 Excel 工作簿"):
        _import(cast, SimpleUploadedFile("x.xlsx", b"not a workbook"))


def test_only_the_county_office_imports(cast):
    with pytest.raises(DomainError, match="您的角色不能导入 12345 工单"):
        appeals_import(acting_user=cast.clerk_a, source=csv_export([csv_row("A1")]), file_name="a.csv")
