"""A referrer's personal data (个人信息保护法 art. 51: least exposure): a person's ID number and any
phone show masked on every page, list and API answer; the full value only through `referrer_reveal`.
An organisation's 统一社会信用代码 is public registration data and shows in full."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chengjie.parks.masking import mask_phone

from .models import Referrer

# The referrer's fields that hold a natural person's data, with their labels.
PERSONAL_FIELDS = {
    "id_number": _("身份证号"),
    "phone": _("联系电话"),
}


def mask_id_number(value: str | None) -> str:
    """340824********0018: the first 6 and last 4 characters of a resident ID number stay, enough to
    tell two registrations apart without exposing the birth date."""
    value = (value or "").strip()
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def masked_id(referrer: Referrer) -> str:
    if referrer.kind == Referrer.Kind.ORGANISATION:
        return referrer.id_number
    return mask_id_number(referrer.id_number)


def masked(referrer: Referrer, field: str) -> str:
    return masked_id(referrer) if field == "id_number" else mask_phone(getattr(referrer, field))


def revealable_fields(referrer: Referrer) -> dict:
    """The personal fields of this referrer that hold a value worth revealing."""
    fields = {}
    for field, label in PERSONAL_FIELDS.items():
        if field == "id_number" and referrer.kind == Referrer.Kind.ORGANISATION:
            continue
        if getattr(referrer, field):
            fields[field] = label
    return fields
