"""What the columns of a county's project ledger mean. Ledgers differ from county to county in the order
and the wording of their headers, so a column is recognised by its name or a synonym, never by position.
The first name of each field is the header the export writes, so an exported ledger imports again."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum


class Kind(Enum):
    TEXT = "text"
    AMOUNT = "amount"
    DATE = "date"


@dataclass(frozen=True)
class Field:
    key: str
    names: tuple[str, ...]  # the first is the export's header
    kind: Kind = Kind.TEXT
    required: bool = False
    max_length: int | None = None

    @property
    def label(self) -> str:
        return self.names[0]


# Amount units a header, a note above the header or a cell may state; the multiplier turns them into 万元.
WAN = ("万元", Decimal(1))
YI = ("亿元", Decimal(10_000))
YUAN = ("元", Decimal("0.0001"))
UNIT_WORDS = {"万元": WAN, "万": WAN, "亿元": YI, "亿": YI, "元": YUAN}

FIELDS: tuple[Field, ...] = (
    Field("code", ("项目编号", "编号", "项目代码")),
    Field("name", ("项目名称", "项目", "项目名", "招商项目", "招商项目名称", "签约项目", "签约项目名称", "项目全称"),
          required=True, max_length=200),
    Field("investor_name", ("投资方", "投资主体", "投资企业", "投资单位", "投资商", "投资方名称", "投资人",
                            "签约企业", "签约单位", "签约主体", "企业名称", "客商", "客商名称"),
          required=True, max_length=200),
    Field("investor_origin", ("投资方所在地", "投资方来源地", "客商来源地", "客商所在地", "投资来源地", "来源地",
                              "资金来源地"), max_length=100),
    Field("project_type", ("项目类型", "项目类别", "类型", "类别")),
    Field("contracted_investment", ("总投资", "协议投资", "协议总投资", "协议投资额", "合同投资", "合同总投资",
                                    "计划总投资", "项目总投资", "总投资额", "投资总额", "投资额", "签约投资",
                                    "签约金额", "签约额"), Kind.AMOUNT, required=True),
    Field("out_of_province_investment", ("其中省外资金", "省外资金", "其中省外", "省外投资", "其中省外投资",
                                         "省外资金额", "引进省外资金"), Kind.AMOUNT),
    Field("signed_on", ("签约时间", "签约日期", "签约年月", "签订时间", "签订日期", "签约"), Kind.DATE,
          required=True),
    Field("introducing_unit", ("引进单位", "责任单位", "招商单位", "引资单位", "牵头单位", "引进责任单位",
                               "招商责任单位", "服务单位"), required=True),
    Field("division", ("所属地区", "所属县区", "所在县区", "县区", "地区")),
    Field("park", ("落户园区", "所在园区", "入驻园区", "园区", "园区名称")),
    Field("industry_group", ("产业工作组", "所属产业工作组", "产业组", "工作组")),
    Field("industry", ("行业", "所属行业", "行业代码", "行业分类", "国民经济行业分类", "国民经济行业", "行业类别")),
    Field("leader", ("包保领导", "包保县领导", "包保责任领导", "联系领导", "责任领导")),
    Field("contact_person", ("联络员", "项目联络员", "联系人")),
    Field("referrer", ("引荐人", "引荐单位", "引荐人(单位)", "推荐人")),
    # Progress a ledger already records: when each handover after signing happened, and 纳统. "计划开工时间"
    # and the like are plans, not facts: they match nothing and are reported as columns not read.
    Field("land_on", ("供地时间", "实际供地时间", "供地日期", "土地摘牌时间", "摘牌时间", "拿地时间"), Kind.DATE),
    Field("started_on", ("开工时间", "实际开工时间", "开工日期", "开工建设时间"), Kind.DATE),
    Field("production_on", ("投产时间", "竣工投产时间", "实际投产时间", "投产日期", "竣工时间"), Kind.DATE),
    Field("capacity_on", ("达产时间", "达产达效时间", "达产日期"), Kind.DATE),
    Field("stats_registered_on", ("纳统时间", "纳统日期", "入统时间", "纳入统计时间"), Kind.DATE),
)
FIELDS_BY_KEY = {field.key: field for field in FIELDS}
# The progress columns, by the milestone whose node they date, in the order the pipeline runs.
MILESTONE_DATES = {"land_on": "land", "started_on": "started", "production_on": "production",
                   "capacity_on": "capacity"}

# Columns that carry nothing to import and are not worth a notice: every ledger's 序号 and 备注, and the
# two columns the rejects workbook adds (原行号, 问题) so that a corrected rejects file imports quietly.
IGNORED_NAMES = frozenset({"序号", "备注", "说明", "原行号", "问题"})

_UNIT_SUFFIX = re.compile(r"[(\[【]?(?:单位[:：]?)?(万元|亿元|万|亿|元)[)\]】]?$")
_MARKERS = "*※★"


def normalise(text: str) -> str:
    """A header as compared: full-width forms folded (（）→ ()); whitespace, colons ("其中：省外资金") and
    required-markers gone."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).replace(":", "").strip(_MARKERS)


def split_unit(header: str) -> tuple[str, tuple[str, Decimal] | None]:
    """"总投资(亿元)" → ("总投资", 亿元); "总投资" → ("总投资", None)."""
    match = _UNIT_SUFFIX.search(header)
    if match is None or match.start() == 0:
        return header, None
    return header[: match.start()], UNIT_WORDS[match.group(1)]


_LOOKUP: dict[str, tuple[Field, int]] = {normalise(name): (field, rank) for field in FIELDS
                                         for rank, name in enumerate(field.names)}


@dataclass(frozen=True)
class HeaderMatch:
    field: Field | None
    unit: tuple[str, Decimal] | None
    ignored: bool = False
    # How closely the header names the field: 0 is the export's own header. When two columns name the
    # same field (引进单位 and 责任单位), the closer one is read.
    rank: int = 0


def match_header(text: str) -> HeaderMatch:
    """The field a header names. Exact names and synonyms first; then the longest name the header starts
    with ("项目名称及建设内容" is the project name), so extra words after a known name still match."""
    header, unit = split_unit(normalise(text))
    if header in IGNORED_NAMES:
        return HeaderMatch(None, unit, ignored=True)
    if found := _LOOKUP.get(header):
        return HeaderMatch(found[0], unit, rank=found[1])
    # Two-character names ("项目", "园区") only match whole: "项目进展情况" is not the project's name.
    prefixes = [name for name in _LOOKUP if len(name) >= 3 and header.startswith(name)]
    if prefixes:
        field, rank = _LOOKUP[max(prefixes, key=len)]
        return HeaderMatch(field, unit, rank=rank + len(field.names))
    return HeaderMatch(None, unit)


_SHEET_UNIT = re.compile(r"单位[:：]\s*(万元|亿元)")


def stated_unit(text: str) -> tuple[str, Decimal] | None:
    """A note above the header such as "金额单位：亿元" sets the unit of the sheet's amount columns."""
    match = _SHEET_UNIT.search(unicodedata.normalize("NFKC", text))
    return UNIT_WORDS[match.group(1)] if match else None
