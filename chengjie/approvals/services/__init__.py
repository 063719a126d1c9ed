"""Writes on approvals. Every service checks who may act, validates, writes its audit row in the same
transaction and queues its messages to go out after commit."""

from .authorisations import authorisation_record, authorisation_revoke
from .deemed import deemed_approval_record, deemed_approvals_sweep
from .matters import matter_create, matter_set_active, matter_update
from .requests import (
    request_accept,
    request_decide,
    request_file,
    request_resubmit,
    request_resume,
    request_return,
    request_stop,
)

__all__ = [
    "authorisation_record",
    "authorisation_revoke",
    "deemed_approval_record",
    "deemed_approvals_sweep",
    "matter_create",
    "matter_set_active",
    "matter_update",
    "request_accept",
    "request_decide",
    "request_file",
    "request_resubmit",
    "request_resume",
    "request_return",
    "request_stop",
]
