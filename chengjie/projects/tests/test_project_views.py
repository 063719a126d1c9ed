"""The project list (filters, scope, query count, export) and the project page (plan side by side, speed,
history), for allowed, read-only and outside-scope users."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import OTHER_COUNTY, login_as, make_user
from chengjie.org.models import IndustryGroup
from chengjie.projects.testing import make_project

pytestmark = pytest.mark.django_db


def _names(response) -> set[str]:
    return {p.name for p in response.context["page"].object_list}


@pytest.fixture
def projects(cast):
    group = IndustryGroup.objects.create(name="轻工制刷", division_id="340882")
    return {
        "brush": make_project(cast=cast, stage="started", name="年产5000万支牙刷项目", investor_name="恒丰刷业",
                              signed_on=date(2025, 3, 3), industry_group=group, contracted_investment=Decimal("5000"),
                              out_of_province_investment=Decimal("3000")),
        "pharma": make_project(cast=cast, stage="signed", name="医药中间体项目", investor_name="华东医药",
                               signed_on=date(2026, 5, 6), park=None, introducing_unit=cast.unit_b,
                               contracted_investment=Decimal("120000"), out_of_province_investment=Decimal(0),
                               contact_person=cast.clerk_b),
        "draft": make_project(cast=cast, stage="draft", name="智能装备产业园项目", investor_name="苏州精工",
                              signed_on=date(2026, 10, 9), contracted_investment=Decimal("800")),
    }


def test_bureau_and_leader_see_the_county(client, cast, projects):
    for user in (cast.bureau, cast.leader):
        login_as(client, user)
        assert _names(client.get("/projects/")) == {"年产5000万支牙刷项目", "医药中间体项目", "智能装备产业园项目"}
    assert "签约登记" not in client.get("/projects/").content.decode()
    login_as(client, cast.bureau)
    assert "签约登记" in client.get("/projects/").content.decode()


def test_units_see_what_they_introduced_or_answer_for(client, cast, projects):
    login_as(client, cast.clerk_a)
    # 经信局 introduced the brush and draft projects; the pharma project is 自然资源局's.
    assert _names(client.get("/projects/")) == {"年产5000万支牙刷项目", "智能装备产业园项目"}
    assert client.get(f"/projects/{projects['pharma'].pk}/").status_code == 404
    login_as(client, cast.clerk_b)
    # 自然资源局 answers for every project's 供地 node.
    assert _names(client.get("/projects/")) == {"年产5000万支牙刷项目", "医药中间体项目", "智能装备产业园项目"}


def test_the_park_sees_the_projects_in_its_park(client, cast, projects):
    login_as(client, cast.park)
    assert _names(client.get("/projects/")) == {"年产5000万支牙刷项目", "智能装备产业园项目"}


def test_outsiders_and_people_without_projects_get_nothing(client, cast, projects):
    login_as(client, cast.outsider)
    assert _names(client.get("/projects/")) == set()
    assert client.get(f"/projects/{projects['brush'].pk}/").status_code == 404
    for user in (cast.enterprise, cast.sys_admin, cast.no_role):
        login_as(client, user)
        assert client.get("/projects/").status_code == 403


def test_filters(client, cast, projects):
    login_as(client, cast.bureau)
    assert _names(client.get(f"/projects/?unit={cast.unit_b.pk}")) == {"医药中间体项目"}
    assert _names(client.get(f"/projects/?park={cast.park_obj.pk}")) == {"年产5000万支牙刷项目", "智能装备产业园项目"}
    group = projects["brush"].industry_group
    assert _names(client.get(f"/projects/?industry_group={group.pk}")) == {"年产5000万支牙刷项目"}
    assert _names(client.get("/projects/?reached=started")) == {"年产5000万支牙刷项目"}
    assert _names(client.get("/projects/?amount=lt1000")) == {"智能装备产业园项目"}
    assert _names(client.get("/projects/?amount=ge100000")) == {"医药中间体项目"}
    assert _names(client.get("/projects/?signed_from=2026-01-01&signed_to=2026-06-30")) == {"医药中间体项目"}
    assert _names(client.get("/projects/?q=恒丰")) == {"年产5000万支牙刷项目"}


def test_a_city_leader_picks_a_county_before_its_units(client, cast, projects):
    city = make_user("city_leader", role=Role.LEADER, division="3408")
    login_as(client, city)
    whole = client.get("/projects/")
    assert _names(whole) == {"年产5000万支牙刷项目", "医药中间体项目", "智能装备产业园项目"}
    fields = whole.context["filters"].fields
    assert "county" in fields and "unit" not in fields and "park" not in fields
    county = client.get("/projects/?county=340882")
    assert set(county.context["filters"].fields["unit"].queryset) == {cast.unit_a, cast.unit_b}
    assert _names(client.get(f"/projects/?county={OTHER_COUNTY}")) == set()
    # A unit named without a county (a dashboard link, the API) brings its county along.
    by_unit = client.get(f"/projects/?unit={cast.unit_b.pk}")
    assert _names(by_unit) == {"医药中间体项目"} and by_unit.context["filters"].data["county"] == "340882"
    # Clearing the county clears the unit it offered.
    assert len(_names(client.get(f"/projects/?county=&unit={cast.unit_b.pk}"))) == 3
    login_as(client, cast.bureau)
    assert "county" not in client.get("/projects/").context["filters"].fields


def test_filters_swap_the_rows_and_a_county_the_whole_listing(client, cast, projects):
    city = make_user("city_leader", role=Role.LEADER, division="3408")
    login_as(client, city)
    rows = client.get("/projects/?county=340882", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "<html" not in rows.content.decode() and 'id="listing"' not in rows.content.decode()
    listing = client.get("/projects/?county=340882", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="listing")
    body = listing.content.decode()
    assert 'id="listing"' in body and 'hx-select="#listing"' in body
    assert "HX-Target" in rows["Vary"] and "HX-Request" in rows["Vary"]


def test_the_bureau_finds_the_ledger_import_on_the_list(client, cast, projects):
    login_as(client, cast.bureau)
    assert "/projects/import/" in client.get("/projects/").content.decode()
    login_as(client, cast.leader)
    assert "/projects/import/" not in client.get("/projects/").content.decode()


def test_list_query_count_does_not_grow_with_projects(client, cast, django_assert_max_num_queries):
    for _ in range(12):
        make_project(cast=cast)
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(14):
        response = client.get("/projects/")
    assert len(response.context["page"].object_list) == 12
    login_as(client, cast.clerk_b)
    with django_assert_max_num_queries(14):
        assert len(client.get("/projects/").context["page"].object_list) == 12


def test_export_has_exactly_the_filtered_rows_and_is_audited(client, cast, projects):
    login_as(client, cast.leader)
    response = client.get(f"/projects/export.xlsx?park={cast.park_obj.pk}")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("项目编号", "项目名称", "项目类型")
    assert sorted(r[1] for r in rows[1:]) == ["年产5000万支牙刷项目", "智能装备产业园项目"]
    event = AuditEvent.objects.get(event="export", object_type="projects.project")
    assert event.after == {"rows": 2, "filters": {"park": cast.park_obj.pk}} and event.actor_username == "leader"


def test_export_respects_scope(client, cast, projects):
    login_as(client, cast.outsider)
    rows = list(load_workbook(BytesIO(client.get("/projects/export.xlsx").content)).active.iter_rows(values_only=True))
    assert len(rows) == 1


def test_project_page_shows_baseline_plan_and_actual_side_by_side(client, cast, projects, django_assert_max_num_queries):
    project = projects["brush"]
    login_as(client, cast.leader)
    with django_assert_max_num_queries(18):
        response = client.get(f"/projects/{project.pk}/")
    body = response.content.decode()
    land = project.nodes.get(key="land")
    assert land.baseline_date.isoformat() in body and land.actual_date.isoformat() in body
    speed = {s.milestone: s for s in response.context["speed"]}
    assert speed["land"].actual_days == (land.actual_date - project.signed_on).days
    start = project.nodes.get(key="start")
    assert speed["started"].step_days == (start.actual_date - land.actual_date).days
    assert speed["production"].actual_days is None
    assert "第 1 版" in body and "基线" in body
    # A leader only reads: no plan actions, no figure forms.
    assert "申请调整计划<" not in body and "保存月度数据" not in body


def test_project_page_actions_follow_the_role(client, cast, projects):
    project = projects["brush"]
    login_as(client, cast.bureau)
    body = client.get(f"/projects/{project.pk}/").content.decode()
    assert "申请调整计划<" in body and "保存月度数据" in body
    login_as(client, cast.clerk_a)
    body = client.get(f"/projects/{project.pk}/").content.decode()
    assert "申请调整计划<" in body and "保存月度数据" in body
    login_as(client, cast.clerk_b)
    body = client.get(f"/projects/{project.pk}/").content.decode()
    assert "申请调整计划<" not in body and "保存月度数据" not in body


def test_draft_project_page_asks_the_bureau_to_approve(client, cast, projects):
    login_as(client, cast.bureau)
    body = client.get(f"/projects/{projects['draft'].pk}/").content.decode()
    assert "核对并批准计划" in body and "尚未批准" in body


def test_colour_filter_and_column_follow_the_county_warning_rule(client, cast, projects):
    """Deadline rule (the shipped default): a node overdue and not done makes the project red; a draft
    plan whose next node is months away is blue."""
    login_as(client, cast.bureau)
    response = client.get("/projects/?colour=red")
    assert _names(response) == {"年产5000万支牙刷项目", "医药中间体项目"}
    assert {p.colour for p in response.context["page"].object_list} == {"red"}
    assert _names(client.get("/projects/?colour=blue")) == {"智能装备产业园项目"}
    assert 'class="colour colour-red"' in response.content.decode()


def test_project_page_shows_the_colour_the_sweep_recorded_by_month(client, cast, projects):
    from chengjie.core.request_context import acting_as
    from chengjie.supervision.sweep import warnings_sweep

    project = projects["brush"]
    with acting_as("job"):
        warnings_sweep(today=timezone.localdate())
    login_as(client, cast.leader)
    body = client.get(f"/projects/{project.pk}/").content.decode()
    recorded = project.colour_records.get(node__isnull=True, period=timezone.localdate().replace(day=1))
    assert "预警颜色（按月）" in body and timezone.localdate().strftime("%Y-%m") in body
    assert recorded.get_colour_display() in body
