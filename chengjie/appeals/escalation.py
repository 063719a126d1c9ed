"""Who an escalated appeal goes to, one level up at a time (DOMAIN.md "Appeals"; 谁引进、谁服务):

    level 1  the handling unit's head (负责人)
    level 2  the 包保领导 of the firm's project, when the firm has a project with one;
             else the county office (招商主管部门, which runs the complaint network)

An appeal not yet routed to a unit is the county office's to route, so both levels go there. A unit
without a head account escalates straight to level 2's people, so the message always reaches someone."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role

from .models import Appeal


@dataclass
class Target:
    level: int
    label: str
    users: list[User] = field(default_factory=list)


def county_office(appeal: Appeal) -> Target:
    users = list(User.objects.filter(role=Role.BUREAU, division_id=appeal.county_id, is_active=True).order_by("pk"))
    return Target(level=2, label=_("招商主管部门（县级诉求受理）"), users=users)


def project_leader(appeal: Appeal) -> Target | None:
    """The 包保领导 of the firm's most recently signed project that has one."""
    from chengjie.projects.models import Project

    if appeal.enterprise_id is None:
        return None
    project = (Project.objects.filter(investor_id=appeal.enterprise_id, leader__isnull=False, leader__is_active=True)
               .select_related("leader").order_by("-signed_on", "-id").first())
    if project is None:
        return None
    return Target(level=2, label=_("包保领导 %(leader)s（项目：%(project)s）")
                  % {"leader": project.leader.display_name, "project": project.name}, users=[project.leader])


def top_target(appeal: Appeal) -> Target:
    return project_leader(appeal) or county_office(appeal)


def unit_head(appeal: Appeal) -> Target | None:
    if appeal.unit_id is None:
        return None
    users = list(User.objects.filter(role=Role.UNIT_HEAD, unit_id=appeal.unit_id, is_active=True).order_by("pk"))
    if not users:
        return None
    return Target(level=1, label=_("%(unit)s负责人") % {"unit": appeal.unit}, users=users)


def escalation_target(appeal: Appeal, level: int) -> Target | None:
    """The people an appeal at `level` is escalated to; None at level 0 (the unit's own staff handle it)."""
    if level <= 0:
        return None
    if level == 1 and (head := unit_head(appeal)) is not None:
        return head
    if level == 1 and appeal.unit_id is None:
        office = county_office(appeal)
        office.level = 1
        return office
    target = top_target(appeal)
    target.level = level
    return target
