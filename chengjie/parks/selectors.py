"""Reads of parks and enterprises, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet

from chengjie.core.scope import scope_queryset

from .models import Enterprise, Park


def parks_for_user(*, user) -> QuerySet[Park]:
    qs = scope_queryset(user, Park.objects.select_related("division", "committee"))
    if user.is_authenticated and user.binds_unit and user.role == "park":
        qs = qs.filter(committee_id__in=user.unit_and_descendant_ids())
    return qs


def enterprises_for_user(*, user) -> QuerySet[Enterprise]:
    qs = scope_queryset(user, Enterprise.objects.select_related("division", "park", "industry"),
                        enterprise_field="pk")
    if user.is_authenticated and user.role == "park":
        qs = qs.filter(park__committee_id__in=user.unit_and_descendant_ids())
    return qs


def parks_summary(*, user) -> dict:
    return {
        "park_count": parks_for_user(user=user).filter(is_active=True).count(),
        "enterprise_count": enterprises_for_user(user=user).filter(is_active=True).count(),
    }
