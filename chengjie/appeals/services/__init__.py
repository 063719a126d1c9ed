"""Writes on appeals and their categories. Every service checks what the acting user may act on, raises
DomainError naming the field and the reason, and writes its audit row in the same transaction."""

from .appeals import (
    appeal_accept,
    appeal_close,
    appeal_file,
    appeal_register,
    appeal_reply,
    appeal_return,
    appeal_route,
    appeal_set_complex,
)
from .categories import appeal_category_create, appeal_category_update
from .escalations import appeals_escalate_due
from .personal import appeal_reveal
from .rating import appeal_rate

__all__ = [
    "appeal_accept", "appeal_category_create", "appeal_category_update", "appeal_close", "appeal_file",
    "appeal_rate", "appeal_register", "appeal_reply", "appeal_return", "appeal_reveal", "appeal_route",
    "appeal_set_complex", "appeals_escalate_due",
]
