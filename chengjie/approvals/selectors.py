"""Reads of matters, authorisations and requests, scoped to the user, with each request's clock and derived
state attached.

Who sees a request: the firm's own users; an agent, the requests of firms that authorise them (and those
they filed); the handling unit's people (a unit sees the requests for its matters); leaders and the bureau,
everything in their division scope. The system administrator keeps the catalogue and sees no request.

States that depend on the clock (超时默认, 超期) cannot be a WHERE clause: they are computed in Python over
the undecided requests only (a county has a few hundred open at a time), and a recorded deemed approval
or a decision narrows the rest in SQL."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from chengjie.accounts.roles import Role
from chengjie.core.access import get_for_user
from chengjie.core.scope import division_q
from chengjie.org.selectors import STATUS_ACTIVE, by_status
from chengjie.parks.models import Enterprise

from .clock import STATUS_LABELS, Status, request_clock, status_of
from .models import ApprovalRequest, Authorisation, ClockStop, DeemedApproval, Matter, MatterVersion, RequestFile
from .stats import ApprovalStats, unit_approval_stats
from .tallies import UnitTally, default_tallies

__all__ = ["ApprovalStats", "UnitTally", "default_tallies", "unit_approval_stats"]

LIST_RELATED = ("matter", "enterprise", "handling_unit", "project", "deemed_approval")
# The document task page lists the latest issued documents; older ones are on each request's page.
ISSUED_SHOWN = 50


# --- matters


def matters_for_user(*, user) -> QuerySet[Matter]:
    """The catalogue of the user's county (a township-scoped firm sees its county's matters too)."""
    if not user.is_authenticated or not user.has_capability("approvals.matters") or user.scope_prefix is None:
        return Matter.objects.none()
    prefix = user.scope_prefix
    visible = Q(division__code__startswith=prefix)
    if len(prefix) > 6:
        visible |= Q(division_id=prefix[:6])
    return Matter.objects.filter(visible).select_related("division", "handling_unit")


def get_matter_for_user(user, pk, *, write: bool = False) -> Matter:
    return get_for_user(user, matters_for_user(user=user), write=write, write_capability="approvals.catalogue", pk=pk)


def matter_list(*, user, q: str = "", unit: int | None = None, status: str = STATUS_ACTIVE) -> QuerySet[Matter]:
    matters = by_status(matters_for_user(user=user), status)
    if q:
        matters = matters.filter(Q(name__contains=q) | Q(code__startswith=q))
    if unit:
        matters = matters.filter(handling_unit_id=unit)
    return matters.prefetch_related(Prefetch("prerequisites", queryset=Matter.objects.order_by("name"))).order_by(
        "division_id", "name")


def matter_versions(*, matter: Matter) -> QuerySet[MatterVersion]:
    return matter.versions.select_related("changed_by").order_by("-number")


# --- authorisations


def active_authorisations(*, on: date) -> Q:
    """Authorisations in force on a day: not revoked, signed by then, not expired."""
    return (Q(revoked_at__isnull=True) & Q(authorised_on__lte=on)
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=on)))


def authorisation_for(*, agent, enterprise: Enterprise, matter: Matter, on: date) -> Authorisation | None:
    """The authorisation under which `agent` may file `matter` for `enterprise` today, if any."""
    return (Authorisation.objects.filter(active_authorisations(on=on), agent=agent, enterprise=enterprise)
            .filter(Q(all_matters=True) | Q(matters=matter)).order_by("-authorised_on", "-pk").first())


def authorisations_for_user(*, user) -> QuerySet[Authorisation]:
    """An agent's own, a firm's own, the bureau's and leaders' in their scope."""
    if not user.is_authenticated or not user.has_capability("approvals.view"):
        return Authorisation.objects.none()
    rows = Authorisation.objects.select_related("enterprise", "agent", "recorded_by")
    if user.binds_enterprise:
        return rows.filter(enterprise_id=user.enterprise_id) if user.enterprise_id else rows.none()
    if user.role == Role.AGENT:
        return rows.filter(agent=user)
    if user.binds_unit:
        return rows.none()
    return rows.filter(division_q(user, "enterprise__division"))


def letters_for_user(*, user) -> QuerySet[Authorisation]:
    """Authorisations whose letter the user may read: their own to see, or one a visible request was filed under."""
    filed_under = requests_for_user(user=user).filter(authorisation__isnull=False).values("authorisation_id")
    return Authorisation.objects.filter(Q(pk__in=authorisations_for_user(user=user).values("pk"))
                                        | Q(pk__in=filed_under))


def get_authorisation_for_user(user, pk) -> Authorisation:
    return get_for_user(user, authorisations_for_user(user=user), pk=pk)


def firms_for_agent(*, agent, on: date) -> QuerySet[Enterprise]:
    """The firms an agent holds an authorisation of in force from, for the filing form."""
    ids = Authorisation.objects.filter(active_authorisations(on=on), agent=agent).values("enterprise_id")
    return Enterprise.objects.filter(pk__in=ids, is_active=True).order_by("name")


# --- requests


def requests_for_user(*, user) -> QuerySet[ApprovalRequest]:
    if not user.is_authenticated or not user.has_capability("approvals.view"):
        return ApprovalRequest.objects.none()
    requests = ApprovalRequest.objects.all()
    if user.binds_enterprise:
        return requests.filter(enterprise_id=user.enterprise_id) if user.enterprise_id else requests.none()
    if user.binds_unit:
        return requests.filter(handling_unit_id__in=user.unit_and_descendant_ids())
    requests = requests.filter(division_q(user))
    if user.role == Role.AGENT:
        firms = Authorisation.objects.filter(agent=user, revoked_at__isnull=True).values("enterprise_id")
        requests = requests.filter(Q(authorisation__agent=user) | Q(enterprise_id__in=firms))
    return requests


def get_request_for_user(user, pk, *, write: bool = False, write_capability: str | None = None) -> ApprovalRequest:
    requests = requests_for_user(user=user).select_related(
        *LIST_RELATED, "division", "filed_by", "accepted_by", "decided_by", "authorisation__agent",
        "authorisation__recorded_by", "matter__division")
    return get_for_user(user, requests, write=write, write_capability=write_capability, pk=pk)


def visible_ids(*, user, requests) -> set[int]:
    """Which of `requests` the user may open (a prerequisite handled by another unit is named, not linked)."""
    pks = [request.pk for request in requests]
    return set(requests_for_user(user=user).filter(pk__in=pks).values_list("pk", flat=True)) if pks else set()


def requests_for_enterprise(*, enterprise) -> QuerySet[ApprovalRequest]:
    """A firm's requests, newest first, ready for `with_clocks` (the firm's own view on the service pages)."""
    return (ApprovalRequest.objects.filter(enterprise=enterprise).select_related(*LIST_RELATED)
            .prefetch_related(Prefetch("stops", queryset=ClockStop.objects.order_by("started_at")))
            .order_by("-filed_at", "-pk"))


def with_clocks(requests, *, today: date) -> list[ApprovalRequest]:
    """Attach `clock`, `status` and `status_label` to each request (stops prefetched by the caller)."""
    rows = list(requests)
    for request in rows:
        request.clock = request_clock(request, today=today, stops=request.stops.all())
        request.status = status_of(request, request.clock)
        request.status_label = STATUS_LABELS[request.status]
    return rows


def _undecided(requests: QuerySet[ApprovalRequest]) -> QuerySet[ApprovalRequest]:
    """Undecided requests with just what their clock needs."""
    return requests.filter(decided_on__isnull=True).only(
        "pk", "state", "received_on", "accepted_on", "time_limit_workdays", "deemed_approval_applies",
        "decided_on").prefetch_related("stops")


def _status_now(request: ApprovalRequest, today: date) -> Status:
    return status_of(request, request_clock(request, today=today, stops=request.stops.all()))


def _open_pks(requests: QuerySet[ApprovalRequest], statuses: set[Status], *, today: date) -> list[int]:
    return [row.pk for row in _undecided(requests) if _status_now(row, today) in statuses]


def with_status(requests: QuerySet[ApprovalRequest], status: str, *, today: date) -> QuerySet[ApprovalRequest]:
    """Narrow to one derived state: decided states and recorded deemed approvals in SQL, the clock's
    states over the undecided requests in Python."""
    if status == Status.APPROVED:
        return requests.filter(state=ApprovalRequest.State.APPROVED, deemed_approval__isnull=True)
    if status == Status.REFUSED:
        return requests.filter(state=ApprovalRequest.State.REFUSED)
    if status == Status.DEEMED:
        return requests.filter(Q(deemed_approval__isnull=False)
                               | Q(pk__in=_open_pks(requests, {Status.DEEMED}, today=today)))
    if status in Status._value2member_map_:
        return requests.filter(pk__in=_open_pks(requests, {Status(status)}, today=today))
    return requests


def request_list(*, user, today: date, q: str = "", status: str = "", matter: int | None = None,
                 unit: int | None = None) -> QuerySet[ApprovalRequest]:
    requests = requests_for_user(user=user)
    if q:
        requests = requests.filter(Q(enterprise__name__contains=q) | Q(subject__contains=q)
                                   | Q(matter__name__contains=q))
    if matter:
        requests = requests.filter(matter_id=matter)
    if unit:
        requests = requests.filter(handling_unit_id=unit)
    if status:
        requests = with_status(requests, status, today=today)
    return (requests.select_related(*LIST_RELATED)
            .prefetch_related(Prefetch("stops", queryset=ClockStop.objects.order_by("started_at")))
            .order_by("-filed_at", "-pk"))


def request_counts(*, user, today: date) -> dict:
    """The list's headline: undecided requests, of which past the limit (excluded matters) and deemed
    approved with the document still owed."""
    counts = {"open": 0, Status.OVERDUE: 0, Status.DEEMED: 0}
    for row in _undecided(requests_for_user(user=user)):
        status = _status_now(row, today)
        counts["open"] += status != Status.DEEMED
        if status in counts:
            counts[status] += 1
    return {"open": counts["open"], "overdue": counts[Status.OVERDUE], "deemed": counts[Status.DEEMED]}


def request_files(*, request: ApprovalRequest) -> list[RequestFile]:
    return list(request.files.select_related("uploaded_by").order_by("uploaded_at", "pk"))


def files_for_user(*, user) -> QuerySet[RequestFile]:
    return RequestFile.objects.filter(request__in=requests_for_user(user=user).values("pk"))


def document_tasks(*, user, today: date) -> dict:
    """The late units' task after 超时默认: issue the document within 1 working day of the deadline.
    Owed: deemed approvals (derived, so shown before any job ran) with no document yet. Issued: recorded
    deemed approvals whose document came, on time or late."""
    requests = requests_for_user(user=user)
    owed = with_clocks(with_status(requests, Status.DEEMED, today=today).filter(decided_on__isnull=True)
                       .select_related(*LIST_RELATED).prefetch_related("stops").order_by("received_on", "pk"),
                       today=today)
    issued = (DeemedApproval.objects.filter(request__in=requests.values("pk"), document_issued_at__isnull=False)
              .select_related("request__matter", "request__enterprise", "unit").order_by("-document_issued_at"))
    issued = list(issued[:ISSUED_SHOWN])
    return {"owed": owed, "issued": issued}
