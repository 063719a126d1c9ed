from chengjie.org.models import Unit

from .data.units import COUNTY


def demo_county_unit_count() -> int:
    """The demo loads only into a county with no units: any unit there means someone's data is in place."""
    return Unit.objects.filter(division__code__startswith=COUNTY).count()
