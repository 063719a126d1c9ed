"""Who may do what to a lead, in one place: the pages show only the forms a user may submit, and the
services refuse the rest with the same answer.

The bureau (leads.manage) runs the loop for its county: it screens, assesses, assigns, drops and converts.
A unit (leads.register) registers leads, edits the ones it registered, and feeds back and reports on the
leads assigned to it."""

from __future__ import annotations

from .clock import CONVERTIBLE_STEPS, NEXT_STEP, OPEN_STEPS
from .models import Lead

Step = Lead.Step

EDIT, REPORT, DROP, CONVERT = "edit", "report", "drop", "convert"
# Steps a unit may enter itself, on a lead it follows: its first feedback starts 跟踪.
UNIT_STEPS = frozenset({Step.FOLLOWING})


def in_scope(user, lead: Lead) -> bool:
    """The lead lies in the user's division scope and, for a unit's user, their unit registered it or
    follows it."""
    prefix = user.scope_prefix if user.is_authenticated else None
    if prefix is None or user.binds_enterprise or not lead.division_id.startswith(prefix):
        return False
    if user.binds_unit:
        units = user.unit_and_descendant_ids()
        return lead.unit_id in units or lead.source_unit_id in units
    return True


def allowed_actions(user, lead: Lead) -> frozenset[str]:
    """What `user` may do to `lead` now: EDIT, REPORT, DROP, CONVERT and the next step's value."""
    if lead.step not in OPEN_STEPS or not in_scope(user, lead):
        return frozenset()
    manage = user.has_capability("leads.manage")
    register = user.has_capability("leads.register")
    units = user.unit_and_descendant_ids() if user.binds_unit else frozenset()
    follows = manage or (register and lead.unit_id in units)
    actions = set()
    if manage or (register and (lead.unit_id in units or lead.source_unit_id in units)):
        actions.add(EDIT)
    next_step = NEXT_STEP.get(lead.step)
    if next_step is not None and (manage or (next_step in UNIT_STEPS and follows)):
        actions.add(next_step)
    if lead.step == Step.FOLLOWING and follows:
        actions.add(REPORT)
    if manage:
        actions.add(DROP)
        if lead.step in CONVERTIBLE_STEPS:
            actions.add(CONVERT)
    return frozenset(actions)
