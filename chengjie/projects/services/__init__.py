"""Writes on projects. Every function is keyword-only, atomic, raises DomainError naming the field and
reason, and writes its audit row in the same transaction."""

from .duplicates import find_duplicates, project_duplicate_resolve
from .figures import monthly_figure_set, stats_registration_set
from .nodes import node_assign, node_complete, node_confirm, node_return
from .plans import plan_approve, plan_change_request, plan_draft_update, plan_reject
from .signing import project_sign
from .templates import TemplateItemSpec, node_template_create, node_template_revise, template_for
from .transfers import project_transfer

__all__ = [
    "TemplateItemSpec", "find_duplicates", "monthly_figure_set", "node_assign", "node_complete", "node_confirm",
    "node_return", "node_template_create", "node_template_revise", "plan_approve", "plan_change_request",
    "plan_draft_update", "plan_reject", "project_duplicate_resolve", "project_sign", "project_transfer",
    "stats_registration_set", "template_for",
]
