"""The statistics page and export against the approvals' and appeals' selector signatures, with fakes
standing in for their figures: what each reader sees, the period asked, "—" for a rate without a
denominator, the links to the rows behind a figure, the audited export."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from chengjie.appeals.selectors import AppealStats
from chengjie.approvals.selectors import ApprovalStats
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.inspections.testing import register, report
from chengjie.service import stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def fakes(cast, monkeypatch):
    """Unit A has decided requests and appeals; every other unit has nothing. Records each call."""
    calls = []

    def approvals(*, units, start, end, today=None):
        calls.append(("approvals", sorted(u.pk for u in units), start, end))
        return {u.pk: (ApprovalStats(decided=3, on_time=2, on_time_rate=Decimal("66.7"), deemed_approvals=1,
                                     average_workdays=Decimal("12.3")) if u.pk == cast.unit_a.pk else ApprovalStats())
                for u in units}

    def appeals(*, units, start, end, today=None):
        calls.append(("appeals", sorted(u.pk for u in units), start, end))
        return {cast.unit_a.pk: AppealStats(received=4, closed=2, on_time=1, on_time_rate=Decimal("50.0"), rated=3,
                                            satisfied=2, satisfaction_rate=Decimal("66.7"), overdue=1,
                                            average_workdays_to_close=Decimal("9.5"), response_rate=Decimal("100.0"))}

    monkeypatch.setattr(stats, "unit_approval_stats", approvals)
    monkeypatch.setattr(stats, "unit_appeal_stats", appeals)
    return calls


def _row(response, unit) -> dict[str, str]:
    [row] = [row for row in response.context["rows"] if row["unit"] == unit]
    return {cell["header"]: cell["text"] for cell in row["cells"]}


def test_the_bureau_sees_every_unit_of_the_county_with_dashes_where_nothing_was_decided(client, cast, fakes):
    login_as(client, cast.bureau)
    response = client.get("/service/stats/?period=2026-q1")
    units = [row["unit"] for row in response.context["rows"]]
    assert cast.unit_a in units and cast.unit_b in units and cast.park_unit in units
    assert all(unit.division_id.startswith("340882") for unit in units)
    a = _row(response, cast.unit_a)
    assert (a["审批办结件数"], a["按时办结率（%）"], a["超时默认件数"], a["平均办理时间（工作日）"]) == ("3", "66.7%", "1", "12.3")
    assert (a["诉求受理件数"], a["满意率（%）"], a["逾期未办诉求"], a["响应率（%）"]) == ("4", "66.7%", "1", "100.0%")
    b = _row(response, cast.unit_b)
    # Nothing decided, nothing rated: no rate at all, never 0% nor 100%.
    assert (b["审批办结件数"], b["按时办结率（%）"], b["平均办理时间（工作日）"]) == ("0", "—", "—")
    assert (b["诉求受理件数"], b["满意率（%）"], b["诉求按时办结率（%）"]) == ("0", "—", "—")
    body = response.content.decode()
    assert "0%" not in body.replace("100.0%", "").replace("50.0%", "")


def test_the_period_chosen_is_the_period_asked(client, cast, fakes):
    login_as(client, cast.bureau)
    client.get("/service/stats/?period=2025-m02")
    client.get("/service/stats/?period=2025-y")
    client.get("/service/stats/?period=2025-q4")
    assert [(start, end) for kind, _u, start, end in fakes if kind == "approvals"] == [
        (date(2025, 2, 1), date(2025, 2, 28)), (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 10, 1), date(2025, 12, 31))]
    response = client.get("/service/stats/?period=2025-q9")
    current = stats.default_period()
    assert response.context["period"] == current
    assert client.get("/service/stats/").context["period"] == current


def test_a_unit_sees_its_own_row_only(client, cast, fakes):
    for user, unit in ((cast.clerk_a, cast.unit_a), (cast.head_a, cast.unit_a), (cast.clerk_b, cast.unit_b),
                       (cast.park, cast.park_unit)):
        login_as(client, user)
        response = client.get("/service/stats/")
        assert [row["unit"] for row in response.context["rows"]] == [unit]
    assert fakes[-1][1] == [cast.park_unit.pk]


def test_the_leader_reads_and_the_outsider_sees_only_their_own_county(client, cast, fakes):
    login_as(client, cast.leader)
    assert cast.unit_a in [row["unit"] for row in client.get("/service/stats/").context["rows"]]
    login_as(client, cast.outsider)
    units = [row["unit"] for row in client.get("/service/stats/").context["rows"]]
    assert [u.name for u in units] == ["桐城市经济和信息化局"]


def test_firms_and_administrators_are_refused(client, cast, fakes):
    for user in (cast.enterprise, cast.sys_admin, cast.audit_admin, cast.no_role, cast.unit_admin_a):
        login_as(client, user)
        assert client.get("/service/stats/").status_code == 403
        assert client.get("/service/stats/export.xlsx").status_code == 403


def test_active_only_hides_units_with_nothing_to_count(client, cast, fakes):
    login_as(client, cast.bureau)
    response = client.get("/service/stats/?period=2026-q1&active=on")
    assert [row["unit"] for row in response.context["rows"]] == [cast.unit_a]


def test_inspection_figures_link_to_the_rows_behind_them(client, cast, fakes, frozen_today):
    frozen_today(date(2026, 2, 2))
    register(cast, planned_on=date(2026, 2, 10))
    cancelled = register(cast, planned_on=date(2026, 2, 11))
    from chengjie.inspections.services import inspection_cancel

    inspection_cancel(acting_user=cast.clerk_a, inspection=cancelled, reason="改期")
    report(cast, occurred_on=date(2026, 1, 20), unit=cast.unit_a)
    register(cast, planned_on=date(2026, 4, 1))  # the next quarter
    login_as(client, cast.bureau)
    response = client.get("/service/stats/?period=2026-q1")
    [row] = [row for row in response.context["rows"] if row["unit"] == cast.unit_a]
    cells = {cell["header"]: cell for cell in row["cells"]}
    assert cells["涉企检查次数"]["text"] == "2" and cells["未登记检查次数"]["text"] == "1"
    behind = client.get(cells["涉企检查次数"]["link"])
    assert behind.context["page"].paginator.count == 2
    behind = client.get(cells["未登记检查次数"]["link"])
    assert [i.source for i in behind.context["page"].object_list] == ["reported"]
    # A zero is not a link: there are no rows behind it.
    assert _row(response, cast.unit_b)["涉企检查次数"] == "0"
    assert not [c for r in response.context["rows"] if r["unit"] == cast.unit_b for c in r["cells"] if c["link"]]


def test_the_export_is_the_table_with_a_chinese_header_and_is_audited(client, cast, fakes):
    login_as(client, cast.bureau)
    response = client.get("/service/stats/export.xlsx?period=2026-q1&active=on")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("单位", "审批办结件数", "按时办结率（%）", "超时默认件数", "平均办理时间（工作日）")
    assert rows[0][-2:] == ("涉企检查次数", "未登记检查次数")
    assert len(rows) == 2
    unit_a = dict(zip(rows[0], rows[1]))
    assert unit_a["单位"] == "潜山市经济和信息化局" and unit_a["审批办结件数"] == 3
    assert unit_a["按时办结率（%）"] == 66.7 and unit_a["满意率（%）"] == 66.7
    # A rate without a denominator is "—" in the sheet too, not 0.
    assert unit_a["解决率（%）"] == "—"
    audit = AuditEvent.objects.get(event="export")
    assert audit.object_type == "service.unit_statistics" and audit.after["rows"] == 1
    assert audit.after["filters"] == {"period": "2026-q1", "active": True}
    assert audit.object_repr == "各单位企业服务统计（2026年第1季度）"


def test_a_unit_exports_its_own_row_only(client, cast, fakes):
    login_as(client, cast.clerk_b)
    sheet = load_workbook(BytesIO(client.get("/service/stats/export.xlsx").content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["潜山市自然资源和规划局"]


def test_the_page_query_count_does_not_grow_with_units(client, cast, fakes, django_assert_max_num_queries):
    from chengjie.org.models import Unit

    for n in range(20):
        Unit.objects.create(name=f"潜山市测试局{n}", kind=Unit.Kind.DEPARTMENT, division_id="340882")
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(10):
        response = client.get("/service/stats/")
    assert len(response.context["rows"]) >= 23


def test_period_codes_round_trip_and_choices_stop_at_today():
    for kind, number in (("month", 3), ("quarter", 4), ("year", 1)):
        period = stats.Period(kind=kind, year=2026, number=number)
        assert stats.parse_period(stats.period_code(period)) == period
    for bad in ("", "2026", "2026-m13", "2026-q0", "2026-x1", "abcd-q1", "2026-y2"):
        assert stats.parse_period(bad) is None
    groups = stats.period_choices(date(2026, 2, 15))
    assert [year for year, _options in groups] == ["2026", "2025", "2024"]
    assert [label for _code, label in groups[0][1]] == ["2026年", "2026年第1季度", "2026年1月", "2026年2月"]
    assert len(groups[1][1]) == 17


def test_the_navigation_offers_statistics_to_staff_not_to_firms(client, cast):
    login_as(client, cast.clerk_a)
    assert "/service/stats/" in client.get("/").content.decode()
    login_as(client, cast.enterprise)
    assert "/service/stats/" not in client.get("/").content.decode()
