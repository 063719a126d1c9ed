"""What the appeal services share: text checks, who may act on an appeal, the timeline row, the audit
snapshot and the messages that go out."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.audit.services import snapshot
from chengjie.core.errors import DomainError
from chengjie.notifications.services import notify

from ..models import Appeal, AppealEvent

# Personal data (the caller's name and phone) and long texts stay out of the audit trail; the timeline
# keeps the texts, and the row records that they changed.
AUDIT_FIELDS = ["county", "division", "enterprise", "company_name", "channel", "kind", "category", "subject",
                "is_complex", "unit", "status", "received_at", "routed_at", "accepted_at", "cycle",
                "cycle_started_at", "replied_at", "closed_at", "resolved", "base_level", "return_count",
                "extension_count", "redo_count", "ticket_no", "platform_status", "platform_due_at"]
TEXT_MAX = 5000
# The roles that work an appeal in its unit and hear when one arrives.
UNIT_PEOPLE = (Role.UNIT_CLERK, Role.UNIT_HEAD, Role.PARK)




def require(user, capability: str, what: str) -> None:
    if not user.is_authenticated or not user.has_capability(capability):
        raise DomainError(_("您的角色不能%(what)s。") % {"what": what}, code="forbidden")


def in_scope(user, appeal: Appeal) -> bool:
    """The same rule as the appeal selectors: a firm its own appeals, a unit those it handles or
    registered, everyone else their division scope."""
    if user.binds_enterprise:
        return appeal.enterprise_id is not None and appeal.enterprise_id == user.enterprise_id
    if user.binds_unit:
        return (appeal.unit_id is not None and appeal.unit_id in user.unit_and_descendant_ids()) \
            or appeal.created_by_id == user.pk
    prefix = user.scope_prefix
    return prefix is not None and appeal.division_id.startswith(prefix)


def require_in_scope(user, appeal: Appeal) -> None:
    if not in_scope(user, appeal):
        raise DomainError(_("该诉求不在您的数据范围内，未作任何修改。"), field="appeal", code="forbidden")


def require_handler(user, appeal: Appeal, what: str) -> None:
    """Accepting, returning, replying and closing are the handling unit's (or a unit above it)."""
    require(user, "appeals.handle", what)
    if appeal.unit_id is None or user.unit_id is None or appeal.unit_id not in user.unit_and_descendant_ids():
        raise DomainError(_("只有承办单位才能%(what)s。") % {"what": what}, field="appeal", code="forbidden")


def require_local(appeal: Appeal) -> None:
    if appeal.is_mirror:
        raise DomainError(_("工单 %(ticket)s 在 12345 热线平台办理，本系统按导入的工单同步其进展，不能在此办理。")
                          % {"ticket": appeal.ticket_no}, field="appeal")


def require_status(appeal: Appeal, allowed: set[str], what: str) -> None:
    if appeal.status not in allowed:
        raise DomainError(_("诉求当前为“%(status)s”，不能%(what)s。")
                          % {"status": appeal.get_status_display(), "what": what}, field="appeal")


def lock(appeal: Appeal) -> Appeal:
    """The appeal's row, locked for the rest of the transaction (only the row itself: PostgreSQL refuses
    FOR UPDATE on the nullable side of an outer join)."""
    return (Appeal.objects.select_for_update(of=("self",))
            .select_related("unit", "category", "enterprise", "county").get(pk=appeal.pk))


def audit_snapshot(appeal: Appeal) -> dict:
    return snapshot(appeal, fields=AUDIT_FIELDS)


def log(appeal: Appeal, kind: str, *, by=None, text: str = "", at=None, unit=None) -> AppealEvent:
    """A timeline row; `unit` is the unit it concerns (the one returning an appeal), else the actor's."""
    person = by if by is not None and by.is_authenticated else None
    if unit is None and person is not None and person.unit_id:
        unit = person.unit
    return AppealEvent.objects.create(appeal=appeal, kind=kind, cycle=appeal.cycle, at=at or timezone.now(),
                                      by=person, unit=unit, text=text)


def link(appeal: Appeal) -> str:
    return reverse("appeals:appeal_detail", args=[appeal.pk])


def unit_people(unit_id: int | None) -> list[User]:
    if unit_id is None:
        return []
    return list(User.objects.filter(unit_id=unit_id, role__in=UNIT_PEOPLE, is_active=True).order_by("pk"))


def firm_people(appeal: Appeal) -> list[User]:
    if appeal.enterprise_id is None:
        return []
    return list(User.objects.filter(enterprise_id=appeal.enterprise_id, role=Role.ENTERPRISE, is_active=True)
                .order_by("pk"))


def county_office_people(appeal: Appeal) -> list[User]:
    return list(User.objects.filter(role=Role.BUREAU, division_id=appeal.county_id, is_active=True).order_by("pk"))


def tell(recipients: list[User], appeal: Appeal, *, kind: str, title: str, body: str = "", acting_user=None) -> None:
    if recipients:
        notify(recipients=recipients, kind=kind, title=title[:200], body=body, link=link(appeal),
               acting_user=acting_user)
