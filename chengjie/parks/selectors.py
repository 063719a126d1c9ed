"""Reads of parks and enterprises, scoped to the user: a park user sees their own park(s) and its
firms, a firm's user only their firm, everyone else their division scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from chengjie.accounts.roles import Role
from chengjie.core.scope import scope_queryset
from chengjie.org.selectors import STATUS_ACTIVE, by_status

from .models import Enterprise, Park


def parks_for_user(*, user) -> QuerySet[Park]:
    qs = scope_queryset(user, Park.objects.select_related("division", "committee"))
    if user.is_authenticated and user.role == Role.PARK:
        qs = qs.filter(committee_id__in=user.unit_and_descendant_ids())
    return qs


def enterprises_for_user(*, user) -> QuerySet[Enterprise]:
    qs = scope_queryset(user, Enterprise.objects.select_related("division", "park", "industry"),
                        enterprise_field="pk")
    if user.is_authenticated and user.role == Role.PARK:
        qs = qs.filter(park__committee_id__in=user.unit_and_descendant_ids())
    return qs


def park_list(*, user, q: str = "", kind: str = "", division: str = "", status: str = STATUS_ACTIVE) -> QuerySet[Park]:
    """The park list as the page, its export and the API show it, with each park's firm count."""
    parks = by_status(parks_for_user(user=user), status)
    if kind:
        parks = parks.filter(kind=kind)
    if division:
        parks = parks.filter(division__code__startswith=division)
    if q:
        parks = parks.filter(name__contains=q)
    # Explicit order: Meta.ordering does not apply to a query with GROUP BY.
    return parks.annotate(enterprise_count=Count("enterprises", filter=Q(enterprises__is_active=True))).order_by(
        "division_id", "kind", "name")


def enterprise_list(*, user, q: str = "", park: int | None = None, industry: str = "",
                    status: str = STATUS_ACTIVE) -> QuerySet[Enterprise]:
    """The enterprise list as the page, its export and the API show it. `industry` is a 门类 letter
    or a code prefix (29, 2924)."""
    firms = by_status(enterprises_for_user(user=user), status)
    if q:
        firms = firms.filter(Q(name__contains=q) | Q(uscc__startswith=q.strip().upper()))
    if park:
        firms = firms.filter(park_id=park)
    if industry:
        if industry.isalpha():
            firms = firms.filter(industry__section=industry.upper())
        else:
            firms = firms.filter(industry__code__startswith=industry)
    return firms


def parks_summary(*, user) -> dict:
    return {
        "park_count": parks_for_user(user=user).filter(is_active=True).count(),
        "enterprise_count": enterprises_for_user(user=user).filter(is_active=True).count(),
    }
