"""The statistics page on real rows, figures worked by hand with the working-day calendar of March 2026
(no holidays: Monday 2 March to Monday 16 March is ten working days).

Unit A (经信局), first quarter of 2026:
  R1 食品经营许可 (10 days, deemed approval applies): accepted Mon 03-02, approved Wed 03-04 → 2 working days,
     on time.
  R2 危险化学品经营许可 (10 days, excluded from deemed approval): accepted 03-02, deadline 03-16, approved
     Wed 03-18 → 12 working days, late.
  R3 食品经营许可: accepted 03-02, never decided → deemed approved at its deadline 03-16, counts its full
     10 days.
  decided 3, on time 1 → 33.3%; deemed 1; average (2 + 12 + 10) ÷ 3 = 8.0 working days.
  Appeals received in March: one closed on time and rated 满意, one accepted and never answered (overdue).
  received 2, closed 1, on-time 100.0%, satisfaction 1 ÷ 1 = 100.0%, overdue 1.
Unit B (自然资源局) has nothing: every rate "—", never 0% nor 100%.
"""

from contextlib import contextmanager
from datetime import datetime
from io import BytesIO
from unittest import mock

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from chengjie.appeals.models import AppealRating
from chengjie.appeals.services.rating import appeal_rate
from chengjie.appeals.testing import file_appeal
from chengjie.approvals.services import matter_create, request_accept, request_decide, request_file
from chengjie.core.testing import COUNTY, login_as
from chengjie.projects.testing import pdf_upload

pytestmark = pytest.mark.django_db


@contextmanager
def at(moment: str):
    aware = timezone.make_aware(datetime.fromisoformat(moment))
    with mock.patch("django.utils.timezone.now", return_value=aware):
        yield


def _matter(cast, name: str, *, deemed: bool):
    extra = {} if deemed else {"deemed_approval": False, "exclusion_reason": "涉及公共安全，不适用超时默认"}
    return matter_create(acting_user=cast.sys_admin, division_code=COUNTY, name=name, handling_unit=cast.unit_a,
                         time_limit_workdays=10, required_documents=["申请书"], **extra)


def _request(cast, matter, *, decided: str | None):
    with at("2026-03-02 09:00"):
        request = request_file(acting_user=cast.enterprise, matter=matter, enterprise=cast.firm, subject=matter.name,
                               documents={"申请书": pdf_upload("申请书.pdf")})
        request = request_accept(acting_user=cast.clerk_a, request=request)
    if decided:
        with at(f"{decided} 10:00"):
            request = request_decide(acting_user=cast.clerk_a, request=request, approve=True,
                                     result_document=pdf_upload("决定书.pdf"))
    return request


@pytest.fixture
def first_quarter(cast):
    food = _matter(cast, "食品经营许可", deemed=True)
    chemicals = _matter(cast, "危险化学品经营许可", deemed=False)
    _request(cast, food, decided="2026-03-04")
    _request(cast, chemicals, decided="2026-03-18")
    _request(cast, food, decided=None)
    with at("2026-03-02 09:00"):
        closed = file_appeal(cast, stage="closed", unit=cast.unit_a)
    with at("2026-03-03 09:00"):
        appeal_rate(acting_user=cast.enterprise, appeal=closed, satisfaction=AppealRating.Satisfaction.SATISFIED)
    with at("2026-03-05 09:00"):
        file_appeal(cast, stage="accepted", unit=cast.unit_a, subject="用电增容迟迟未办")


def _cells(response, unit) -> dict:
    [row] = [row for row in response.context["rows"] if row["unit"] == unit]
    return {cell["header"]: cell for cell in row["cells"]}


def test_hand_worked_figures_for_a_quarter(client, cast, first_quarter):
    login_as(client, cast.bureau)
    response = client.get("/service/stats/?period=2026-q1")
    a = {header: cell["text"] for header, cell in _cells(response, cast.unit_a).items()}
    assert (a["审批办结件数"], a["按时办结率（%）"], a["超时默认件数"], a["平均办理时间（工作日）"]) == ("3", "33.3%", "1", "8.0")
    assert (a["诉求受理件数"], a["诉求办结件数"], a["诉求按时办结率（%）"], a["满意率（%）"], a["逾期未办诉求"]) == (
        "2", "1", "100.0%", "100.0%", "1")
    b = {header: cell["text"] for header, cell in _cells(response, cast.unit_b).items()}
    assert (b["审批办结件数"], b["按时办结率（%）"], b["平均办理时间（工作日）"], b["满意率（%）"]) == ("0", "—", "—", "—")


def test_the_next_quarter_holds_none_of_it(client, cast, first_quarter):
    login_as(client, cast.bureau)
    a = {header: cell["text"] for header, cell in
         _cells(client.get("/service/stats/?period=2026-q2"), cast.unit_a).items()}
    assert (a["审批办结件数"], a["按时办结率（%）"], a["诉求受理件数"], a["满意率（%）"]) == ("0", "—", "0", "—")
    # Overdue appeals are those open and late now, whatever month they came in.
    assert a["逾期未办诉求"] == "1"


def test_overdue_appeals_link_to_the_appeal_list_filtered_alike(client, cast, first_quarter):
    login_as(client, cast.bureau)
    link = _cells(client.get("/service/stats/?period=2026-q1"), cast.unit_a)["逾期未办诉求"]["link"]
    behind = client.get(link)
    assert [appeal.subject for appeal in behind.context["page"].object_list] == ["用电增容迟迟未办"]


def test_the_unit_sees_its_own_figures(client, cast, first_quarter):
    login_as(client, cast.clerk_a)
    response = client.get("/service/stats/?period=2026-m03")
    assert [row["unit"] for row in response.context["rows"]] == [cast.unit_a]
    assert _cells(response, cast.unit_a)["按时办结率（%）"]["text"] == "33.3%"
    login_as(client, cast.clerk_b)
    response = client.get("/service/stats/?period=2026-m03")
    assert _cells(response, cast.unit_b)["按时办结率（%）"]["text"] == "—"


def test_the_export_carries_the_hand_worked_figures(client, cast, first_quarter):
    login_as(client, cast.leader)
    sheet = load_workbook(BytesIO(client.get("/service/stats/export.xlsx?period=2026-q1&active=on").content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1
    a = dict(zip(header, rows[0]))
    assert (a["单位"], a["审批办结件数"], a["按时办结率（%）"], a["超时默认件数"], a["平均办理时间（工作日）"]) == (
        "潜山市经济和信息化局", 3, 33.3, 1, 8.0)
    assert (a["满意率（%）"], a["逾期未办诉求"]) == (100.0, 1)


def test_the_query_count_stays_flat(client, cast, first_quarter, django_assert_max_num_queries):
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(25):
        client.get("/service/stats/?period=2026-q1")
    for n in range(3):
        _request(cast, _matter(cast, f"事项{n}", deemed=True), decided="2026-03-05")
    with django_assert_max_num_queries(25):
        response = client.get("/service/stats/?period=2026-q1")
    assert _cells(response, cast.unit_a)["审批办结件数"]["text"] == "6"
