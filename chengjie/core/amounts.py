"""Checks on amounts entered in forms, imports and the API, shared by every service that stores 万元."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .errors import DomainError


def non_negative(value, *, label: str, field: str) -> Decimal | None:
    """The amount as stored (two decimals), None when left blank, or a DomainError naming the field."""
    if value is None or value == "":
        return None
    value = Decimal(value)
    if value < 0:
        raise DomainError(_("%(label)s不能为负数。") % {"label": label}, field=field)
    # Stored with two decimals; quantising here keeps the audit row equal to what the database holds.
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
