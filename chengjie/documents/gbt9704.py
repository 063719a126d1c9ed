"""The measures of GB/T 9704-2012《党政机关公文格式》, each named for its clause, in Word's units.

A "字" is the width of one 三号 character and a "行" one line of the 22-line grid (clause 3)."""

from __future__ import annotations

import math
import unicodedata

from docx.shared import Emu, Length, Mm, Pt, RGBColor

# 5.1: A4.
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
# 5.2.1: 天头 37 mm, 订口 (left, bound edge) 28 mm, 版心 156 × 225 mm; bottom and right follow.
TOP_MARGIN = Mm(37)
LEFT_MARGIN = Mm(28)
TEXT_WIDTH = Mm(156)
TEXT_HEIGHT = Mm(225)
BOTTOM_MARGIN = Emu(PAGE_HEIGHT - TOP_MARGIN - TEXT_HEIGHT)
RIGHT_MARGIN = Emu(PAGE_WIDTH - LEFT_MARGIN - TEXT_WIDTH)

# 字号 (traditional Chinese type sizes).
SIZE_INITIAL = Pt(42)    # 初号
SIZE_SMALL_INITIAL = Pt(36)  # 小初
SIZE_1 = Pt(26)          # 一号
SIZE_SMALL_1 = Pt(24)    # 小一
SIZE_2 = Pt(22)          # 二号
SIZE_3 = Pt(16)          # 三号
SIZE_4 = Pt(14)          # 四号
SIZE_SMALL_4 = Pt(12)    # 小四
SIZE_5 = Pt(10.5)        # 五号

# The typefaces a county office's Windows machines carry; named in the file, never embedded.
XIAOBIAOSONG = "方正小标宋简体"   # 7.2.4 / 7.3.1: 发文机关标志 and 标题
FANGSONG = "仿宋_GB2312"         # 5.2.2: every element not otherwise named
HEITI = "黑体"                    # 7.3.3: first-level headings
KAITI = "楷体_GB2312"             # 7.3.3: second-level headings
SONGTI = "宋体"                   # 7.5: page numbers (半角宋体)

RED = RGBColor(0xFF, 0x00, 0x00)  # 7.2.4 / 7.2.7: 发文机关标志 and the rule under the number

# 5.2.3: 22 lines of 28 characters filling the 版心. Word stores an exact line height in twips; the
# largest whole value that still fits 22 lines into 225 mm.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE = Length(math.floor(TEXT_HEIGHT.twips / LINES_PER_PAGE) * 635)
# 28 三号 characters are 158 mm, 2 mm wider than the 版心: condense each by the smallest whole
# twentieth of a point (Word's unit for character spacing) that lets 28 fit.
CONDENSE_TWENTIETHS = math.ceil((SIZE_3 - TEXT_WIDTH / CHARS_PER_LINE) / 635)
CHAR = Length(SIZE_3 - CONDENSE_TWENTIETHS * 635)

# Word and LibreOffice set the characters of an exact-height line low in it: of the height to spare,
# about three quarters lie above the characters and one quarter below (measured on LibreOffice's
# rendering). Distances the standard gives from a character's edge are corrected by these parts.
SLACK_BELOW = 0.25


def slack_above(line: Length, size: Length) -> Length:
    return Length(round((line - size) * (1 - SLACK_BELOW)))


def slack_below(line: Length, size: Length) -> Length:
    return Length(round((line - size) * SLACK_BELOW))


# 7.2.4: the organ's top edge 35 mm below the top of the 版心.
ORGAN_TOP = Mm(35)
# 7.2.7: the red rule 4 mm below the document number.
RULE_BELOW_NUMBER = Mm(4)
# 7.4.1: first and last rules of the closing block 0.35 mm, the rules between them 0.25 mm.
CLOSING_THICK = Mm(0.35)
CLOSING_THIN = Mm(0.25)
# 7.5: the em dashes around the page number sit 7 mm below the 版心.
PAGE_NUMBER_BELOW_TEXT = Mm(7)


def text_width(text: str, *, size: Length = SIZE_3, condense_twentieths: int = CONDENSE_TWENTIETHS) -> Length:
    """Width of a line of text: Chinese characters and full-width punctuation are one 字, Latin letters
    and digits half of one, each narrowed by the character spacing."""
    ems = sum(0.5 if unicodedata.east_asian_width(char) in ("Na", "H") else 1 for char in text)
    return Length(round(ems * size) - len(text) * condense_twentieths * 635)


def border_eighths(thickness: Length) -> int:
    """Word gives border widths in eighths of a point."""
    return round(thickness / Pt(1) * 8)
