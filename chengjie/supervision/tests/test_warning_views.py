"""The red and yellow list by unit (computed live, no sweep needed) and the bureau's preset page."""

from datetime import date

import pytest
from django.utils import timezone

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.supervision.models import WarningPreset, WarningSetting

from .factories import add_figures, make_project, node

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned(cast, presets):
    """Relative to today, so the page's own clock applies: a unit-A 供地 overdue (red), a unit-B 开工 due
    tomorrow (yellow, or today when tomorrow is far by the calendar), a project on track."""
    today = timezone.localdate()
    red = make_project(cast=cast, name="逾期项目", signed_on=today.replace(day=1) if today.day > 1 else today,
                       plan={"land": date.fromordinal(today.toordinal() - 5), "started": date(today.year + 1, 1, 1)})
    yellow = make_project(cast=cast, name="临期项目", plan={"land": date.fromordinal(today.toordinal() - 30),
                                                          "started": today},
                          done={"land": date.fromordinal(today.toordinal() - 30)}, units={"started": cast.unit_b})
    make_project(cast=cast, name="正常项目", plan={"land": date(today.year + 1, 6, 1)})
    return red, yellow


def rows(response):
    return {(n.project.name, n.name, result.colour) for n, result in response.context["node_rows"]}


def test_bureau_sees_every_units_warnings(client, cast, warned):
    login_as(client, cast.bureau)
    response = client.get("/supervision/warnings/")
    assert response.status_code == 200
    assert rows(response) == {("逾期项目", "供地", "red"), ("临期项目", "开工", "yellow")}
    counts = {row["unit_name"]: (row["red"], row["yellow"]) for row in response.context["counts"]}
    assert counts == {cast.unit_a.name: (1, 0), cast.unit_b.name: (0, 1)}


def test_unit_sees_the_nodes_it_answers_for(client, cast, warned):
    login_as(client, cast.clerk_b)
    response = client.get("/supervision/warnings/")
    assert rows(response) == {("临期项目", "开工", "yellow")}
    assert [row["unit_name"] for row in response.context["counts"]] == [cast.unit_b.name]


def test_filters_by_colour_and_unit(client, cast, warned):
    login_as(client, cast.leader)
    assert rows(client.get("/supervision/warnings/?colour=red")) == {("逾期项目", "供地", "red")}
    assert rows(client.get(f"/supervision/warnings/?unit={cast.unit_b.pk}")) == {("临期项目", "开工", "yellow")}


def test_outsider_sees_nothing_and_firms_are_refused(client, cast, warned):
    login_as(client, cast.outsider)
    response = client.get("/supervision/warnings/")
    assert rows(response) == set() and response.context["counts"] == []
    login_as(client, cast.enterprise)
    assert client.get("/supervision/warnings/").status_code == 403


def test_colours_follow_the_countys_preset_without_a_sweep(client, cast, warned):
    red, _yellow = warned
    login_as(client, cast.bureau)
    client.post("/supervision/settings/", {"preset": WarningPreset.objects.get(name="进度规则（银川）").pk,
                                           "response_workdays": 3})
    # By month, an overdue node is yellow until three months have passed.
    assert ("逾期项目", "供地", "yellow") in rows(client.get("/supervision/warnings/"))
    land = node(red, "land")
    assert land.colour_records.count() == 0


def test_project_level_findings_are_listed_under_the_introducing_unit(client, cast, presets):
    WarningSetting.objects.create(division_id="340882", preset=presets["progress"], changed_by=cast.bureau)
    today = timezone.localdate()
    started = date.fromordinal(today.toordinal() - 70)
    make_project(cast=cast, name="未纳统项目", plan={"started": started, "production": date(today.year + 2, 1, 1)},
                 done={"started": started}, units={"started": cast.unit_b}, contracted=0)
    login_as(client, cast.clerk_a)
    response = client.get("/supervision/warnings/")
    [(project, result)] = response.context["project_rows"]
    assert (project.name, result.colour) == ("未纳统项目", "red")
    assert result.reason.endswith("已满 2 个月未纳统")


def test_warning_list_query_count_does_not_grow(client, cast, presets, django_assert_max_num_queries):
    WarningSetting.objects.create(division_id="340882", preset=presets["sticky"], changed_by=cast.bureau)
    today = timezone.localdate()
    for n in range(20):
        project = make_project(cast=cast, plan={"land": date(today.year - 1, 1, n + 1)},
                               units={"land": [cast.unit_a, cast.unit_b][n % 2]})
        add_figures(project, by=cast.bureau, m2025_01=10)
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(16):
        response = client.get("/supervision/warnings/")
    assert len(response.context["node_rows"]) == 20


# --- the preset page


def test_bureau_chooses_a_preset(client, cast, presets):
    login_as(client, cast.bureau)
    page = client.get("/supervision/settings/")
    assert page.status_code == 200 and page.context["in_force"] == presets["deadline"]
    response = client.post("/supervision/settings/", {"preset": presets["sticky"].pk, "response_workdays": 5})
    assert response.status_code == 302
    setting = WarningSetting.objects.get(division_id="340882")
    assert (setting.preset, setting.response_workdays) == (presets["sticky"], 5)
    assert "已改用“红色销号规则（瓯海）”" in client.get("/supervision/settings/").content.decode()


def test_preset_page_is_the_bureaus(client, cast, presets):
    for user in (cast.leader, cast.clerk_a, cast.sys_admin):
        login_as(client, user)
        assert client.get("/supervision/settings/").status_code == 403
        assert client.post("/supervision/settings/", {"preset": presets["sticky"].pk,
                                                      "response_workdays": 3}).status_code == 403
    assert not WarningSetting.objects.exists()


def test_bureau_adds_a_variant_and_sees_why_one_is_refused(client, cast, presets):
    login_as(client, cast.bureau)
    response = client.post("/supervision/settings/presets/new/", {"name": "进度规则（宽松）", "rule": "progress",
                                                                  "lag_yellow_points": 15, "lag_red_points": 40})
    assert response.status_code == 302
    preset = WarningPreset.objects.get(name="进度规则（宽松）")
    assert preset.parameters["lag_red_points"] == 40 and preset.parameters["due_red_months"] == 3
    assert AuditEvent.objects.filter(event="supervision.preset_created").exists()
    response = client.post("/supervision/settings/presets/new/", {"name": "倒计时36", "rule": "deadline",
                                                                  "yellow_hours": 36})
    assert response.status_code == 200
    assert response.context["form"].errors["yellow_hours"] == [
        "倒计时小时数（yellow_hours）应为 24 的整数倍（颜色按日计算），实际是 36。"]
    response = client.post("/supervision/settings/presets/new/", {"name": "错配", "rule": "deadline",
                                                                  "lag_red_points": 40})
    assert "不属于该规则" in response.context["form"].non_field_errors()[0]
