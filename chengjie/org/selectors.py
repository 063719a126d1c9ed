"""Reads of organisation data, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet

from chengjie.core.scope import scope_queryset

from .models import Division, IndustryGroup, Unit


def unit_descendant_ids(*, unit_id: int) -> list[int]:
    """The unit and every unit below it (a county has ~200 units, so one query and a walk)."""
    root = Unit.objects.filter(pk=unit_id).values("division_id").first()
    if root is None:
        return []
    county_prefix = root["division_id"][:6]
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.filter(division__code__startswith=county_prefix).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], [unit_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def units_for_user(*, user) -> QuerySet[Unit]:
    """Units a user may see: the whole of their division scope (units are not private to each other)."""
    return scope_queryset(user, Unit.objects.select_related("division", "parent"), unit_field=None)


def industry_groups_for_user(*, user) -> QuerySet[IndustryGroup]:
    return scope_queryset(user, IndustryGroup.objects.select_related("leader", "lead_unit", "division"))


def divisions_for_user(*, user) -> QuerySet[Division]:
    prefix = user.scope_prefix
    if prefix is None:
        return Division.objects.none()
    return Division.objects.filter(code__startswith=prefix)


def org_summary(*, user) -> dict:
    groups = list(industry_groups_for_user(user=user).filter(is_active=True))
    return {
        "unit_count": units_for_user(user=user).filter(is_active=True).count(),
        "industry_group_count": len(groups),
        "industry_groups": groups,
    }
