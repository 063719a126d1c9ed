"""Writing audit rows. Every service that changes data calls `audit_record` inside its transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from chengjie.core import request_context
from chengjie.core.bulk import insert_rows

from .chain import GENESIS, normalise, row_hash
from .models import AuditEvent

# Any constant works: it names the one advisory lock that serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK = 7_340_882


def snapshot(instance, *, fields: list[str] | None = None, exclude: tuple[str, ...] = ("password",)) -> dict:
    """A model's field values as the audit row stores them in `before` / `after`."""
    data = model_to_dict(instance, fields=fields, exclude=list(exclude))
    return normalise({key: (value.pk if hasattr(value, "pk") else value) for key, value in data.items()})


def _actor(acting_user):
    return acting_user if acting_user is not None and getattr(acting_user, "is_authenticated", False) else None


def _row(*, info, actor, occurred_at, event: str, obj=None, object_type: str = "", object_id: str = "",
         object_repr: str = "", before: dict | None = None, after: dict | None = None, note: str = "",
         username: str = "") -> dict:
    """One row's fields except its place in the chain (seq, prev_hash, hash)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    return {
        "occurred_at": occurred_at,
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
    }


def _chain_tail() -> tuple[int, str]:
    """Lock the chain for this transaction and return the last row's seq and hash."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    return (last["seq"], last["hash"]) if last else (0, GENESIS)


def audit_record(*, event: str, acting_user=None, obj=None, object_type: str = "", object_id: str = "",
                 object_repr: str = "", before: dict | None = None, after: dict | None = None,
                 note: str = "", username: str = "") -> AuditEvent:
    """Append one row to the chain. Call inside the service's transaction so the row and the change
    commit or roll back together."""
    with transaction.atomic():
        seq, prev_hash = _chain_tail()
        fields = _row(info=request_context.current(), actor=_actor(acting_user), occurred_at=timezone.now(),
                      event=event, obj=obj, object_type=object_type, object_id=object_id, object_repr=object_repr,
                      before=before, after=after, note=note, username=username)
        fields.update(seq=seq + 1, prev_hash=prev_hash)
        fields["hash"] = row_hash(fields)
        return AuditEvent.objects.create(**fields)


def audit_record_many(*, event: str, acting_user=None, entries: Iterable[dict], batch_size: int = 1000) -> int:
    """Append one row per entry (each holds `obj` or object_type/object_id/object_repr, and before, after,
    note) under one lock and one read of the chain's tail: the same chain `audit_record` writes, for a
    service that changes thousands of objects at once (a ledger import). Returns how many rows."""
    info, actor = request_context.current(), _actor(acting_user)
    count = 0
    with transaction.atomic():
        seq, prev_hash = _chain_tail()
        now = timezone.now()
        batch: list[list] = []
        for entry in entries:
            fields = _row(info=info, actor=actor, occurred_at=now, event=event, **entry)
            seq += 1
            fields.update(seq=seq, prev_hash=prev_hash)
            fields["hash"] = prev_hash = row_hash(fields)
            batch.append([fields[name] for name in _FIELDS])
            if len(batch) >= batch_size:
                insert_rows(AuditEvent, _FIELDS, batch)
                count += len(batch)
                batch = []
        insert_rows(AuditEvent, _FIELDS, batch)
        count += len(batch)
    return count


# What `_row` fills, with the row's place in the chain.
_FIELDS = [field.name for field in AuditEvent._meta.concrete_fields if not field.primary_key]
