"""Exporting a meeting's minutes: a read, recorded in the audit trail as every export of county data is."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record
from chengjie.core.errors import DomainError
from chengjie.documents.official import render_official_document

from ..minutes import minutes_document
from ..models import Meeting
from ._common import require, require_in_scope


@transaction.atomic
def meeting_minutes_export(*, acting_user, meeting: Meeting) -> bytes:
    require(acting_user, "dispatch.view", _("您的账号不能导出会议纪要。"))
    require_in_scope(acting_user, meeting.division_id)
    if meeting.status != Meeting.Status.HELD:
        raise DomainError(_("会议召开并记录后才有会议纪要。"))
    content = render_official_document(minutes_document(meeting))
    audit_record(event="dispatch.minutes_exported", acting_user=acting_user, obj=meeting,
                 note=_("导出会议纪要（Word）"))
    return content
