"""12345 exports as two cities' platforms write them: an .xlsx with a merged title over its header and
问题分类 in three levels, and a GBK .csv that names and orders its columns its own way."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX_HEADERS = ["序号", "工单编号", "来电时间", "受理渠道", "诉求人", "联系电话", "企业名称", "工单类型", "问题分类",
                "诉求主题", "诉求内容", "承办单位", "派发时间", "处理时限", "办件状态", "办结时间", "处理结果", "是否解决",
                "满意度", "退回次数", "延期次数", "重办次数"]


def xlsx_row(ticket: str, **overrides) -> list:
    row = {
        "序号": 1, "工单编号": ticket, "来电时间": datetime(2026, 9, 28, 10, 15), "受理渠道": "12345热线电话",
        "诉求人": "王经理", "联系电话": "13912345678", "企业名称": "安徽潜山示例刷业有限公司", "工单类型": "投诉",
        "问题分类": "企业服务->用工->招工难", "诉求主题": "企业招工难", "诉求内容": "旺季缺少熟练工人，希望组织专场招聘。",
        "承办单位": "经信局", "派发时间": datetime(2026, 9, 28, 14, 0), "处理时限": "15个工作日", "办件状态": "已办结",
        "办结时间": datetime(2026, 10, 9, 16, 30), "处理结果": "已协调人社局10月15日举办专场招聘会。", "是否解决": "是",
        "满意度": "满意", "退回次数": 0, "延期次数": 0, "重办次数": 0,
    }
    row.update(overrides)
    return [row[header] for header in XLSX_HEADERS]


def xlsx_export(rows: list[list], *, name: str = "12345工单导出.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "工单明细"
    sheet.append(["潜山市12345政务服务便民热线涉企工单（2026年9—10月）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(XLSX_HEADERS))
    sheet.append(["导出时间：2026-10-20 09:00"])
    sheet.append(XLSX_HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# Another city: other names for the same fields, another order, no 工单类型 and no 问题分类 levels.
CSV_HEADERS = ["办件编号", "办件来源", "受理时间", "公司名称", "诉求人", "联系电话", "标题", "诉求内容", "办理单位",
               "承诺完成时间", "办件状态", "办结时间", "办理结果", "解决情况", "满意度评价", "退回", "延期", "重办"]


def csv_row(ticket: str, **overrides) -> list:
    row = {
        "办件编号": ticket, "办件来源": "微信公众号", "受理时间": "2026/10/12 9:05", "公司名称": "外地某物流有限公司",
        "诉求人": "陈先生", "联系电话": "0556-8123456", "标题": "园区道路限高影响货车通行", "诉求内容": "开发区纬三路限高架过低。",
        "办理单位": "潜山市自然资源和规划局", "承诺完成时间": "2026-10-30 18:00:00", "办件状态": "办理中", "办结时间": "",
        "办理结果": "", "解决情况": "", "满意度评价": "", "退回": "1", "延期": "0", "重办": "0",
    }
    row.update(overrides)
    return [row[header] for header in CSV_HEADERS]


def csv_export(rows: list[list], *, name: str = "gongdan.csv", encoding: str = "gbk") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_HEADERS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding), content_type="text/csv")
