"""Inspection pages for the role cast: who may register, confirm, report and read flags; a firm sees
nothing of another firm; list pages keep their query count."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from chengjie.core.testing import login_as
from chengjie.inspections.models import Inspection, InspectionLimit
from chengjie.inspections.services import inspection_confirm
from chengjie.inspections.testing import register, report
from chengjie.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.localdate()


@pytest.fixture
def planned(cast):
    return register(cast, planned_on=_today() + timedelta(days=5))


@pytest.fixture
def other_firms(cast, firm_b):
    """An inspection of firm B by unit B."""
    return register(cast, planned_on=_today() + timedelta(days=6), enterprise=firm_b.firm, by=cast.clerk_b)


def _ids(response) -> set[int]:
    return {i.pk for i in response.context["page"].object_list}


# --- the list and the detail


def test_each_reader_lists_what_is_theirs(client, cast, firm_b, planned, other_firms):
    expected = {
        cast.enterprise: {planned.pk}, firm_b.user: {other_firms.pk}, cast.clerk_a: {planned.pk},
        cast.clerk_b: {other_firms.pk}, cast.park: {planned.pk}, cast.leader: {planned.pk, other_firms.pk},
        cast.bureau: {planned.pk, other_firms.pk}, cast.outsider: set(),
    }
    for user, ids in expected.items():
        login_as(client, user)
        assert _ids(client.get("/inspections/")) == ids, user.username


def test_users_without_the_capability_are_refused(client, cast):
    for user in (cast.no_role, cast.sys_admin, cast.unit_admin_a):
        login_as(client, user)
        assert client.get("/inspections/").status_code == 403


def test_a_firm_sees_nothing_of_another_firm(client, cast, firm_b, planned, other_firms):
    login_as(client, cast.enterprise)
    assert client.get(f"/inspections/{planned.pk}/").status_code == 200
    assert client.get(f"/inspections/{other_firms.pk}/").status_code == 404
    assert client.post(f"/inspections/{other_firms.pk}/confirm/", {"occurred_on": _today()}).status_code == 404
    body = client.get("/inspections/").content.decode()
    assert "潜山源潭毛刷厂" not in body


def test_list_filters_by_state_unit_and_dates(client, cast, planned, other_firms):
    unregistered = report(cast, occurred_on=_today() - timedelta(days=1))
    login_as(client, cast.bureau)
    assert _ids(client.get("/inspections/?state=unregistered")) == {unregistered.pk}
    assert _ids(client.get("/inspections/?state=planned")) == {planned.pk, other_firms.pk}
    assert _ids(client.get(f"/inspections/?unit={cast.unit_b.pk}")) == {unregistered.pk, other_firms.pk}
    assert _ids(client.get(f"/inspections/?start={_today():%Y-%m-%d}&end={_today() + timedelta(days=5):%Y-%m-%d}")) \
        == {planned.pk}
    assert _ids(client.get("/inspections/?q=毛刷")) == {other_firms.pk}


def test_list_query_count_does_not_grow_with_rows(client, cast, django_assert_max_num_queries):
    for n in range(15):
        register(cast, planned_on=_today() + timedelta(days=n))
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(12):
        response = client.get("/inspections/")
    assert len(response.context["page"].object_list) == 15


def test_the_detail_shows_inspectors_and_the_frequency_position(client, cast, planned):
    login_as(client, cast.enterprise)
    body = client.get(f"/inspections/{planned.pk}/").content.decode()
    assert "张卫东" in body and "3408001001" in body and "《安全生产法》第六十五条" in body
    assert "对该企业的第 1 次检查" in body
    assert "确认检查已实施" in body and "取消这次检查" not in body


# --- registering


def test_a_clerk_registers_through_the_form(client, cast, django_capture_on_commit_callbacks):
    login_as(client, cast.clerk_a)
    assert client.get("/inspections/new/").status_code == 200
    day = _today() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/inspections/new/", {
            "enterprise": cast.firm.pk, "planned_on": day.isoformat(), "purpose": "消防安全检查",
            "legal_basis": "《消防法》第五十三条", "inspectors": "张卫东 3408001001\n李晓梅，3408001002\n"})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/{inspection.pk}/"
    assert [i.name for i in inspection.inspectors.all()] == ["张卫东", "李晓梅"]
    assert Notification.objects.filter(recipient=cast.enterprise, kind="inspections.registered").exists()


def test_the_form_says_why_a_past_date_is_refused(client, cast):
    login_as(client, cast.clerk_a)
    yesterday = _today() - timedelta(days=1)
    response = client.post("/inspections/new/", {
        "enterprise": cast.firm.pk, "planned_on": yesterday.isoformat(), "purpose": "检查", "legal_basis": "法",
        "inspectors": "张卫东 3408001001\n李晓梅 3408001002"})
    assert response.status_code == 200
    assert "涉企检查须在实施前登记" in str(response.context["form"].errors["planned_on"])
    assert not Inspection.objects.exists()


def test_an_inspector_line_without_a_certificate_is_pointed_out(client, cast):
    login_as(client, cast.clerk_a)
    response = client.post("/inspections/new/", {
        "enterprise": cast.firm.pk, "planned_on": _today().isoformat(), "purpose": "检查", "legal_basis": "法",
        "inspectors": "张卫东 3408001001\n李晓梅"})
    assert response.context["form"].errors["inspectors"] == ["第 2 行“李晓梅”缺少执法证号：每行填写“姓名 执法证号”。"]


def test_the_third_inspection_warns_the_registering_clerk(client, cast):
    register(cast, planned_on=_today())
    register(cast, planned_on=_today())
    login_as(client, cast.clerk_a)
    response = client.post("/inspections/new/", {
        "enterprise": cast.firm.pk, "planned_on": _today().isoformat(), "purpose": "检查", "legal_basis": "法",
        "inspectors": "张卫东 3408001001\n李晓梅 3408001002"}, follow=True)
    assert "已有 3 次检查，超过本县每季度 2 次的上限" in response.content.decode()


def test_read_only_and_firm_users_cannot_register(client, cast):
    for user in (cast.leader, cast.bureau, cast.enterprise):
        login_as(client, user)
        assert client.get("/inspections/new/").status_code == 403


def test_a_unit_cannot_register_a_firm_outside_its_scope(client, cast, firm_b):
    login_as(client, cast.park)
    response = client.post("/inspections/new/", {
        "enterprise": firm_b.firm.pk, "planned_on": _today().isoformat(), "purpose": "检查", "legal_basis": "法",
        "inspectors": "张卫东 3408001001\n李晓梅 3408001002"})
    assert "所选项不存在或不在您的数据范围内" in str(response.context["form"].errors["enterprise"])


# --- cancelling and confirming


def test_the_registering_unit_cancels_others_may_not(client, cast, planned):
    login_as(client, cast.leader)
    assert client.post(f"/inspections/{planned.pk}/cancel/", {"reason": "改期"}).status_code == 403
    login_as(client, cast.clerk_b)
    assert client.post(f"/inspections/{planned.pk}/cancel/", {"reason": "改期"}).status_code == 404
    login_as(client, cast.head_a)
    assert "取消这次检查" in client.get(f"/inspections/{planned.pk}/").content.decode()
    client.post(f"/inspections/{planned.pk}/cancel/", {"reason": "改期"})
    planned.refresh_from_db()
    assert planned.is_cancelled and planned.cancel_reason == "改期"


def test_the_firm_confirms_through_the_page(client, cast):
    inspection = register(cast, planned_on=_today())
    login_as(client, cast.clerk_a)
    assert client.post(f"/inspections/{inspection.pk}/confirm/", {"occurred_on": _today()}).status_code == 403
    login_as(client, cast.enterprise)
    response = client.post(f"/inspections/{inspection.pk}/confirm/", {"occurred_on": _today().isoformat()}, follow=True)
    inspection.refresh_from_db()
    assert inspection.is_confirmed and "已确认检查实施" in response.content.decode()
    tomorrow = _today() + timedelta(days=1)
    second = register(cast, planned_on=tomorrow)
    response = client.post(f"/inspections/{second.pk}/confirm/", {"occurred_on": tomorrow.isoformat()}, follow=True)
    assert "尚未发生的检查不能确认或报告" in response.content.decode()


# --- the firm's report


def test_a_firm_reports_an_unregistered_inspection(client, cast, django_capture_on_commit_callbacks):
    login_as(client, cast.enterprise)
    page = client.get("/inspections/report/")
    assert page.status_code == 200
    units = {u.name for u in page.context["form"].fields["unit"].queryset}
    assert "潜山市自然资源和规划局" in units and "桐城市经济和信息化局" not in units
    day = _today() - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/inspections/report/", {"unit": cast.unit_b.pk, "occurred_on": day.isoformat(),
                                                         "description": "三人到厂检查排污，未出示执法证。"})
    inspection = Inspection.objects.get()
    assert response["Location"] == f"/inspections/{inspection.pk}/"
    assert inspection.is_unregistered and inspection.enterprise == cast.firm
    assert Notification.objects.get(recipient=cast.bureau).kind == "inspections.unregistered"


def test_only_firms_report(client, cast):
    for user in (cast.clerk_a, cast.bureau, cast.leader):
        login_as(client, user)
        assert client.get("/inspections/report/").status_code == 403


def test_a_report_for_a_unit_of_another_county_is_refused(client, cast):
    from chengjie.org.models import Unit

    login_as(client, cast.enterprise)
    tongcheng = Unit.objects.get(name="桐城市经济和信息化局")
    response = client.post("/inspections/report/", {"unit": tongcheng.pk, "occurred_on": _today().isoformat(),
                                                     "description": "检查"})
    assert "所选项不存在或不在您的数据范围内" in str(response.context["form"].errors["unit"])


# --- flags and the limit


def test_the_bureau_reads_the_flags(client, cast, frozen_today, django_assert_max_num_queries):
    frozen_today(date(2026, 2, 2))
    for day in (3, 4, 5):
        register(cast, planned_on=date(2026, 2, day))
    reported = report(cast, occurred_on=date(2026, 1, 20))
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(12):
        response = client.get("/inspections/flags/?year=2026")
    [flag] = response.context["frequency_flags"]
    assert flag.count == 4 and flag.period.label == "2026年第1季度"
    assert [i.pk for i in response.context["page"].object_list] == [reported.pk]
    body = response.content.decode()
    assert "本县上限：每家企业每季度 2 次" in body and "设置上限" in body
    assert "没有检查次数超过上限的企业" in client.get("/inspections/flags/?year=2025").content.decode()


def test_flags_are_for_the_leader_to_read_and_nobody_else(client, cast):
    login_as(client, cast.leader)
    response = client.get("/inspections/flags/")
    assert response.status_code == 200 and "设置上限" not in response.content.decode()
    assert client.get("/inspections/limit/").status_code == 403
    for user in (cast.clerk_a, cast.enterprise, cast.outsider):
        login_as(client, user)
        assert client.get("/inspections/flags/").status_code == 403


def test_the_bureau_sets_the_limit_through_the_page(client, cast):
    login_as(client, cast.bureau)
    assert client.get("/inspections/limit/").context["form"].initial == {"period": "quarter", "max_inspections": 2}
    response = client.post("/inspections/limit/", {"period": "month", "max_inspections": "1"})
    assert response["Location"] == "/inspections/flags/"
    row = InspectionLimit.objects.get()
    assert (row.division_id, row.period, row.max_inspections, row.updated_by) == ("340882", "month", 1, cast.bureau)
    assert "本县上限：每家企业每月 1 次" in client.get("/inspections/flags/").content.decode()


def test_a_confirmed_inspection_counts_on_the_day_it_happened(client, cast):
    inspection = register(cast, planned_on=_today())
    inspection_confirm(acting_user=cast.enterprise, inspection=inspection, occurred_on=_today())
    login_as(client, cast.enterprise)
    assert _ids(client.get(f"/inspections/?state=confirmed&start={_today():%Y-%m-%d}")) == {inspection.pk}
