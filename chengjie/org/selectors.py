"""Reads of organisation data, scoped to the user."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from chengjie.core.scope import scope_queryset

from .models import Division, Industry, IndustryGroup, Unit

# The list filters' "status" values, shared by pages, exports and the API.
STATUS_ACTIVE, STATUS_DISABLED, STATUS_ALL = "active", "disabled", "all"


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


def by_status(queryset: QuerySet, status: str | None) -> QuerySet:
    if status == STATUS_ALL:
        return queryset
    return queryset.filter(is_active=status != STATUS_DISABLED)


def units_for_user(*, user) -> QuerySet[Unit]:
    """Units a user may see: the whole of their division scope (units are not private to each other)."""
    return scope_queryset(user, Unit.objects.select_related("division", "parent"), unit_field=None)


def unit_list(*, user, q: str = "", kind: str = "", division: str = "", status: str = STATUS_ACTIVE) -> QuerySet[Unit]:
    """The unit list as the page, its export and the API show it."""
    units = by_status(units_for_user(user=user), status)
    if kind:
        units = units.filter(kind=kind)
    if division:
        units = units.filter(division__code__startswith=division)
    if q:
        units = units.filter(Q(name__contains=q) | Q(short_name__contains=q))
    # Explicit order: Meta.ordering does not apply to a query with GROUP BY.
    return units.annotate(child_count=Count("children", filter=Q(children__is_active=True))).order_by(
        "division_id", "kind", "name")


def unit_children(*, unit: Unit) -> QuerySet[Unit]:
    return unit.children.select_related("division").order_by("-is_active", "kind", "name")


def unit_people(*, unit: Unit):
    return unit.users.filter(is_active=True).order_by("role", "full_name")


def industry_groups_for_user(*, user) -> QuerySet[IndustryGroup]:
    return scope_queryset(user, IndustryGroup.objects.select_related("leader", "lead_unit", "division"))


def industry_group_list(*, user, status: str = STATUS_ACTIVE) -> QuerySet[IndustryGroup]:
    return by_status(industry_groups_for_user(user=user), status).prefetch_related(
        Prefetch("industries", queryset=Industry.objects.order_by("code")))


def divisions_for_user(*, user) -> QuerySet[Division]:
    prefix = user.scope_prefix
    if prefix is None:
        return Division.objects.none()
    return Division.objects.filter(code__startswith=prefix)


def counties_for_user(*, user) -> QuerySet[Division]:
    """The active county-level divisions of a user's scope: the county their scope lies in (a township's or
    a park's people included), or every county of the city or province above."""
    prefix = user.scope_prefix
    if prefix is None:
        return Division.objects.none()
    return Division.objects.filter(level=Division.Level.COUNTY, is_active=True,
                                   code__startswith=prefix[:6]).order_by("code")


def division_choices(*, user) -> list[tuple[str, str]]:
    """Every active division in the user's scope, indented by level under the scope's own division:
    what a list filter or a form offers (a county and its townships; at most a few hundred codes, as
    township codes ship for 安庆 only)."""
    prefix = user.scope_prefix
    if prefix is None:
        return []
    top = len(prefix)
    rows = Division.objects.filter(code__startswith=prefix, is_active=True).order_by("code")
    return [(d.code, "\u3000" * _depth(top, len(d.code)) + f"{d.code} {d.name}") for d in rows]


def _depth(top: int, length: int) -> int:
    return [2, 4, 6, 9].index(length) - [2, 4, 6, 9].index(top) if top in (2, 4, 6, 9) else 0


def division_path(*, user, division: Division) -> list[Division]:
    """The division and its ancestors that lie inside the user's scope, top first."""
    codes = [division.code[:n] for n in (2, 4, 6, 9) if n <= len(division.code)]
    prefix = user.scope_prefix or ""
    return list(Division.objects.filter(code__in=[c for c in codes if c.startswith(prefix)]).order_by("code"))


def division_children(*, division: Division) -> QuerySet[Division]:
    return division.children.filter(is_active=True).annotate(
        unit_count=Count("units", filter=Q(units__is_active=True), distinct=True),
    ).order_by("code")


def industry_search(*, q: str) -> QuerySet[Industry]:
    """By code prefix (2924, C29) or by a word of the name."""
    q = q.strip()
    query = Q(name__contains=q) | Q(code__startswith=q.upper())
    if len(q) > 1 and q[0].isalpha() and q[1:].isdigit():
        query |= Q(section=q[0].upper(), code__startswith=q[1:])
    return Industry.objects.filter(query, is_active=True).select_related("parent").order_by("code")


def industry_sections() -> list[Industry]:
    """门类 with their 大类: the top of the tree, two queries."""
    divisions = Industry.objects.filter(level=Industry.Level.DIVISION, is_active=True).order_by("code")
    return list(Industry.objects.filter(level=Industry.Level.SECTION, is_active=True).order_by("code")
                .prefetch_related(Prefetch("children", queryset=divisions)))


def industry_subtree(*, industry: Industry) -> list[Industry]:
    """Everything below a 大类 or 中类, in code order (a 大类 has at most a few dozen codes)."""
    return list(Industry.objects.filter(code__startswith=industry.code, is_active=True,
                                        level__gt=industry.level, section=industry.section).order_by("code"))


def industry_ancestors(*, industry: Industry) -> list[Industry]:
    codes = [industry.section] + [industry.code[:n] for n in (2, 3) if n < len(industry.code)]
    if industry.level == Industry.Level.SECTION:
        return []
    return list(Industry.objects.filter(code__in=codes).order_by("level"))


def industry_filter_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """门类 → 大类, for the enterprise list's industry filter."""
    return [(f"{s.code} {s.name}", [(s.code, f"{s.code} 全部")] + [(d.code, f"{d.code} {d.name}")
                                                                     for d in s.children.all()])
            for s in industry_sections()]


def org_summary(*, user) -> dict:
    groups = list(industry_groups_for_user(user=user).filter(is_active=True))
    return {
        "unit_count": units_for_user(user=user).filter(is_active=True).count(),
        "industry_group_count": len(groups),
        "industry_groups": groups,
    }
