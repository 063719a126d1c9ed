"""Reads of leads, referrers and agencies, scoped to the user. A unit's users see the leads their unit
registered or follows; the bureau and leaders their whole division scope. Referrers and agencies are
county registries, seen by everyone there who works leads (personal data masked)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from chengjie.core.scope import division_q
from chengjie.org.selectors import STATUS_ACTIVE, by_status

from .clock import DEFAULT_LIMITS, LOOP, OPEN_STEPS, Limits, lead_clock, overdue_q, step_clock
from .models import Agency, Lead, Referrer

Step = Lead.Step
STEP_OPEN = "open"  # the list's step filter: every lead still in the loop


def leads_for_user(*, user) -> QuerySet[Lead]:
    if not user.is_authenticated or user.binds_enterprise or user.scope_prefix is None:
        return Lead.objects.none()
    leads = Lead.objects.select_related("unit", "source_unit", "agency", "referrer", "industry").filter(
        division_q(user))
    if user.binds_unit:
        units = user.unit_and_descendant_ids()
        leads = leads.filter(Q(unit_id__in=units) | Q(source_unit_id__in=units))
    return leads


def lead_list(*, user, q: str = "", step: str = "", channel: str = "", unit: int | None = None,
              overdue: bool = False, today: date | None = None, limits: Limits | None = None) -> QuerySet[Lead]:
    """The lead list as the page and the API show it. `overdue` keeps leads whose current step is late
    today, by each county's limits."""
    leads = leads_for_user(user=user)
    if step == STEP_OPEN:
        leads = leads.filter(step__in=OPEN_STEPS)
    elif step:
        leads = leads.filter(step=step)
    if channel:
        leads = leads.filter(channel=channel)
    if unit:
        leads = leads.filter(unit_id=unit)
    if q:
        leads = leads.filter(Q(title__contains=q) | Q(investor_name__contains=q))
    if overdue:
        limits = limits or Limits.for_prefix(user.scope_prefix)
        leads = leads.filter(step__in=OPEN_STEPS).filter(overdue_q(limits, today=today))
    return leads.order_by("-created_at", "-id")


def with_clocks(leads: Iterable[Lead], *, user, today: date | None = None, limits: Limits | None = None) -> list[Lead]:
    """The leads with `clock` set to their current step's clock (None once converted or dropped)."""
    leads = list(leads)
    limits = limits or Limits.for_prefix(user.scope_prefix)
    for lead in leads:
        lead.clock = lead_clock(lead, limits, today=today)
    return leads


def get_lead_for_user(user, pk, *, write: bool = False):
    from chengjie.core.access import get_for_user

    return get_for_user(user, leads_for_user(user=user), write=write, write_capability="leads.register", pk=pk)


def lead_history(*, lead: Lead, today: date | None = None) -> list[dict]:
    """The step log, oldest first, each stay with its clock: entered, limit, due date, when it ended and
    by how many working days it was (or is) late."""
    rows = list(lead.step_log.select_related("by", "unit"))
    limits = Limits.for_county(lead.division_id[:6])
    history = []
    for index, row in enumerate(rows):
        ended_at = rows[index + 1].entered_at if index + 1 < len(rows) else None
        clock = step_clock(step=row.step, entered_at=row.entered_at, limit=limits.of(lead.division_id, row.step),
                           ended_at=ended_at, today=today)
        history.append({"row": row, "clock": clock})
    return history


def step_limits(*, county: str) -> list[dict]:
    """Each timed step of the loop with the county's limit and the default."""
    limits = Limits.for_county(county)
    return [{"step": step, "label": Step(step).label, "workdays": limits.of(county, step),
             "default": DEFAULT_LIMITS[step], "custom": limits.is_custom(county, step)} for step in LOOP]


def lead_counts(*, user, today: date | None = None, limits: Limits | None = None) -> dict:
    """For the list's head: leads in the loop and how many are late, in one query."""
    late = overdue_q(limits or Limits.for_prefix(user.scope_prefix), today=today)
    return leads_for_user(user=user).filter(step__in=OPEN_STEPS).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=late))


# --- referrers


def referrers_for_user(*, user) -> QuerySet[Referrer]:
    """Referrers registered in the user's scope; the project signing form offers the active ones."""
    if not user.is_authenticated or user.binds_enterprise or user.scope_prefix is None:
        return Referrer.objects.none()
    return Referrer.objects.select_related("division", "registered_by").filter(division_q(user))


def referrer_list(*, user, q: str = "", kind: str = "", status: str = STATUS_ACTIVE) -> QuerySet[Referrer]:
    referrers = by_status(referrers_for_user(user=user), status)
    if kind:
        referrers = referrers.filter(kind=kind)
    if q:
        referrers = referrers.filter(name__contains=q)
    # Explicit order: Meta.ordering does not apply to a query with GROUP BY.
    return referrers.annotate(lead_count=Count("leads", distinct=True),
                              project_count=Count("projects", distinct=True)).order_by("name", "id")


def referrer_leads(*, user, referrer: Referrer) -> QuerySet[Lead]:
    return leads_for_user(user=user).filter(referrer=referrer).order_by("-created_at")


# --- agencies


def agencies_for_user(*, user) -> QuerySet[Agency]:
    if not user.is_authenticated or user.binds_enterprise or user.scope_prefix is None:
        return Agency.objects.none()
    return Agency.objects.select_related("division").filter(division_q(user))


def agency_list(*, user, q: str = "", kind: str = "", status: str = STATUS_ACTIVE) -> QuerySet[Agency]:
    agencies = by_status(agencies_for_user(user=user), status)
    if kind:
        agencies = agencies.filter(kind=kind)
    if q:
        agencies = agencies.filter(name__contains=q)
    return agencies.annotate(lead_count=Count("leads")).order_by("name", "id")


def agencies_in_force(*, user, on: date | None = None) -> QuerySet[Agency]:
    """What a lead form offers: active agencies whose agreement covers `on`."""
    on = on or timezone.localdate()
    return agencies_for_user(user=user).filter(is_active=True).filter(
        Q(agreement_from__isnull=True) | Q(agreement_from__lte=on),
        Q(agreement_to__isnull=True) | Q(agreement_to__gte=on)).order_by("name")
