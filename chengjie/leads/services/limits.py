"""Step limits per county (LeadStepLimit): the bureau sets how many working days a lead may stay in each
step; a step without a row uses DOMAIN.md's default."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record
from chengjie.core.errors import DomainError

from ..clock import DEFAULT_LIMITS
from ..models import Lead, LeadStepLimit
from .common import county_in_scope, require

# About three months of working days: a step allowed longer is not being timed at all.
MAX_LIMIT = 60


@transaction.atomic
def lead_step_limits_set(*, acting_user, limits: dict[str, int | None], division_code: str | None = None) -> dict:
    """Set the county's limits, step → working days; None puts a step back to the default. Returns the
    county's limits as they now stand."""
    require(acting_user, "leads.manage", _("设置线索环节时限"))
    county = county_in_scope(user=acting_user, code=division_code)
    if unknown := set(limits) - set(DEFAULT_LIMITS):
        raise DomainError(_("“%(steps)s”不是有时限的线索环节。") % {"steps": "、".join(sorted(unknown))}, field="limits")
    for step, workdays in limits.items():
        if workdays is not None and not 1 <= workdays <= MAX_LIMIT:
            raise DomainError(_("“%(step)s”环节的时限应为 1–%(max)s 个工作日，现为 %(workdays)s。")
                              % {"step": Lead.Step(step).label, "max": MAX_LIMIT, "workdays": workdays}, field=step)
    rows = {row.step: row for row in LeadStepLimit.objects.select_for_update().filter(division=county)}
    before = {step: row.workdays for step, row in rows.items()}
    for step, workdays in limits.items():
        row = rows.get(step)
        if workdays is None or workdays == DEFAULT_LIMITS[step]:
            if row is not None:
                row.delete()
        elif row is None:
            LeadStepLimit.objects.create(division=county, step=step, workdays=workdays)
        elif row.workdays != workdays:
            row.workdays = workdays
            row.save(update_fields=["workdays"])
    after = dict(LeadStepLimit.objects.filter(division=county).values_list("step", "workdays"))
    if after != before:
        audit_record(event="lead_step_limit.set", acting_user=acting_user, obj=county,
                     object_repr=_("%(county)s线索环节时限") % {"county": county.name}, before=before, after=after)
    return {step: after.get(step, default) for step, default in DEFAULT_LIMITS.items()}
