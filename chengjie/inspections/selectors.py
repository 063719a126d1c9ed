"""Reads of inspections, scoped to the user, and the flags derived from them.

Who sees what: a firm's user sees its own firm's inspections only; a unit's people see the inspections
their unit registered or was reported for (a park committee also those of the firms in its park);
leaders, the bureau and agents see every inspection of the firms in their division scope.

Flags are never stored: an inspection a firm reported is unregistered by its source, and a firm inspected
more often than its county allows is found by counting, per period, the inspections that were not
cancelled, each on the day it happened (as confirmed or reported) or else the day it is planned for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.core.access import get_for_user
from chengjie.core.scope import division_q
from chengjie.org.models import Unit
from chengjie.parks.models import Enterprise

from .models import DEFAULT_MAX_INSPECTIONS, DEFAULT_PERIOD, Inspection, InspectionLimit
from .periods import Period, PeriodKind

# The list filter's "state" values, shared by the page and the API.
STATE_PLANNED, STATE_CONFIRMED, STATE_CANCELLED = "planned", "confirmed", "cancelled"
STATE_UNREGISTERED = "unregistered"
# Every inspection the frequency count and the statistics count: all but the cancelled.
STATE_COUNTED = "counted"
STATE_CHOICES = (STATE_COUNTED, STATE_PLANNED, STATE_CONFIRMED, STATE_CANCELLED, STATE_UNREGISTERED)
COUNTED = Q(cancelled_at__isnull=True)
_STATE_Q = {
    STATE_COUNTED: COUNTED,
    STATE_PLANNED: Q(source=Inspection.Source.REGISTERED, confirmed_at__isnull=True, cancelled_at__isnull=True),
    STATE_CONFIRMED: Q(source=Inspection.Source.REGISTERED, confirmed_at__isnull=False),
    STATE_CANCELLED: Q(cancelled_at__isnull=False),
    STATE_UNREGISTERED: Q(source=Inspection.Source.REPORTED),
}


def county_of(code: str) -> str:
    return code[:6]


def with_day(queryset: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """`day`: the date the frequency count and every list use."""
    return queryset.annotate(day=Coalesce("occurred_on", "planned_on"))


def inspections_for_user(*, user) -> QuerySet[Inspection]:
    if not user.is_authenticated or not user.has_capability("inspections.view"):
        return Inspection.objects.none()
    if user.binds_enterprise:
        if user.enterprise_id is None:
            return Inspection.objects.none()
        return Inspection.objects.filter(enterprise_id=user.enterprise_id)
    inspections = Inspection.objects.filter(division_q(user, "enterprise__division"))
    if user.binds_unit:
        units = user.unit_and_descendant_ids()
        visible = Q(unit_id__in=units)
        if user.role == Role.PARK:
            visible |= Q(enterprise__park__committee_id__in=units)
        inspections = inspections.filter(visible)
    return inspections


def get_inspection_for_user(user, pk, *, write: bool = False, write_capability: str | None = None) -> Inspection:
    """The one access helper for an inspection: 404 outside the user's scope, 403 when they may only read."""
    inspections = with_day(inspections_for_user(user=user)).select_related(
        "enterprise", "enterprise__division", "enterprise__park", "unit", "created_by", "confirmed_by",
        "cancelled_by").prefetch_related("inspectors")
    return get_for_user(user, inspections, write=write, write_capability=write_capability, pk=pk)


def inspection_list(*, user, q: str = "", unit: int | None = None, state: str = "", start: date | None = None,
                    end: date | None = None, enterprise: int | None = None) -> QuerySet[Inspection]:
    """The inspection list as the page, the API and the statistics' links show it, newest day first."""
    inspections = with_day(inspections_for_user(user=user)).select_related("enterprise", "unit")
    if q:
        inspections = inspections.filter(Q(enterprise__name__contains=q) | Q(enterprise__uscc__startswith=q.upper()))
    if unit:
        inspections = inspections.filter(unit_id=unit)
    if enterprise:
        inspections = inspections.filter(enterprise_id=enterprise)
    if state in _STATE_Q:
        inspections = inspections.filter(_STATE_Q[state])
    if start:
        inspections = inspections.filter(day__gte=start)
    if end:
        inspections = inspections.filter(day__lte=end)
    return inspections.order_by("-day", "-id")


def enterprises_to_inspect(*, user) -> QuerySet[Enterprise]:
    """The firms a unit may register an inspection of: the active firms of its division scope (a park
    committee: those of its own park)."""
    from chengjie.parks.selectors import enterprises_for_user

    return enterprises_for_user(user=user).filter(is_active=True).order_by("name")


def county_units(*, enterprise: Enterprise) -> QuerySet[Unit]:
    """The units a firm may name when it reports an inspection: the active units of its county."""
    return Unit.objects.filter(division__code__startswith=county_of(enterprise.division_id),
                               is_active=True).order_by("kind", "name")


# --- the county's limit and the frequency flag


@dataclass(frozen=True)
class Limit:
    period: str
    max_inspections: int
    is_default: bool = False

    @property
    def period_label(self) -> str:
        return str(PeriodKind(self.period).label)


