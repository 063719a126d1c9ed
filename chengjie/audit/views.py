from datetime import datetime, time

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from chengjie.core.access import requires

from .models import AuditEvent


def _day_bound(value: str, end: bool):
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


@requires("audit.view")
def event_list(request):
    """The audit administrator's search: by user, event, object, address, request and date range."""
    events = AuditEvent.objects.all()
    params = {key: request.GET.get(key, "").strip() for key in ("user", "event", "object", "ip", "request", "from", "to")}
    errors = []
    if params["user"]:
        events = events.filter(actor_username=params["user"])
    if params["event"]:
        events = events.filter(event__startswith=params["event"])
    if params["object"]:
        events = events.filter(object_repr__contains=params["object"])
    if params["ip"]:
        events = events.filter(ip=params["ip"])
    if params["request"]:
        events = events.filter(request_id=params["request"])
    for key, end, lookup in (("from", False, "occurred_at__gte"), ("to", True, "occurred_at__lte")):
        if params[key]:
            bound = _day_bound(params[key], end)
            if bound is None:
                errors.append(f"日期“{params[key]}”格式不对，应为 2026-11-27。")
            else:
                events = events.filter(**{lookup: bound})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"page": page, "params": params, "errors": errors})


@requires("audit.view")
def event_detail(request, seq: int):
    event = get_object_or_404(AuditEvent, seq=seq)
    return render(request, "audit/event_detail.html", {"event": event})
