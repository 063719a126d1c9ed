"""Which actions a user may take on a request now: what the detail page offers and what the action views
admit. The services check the same rules again (and more) when the action is taken."""

from __future__ import annotations

from django.utils import timezone

from chengjie.accounts.roles import Role

from .models import ApprovalRequest, StopEvent
from .selectors import authorisation_for

ACCEPT, RETURN, STOP, RESUME, DECIDE, RESUBMIT = "accept", "return", "stop", "resume", "decide", "resubmit"
State = ApprovalRequest.State


def _handles(user, request: ApprovalRequest) -> bool:
    return (user.has_capability("approvals.handle") and user.binds_unit
            and request.handling_unit_id in user.unit_and_descendant_ids())


def _acts_for_firm(user, request: ApprovalRequest) -> bool:
    if not user.has_capability("approvals.file"):
        return False
    if user.binds_enterprise:
        return user.enterprise_id == request.enterprise_id
    if user.role == Role.AGENT:
        return authorisation_for(agent=user, enterprise=request.enterprise, matter=request.matter,
                                 on=timezone.localdate()) is not None
    return False


def allowed_actions(user, request: ApprovalRequest) -> set[str]:
    """`request` carries `clock` and `status` (selectors.with_clocks)."""
    clock, actions = request.clock, set()
    undecided = request.state in (State.SUBMITTED, State.ACCEPTED)
    if request.state == State.RETURNED and _acts_for_firm(user, request):
        actions.add(RESUBMIT)
    if not _handles(user, request):
        return actions
    stopped = clock.stopped_by
    if stopped is not None and stopped.event != StopEvent.SUPPLEMENT:
        actions.add(RESUME)
    if not undecided or stopped is not None:
        return actions
    if request.state == State.SUBMITTED:
        actions.add(ACCEPT)
    if clock.started_on is None:
        actions.add(RETURN)
        return actions
    actions.add(DECIDE)
    if not clock.ran_out:
        if StopEvent.SUPPLEMENT in request.stop_events:
            actions.add(RETURN)
        if set(request.stop_events) - {StopEvent.SUPPLEMENT}:
            actions.add(STOP)
    return actions
