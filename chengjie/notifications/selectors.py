"""Reads on notifications. A person sees only their own messages and channels; nobody else's, whatever
their role."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from .models import Delivery, Notification, UserChannel


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox_for_user(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=user).select_related("actor").prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.order_by("kind", "id")))
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def channels_for_user(*, user) -> QuerySet[UserChannel]:
    """The person's channels, each with the state and time of its latest delivery."""
    latest = Delivery.objects.filter(channel=OuterRef("pk")).order_by("-created_at", "-id")
    return UserChannel.objects.filter(user=user).annotate(
        last_state=Subquery(latest.values("state")[:1]),
        last_delivery_at=Subquery(latest.values("created_at")[:1]),
    )
