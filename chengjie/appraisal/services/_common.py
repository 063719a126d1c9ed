"""Checks the appraisal services share."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chengjie.core.errors import DomainError

from ..models import Appraisal


def require(user, capability: str, message: str) -> None:
    if not user.is_authenticated or not user.has_capability(capability):
        raise DomainError(message, code="forbidden")


def require_manager(user, appraisal: Appraisal | None = None) -> None:
    require(user, "appraisal.manage", _("只有招商主管部门可以组织半年观摩。"))
    if appraisal is not None:
        prefix = user.scope_prefix
        if prefix is None or not appraisal.division_id.startswith(prefix):
            raise DomainError(_("该半年观摩不在您的数据范围内，未作任何修改。"), code="forbidden")


def locked(appraisal: Appraisal) -> Appraisal:
    return Appraisal.objects.select_for_update().get(pk=appraisal.pk)


def require_status(appraisal: Appraisal, status: str, action: str) -> None:
    if appraisal.status != status:
        raise DomainError(_("%(title)s当前为“%(status)s”，不能%(action)s。") % {
            "title": appraisal.title, "status": appraisal.get_status_display(), "action": action})
