"""The firm's own view (谁引进、谁服务): its approval requests and appeals with their clocks, the inspections
announced to it, and the service team of each of its projects. Every read is narrowed to the user's own
firm, whatever else the user's role might see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from chengjie.accounts.models import User
from chengjie.appeals import selectors as appeals
from chengjie.appeals.models import Appeal
from chengjie.approvals import selectors as approvals
from chengjie.approvals.models import ApprovalRequest
from chengjie.inspections.models import Inspection
from chengjie.inspections.selectors import with_day
from chengjie.parks.models import Enterprise
from chengjie.projects.models import Project

# The home page shows the newest of each; the full lists are one click away.
HOME_ROWS = 10


@dataclass
class FirmOverview:
    enterprise: Enterprise
    today: date
    requests: list[ApprovalRequest]
    request_count: int
    appeals: list[Appeal]
    appeal_count: int
    upcoming_inspections: list[Inspection]
    to_confirm: list[Inspection]
    recent_inspections: list[Inspection]
    projects: list[Project]


def firm_inspections(*, enterprise: Enterprise) -> QuerySet[Inspection]:
    return with_day(Inspection.objects.filter(enterprise=enterprise)).select_related("unit")


def firm_projects(*, enterprise: Enterprise) -> QuerySet[Project]:
    """The firm's projects (it is their registered investor) with the people who serve it: the introducing
    unit (安商小组, 谁引进、谁服务), the 包保领导, the contact person and the task force."""
    return (Project.objects.filter(investor=enterprise).exclude(duplicate_state=Project.DuplicateState.MERGED)
            .select_related("introducing_unit", "leader", "leader__unit", "contact_person", "contact_person__unit",
                            "park")
            .prefetch_related(Prefetch("task_force", queryset=User.objects.select_related("unit").order_by("pk")))
            .order_by("-signed_on", "-pk"))


def firm_overview(*, user) -> FirmOverview | None:
    """What a firm's user sees on its home page; None for a user bound to no firm."""
    if not user.binds_enterprise or user.enterprise_id is None:
        return None
    enterprise, today = user.enterprise, timezone.localdate()
    inspections = firm_inspections(enterprise=enterprise)
    registered = inspections.filter(source=Inspection.Source.REGISTERED, cancelled_at__isnull=True,
                                    confirmed_at__isnull=True)
    requests = approvals.requests_for_enterprise(enterprise=enterprise)
    firm_appeals = appeals.appeals_for_enterprise(enterprise=enterprise)
    return FirmOverview(
        enterprise=enterprise,
        today=today,
        requests=approvals.with_clocks(requests[:HOME_ROWS], today=today),
        request_count=requests.count(),
        appeals=appeals.with_clocks(firm_appeals[:HOME_ROWS], today=today),
        appeal_count=firm_appeals.count(),
        upcoming_inspections=list(registered.filter(planned_on__gte=today).order_by("planned_on", "pk")[:HOME_ROWS]),
        to_confirm=list(registered.filter(planned_on__lt=today).order_by("-planned_on", "-pk")[:HOME_ROWS]),
        recent_inspections=list(inspections.exclude(pk__in=registered.values("pk"))
                                .order_by("-day", "-pk")[:HOME_ROWS]),
        projects=list(firm_projects(enterprise=enterprise)),
    )
