"""Fixtures for approvals: the real 2025 and 2026 holiday notices loaded into the calendar, a small catalogue
(planning permit → construction permit chain, a matter excluded from deemed approval), a service agent
holding the firm's authorisation, and helpers to file and move requests at a given moment."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone

import chengjie.workcalendar
from chengjie.accounts.roles import Role
from chengjie.approvals.models import ApprovalRequest, Matter, StopEvent
from chengjie.approvals.services import (
    authorisation_record,
    matter_create,
    request_accept,
    request_decide,
    request_file,
)
from chengjie.core.testing import COUNTY, make_user
from chengjie.projects.testing import pdf_upload, png_upload

NOTICES = Path(chengjie.workcalendar.__file__).parent / "tests" / "data"


@contextmanager
def at(moment: str):
    """Run the code inside as if it were `moment` (local time, Asia/Shanghai); a date alone means 09:00."""
    text = moment if "T" in moment or " " in moment else f"{moment}T09:00"
    aware = timezone.make_aware(datetime.fromisoformat(text))
    with mock.patch("django.utils.timezone.now", return_value=aware):
        yield aware


@pytest.fixture
def notices(cast):
    """The State Council's 2025 and 2026 notices as the system administrator imports them (holiday-cn)."""
    from chengjie.workcalendar.services import holiday_notice_import

    for year in (2025, 2026):
        holiday_notice_import(acting_user=cast.sys_admin, content=(NOTICES / f"{year}.json").read_bytes(),
                              file_name=f"{year}.json")


@pytest.fixture
def agent(cast):
    return make_user("agent", role=Role.AGENT, division=COUNTY, full_name="代办员小李")


@pytest.fixture
def planning(cast) -> Matter:
    """The first department's step: 自然资源局 (unit B), 20 working days, expert review may stop the clock."""
    return matter_create(acting_user=cast.sys_admin, division_code=COUNTY, name="建设工程规划许可证核发",
                         handling_unit=cast.unit_b, time_limit_workdays=20,
                         stop_events=[StopEvent.SUPPLEMENT, StopEvent.EXPERT_REVIEW],
                         required_documents=["建设工程规划许可申请表", "建设工程设计方案"],
                         legal_basis="《中华人民共和国城乡规划法》第四十条")


@pytest.fixture
def construction(cast, planning) -> Matter:
    """The next department's step (unit A), which needs the planning permit."""
    return matter_create(acting_user=cast.sys_admin, division_code=COUNTY, name="建筑工程施工许可证核发",
                         handling_unit=cast.unit_a, time_limit_workdays=7,
                         stop_events=[StopEvent.SUPPLEMENT, StopEvent.HEARING],
                         required_documents=["施工许可申请表"], prerequisites=[planning],
                         legal_basis="《中华人民共和国建筑法》第八条")


@pytest.fixture
def hazardous(cast) -> Matter:
    """A public-safety matter: excluded from deemed approval by law."""
    return matter_create(acting_user=cast.sys_admin, division_code=COUNTY, name="危险化学品经营许可",
                         handling_unit=cast.unit_a, time_limit_workdays=10, deemed_approval=False,
                         exclusion_reason="涉及公共安全，依《危险化学品安全管理条例》第三十五条不适用超时默认",
                         stop_events=[StopEvent.SUPPLEMENT, StopEvent.EXPERT_REVIEW],
                         required_documents=["经营许可申请书"])


@pytest.fixture
def authorisation(cast, agent):
    with at("2026-01-05"):
        return authorisation_record(acting_user=agent, enterprise=cast.firm, agent=agent,
                                    authorised_by="王某（法定代表人）", authorised_on=date(2026, 1, 5),
                                    letter=png_upload("授权委托书.png"))


def documents_for(matter: Matter) -> dict:
    return {name: pdf_upload(f"{name}.pdf") for name in matter.required_documents}


def file_request(cast, matter: Matter, *, on: str, user=None, subject: str = "年产500万支刷具项目", **extra) -> ApprovalRequest:
    with at(on):
        return request_file(acting_user=user or cast.enterprise, matter=matter, enterprise=cast.firm,
                            subject=subject, documents=documents_for(matter), **extra)


def handler(cast, request: ApprovalRequest):
    return cast.clerk_a if request.handling_unit_id == cast.unit_a.pk else cast.clerk_b


def accept(cast, request: ApprovalRequest, *, on: str) -> ApprovalRequest:
    with at(on):
        return request_accept(acting_user=handler(cast, request), request=request)


def decide(cast, request: ApprovalRequest, *, on: str, approve: bool = True, **extra) -> ApprovalRequest:
    extra.setdefault("reason", "" if approve else "设计方案不符合控制性详细规划")
    if not approve:
        extra.setdefault("refusal_ground", ApprovalRequest.RefusalGround.CONDITIONS)
    with at(on):
        return request_decide(acting_user=handler(cast, request), request=request, approve=approve,
                              result_document=pdf_upload("决定书.pdf"), **extra)
