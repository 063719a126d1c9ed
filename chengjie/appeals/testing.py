"""Test helpers for appeals at any stage, built through the services (so every row has passed the same
checks and left the same audit rows as one a person made).

    appeal = file_appeal(cast)                                  # filed by the cast's firm, not yet routed
    appeal = file_appeal(cast, stage="replied", unit=cast.unit_a)
    with at("2026-09-30 10:00"): appeal = file_appeal(cast)     # the clocks start then

Stages: filed, routed, accepted, replied, closed. Routing is the bureau's; accepting, replying and closing
are done by unit A's clerk (`cast.clerk_a`), so route to unit A (the default) for the later stages.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from unittest import mock

from django.utils import timezone

from .models import Appeal
from .services import appeal_accept, appeal_close, appeal_file, appeal_reply, appeal_route

STAGES = ("filed", "routed", "accepted", "replied", "closed")


@contextmanager
def at(moment: str):
    """Run the code inside as if it were `moment` (local time, Asia/Shanghai)."""
    aware = timezone.make_aware(datetime.fromisoformat(moment))
    with mock.patch("django.utils.timezone.now", return_value=aware):
        yield aware


def file_appeal(cast, *, stage: str = "filed", unit=None, handler=None, **fields) -> Appeal:
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}")
    values = {"kind": Appeal.Kind.HELP, "subject": "厂区门前道路积水影响出货",
              "content": "雨季厂区门前道路积水严重，货车无法进出，请协调修复排水管网。"}
    values.update(fields)
    appeal = appeal_file(acting_user=cast.enterprise, **values)
    if stage == "filed":
        return appeal
    if appeal.unit_id is None:
        appeal = appeal_route(acting_user=cast.bureau, appeal=appeal, unit=unit or cast.unit_a)
    if stage == "routed":
        return appeal
    handler = handler or cast.clerk_a
    appeal = appeal_accept(acting_user=handler, appeal=appeal)
    if stage == "accepted":
        return appeal
    appeal = appeal_reply(acting_user=handler, appeal=appeal, text="已联系住建局，排水管网本周内疏通。")
    if stage == "replied":
        return appeal
    return appeal_close(acting_user=handler, appeal=appeal, result="排水管网已疏通，道路积水已排除。", resolved=True)
