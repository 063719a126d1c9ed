from django import template

from chengjie.leads.masking import masked
from chengjie.leads.rules import in_scope

register = template.Library()


@register.filter
def masked_field(referrer, field: str) -> str:
    """A referrer's personal field as every list shows it: masked."""
    return masked(referrer, field)


@register.inclusion_tag("leads/_project_origin.html", takes_context=True)
def project_origin(context, project):
    """The lead a project was signed from, as a fact row of the project's page: a link back to the lead's
    history for a user who may see the lead, its title for anyone else."""
    lead = project.lead if project.lead_id else None
    user = context["request"].user
    return {"lead": lead, "can_open": lead is not None and user.has_capability("leads.view") and in_scope(user, lead)}
