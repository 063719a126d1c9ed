"""A user's data scope: a division-code prefix (34 → 3408 → 340882 → 340882400), narrowed to the
user's own unit or enterprise for roles that act for one."""

from __future__ import annotations

from django.db.models import Q, QuerySet


def division_q(user, field: str = "division") -> Q:
    prefix = user.scope_prefix
    if prefix is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__code__startswith": prefix})


def scope_queryset(
    user,
    queryset: QuerySet,
    *,
    division_field: str | None = "division",
    unit_field: str | None = None,
    enterprise_field: str | None = None,
) -> QuerySet:
    """Filter `queryset` to what `user` may see. A role bound to a unit sees only rows of that unit
    (and its sub-units) when the model has a unit; a firm's user sees only its own firm's rows."""
    if not user.is_authenticated:
        return queryset.none()
    if user.binds_enterprise:
        if enterprise_field is None or user.enterprise_id is None:
            return queryset.none()
        return queryset.filter(**{enterprise_field: user.enterprise_id})
    if user.binds_unit and unit_field is not None:
        if user.unit_id is None:
            return queryset.none()
        return queryset.filter(**{f"{unit_field}__in": user.unit_and_descendant_ids()})
    if division_field is None:
        return queryset
    return queryset.filter(division_q(user, division_field))
