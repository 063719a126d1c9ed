"""Chained matters: the next department's step needs the previous one. A prerequisite counts as granted
when the firm holds an approval for it, or a deemed approval (超时默认), which is as good as one: the
next department may not hold the missing document against the firm."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from chengjie.parks.models import Enterprise

from .clock import Status, request_clock, status_of
from .models import ApprovalRequest, Matter

GRANTED = frozenset({Status.APPROVED, Status.DEEMED})


@dataclass(frozen=True)
class Link:
    matter: Matter
    request: ApprovalRequest | None  # the granting request, else the firm's latest one for the matter
    status: Status | None
    granted_on: date | None  # the decision date, or the deadline for a deemed approval

    @property
    def granted(self) -> bool:
        return self.status in GRANTED

    @property
    def deemed(self) -> bool:
        return self.status == Status.DEEMED


def links(*, matter: Matter, enterprise: Enterprise, project=None, today: date,
          prerequisites: list[Matter] | None = None) -> list[Link]:
    """Each prerequisite of `matter` and where the firm stands with it. With a project, a request for
    another project does not count (one filed without a project does)."""
    prerequisites = list(matter.prerequisites.order_by("name")) if prerequisites is None else prerequisites
    if not prerequisites:
        return []
    candidates = (ApprovalRequest.objects.filter(enterprise=enterprise, matter__in=prerequisites)
                  .prefetch_related("stops").order_by("-filed_at", "-pk"))
    if project is not None:
        candidates = candidates.filter(Q(project=project) | Q(project__isnull=True))
    by_matter: dict[int, list[ApprovalRequest]] = {}
    for request in candidates:
        by_matter.setdefault(request.matter_id, []).append(request)
    result = []
    for prerequisite in prerequisites:
        best: Link | None = None
        for request in by_matter.get(prerequisite.pk, []):
            clock = request_clock(request, today=today, stops=request.stops.all())
            status = status_of(request, clock)
            granted_on = clock.deadline if status == Status.DEEMED else request.decided_on
            link = Link(prerequisite, request, status, granted_on if status in GRANTED else None)
            if link.granted:
                best = link
                break
            best = best or link
        result.append(best or Link(prerequisite, None, None, None))
    return result
