"""Text a person typed, as services store it: trimmed, present when the service needs it, within the
column's length, or a DomainError naming the field and the reason."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import DomainError


def clean_text(value, *, label: str, field: str, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(value) > max_length:
        raise DomainError(_("%(label)s不能超过 %(max_length)s 个字（现为 %(length)s 个）。")
                          % {"label": label, "max_length": max_length, "length": len(value)}, field=field)
    return value
