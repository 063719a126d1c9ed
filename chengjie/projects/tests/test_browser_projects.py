"""What people do on the project pages, in a real browser: the bureau signs a project and approves its
plan (desktop); the responsible unit's clerk enters a node with evidence on a phone; the unit head
confirms it on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.accounts.roles import Role
from chengjie.core.testing import PASSWORD, make_user
from chengjie.projects.models import Evidence, PlanVersion, Project
from chengjie.projects.testing import PDF_BYTES, ensure_shipped_templates, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, user):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/")


def test_bureau_signs_a_project_and_approves_its_plan(refdata, cast, page, screenshot):
    ensure_shipped_templates()
    _sign_in(page, cast.bureau)
    page.click("nav >> text=招商项目")
    page.click("text=签约登记")
    page.fill("input[name=name]", "年产3000吨精细化工中间体项目")
    page.fill("input[name=investor_name]", "浙江华联化工有限公司")
    page.fill("input[name=investor_origin]", "浙江省台州市")
    page.select_option("select[name=division]", "340882400")
    page.fill("input[name=contracted_investment]", "26000")
    page.fill("input[name=out_of_province_investment]", "26000")
    page.fill("input[name=industry]", "2614")
    page.select_option("select[name=park]", str(cast.park_obj.pk))
    page.select_option("select[name=introducing_unit]", str(cast.unit_a.pk))
    page.select_option("select[name=leader]", str(cast.leader.pk))
    page.select_option("select[name=contact_person]", str(cast.clerk_a.pk))
    page.select_option("select[name=task_force]", [str(cast.clerk_a.pk), str(cast.head_a.pk)])
    page.fill("input[name=signed_on]", "2026-06-15")
    screenshot(page, "sign-form")
    page.click("text=登记并生成节点计划")
    page.wait_for_url("**/plan/")
    project = Project.objects.get()
    land = project.nodes.get(key="land")
    assert page.input_value(f"input[name=node_{land.pk}]") == land.planned_date.isoformat()
    moved = land.planned_date + timedelta(days=7)
    page.fill(f"input[name=node_{land.pk}]", moved.isoformat())
    screenshot(page, "draft-plan")
    page.click("text=保存并批准为基线")
    page.wait_for_url(f"**/projects/{project.pk}/")
    assert "节点计划已批准" in page.locator(".flash").inner_text()
    assert moved.isoformat() in page.locator(".plan-table").inner_text()
    screenshot(page, "approved")
    land.refresh_from_db()
    assert land.baseline_date == moved
    assert project.plan_versions.get().status == PlanVersion.Status.APPROVED


def test_clerk_enters_a_node_with_evidence_on_a_phone_and_the_head_confirms(refdata, cast, phone_page, screenshot):
    today = timezone.localdate()
    project = make_project(cast=cast, stage="signed", signed_on=today - timedelta(days=120),
                           name="年产5000万支牙刷项目", investor_name="苏州恒丰刷业有限公司")
    land = project.nodes.get(key="land")
    page = phone_page
    _sign_in(page, cast.clerk_b)
    # The first page a clerk sees is their tasks, with the overdue 供地 node.
    assert "我的待办" in page.locator("h1").inner_text()
    screenshot(page, "clerk-tasks")
    page.locator(".task", has_text="年产5000万支牙刷项目").locator("text=填报").click()
    page.wait_for_url(f"**/projects/nodes/{land.pk}/")
    page.fill("input[name=actual_date]", (today + timedelta(days=1)).isoformat())
    page.set_input_files("input[name=evidence_0]", files=[
        {"name": "出让合同.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    page.click(".node-update button[type=submit]")
    assert "晚于今天" in page.locator(".errorlist").first.inner_text()
    screenshot(page, "future-date-refused")
    page.fill("input[name=actual_date]", (today - timedelta(days=3)).isoformat())
    page.set_input_files("input[name=evidence_0]", files=[
        {"name": "出让合同.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    screenshot(page, "node-form")
    page.click(".node-update button[type=submit]")
    page.wait_for_selector(".flash")
    assert "待本单位负责人确认" in page.locator(".flash").inner_text()
    assert page.locator(".evidence-list").inner_text().startswith("出让合同.pdf")
    screenshot(page, "entered")
    # No horizontal scrolling on the phone: the form fits the 375 px viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    head_b = make_user("head_b", role=Role.UNIT_HEAD, unit=cast.unit_b, full_name="自然资源局负责人")
    _sign_in(page, head_b)
    screenshot(page, "head-tasks")
    page.locator(".task", has_text="年产5000万支牙刷项目").locator("text=核对并确认").click()
    page.click("text=确认完成")
    page.wait_for_selector(".flash")
    assert "已确认" in page.locator(".flash").inner_text()
    screenshot(page, "confirmed")
    land.refresh_from_db()
    assert land.confirmed_by == head_b and land.actual_date == today - timedelta(days=3)
    assert Evidence.objects.get(node=land).original_name == "出让合同.pdf"


def test_a_city_leader_picks_a_county_then_one_of_its_units(refdata, cast, page, screenshot):
    city = make_user("city_leader", role=Role.LEADER, division="3408", full_name="市领导")
    make_project(cast=cast, name="年产5000万支牙刷项目")
    make_project(cast=cast, name="医药中间体项目", introducing_unit=cast.unit_b)
    _sign_in(page, city)
    page.goto("/projects/")
    assert page.locator("select[name=unit]").count() == 0
    page.select_option("select[name=county]", "340882")
    # The county brings its units into the filters; the rows stay the county's.
    page.wait_for_selector("select[name=unit]")
    assert "county=340882" in page.url
    page.select_option("select[name=unit]", str(cast.unit_b.pk))
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    assert "医药中间体项目" in page.locator("#results").inner_text()
    screenshot(page, "county-and-unit")
    page.select_option("select[name=county]", "")
    page.wait_for_function("() => !document.querySelector('select[name=unit]')")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 2")
