"""Files a page hands to the browser: Excel exports of list pages (the rows the page's filters show, within
the user's scope, with a Chinese header row), audited every time (等保: data leaving the system is
traceable), and the download response every generated file goes out in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from urllib.parse import quote

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from chengjie.audit.services import audit_record

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    # RFC 6266 filename*: the Chinese name, percent-encoded UTF-8, as browsers decode it.
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return "" if value is None else value


def workbook_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> tuple[bytes, int]:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows:
        sheet.append([_cell(value) for value in row])
        count += 1
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(header) * 2 + 4)
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count


@transaction.atomic
def export_response(*, acting_user, title: str, object_type: str, headers: Sequence[str], rows: Iterable[Sequence],
                    filters: dict | None = None) -> HttpResponse:
    """Build the workbook, write the `export` audit row naming what and how many rows, and answer with
    the file."""
    content, count = workbook_bytes(title=title, headers=headers, rows=rows)
    shown = {key: value for key, value in (filters or {}).items() if value not in ("", None)}
    audit_record(event="export", acting_user=acting_user, object_type=object_type, object_repr=title,
                 after={"rows": count, "filters": shown}, note=_("导出%(title)s %(count)s 行") % {"title": title, "count": count})
    return download(content, content_type=XLSX, filename=f"{title}-{timezone.localdate():%Y%m%d}.xlsx")
