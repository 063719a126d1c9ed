"""Workbooks the importer hands back: the rejected rows with a reason column, and the project ledger in
the layout the importer reads (so an exported ledger, edited, imports again)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from chengjie.core.imports import Problem

from ..models import Node, Project
from .columns import FIELDS_BY_KEY, MILESTONE_DATES, Kind
from .reader import LedgerRow, Sheet

DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00"


def _save(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _styled(sheet, value, *, number_format: str | None = None, bold: bool = False):
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def _reason(problem: Problem) -> str:
    if problem.column:
        return _("%(column)s 列（%(header)s）：%(reason)s") % {"column": problem.column, "header": problem.header,
                                                          "reason": problem.reason}
    return problem.reason


def rejects_workbook(rejected: Iterable[tuple[Sheet, LedgerRow, list[Problem]]]) -> bytes:
    """The refused rows, sheet by sheet under the sheet's own title and header lines, each with its row
    number in the original file and what is wrong. Corrected, the file imports as it is."""
    book = Workbook(write_only=True)
    sheets: dict[str, object] = {}
    for sheet, row, problems in rejected:
        out = sheets.get(sheet.title)
        if out is None:
            out = sheets[sheet.title] = book.create_sheet(sheet.title)
            width = len(sheet.headers)
            for position, line in enumerate(sheet.preamble, start=1):
                cells = list(line) + [None] * (width - len(line))
                if position == len(sheet.preamble):
                    cells += [_("原行号"), _("问题")]
                out.append([_styled(out, value, bold=position in sheet.header_rows) for value in cells])
        cells = list(row.values) + [None] * (len(sheet.headers) - len(row.values))
        formats = list(row.formats) + [None] * (len(cells) - len(row.formats))
        out.append([_styled(out, value, number_format=fmt if isinstance(value, (datetime, date, float, int)) else None)
                    for value, fmt in zip(cells, formats)]
                   + [row.number, "；".join(_reason(problem) for problem in problems)])
    if not sheets:
        book.create_sheet(_("未导入的行"))
    return _save(book)


# --- the ledger export

EXPORT_KEYS = ("code", "name", "investor_name", "investor_origin", "project_type", "contracted_investment",
               "out_of_province_investment", "signed_on", "introducing_unit", "division", "park", "industry_group",
               "industry", "leader", "contact_person", "referrer", *MILESTONE_DATES, "stats_registered_on")


def _header(key: str) -> str:
    spec = FIELDS_BY_KEY[key]
    return f"{spec.label}（万元）" if spec.kind is Kind.AMOUNT else spec.label


def _export_values(project: Project) -> list:
    def name_of(obj, attribute="name"):
        return getattr(obj, attribute) if obj is not None else None

    return [
        project.code, project.name, project.investor_name, project.investor_origin or None,
        project.get_project_type_display(), project.contracted_investment, project.out_of_province_investment,
        project.signed_on, project.introducing_unit.name, project.division.name, name_of(project.park),
        name_of(project.industry_group), f"{project.industry.code} {project.industry.name}" if project.industry else None,
        name_of(project.leader, "display_name"), name_of(project.contact_person, "display_name"),
        name_of(project.referrer), *(getattr(project, key) for key in MILESTONE_DATES), project.stats_registered_on,
    ]


def _milestone_done(milestone: str) -> Subquery:
    """The actual date of the project's first node of `milestone` (the node a ledger's column dates)."""
    first = Node.objects.filter(project_id=OuterRef("pk"), milestone=milestone).order_by("order")
    return Subquery(first.values("actual_date")[:1])


def ledger_queryset(projects):
    return (projects.select_related("introducing_unit", "division", "park", "industry_group", "industry", "leader",
                                    "contact_person", "referrer")
            .annotate(**{key: _milestone_done(milestone) for key, milestone in MILESTONE_DATES.items()})
            .order_by("signed_on", "id"))


def ledger_workbook(projects, *, title: str) -> tuple[bytes, int]:
    """The projects as a county ledger: a merged title row, then the importer's own headers."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("项目台账"))
    headers = [_("序号"), *(_header(key) for key in EXPORT_KEYS)]
    for position, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(8, len(header) * 2 + 4)
    heading = _styled(sheet, _("%(title)s（%(day)s 导出）") % {"title": title, "day": timezone.localdate().isoformat()},
                      bold=True)
    heading.alignment = Alignment(horizontal="center")
    sheet.append([heading])
    sheet.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=len(headers), max_row=1))
    sheet.append([_styled(sheet, header, bold=True) for header in headers])
    count = 0
    for count, project in enumerate(ledger_queryset(projects).iterator(chunk_size=2000), start=1):
        row = [count]
        for value in _export_values(project):
            if isinstance(value, Decimal):
                row.append(_styled(sheet, value, number_format=AMOUNT_FORMAT))
            elif isinstance(value, date):
                row.append(_styled(sheet, value, number_format=DATE_FORMAT))
            else:
                row.append(value)
        sheet.append(row)
    return _save(book), count
