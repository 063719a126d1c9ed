"""Reads of projects and their nodes, scoped to the user.

Who sees what (issue 3): leaders and the bureau see every project in their division scope; a unit's
people see the projects their unit introduced or is responsible for a node of; a park committee also
sees the projects settled in its park. Without `projects.view` nothing is visible."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from chengjie.accounts.roles import Role
from chengjie.core.access import get_for_user
from chengjie.core.scope import division_q

from .models import Node, PlanVersion, Project

# A project merged into the one it duplicated stays readable by its address but leaves every list and
# count: counting it would be the inflated figure duplicate detection is there to stop.
LIVE = ~Q(duplicate_state=Project.DuplicateState.MERGED)


def projects_for_user(*, user) -> QuerySet[Project]:
    if not user.is_authenticated or not user.has_capability("projects.view"):
        return Project.objects.none()
    projects = Project.objects.filter(division_q(user))
    if user.binds_unit:
        units = user.unit_and_descendant_ids()
        visible = (Q(introducing_unit_id__in=units)
                   | Exists(Node.objects.filter(project_id=OuterRef("pk"), responsible_unit_id__in=units)))
        if user.role == Role.PARK:
            visible |= Q(park__committee_id__in=units)
        projects = projects.filter(visible)
    return projects


def get_project_for_user(user, pk, *, write: bool = False, write_capability: str = "projects.manage") -> Project:
    """The one access helper for a project: 404 outside the user's scope, 403 when they may only read."""
    projects = projects_for_user(user=user).select_related(
        "division", "introducing_unit", "park", "industry", "industry_group", "leader", "contact_person",
        "referrer", "investor", "template", "duplicate_of", "created_by")
    return get_for_user(user, projects, write=write, write_capability=write_capability, pk=pk)


def nodes_for_user(*, user) -> QuerySet[Node]:
    """Nodes of the projects the user sees (a unit sees the whole plan of a project it works on)."""
    return Node.objects.filter(project__in=projects_for_user(user=user).values("pk"))


def get_node_for_user(user, pk, *, write: bool = False, write_capability: str = "nodes.update") -> Node:
    nodes = nodes_for_user(user=user).select_related("project", "project__division", "responsible_unit",
                                                     "responsible_person", "actual_entered_by", "confirmed_by")
    return get_for_user(user, nodes, write=write, write_capability=write_capability, pk=pk)


def plan_versions_for_user(*, user) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(project__in=projects_for_user(user=user).values("pk"))
