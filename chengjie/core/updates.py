"""What update services share. They take the changes as keywords named as the forms and the API name the
fields (`unit_update(acting_user=…, unit=…, name=…, division_code=…)`), so a body naming anything else is
refused before a row is read or locked."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import DomainError


def check_editable(changes: dict, editable: set[str]) -> None:
    if unknown := set(changes) - editable:
        raise DomainError(_("不能修改字段：%(fields)s。") % {"fields": "、".join(sorted(unknown))})
