"""Writing audit rows. Every service that changes data calls `audit_record` inside its transaction."""

from __future__ import annotations

from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from chengjie.core import request_context

from .chain import GENESIS, normalise, row_hash
from .models import AuditEvent

# Any constant works: it names the one advisory lock that serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK = 7_340_882


def snapshot(instance, *, fields: list[str] | None = None, exclude: tuple[str, ...] = ("password",)) -> dict:
    """A model's field values as the audit row stores them in `before` / `after`."""
    data = model_to_dict(instance, fields=fields, exclude=list(exclude))
    return normalise({key: (value.pk if hasattr(value, "pk") else value) for key, value in data.items()})


def audit_record(*, event: str, acting_user=None, obj=None, object_type: str = "", object_id: str = "",
                 object_repr: str = "", before: dict | None = None, after: dict | None = None,
                 note: str = "", username: str = "") -> AuditEvent:
    """Append one row to the chain. Call inside the service's transaction so the row and the change
    commit or roll back together."""
    info = request_context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    actor = acting_user if acting_user is not None and getattr(acting_user, "is_authenticated", False) else None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        fields = {
            "seq": (last["seq"] + 1) if last else 1,
            "occurred_at": timezone.now(),
            "actor_id": actor.pk if actor else None,
            "actor_username": actor.get_username() if actor else username[:150],
            "actor_role": (actor.role or "") if actor else "",
            "actor_unit": str(actor.unit)[:100] if actor and actor.unit_id else "",
            "ip": info.ip if info else None,
            "request_id": info.request_id if info else "",
            "channel": info.channel if info else "",
            "event": event,
            "object_type": object_type,
            "object_id": str(object_id),
            "object_repr": object_repr[:200],
            "before": normalise(before) if before is not None else None,
            "after": normalise(after) if after is not None else None,
            "note": note,
            "prev_hash": last["hash"] if last else GENESIS,
        }
        fields["hash"] = row_hash(fields)
        return AuditEvent.objects.create(**fields)
