"""The ledger upload page for the bureau, the download of refused rows, and the export of the project list
in the ledger layout the importer reads."""

from __future__ import annotations

from urllib.parse import quote

from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record
from chengjie.core.access import requires
from chengjie.core.errors import DomainError
from chengjie.core.exports import XLSX

from .. import selectors
from ..forms import ProjectFilterForm
from . import staging
from .forms import LedgerUploadForm
from .services import projects_import
from .workbooks import ledger_workbook

# The page lists this many problems; the rejects workbook holds every one.
SHOWN_PROBLEMS = 200
# Upload tokens this session made, with the file names the user gave them.
SESSION_KEY = "ledger_imports"


@requires("projects.manage")
def ledger_import(request):
    form = LedgerUploadForm(data=request.POST or None, files=request.FILES or None)
    if request.method == "POST":
        if token := request.POST.get("staged", ""):
            # "Import only the valid rows" after seeing the problems: the file uploaded a moment ago.
            path = staging.staged(request.user, token)
            file_name = request.session.get(SESSION_KEY, {}).get(token, path.name)
            return _run(request, token=token, file_name=file_name, valid_only=True)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            token = staging.stage(request.user, upload.chunks())
            request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}), token: upload.name}
            return _run(request, token=token, file_name=upload.name, valid_only=form.cleaned_data["valid_only"])
    return render(request, "importer/ledger_import.html", {"form": form})


def _run(request, *, token: str, file_name: str, valid_only: bool):
    form = LedgerUploadForm()
    try:
        with staging.staged(request.user, token).open("rb") as source:
            result = projects_import(acting_user=request.user, source=source, file_name=file_name,
                                     valid_only=valid_only)
    except DomainError as exc:
        return render(request, "importer/ledger_import.html", {"form": form, "error": exc.message})
    if result.rejects is not None:
        staging.stage(request.user, [result.rejects], token=token, kind=staging.REJECTS)
    return render(request, "importer/ledger_import.html", {
        "form": form, "result": result, "token": token, "file_name": file_name,
        "problems": result.problems[:SHOWN_PROBLEMS], "more_problems": max(0, len(result.problems) - SHOWN_PROBLEMS),
        "valid_count": len(result.plan.rows), "rejected_count": len(result.plan.rejected)})


@requires("projects.manage")
def rejects_download(request, token: str):
    path = staging.staged(request.user, token, kind=staging.REJECTS)
    name = _("未导入的行-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"}
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=XLSX)


@requires("projects.view")
@transaction.atomic
def ledger_export(request):
    """The project list, filtered as the list page is, in the layout the importer reads. Audited as every
    export is (等保: data leaving the system is traceable)."""
    values = ProjectFilterForm(request.GET, user=request.user).values()
    projects = selectors.project_list(user=request.user, **values)
    title = _("招商项目台账")
    content, count = ledger_workbook(projects, title=title)
    audit_record(event="export", acting_user=request.user, object_type="projects.project", object_repr=title,
                 after={"rows": count, "filters": {k: v for k, v in values.items() if v not in ("", None)}},
                 note=_("导出%(title)s %(count)d 行") % {"title": title, "count": count})
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
