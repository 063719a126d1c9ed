import pytest


@pytest.fixture
def events():
    """The audit events written so far, oldest first, as (event, actor_username, object_repr)."""
    from chengjie.audit.models import AuditEvent

    def read(prefix: str = ""):
        rows = AuditEvent.objects.filter(event__startswith=prefix).order_by("seq")
        return [(row.event, row.actor_username, row.object_repr) for row in rows]

    return read


