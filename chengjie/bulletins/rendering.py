"""The bulletin as files: a Word document in the official-document layout (through the documents app's
GB/T 9704-2012 renderer) and an Excel annex with one sheet per table. Both are rendered from the content
alone, so a published bulletin's files say what its page says (the printed tables to the whole 万元)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from chengjie.documents import workbook
from chengjie.documents.official import Heading, OfficialDocument, Paragraph, Table, render_official_document
from chengjie.documents.workbook import Sheet, render_workbook

from .tables import AMOUNT, COUNT, PERCENT, POINTS


# The tables of words rather than figures get their columns by hand: short colour and node columns, room
# for the project and the reason. The figure tables are sized by their content.
TEXT_WIDTHS = {"warning_items": [1.6, 0.8, 2.6, 1.0, 2.8], "changes": [2.2, 1.6, 1.8, 1.5, 1.5]}


def _table_title(table: dict) -> str:
    unit = f"（单位：{table['unit']}）" if table.get("unit") else ""
    return f"表{table['number']}  {table['title']}{unit}"


def document_body(content: dict) -> list:
    """The body: what the bulletin says in words (generated from its figures), then its tables."""
    sentences, month = content["sentences"], content["month"]
    body: list = [Paragraph(f"现将{content['year']}年{content['span']}{content['scope_word']}招商引资项目推进情况"
                            f"通报如下。")]
    if content.get("changes"):
        body += [Heading(1, "更正说明"),
                 Paragraph(f"本通报更正{content['year']}年{month}月通报第{content['previous_version']}版"
                           f"（{content['previous_number']}）。更正原因：{content['correction_note']}"
                           f"共有{len(content['changes'])}处数字变动，见表{_changes_number(content)}。")]
    body += [Heading(1, "总体情况"), *[Paragraph(text) for text in sentences["overview"]],
             Heading(1, "开工、投产和纳统"), *[Paragraph(text) for text in sentences["rates"]],
             Heading(1, "红黄牌事项"), *[Paragraph(text) for text in sentences["warnings"]],
             Heading(1, "排名情况"), *[Paragraph(text) for text in sentences["ranking"]],
             Heading(1, f"各{content['row_word']}完成情况"),
             Paragraph("各表中“较序时进度”以百分点计，正数为超序时进度、负数为落后；未下达目标的显示“—”。")]
    for table in content["tables"]:
        rows = [[_document_text(cell) for cell in row["cells"]] for row in table["rows"]]
        if not rows:
            rows = [["（无）", *[""] * (len(table["headers"]) - 1)]]
        body.append(Table(title=_table_title(table), headers=table["headers"], rows=rows,
                          widths=TEXT_WIDTHS.get(table["key"])))
    return body


def _document_text(cell: dict) -> str:
    """A table cell as the printed bulletin writes it: 万元 to the whole 万 (the page and the annex keep
    the cents), so eight columns fit the 156 mm of the 版心."""
    if cell["f"] == AMOUNT and cell["v"] is not None:
        return f"{Decimal(cell['v']).quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"
    return cell["t"]


def _changes_number(content: dict) -> int:
    return next(table["number"] for table in content["tables"] if table["key"] == "changes")


def render_document(content: dict) -> bytes:
    meta = content["document"]
    issued_on = date.fromisoformat(meta["issued_on"])
    return render_official_document(OfficialDocument(
        organ=meta["organ"], number=meta["number"], title=meta["title"], body=document_body(content),
        issued_on=issued_on, signer=meta["signer"], cc=meta["cc"], printer=meta["printer"],
        printed_on=issued_on if meta["printer"] else None))


_FORMATS = {AMOUNT: workbook.WAN_YUAN, COUNT: workbook.COUNT, PERCENT: workbook.PERCENT, POINTS: workbook.POINTS}


def _value(cell: dict):
    """A figure stays a number in the annex (a percentage as the fraction Excel formats); "—" stays text."""
    if cell["v"] is None or cell["f"] not in _FORMATS:
        return cell["t"]
    value = Decimal(cell["v"])
    return value / 100 if cell["f"] == PERCENT else value


def annex_sheets(content: dict) -> list[Sheet]:
    sheets = []
    for table in content["tables"]:
        kinds = [cell["f"] for cell in table["rows"][0]["cells"]] if table["rows"] else []
        formats = {header: _FORMATS[kind] for header, kind in zip(table["headers"], kinds) if kind in _FORMATS}
        sheets.append(Sheet(name=f"表{table['number']}{table['title']}"[:31], title=_table_title(table),
                            headers=table["headers"],
                            rows=[[_value(cell) for cell in row["cells"]] for row in table["rows"]],
                            number_formats=formats))
    return sheets


def render_annex(content: dict) -> bytes:
    return render_workbook(annex_sheets(content))
