"""Sending deliveries, run by the worker: claim a due delivery, send it through its channel, record the
outcome, and schedule a retry with backoff when it failed.

A claim is a conditional UPDATE that pushes the row's next attempt past a lease, so two workers (or the
first send racing the retry sweep) never send the same delivery twice; a worker that dies mid-send lets
the row come due again when the lease runs out.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .channels import SENDERS, ChannelError, OutgoingMessage
from .models import Delivery, DeliveryState

log = logging.getLogger(__name__)

# Waits after the 1st, 2nd and 3rd failed attempt; the 4th failure gives up. Covers a robot's
# 20-messages-a-minute limit and a mail relay restarting, without messaging people hours late.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Far longer than any channel's timeout (SMTP 10 s), so a live worker always finishes inside its lease.
CLAIM_LEASE = timedelta(minutes=10)
OPEN_STATES = (DeliveryState.PENDING, DeliveryState.FAILED)
# One sweep's batch; the next sweep a minute later takes the rest.
SWEEP_BATCH = 200


def delivery_claim(*, delivery_id: int, now: datetime) -> bool:
    """True if this caller won the delivery's next attempt."""
    claimed = Delivery.objects.filter(pk=delivery_id, state__in=OPEN_STATES, next_attempt_at__lte=now).update(
        next_attempt_at=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    return claimed == 1


def compose(delivery: Delivery) -> OutgoingMessage:
    notification = delivery.notification
    lines = [_("【承接】%(title)s") % {"title": notification.title}]
    if notification.body:
        lines.append(notification.body)
    if notification.link:
        lines.append(_("详情：%(url)s") % {"url": settings.SITE_URL + notification.link} if settings.SITE_URL
                     else _("请登录承接平台查看详情。"))
    return OutgoingMessage(subject=_("【承接】%(title)s") % {"title": notification.title}, text="\n".join(lines))


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> DeliveryState | None:
    """Try one delivery if it is due and nobody else holds it; return its new state, or None if it was
    not ours to send. Never raises: a channel's failure is recorded on the row."""
    now = now or timezone.now()
    if not delivery_claim(delivery_id=delivery_id, now=now):
        return None
    delivery = Delivery.objects.select_related("notification", "channel").get(pk=delivery_id)
    channel = delivery.channel
    try:
        if channel is None:
            raise ChannelError(_("该接收渠道已删除。"), permanent=True)
        if not channel.enabled:
            raise ChannelError(_("该接收渠道已停用。"), permanent=True)
        SENDERS[channel.kind](address=channel.address, secret=channel.secret, message=compose(delivery))
    except ChannelError as exc:
        return _record_failure(delivery, error=exc.message, permanent=exc.permanent, now=now)
    except Exception as exc:  # a bug in an adapter must not stop the sweep or reach the caller
        log.exception("delivery %s: unexpected error", delivery_id)
        return _record_failure(delivery, error=f"{type(exc).__name__}: {exc}"[:500], permanent=False, now=now)
    Delivery.objects.filter(pk=delivery_id).update(
        state=DeliveryState.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error="", address=channel.address)
    return DeliveryState.SENT


def _record_failure(delivery: Delivery, *, error: str, permanent: bool, now: datetime) -> DeliveryState:
    attempts = delivery.attempts  # already counts this attempt: the claim added it
    if permanent or attempts >= MAX_ATTEMPTS:
        state, next_attempt_at = DeliveryState.GAVE_UP, None
    else:
        state, next_attempt_at = DeliveryState.FAILED, now + RETRY_DELAYS[attempts - 1]
    log.warning("delivery %s attempt %s failed: %s", delivery.pk, attempts, error)
    Delivery.objects.filter(pk=delivery.pk).update(state=state, last_error=error, next_attempt_at=next_attempt_at)
    return state


def deliveries_retry_due(*, now: datetime | None = None) -> int:
    """The sweep: attempt every open delivery whose time has come (retries, and first sends whose queued
    task was lost). Safe to run twice at once. Returns how many were sent."""
    now = now or timezone.now()
    due = list(Delivery.objects.filter(state__in=OPEN_STATES, next_attempt_at__lte=now)
               .order_by("next_attempt_at").values_list("pk", flat=True)[:SWEEP_BATCH])
    return sum(delivery_attempt(delivery_id=pk, now=now) == DeliveryState.SENT for pk in due)
