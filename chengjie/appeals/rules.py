"""Which actions a user may take on an appeal now: the detail page offers these, and each action's view
refuses (403) one that is not among them. The services check the same rules again."""

from __future__ import annotations

from .models import Appeal

ROUTE, COMPLEX, ACCEPT, RETURN, REPLY, CLOSE, RATE = "route", "complex", "accept", "return", "reply", "close", "rate"
Status = Appeal.Status


def is_handler(user, appeal: Appeal) -> bool:
    return (user.has_capability("appeals.handle") and appeal.unit_id is not None and user.unit_id is not None
            and appeal.unit_id in user.unit_and_descendant_ids())


def can_rate(user, appeal: Appeal) -> bool:
    if user.binds_enterprise:
        return user.has_capability("appeals.file") and appeal.enterprise_id == user.enterprise_id
    return user.has_capability("appeals.follow_up")


def allowed_actions(user, appeal: Appeal) -> set[str]:
    """A 12345 ticket is handled on the platform: here it only mirrors, so nothing is offered."""
    if appeal.is_mirror:
        return set()
    actions = set()
    if user.has_capability("appeals.route"):
        if appeal.status in (Status.NEW, Status.ASSIGNED):
            actions.add(ROUTE)
        if appeal.is_open:
            actions.add(COMPLEX)
    if is_handler(user, appeal):
        if appeal.status == Status.ASSIGNED:
            actions |= {ACCEPT, RETURN}
        if appeal.status == Status.ACCEPTED:
            actions.add(REPLY)
            actions.add(CLOSE if appeal.replied_at is not None else RETURN)
    if appeal.status == Status.CLOSED and can_rate(user, appeal):
        actions.add(RATE)
    return actions
