"""What several project pages ask: may this user do that here (mirroring the services' checks, so a page
offers only what the service would accept)."""

from __future__ import annotations

from ..models import Node, Project
from ..services._common import in_unit


def can_keep_plan(user, project: Project, capability: str) -> bool:
    """The bureau, or the introducing unit for what it may keep (plan requests, monthly figures)."""
    if not user.has_capability(capability):
        return False
    return user.has_capability("projects.manage") or in_unit(user, project.introducing_unit_id)


def can_enter_node(user, node: Node, *, plan_approved: bool) -> bool:
    return (plan_approved and node.confirmed_at is None and user.has_capability("nodes.update")
            and in_unit(user, node.responsible_unit_id))


def can_confirm_node(user, node: Node) -> bool:
    return (node.actual_date is not None and node.confirmed_at is None and user.has_capability("nodes.confirm")
            and in_unit(user, node.responsible_unit_id))
