"""Every project page answers 404 to a bureau of another county (it learns nothing), 403 to people who may
only read, and lets the right people through."""

from datetime import date

import pytest

from chengjie.accounts.roles import Role
from chengjie.core.testing import OTHER_COUNTY, login_as, make_user
from chengjie.org.models import Unit
from chengjie.projects.models import Evidence, PlanVersion
from chengjie.projects.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def tongcheng_bureau(cast):
    return make_user("tc_bureau", role=Role.BUREAU, division=OTHER_COUNTY, unit=Unit.objects.get(division_id=OTHER_COUNTY))


@pytest.fixture
def project(cast):
    project = make_project(cast=cast, stage="land", signed_on=date(2026, 3, 2), name="年产5000万支牙刷项目",
                           investor_name="苏州恒丰刷业有限公司")
    make_project(cast=cast, stage="draft", signed_on=date(2026, 4, 2), name="年产5000万支牙刷生产线项目",
                 investor_name="恒丰刷业（苏州）有限公司")
    return project


def _urls(project):
    draft = project.__class__.objects.get(name="年产5000万支牙刷生产线项目")
    land = project.nodes.get(key="land")
    return {
        "get": [f"/projects/{project.pk}/", f"/projects/{draft.pk}/plan/", f"/projects/{project.pk}/plan/change/",
                f"/projects/nodes/{land.pk}/", f"/projects/evidence/{Evidence.objects.get().pk}/"],
        "post": [f"/projects/{project.pk}/figures/", f"/projects/{project.pk}/stats/",
                 f"/projects/{draft.pk}/duplicate/", f"/projects/nodes/{land.pk}/confirm/",
                 f"/projects/nodes/{land.pk}/return/", f"/projects/nodes/{land.pk}/assign/",
                 f"/projects/plans/{draft.plan_versions.get().pk}/decide/"],
    }


def test_a_bureau_of_another_county_finds_nothing(client, cast, project, tongcheng_bureau):
    login_as(client, tongcheng_bureau)
    urls = _urls(project)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        # Confirming is a unit head's power: a bureau is refused it anywhere, before any lookup.
        expected = 403 if url.endswith(("/confirm/", "/return/")) else 404
        assert client.post(url, {"decision": "distinct", "reason": "x", "note": "x"}).status_code == expected, url
    assert client.get("/projects/tasks/").context["tasks"]["plans_to_approve"] == []
    assert client.get("/projects/duplicates/").context["page"].paginator.count == 0


def test_a_leader_reads_everything_and_changes_nothing(client, cast, project):
    login_as(client, cast.leader)
    urls = _urls(project)
    assert client.get(urls["get"][0]).status_code == 200
    assert client.get(urls["get"][3]).status_code == 200
    assert client.get(urls["get"][4]).status_code == 200
    for url in urls["get"][1:3] + urls["post"]:
        response = client.post(url, {"decision": "distinct", "reason": "x", "note": "x"}) if url in urls["post"] \
            else client.get(url)
        assert response.status_code == 403, url
    assert PlanVersion.objects.filter(status="draft").count() == 1


def test_an_outsider_clerk_sees_no_tasks(client, cast, project):
    login_as(client, cast.outsider)
    tasks = client.get("/projects/tasks/").context["tasks"]
    assert tasks["nodes_due"] == [] and tasks["project_count"] == 0
