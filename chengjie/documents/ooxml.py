"""The WordprocessingML that python-docx has no API for: East Asian typefaces, character spacing,
paragraph and table borders, fields, floating tables. Word rejects children out of schema order, so
each element is put in its place by the sequences below (ECMA-376 Part 1, §17)."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
             "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
             "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription", "tblPrChange")
TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
              "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange")
TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
              "tcPrChange")
SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def put(parent: BaseOxmlElement, tag: str, order: tuple[str, ...], **attrs: str) -> BaseOxmlElement:
    """Replace (or add) the child `w:<tag>` in its schema position, with the given `w:` attributes."""
    old = parent.find(qn(f"w:{tag}"))
    if old is not None:
        parent.remove(old)
    element = OxmlElement(f"w:{tag}", attrs={qn(f"w:{key}"): value for key, value in attrs.items()})
    successors = order[order.index(tag) + 1:]
    parent.insert_element_before(element, *(f"w:{name}" for name in successors))
    return element


def set_typeface(rPr: BaseOxmlElement, name: str) -> None:
    """Name one typeface for every script. Chinese text is drawn in `w:eastAsia`, which python-docx's
    `font.name` leaves unset; theme references are dropped because they would win over the name."""
    put(rPr, "rFonts", RPR_ORDER, ascii=name, hAnsi=name, eastAsia=name, cs=name, hint="eastAsia")


def set_condensed(rPr: BaseOxmlElement, twentieths: int) -> None:
    """Character spacing (字间距) in twentieths of a point; negative condenses."""
    put(rPr, "spacing", RPR_ORDER, val=str(-twentieths))


def set_language(rPr: BaseOxmlElement) -> None:
    put(rPr, "lang", RPR_ORDER, val="en-US", eastAsia="zh-CN", bidi="ar-SA")


def set_outline_level(pPr: BaseOxmlElement, level: int) -> None:
    """Outline level 0–8, so headings show in Word's navigation pane without Word's heading styles."""
    put(pPr, "outlineLvl", PPR_ORDER, val=str(level))


def borders(sides: dict[str, tuple[int, str]], *, tag: str, space: int = 0) -> BaseOxmlElement:
    """A `w:pBdr`, `w:tblBorders` or `w:tcBorders` with single lines: side → (eighths of a point, RRGGBB);
    sides not given are explicitly none so a table style cannot draw them."""
    element = OxmlElement(f"w:{tag}")
    for side in SIDES if tag != "pBdr" else ("top", "left", "bottom", "right"):
        if side in sides:
            eighths, colour = sides[side]
            attrs = {"val": "single", "sz": str(eighths), "space": str(space), "color": colour}
        else:
            attrs = {"val": "nil"}
        element.append(OxmlElement(f"w:{side}", attrs={qn(f"w:{key}"): value for key, value in attrs.items()}))
    return element


def set_paragraph_border(pPr: BaseOxmlElement, side: str, *, eighths: int, colour: str, space_pt: int) -> None:
    existing = pPr.find(qn("w:pBdr"))
    if existing is not None:
        pPr.remove(existing)
    pPr.insert_element_before(borders({side: (eighths, colour)}, tag="pBdr", space=space_pt),
                              *(f"w:{name}" for name in PPR_ORDER[PPR_ORDER.index("pBdr") + 1:]))


def set_first_line_chars(pPr: BaseOxmlElement, hundredths: int) -> None:
    """Word's 首行缩进 in hundredths of a character, kept beside the twips value other readers use."""
    pPr.get_or_add_ind().set(qn("w:firstLineChars"), str(hundredths))


def add_page_field(paragraph: Paragraph) -> None:
    """A PAGE field (begin, instruction, separate, cached result, end) that Word and LibreOffice update."""

    def field_char(kind: str) -> None:
        paragraph.add_run()._r.append(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): kind}))

    field_char("begin")
    instruction = OxmlElement("w:instrText", attrs={qn("xml:space"): "preserve"})
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    field_char("separate")
    paragraph.add_run("1")
    field_char("end")


def set_table_borders(tblPr: BaseOxmlElement, sides: dict[str, tuple[int, str]]) -> None:
    existing = tblPr.find(qn("w:tblBorders"))
    if existing is not None:
        tblPr.remove(existing)
    tblPr.insert_element_before(borders(sides, tag="tblBorders"),
                                *(f"w:{name}" for name in TBLPR_ORDER[TBLPR_ORDER.index("tblBorders") + 1:]))


def set_cell_margins(tblPr: BaseOxmlElement, *, twips: int) -> None:
    """Left and right padding of every cell of a table."""
    margins = put(tblPr, "tblCellMar", TBLPR_ORDER)
    for side in ("left", "right"):
        margins.append(OxmlElement(f"w:{side}", attrs={qn("w:w"): str(twips), qn("w:type"): "dxa"}))
