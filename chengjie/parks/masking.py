"""Masking personal data (个人信息保护法 art. 51: least exposure): phones show as 139****5678 on every
page, export and API answer; the full value only through `personal_reveal`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Enterprise fields that hold a natural person's data, with their labels.
PERSONAL_FIELDS = {
    "contact_phone": _("联系电话"),
    "legal_representative_phone": _("法定代表人电话"),
}


def mask_phone(value: str | None) -> str:
    """Keep the first 3 and last 4 digits of a mobile number (139****5678); a shorter number keeps
    only its last 2."""
    value = (value or "").strip()
    if not value:
        return ""
    digits = [c for c in value if c.isdigit()]
    if len(digits) >= 11:
        return "".join(digits[:3]) + "****" + "".join(digits[-4:])
    if len(digits) <= 2:
        return "*" * len(digits)
    return "*" * (len(digits) - 2) + "".join(digits[-2:])
