"""Reads of appeals, scoped to the user: a firm's user sees only its own firm's appeals, a unit's users
those their unit handles (or they registered), the county office and leaders their whole division scope.
Clocks and escalation levels are computed here from the working-day calendar on every read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet

from chengjie.core.access import get_for_user
from chengjie.core.scope import division_q
from chengjie.workcalendar import workdays

from .clock import Limits, appeal_clocks, current_clock, escalation_level, overdue_q
from .escalation import escalation_target
from .models import OPEN_STATUSES, Appeal, AppealCategory, AppealImport
from .stats import AppealStats, unit_appeal_stats

__all__ = ["AppealStats", "unit_appeal_stats", "appeals_for_user", "appeal_list", "with_clocks", "get_appeal_for_user",
           "appeal_detail", "appeals_for_enterprise", "category_rows", "category_choices", "appeal_counts",
           "imports_for_user"]

STATUS_OPEN = "open"  # the list's status filter: every appeal still being handled


def appeals_for_user(*, user) -> QuerySet[Appeal]:
    if not user.is_authenticated or user.scope_prefix is None:
        return Appeal.objects.none()
    appeals = Appeal.objects.select_related("unit", "category", "enterprise")
    if user.binds_enterprise:
        if user.enterprise_id is None:
            return Appeal.objects.none()
        return appeals.filter(enterprise_id=user.enterprise_id)
    if user.binds_unit:
        return appeals.filter(Q(unit_id__in=user.unit_and_descendant_ids()) | Q(created_by_id=user.pk))
    return appeals.filter(division_q(user))


def get_appeal_for_user(user, pk, *, write: bool = False, write_capability: str | None = None) -> Appeal:
    return get_for_user(user, appeals_for_user(user=user), write=write, write_capability=write_capability, pk=pk)


def appeal_list(*, user, q: str = "", status: str = "", channel: str = "", kind: str = "", unit: int | None = None,
                overdue: bool = False, today: date | None = None) -> QuerySet[Appeal]:
    """The appeal list as the page and the API show it. `overdue` keeps open appeals with a step late
    today, by each category's limits."""
    appeals = appeals_for_user(user=user)
    if status == STATUS_OPEN:
        appeals = appeals.filter(status__in=sorted(OPEN_STATUSES))
    elif status:
        appeals = appeals.filter(status=status)
    if channel:
        appeals = appeals.filter(channel=channel)
    if kind:
        appeals = appeals.filter(kind=kind)
    if unit:
        appeals = appeals.filter(unit_id=unit)
    if q:
        appeals = appeals.filter(Q(subject__contains=q) | Q(company_name__contains=q) | Q(ticket_no=q.strip()))
    if overdue:
        appeals = appeals.filter(overdue_q(Limits.for_prefix(user.scope_prefix), today=today))
    return appeals.order_by("-received_at", "-id")


def appeal_counts(*, user, today: date | None = None) -> dict:
    """For the list's head: appeals being handled and how many have a step late."""
    open_ = appeals_for_user(user=user).filter(status__in=sorted(OPEN_STATUSES))
    return {"open": open_.count(),
            "overdue": open_.filter(overdue_q(Limits.for_prefix(user.scope_prefix), today=today)).count()}


def with_clocks(appeals: Iterable[Appeal], *, today: date | None = None) -> list[Appeal]:
    """The appeals with `clocks` (accept, reply, resolve), `clock` (the step awaited now, None once
    closed) and `level` (escalation level reached) set; one query for the limits of their counties."""
    appeals = list(appeals)
    counties = {appeal.county_id for appeal in appeals}
    limits = Limits(AppealCategory.objects.filter(county_id__in=counties).values(
        "id", "parent_id", "accept_workdays", "reply_workdays", "resolve_workdays", "complex_workdays")) \
        if counties else Limits()
    for appeal in appeals:
        appeal.clocks = appeal_clocks(appeal, limits, today=today)
        appeal.clock = current_clock(appeal.clocks) if appeal.is_open else None
        appeal.level = escalation_level(appeal, appeal.clocks)
    return appeals


def appeals_for_enterprise(*, enterprise) -> QuerySet[Appeal]:
    """One firm's appeals, newest first (the firm's own view; pass them to `with_clocks` for the clocks)."""
    return (Appeal.objects.filter(enterprise=enterprise).select_related("unit", "category", "enterprise")
            .order_by("-received_at", "-id"))


def appeal_detail(*, appeal: Appeal, today: date | None = None) -> dict:
    """Everything the appeal's page shows: clocks, the level reached and who it goes to, the timeline,
    ratings, recorded escalations, attachments, and the calendar warning for the span the clocks cover."""
    appeal = with_clocks([appeal], today=today)[0]
    dues = [clock.due_on for clock in appeal.clocks]
    years = workdays.missing_years_between(min(clock.started_on for clock in appeal.clocks), max(dues))
    return {
        "appeal": appeal,
        "target": escalation_target(appeal, appeal.level),
        "events": list(appeal.events.select_related("by", "unit")),
        "ratings": list(appeal.ratings.select_related("rated_by")),
        "escalations": list(appeal.escalations.all()),
        "attachments": list(appeal.attachments.all()),
        "calendar_warning": workdays.missing_years_message(years) if years else "",
        "category_path": category_path(appeal.category),
    }


def category_path(category: AppealCategory | None) -> str:
    names = []
    while category is not None:
        names.insert(0, category.name)
        category = category.parent
    return "->".join(names)


def category_rows(*, county: str) -> list[dict]:
    """The county's categories in tree order, each with its path, depth and effective limits (its own
    values, else inherited), for the configuration page and the choice lists."""
    categories = list(AppealCategory.objects.filter(county_id=county).select_related("default_unit"))
    limits = Limits({"id": c.pk, "parent_id": c.parent_id, "accept_workdays": c.accept_workdays,
                     "reply_workdays": c.reply_workdays, "resolve_workdays": c.resolve_workdays,
                     "complex_workdays": c.complex_workdays} for c in categories)
    children: dict[int | None, list[AppealCategory]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    rows: list[dict] = []

    def walk(parent_id, path, depth, active):
        for category in sorted(children.get(parent_id, []), key=lambda c: c.name):
            label = f"{path}->{category.name}" if path else category.name
            enabled = active and category.is_active
            rows.append({"category": category, "path": label, "depth": depth, "limits": limits.of(category.pk),
                         "enabled": enabled})
            walk(category.pk, label, depth + 1, enabled)

    walk(None, "", 0, True)
    return rows


def category_choices(*, county: str) -> list[tuple[int, str]]:
    """The categories a form offers: enabled ones (and under enabled parents), labelled by their path."""
    return [(row["category"].pk, row["path"]) for row in category_rows(county=county) if row["enabled"]]


def imports_for_user(*, user) -> QuerySet[AppealImport]:
    """The 12345 imports of the user's own making: a rejects workbook holds callers' data, so only the
    person who uploaded it reads it back."""
    if not user.is_authenticated:
        return AppealImport.objects.none()
    return AppealImport.objects.filter(imported_by=user).select_related("county")