DEFAULT_LIMIT = Limit(period=DEFAULT_PERIOD, max_inspections=DEFAULT_MAX_INSPECTIONS, is_default=True)


def limits_for_counties(codes) -> dict[str, Limit]:
    """Each county's limit; a county without a row gets the default."""
    codes = {county_of(code) for code in codes}
    rows = InspectionLimit.objects.filter(division_id__in=codes).values_list("division_id", "period",
                                                                               "max_inspections")
    found = {code: Limit(period=period, max_inspections=count) for code, period, count in rows}
    return {code: found.get(code, DEFAULT_LIMIT) for code in codes}


def limit_for_county(code: str) -> Limit:
    return limits_for_counties([code])[county_of(code)]


@dataclass
class FrequencyFlag:
    """A firm inspected more often in one period than its county allows."""

    enterprise: Enterprise
    period: Period
    limit: int
    inspections: list[Inspection] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.inspections)

    @property
    def excess(self) -> list[Inspection]:
        """The inspections beyond the limit, in date order: the third of a limit of two, and so on."""
        return self.inspections[self.limit:]


def period_inspections(*, enterprise: Enterprise, day: date) -> tuple[Period, Limit, list[Inspection]]:
    """The firm's counted inspections in the period (of its county's limit) that contains `day`."""
    limit = limit_for_county(enterprise.division_id)
    period = Period.of(limit.period, day)
    inspections = list(with_day(Inspection.objects.filter(COUNTED, enterprise=enterprise))
                       .filter(day__gte=period.start, day__lte=period.end).select_related("unit")
                       .order_by("day", "id"))
    return period, limit, inspections


def frequency_position(inspection: Inspection) -> tuple[Period, Limit, int, int] | None:
    """Where a counted inspection stands in its firm's period: (period, limit, its rank, the period's
    count). None for a cancelled one."""
    if inspection.is_cancelled:
        return None
    period, limit, inspections = period_inspections(enterprise=inspection.enterprise, day=inspection.inspection_date)
    rank = next(i for i, other in enumerate(inspections, start=1) if other.pk == inspection.pk)
    return period, limit, rank, len(inspections)


def frequency_flags(*, user, year: int) -> list[FrequencyFlag]:
    """Every firm in the user's division scope inspected more often than its county allows, in the
    periods of `year`; most inspections first. Three queries whatever the number of firms."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counted = with_day(Inspection.objects.filter(COUNTED, division_q(user, "enterprise__division"))).filter(
        day__gte=start, day__lte=end)
    counties = {county_of(code) for code in counted.values_list("enterprise__division_id", flat=True).distinct()}
    limits = limits_for_counties(counties)
    if not limits:
        return []
    # A firm with no more inspections in the whole year than the smallest limit cannot exceed any period's.
    smallest = min(limit.max_inspections for limit in limits.values())
    busy = counted.values("enterprise_id").annotate(n=Count("id")).filter(n__gt=smallest).values("enterprise_id")
    rows = counted.filter(enterprise_id__in=busy).select_related("enterprise", "unit").order_by("day", "id")
    groups: dict[tuple[int, Period], FrequencyFlag] = {}
    for inspection in rows:
        limit = limits[county_of(inspection.enterprise.division_id)]
        period = Period.of(limit.period, inspection.day)
        flag = groups.setdefault((inspection.enterprise_id, period), FrequencyFlag(
            enterprise=inspection.enterprise, period=period, limit=limit.max_inspections))
        flag.inspections.append(inspection)
    flags = [flag for flag in groups.values() if flag.count > flag.limit]
    return sorted(flags, key=lambda flag: (-flag.count, flag.period.start, flag.enterprise.name))


def unregistered_inspections(*, user, year: int) -> QuerySet[Inspection]:
    """Inspections firms reported that no unit registered, in `year`, in the user's division scope."""
    return with_day(Inspection.objects.filter(division_q(user, "enterprise__division"),
                                              source=Inspection.Source.REPORTED)).filter(
        day__gte=date(year, 1, 1), day__lte=date(year, 12, 31)).select_related(
        "enterprise", "unit", "created_by").order_by("-day", "-id")


def county_office_users(*, division_code: str) -> list[User]:
    """The county office a flag goes to: the active bureau accounts whose scope is the firm's county."""
    return list(User.objects.filter(role=Role.BUREAU, is_active=True, division_id=county_of(division_code)))


def firm_users(*, enterprise: Enterprise) -> list[User]:
    return list(User.objects.filter(role=Role.ENTERPRISE, is_active=True, enterprise=enterprise))


def unit_inspection_counts(*, units, start: date, end: date) -> dict[int, dict[str, int]]:
    """Per unit, the inspections counted in [start, end]: all of them and those a firm reported
    unregistered. For the statistics page."""
    rows = (with_day(Inspection.objects.filter(COUNTED, unit__in=units)).filter(day__gte=start, day__lte=end)
            .values("unit_id").annotate(total=Count("id"),
                                        unregistered=Count("id", filter=Q(source=Inspection.Source.REPORTED))))
    return {row["unit_id"]: {"total": row["total"], "unregistered": row["unregistered"]} for row in rows}
