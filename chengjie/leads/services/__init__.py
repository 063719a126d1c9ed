"""Writes on leads, referrers, agencies and step limits. Every service checks what the acting user may act
on, raises DomainError naming the field and the reason, and writes its audit row in the same transaction."""

from .agencies import agency_create, agency_update
from .leads import lead_advance, lead_convert, lead_drop, lead_follow_up, lead_register, lead_update
from .limits import lead_step_limits_set
from .referrers import referrer_register, referrer_reveal, resident_id_clean

__all__ = [
    "agency_create", "agency_update", "lead_advance", "lead_convert", "lead_drop", "lead_follow_up",
    "lead_register", "lead_update", "lead_step_limits_set", "referrer_register", "referrer_reveal",
    "resident_id_clean",
]
