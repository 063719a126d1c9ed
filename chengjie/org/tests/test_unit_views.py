from io import BytesIO

import pytest
from openpyxl import load_workbook

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import OTHER_COUNTY, login_as
from chengjie.org.models import Unit
from chengjie.org.services import unit_create

pytestmark = pytest.mark.django_db


def _names(response) -> set[str]:
    return {unit.name for unit in response.context["page"].object_list}


# --- list


def test_unit_list_shows_the_county_to_a_unit_clerk(client, cast):
    login_as(client, cast.clerk_a)
    response = client.get("/org/units/")
    assert response.status_code == 200
    assert {"潜山市经济和信息化局", "潜山市自然资源和规划局", "安徽潜山经济开发区管委会"} <= _names(response)
    assert "桐城市经济和信息化局" not in _names(response)
    assert "新增单位" not in response.content.decode()


def test_unit_list_offers_creation_to_the_system_admin(client, cast):
    login_as(client, cast.sys_admin)
    assert "新增单位" in client.get("/org/units/").content.decode()


def test_outsider_sees_none_of_our_units(client, cast):
    login_as(client, cast.outsider)
    assert _names(client.get("/org/units/")) == {"桐城市经济和信息化局"}


def test_user_without_org_view_is_refused(client, cast):
    login_as(client, cast.enterprise)
    assert client.get("/org/units/").status_code == 403


def test_unit_list_filters_by_kind_name_division_and_status(client, cast):
    unit_create(acting_user=cast.sys_admin, name="源潭镇人民政府", kind=Unit.Kind.TOWNSHIP, division_code="340882101")
    login_as(client, cast.leader)
    assert _names(client.get("/org/units/?kind=township")) == {"源潭镇人民政府"}
    assert _names(client.get("/org/units/?q=经济")) == {"潜山市经济和信息化局", "安徽潜山经济开发区管委会"}
    assert _names(client.get("/org/units/?division=340882400")) == {"安徽潜山经济开发区管委会"}
    assert _names(client.get("/org/units/?status=disabled")) == set()
    # A division outside the scope is not a filter the user can choose: the list stays in scope.
    assert "桐城市经济和信息化局" not in _names(client.get(f"/org/units/?division={OTHER_COUNTY}"))


