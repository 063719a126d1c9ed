from django import template

from chengjie.leads.masking import masked

register = template.Library()


@register.filter
def masked_field(referrer, field: str) -> str:
    """A referrer's personal field as every list shows it: masked."""
    return masked(referrer, field)
