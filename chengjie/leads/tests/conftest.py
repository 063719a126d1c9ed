from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from chengjie.leads.clock import NEXT_STEP
from chengjie.leads.models import Lead, Referrer
from chengjie.leads.services import lead_advance, lead_register, referrer_register

# Valid 居民身份证号码 (GB 11643-1999 check characters; 340824 was 潜山县 from 1988 to 2018).
ID_PERSON = "340824199001010010"
# The loop up to each step, with the note each step wants.
ADVANCE_NOTES = {
    Lead.Step.SCREENED: "信息真实，符合主导产业",
    Lead.Step.ASSESSED: "投资方实力较强，建议由经信局对接",
    Lead.Step.ASSIGNED: "请一周内对接投资方",
    Lead.Step.FOLLOWING: "已与投资方电话沟通，对方拟下月来潜考察",
}


@contextmanager
def at(moment: str):
    """Run the code inside as if it were `moment` (local time, Asia/Shanghai)."""
    aware = timezone.make_aware(datetime.fromisoformat(moment))
    with mock.patch("django.utils.timezone.now", return_value=aware):
        yield aware


@pytest.fixture
def referrer(cast) -> Referrer:
    return referrer_register(acting_user=cast.bureau, name="李引荐", kind=Referrer.Kind.PERSON, id_number=ID_PERSON,
                             phone="13812345678")


def register(cast, *, user=None, unit=None, **extra) -> Lead:
    fields = {"title": "年产500万套汽车零部件项目", "investor_name": "浙江某汽车零部件有限公司",
              "channel": Lead.Channel.VISIT, "industry_code": "3670", "estimated_investment": Decimal("30000")}
    fields.update(extra)
    return lead_register(acting_user=user or cast.clerk_a, unit=unit or cast.unit_a, **fields)


def advance(cast, lead: Lead, to_step: str) -> Lead:
    """Work the lead through the loop up to `to_step`: the bureau screens, assesses and assigns it to unit A,
    whose clerk feeds back."""
    while lead.step != to_step:
        step = NEXT_STEP[lead.step]
        user = cast.clerk_a if step == Lead.Step.FOLLOWING else cast.bureau
        lead = lead_advance(acting_user=user, lead=lead, to_step=step, note=ADVANCE_NOTES[step],
                            unit=cast.unit_a if step == Lead.Step.ASSIGNED else None)
    return lead


@pytest.fixture
def lead(cast) -> Lead:
    return register(cast)
