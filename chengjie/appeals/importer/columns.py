"""What the columns of a 12345 export mean. There is no national field standard yet: every city's platform
names and orders its columns its own way, so a column is recognised by its name or a synonym, never by
its position. The first name of each field is the one the rejects workbook writes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    TEXT = "text"
    MOMENT = "moment"  # a date with or without a time
    COUNT = "count"
    DEADLINE = "deadline"  # a moment, or a number of working days from receipt


@dataclass(frozen=True)
class Field:
    key: str
    names: tuple[str, ...]
    kind: Kind = Kind.TEXT
    max_length: int | None = None

    @property
    def label(self) -> str:
        return self.names[0]


FIELDS: tuple[Field, ...] = (
    Field("ticket_no", ("工单编号", "办件编号", "工单号", "受理编号", "工单流水号", "诉求编号", "编号"), max_length=50),
    Field("received_at", ("来电时间", "受理时间", "登记时间", "来件时间", "诉求时间", "创建时间", "提交时间"),
          Kind.MOMENT),
    Field("source_channel", ("受理渠道", "办件来源", "来源渠道", "诉求渠道", "来源", "渠道"), max_length=50),
    Field("caller_name", ("诉求人", "来电人", "反映人", "诉求人姓名", "来电人姓名", "姓名"), max_length=50),
    Field("caller_phone", ("联系电话", "来电号码", "诉求人电话", "联系方式", "电话", "手机号码"), max_length=20),
    Field("company_name", ("公司名称", "企业名称", "诉求企业", "涉及企业", "单位名称"), max_length=200),
    Field("kind", ("工单类型", "诉求类型", "办件类型", "诉求性质", "工单性质")),
    Field("category", ("问题分类", "诉求分类", "事项分类", "问题类别", "业务分类", "分类"), max_length=200),
    Field("subject", ("诉求主题", "工单标题", "诉求标题", "标题", "主题", "事项名称"), max_length=200),
    Field("content", ("诉求内容", "来电内容", "反映内容", "问题描述", "工单内容", "内容")),
    Field("unit", ("承办单位", "办理单位", "主办单位", "责任单位", "处置单位")),
    Field("dispatched_at", ("派发时间", "交办时间", "转办时间", "派单时间"), Kind.MOMENT),
    Field("platform_due_at", ("处理时限", "承诺完成时间", "办理时限", "办结时限", "应办结时间", "截止时间"),
          Kind.DEADLINE),
    Field("platform_status", ("办件状态", "工单状态", "办理状态", "处理状态", "状态")),
    Field("closed_at", ("办结时间", "完成时间", "结案时间", "办毕时间"), Kind.MOMENT),
    Field("result", ("处理结果", "办理结果", "答复内容", "回复内容", "办理情况", "处理情况")),
    Field("resolved", ("是否解决", "解决情况", "问题是否解决")),
    Field("satisfaction", ("满意度", "满意度评价", "回访满意度", "评价结果", "回访结果")),
    Field("return_count", ("退回次数", "退回", "退单次数"), Kind.COUNT),
    Field("extension_count", ("延期次数", "延期", "延时次数"), Kind.COUNT),
    Field("redo_count", ("重办次数", "重办", "返工次数", "重新办理次数"), Kind.COUNT),
)
FIELDS_BY_KEY = {field.key: field for field in FIELDS}
# Without these a row cannot be kept apart from the next, nor timed.
REQUIRED_COLUMNS = ("ticket_no", "received_at")
# Columns with nothing to import and not worth a notice; 原行号 and 问题 are the rejects workbook's own.
IGNORED_NAMES = frozenset({"序号", "备注", "说明", "原行号", "问题"})
_MARKERS = "*※★"


def normalise(text: str) -> str:
    """A header as compared: full-width forms folded, whitespace, colons and required-markers gone."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(folded.split()).replace(":", "").strip(_MARKERS)


_BY_NAME = {normalise(name): field for field in FIELDS for name in field.names}


def match_header(text: str) -> Field | None:
    return _BY_NAME.get(normalise(text))


def is_ignored(text: str) -> bool:
    return normalise(text) in IGNORED_NAMES
