import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import OTHER_COUNTY, login_as
from chengjie.org.models import IndustryGroup, Unit
from chengjie.org.services import industry_group_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(cast):
    return industry_group_create(acting_user=cast.sys_admin, name="轻工制刷产业工作组", division_code="340882",
                                 leader=cast.leader, lead_unit=cast.unit_a, industry_codes=["4111"])


def test_group_list_and_detail_for_a_reader(client, cast, group, django_assert_max_num_queries):
    for n in range(5):
        industry_group_create(acting_user=cast.sys_admin, name=f"工作组{n}", division_code="340882",
                              industry_codes=["17", "18"])
    login_as(client, cast.clerk_b)
    with django_assert_max_num_queries(8):
        body = client.get("/org/industry-groups/").content.decode()
    assert "轻工制刷产业工作组" in body and "县领导" in body and "新增工作组" not in body
    detail = client.get(f"/org/industry-groups/{group.pk}/").content.decode()
    assert "4111 鬃毛加工、制刷及清扫工具制造" in detail and "修改" not in detail


def test_outsider_sees_no_group_of_ours(client, cast, group):
    login_as(client, cast.outsider)
    assert "轻工制刷" not in client.get("/org/industry-groups/").content.decode()
    assert client.get(f"/org/industry-groups/{group.pk}/").status_code == 404
    assert client.get(f"/org/industry-groups/{group.pk}/edit/").status_code == 404


def test_read_only_user_cannot_edit_a_group(client, cast, group):
    login_as(client, cast.leader)
    assert client.get("/org/industry-groups/new/").status_code == 403
    assert client.get(f"/org/industry-groups/{group.pk}/edit/").status_code == 403
    assert client.post(f"/org/industry-groups/{group.pk}/active/", {"active": "0"}).status_code == 403


def test_system_admin_creates_a_group_with_industry_codes(client, cast):
    login_as(client, cast.sys_admin)
    response = client.post("/org/industry-groups/new/", {
        "name": "纺织服装产业工作组", "division": "340882", "leader": cast.leader.pk, "lead_unit": cast.unit_b.pk,
        "industries": "17，18 C41"})
    group = IndustryGroup.objects.get(name="纺织服装产业工作组")
    assert response.status_code == 302
    assert sorted(group.industries.values_list("code", flat=True)) == ["17", "18", "41"]
    assert AuditEvent.objects.filter(event="industry_group.created", object_id=str(group.pk)).exists()


def test_group_form_names_an_unknown_industry_code(client, cast):
    login_as(client, cast.sys_admin)
    response = client.post("/org/industry-groups/new/", {"name": "某工作组", "division": "340882",
                                                         "industries": "17 9999"})
    assert "9999" in str(response.context["form"].errors["industries"])
    assert not IndustryGroup.objects.exists()


def test_group_form_refuses_a_lead_unit_from_another_county(client, cast):
    login_as(client, cast.sys_admin)
    response = client.post("/org/industry-groups/new/", {
        "name": "某工作组", "division": "340882", "lead_unit": Unit.objects.get(division_id=OTHER_COUNTY).pk})
    assert "不在您的数据范围内" in str(response.context["form"].errors["lead_unit"])
    assert not IndustryGroup.objects.exists()


def test_system_admin_edits_and_disables_a_group(client, cast, group):
    login_as(client, cast.sys_admin)
    form = client.get(f"/org/industry-groups/{group.pk}/edit/").context["form"]
    assert form.initial["industries"] == "4111"
    client.post(f"/org/industry-groups/{group.pk}/edit/", {"name": "轻工制刷产业工作组", "division": "340882",
                                                            "leader": cast.leader.pk, "industries": "4111 4119"})
    assert sorted(group.industries.values_list("code", flat=True)) == ["4111", "4119"]
    client.post(f"/org/industry-groups/{group.pk}/active/", {"active": "0"})
    group.refresh_from_db()
    assert not group.is_active and group.lead_unit is None
