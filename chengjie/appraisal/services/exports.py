"""The results documents of a closed appraisal: reads, recorded in the audit trail as every export is."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record
from chengjie.core.errors import DomainError
from chengjie.documents.official import render_official_document
from chengjie.documents.workbook import render_workbook

from ..models import Appraisal
from ..results import results_document, results_sheets
from ..selectors import results


def _check(acting_user, appraisal: Appraisal) -> None:
    prefix = acting_user.scope_prefix if acting_user.is_authenticated else None
    if prefix is None or not appraisal.division_id.startswith(prefix):
        raise DomainError(_("该半年观摩不在您的数据范围内。"), code="forbidden")
    if appraisal.status != Appraisal.Status.CLOSED:
        raise DomainError(_("评分结束后才有评比结果。"))


@transaction.atomic
def results_export_docx(*, acting_user, appraisal: Appraisal) -> bytes:
    _check(acting_user, appraisal)
    content = render_official_document(results_document(appraisal, results(appraisal)))
    audit_record(event="appraisal.results_exported", acting_user=acting_user, obj=appraisal, note=_("导出评比结果通报（Word）"))
    return content


@transaction.atomic
def results_export_xlsx(*, acting_user, appraisal: Appraisal) -> bytes:
    _check(acting_user, appraisal)
    content = render_workbook(results_sheets(appraisal, results(appraisal)))
    audit_record(event="appraisal.results_exported", acting_user=acting_user, obj=appraisal, note=_("导出评分明细表（Excel）"))
    return content