def test_unit_list_htmx_request_gets_the_table_alone(client, cast):
    login_as(client, cast.leader)
    response = client.get("/org/units/?q=经信", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and "潜山市经济和信息化局" in body


def test_unit_list_query_count_does_not_grow_with_units(client, cast, django_assert_max_num_queries):
    for n in range(30):
        unit_create(acting_user=cast.sys_admin, name=f"二级机构{n}", kind=Unit.Kind.SECOND_LEVEL,
                    division_code="340882", parent=cast.unit_a)
    login_as(client, cast.leader)
    with django_assert_max_num_queries(12):
        response = client.get("/org/units/")
    assert len(response.context["page"].object_list) == 34


# --- export


def test_unit_export_is_what_the_filter_shows_and_is_audited(client, cast):
    login_as(client, cast.leader)
    response = client.get("/org/units/export.xlsx?kind=department")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("单位名称", "简称", "类型")
    assert {row[0] for row in rows[1:]} == {"潜山市投资促进中心", "潜山市经济和信息化局", "潜山市自然资源和规划局"}
    event = AuditEvent.objects.get(event="export")
    assert event.object_type == "org.unit" and event.after["rows"] == 3
    assert event.after["filters"]["kind"] == "department" and "3 行" in event.note


def test_outsider_export_holds_none_of_ours(client, cast):
    login_as(client, cast.outsider)
    rows = list(load_workbook(BytesIO(client.get("/org/units/export.xlsx").content)).active.values)
    assert [row[0] for row in rows[1:]] == ["桐城市经济和信息化局"]


# --- detail


def test_unit_detail_shows_sub_units_and_people(client, cast):
    unit_create(acting_user=cast.sys_admin, name="工业股", kind=Unit.Kind.SECOND_LEVEL, division_code="340882",
                parent=cast.unit_a)
    login_as(client, cast.leader)
    body = client.get(f"/org/units/{cast.unit_a.pk}/").content.decode()
    assert "工业股" in body and "经信局经办人" in body and "经信局负责人" in body
    assert "修改" not in body


def test_unit_detail_outside_scope_is_404(client, cast):
    login_as(client, cast.outsider)
    assert client.get(f"/org/units/{cast.unit_a.pk}/").status_code == 404


# --- create / edit / disable


def test_system_admin_creates_a_unit(client, cast):
    login_as(client, cast.sys_admin)
    response = client.post("/org/units/new/", {"name": "经信局工业股", "short_name": "工业股", "kind": "second_level",
                                               "division": "340882", "parent": cast.unit_a.pk})
    unit = Unit.objects.get(name="经信局工业股")
    assert response.status_code == 302 and response["Location"] == f"/org/units/{unit.pk}/"
    assert AuditEvent.objects.filter(event="unit.created", object_id=str(unit.pk), channel="web").exists()


def test_unit_form_refuses_a_parent_from_another_county_and_writes_nothing(client, cast):
    login_as(client, cast.sys_admin)
    count = Unit.objects.count()
    outside = Unit.objects.get(division_id=OTHER_COUNTY)
    response = client.post("/org/units/new/", {"name": "某股室", "kind": "second_level", "division": "340882",
                                               "parent": outside.pk})
    assert response.status_code == 200
    assert "不在您的数据范围内" in str(response.context["form"].errors["parent"])
    assert Unit.objects.count() == count and not AuditEvent.objects.filter(event="unit.created").exists()


def test_unit_form_refuses_a_division_outside_scope(client, cast):
    login_as(client, cast.sys_admin)
    response = client.post("/org/units/new/", {"name": "某局", "kind": "department", "division": OTHER_COUNTY})
    assert "不在您的数据范围内" in str(response.context["form"].errors["division"])


def test_unit_form_shows_the_service_refusal_on_its_field(client, cast):
    login_as(client, cast.sys_admin)
    response = client.post(f"/org/units/{cast.unit_a.pk}/edit/", {
        "name": "潜山市自然资源和规划局", "kind": "department", "division": "340882"})
    assert "已有名为" in str(response.context["form"].errors["name"])


def test_read_only_user_cannot_create_or_edit(client, cast):
    login_as(client, cast.leader)
    assert client.get("/org/units/new/").status_code == 403
    assert client.get(f"/org/units/{cast.unit_a.pk}/edit/").status_code == 403
    assert client.post(f"/org/units/{cast.unit_b.pk}/active/", {"active": "0"}).status_code == 403


def test_system_admin_edits_a_unit(client, cast):
    login_as(client, cast.sys_admin)
    response = client.post(f"/org/units/{cast.unit_b.pk}/edit/", {
        "name": "潜山市自然资源和规划局", "short_name": "自规局", "kind": "department", "division": "340882"})
    assert response.status_code == 302
    cast.unit_b.refresh_from_db()
    assert cast.unit_b.short_name == "自规局"


def test_outside_unit_edit_is_404(client, cast):
    login_as(client, cast.sys_admin)
    outside = Unit.objects.get(division_id=OTHER_COUNTY)
    assert client.get(f"/org/units/{outside.pk}/edit/").status_code == 404
    assert client.post(f"/org/units/{outside.pk}/active/", {"active": "0"}).status_code == 404


def test_disable_refusal_is_shown_and_changes_nothing(client, cast):
    login_as(client, cast.sys_admin)
    response = client.post(f"/org/units/{cast.unit_a.pk}/active/", {"active": "0"}, follow=True)
    assert "启用的账号" in response.content.decode()
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.is_active


def test_disable_then_enable_a_unit(client, cast):
    spare = unit_create(acting_user=cast.sys_admin, name="潜山市统计局", kind=Unit.Kind.DEPARTMENT,
                        division_code="340882")
    login_as(client, cast.sys_admin)
    client.post(f"/org/units/{spare.pk}/active/", {"active": "0"})
    spare.refresh_from_db()
    assert not spare.is_active
    client.post(f"/org/units/{spare.pk}/active/", {"active": "1"})
    spare.refresh_from_db()
    assert spare.is_active


def test_unit_detail_links_its_parks_only_for_users_who_may_open_them(client, cast):
    login_as(client, cast.leader)
    assert f"/parks/{cast.park_obj.pk}/" in client.get(f"/org/units/{cast.park_unit.pk}/").content.decode()
    login_as(client, cast.sys_admin)
    assert f"/parks/{cast.park_obj.pk}/" not in client.get(f"/org/units/{cast.park_unit.pk}/").content.decode()
