"""Who hears of a request and what they read. Messages go through the foundation's `notify` (inbox and each
person's channels, delivered after the transaction commits)."""

from __future__ import annotations

from django.urls import reverse

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.notifications.services import notify

from .models import ApprovalRequest

# The handling unit's people who work a request: its clerks, its head, a park committee's staff.
HANDLER_ROLES = (Role.UNIT_CLERK, Role.UNIT_HEAD, Role.PARK)


def unit_people(request: ApprovalRequest) -> list[User]:
    return list(User.objects.filter(unit_id=request.handling_unit_id, role__in=HANDLER_ROLES, is_active=True)
                .order_by("pk"))


def firm_people(request: ApprovalRequest) -> list[User]:
    """The firm's own users and the agent who filed for it."""
    people = list(User.objects.filter(enterprise_id=request.enterprise_id, role=Role.ENTERPRISE, is_active=True)
                  .order_by("pk"))
    if request.authorisation_id is not None:
        agent = request.authorisation.agent
        if agent.is_active:
            people.append(agent)
    return people


def tell(*, recipients: list[User], request: ApprovalRequest, kind: str, title: str, body: str = "",
         acting_user=None) -> None:
    if recipients:
        notify(recipients=recipients, kind=kind, title=title[:200], body=body, acting_user=acting_user,
               link=reverse("approvals:request_detail", args=[request.pk]))
