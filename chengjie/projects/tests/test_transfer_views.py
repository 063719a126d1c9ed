"""Moving a project as pages: the bureau reaches the form from the project's page, sees which nodes go with
it (and which notices waiting for a plan), and finds the transfer on the project and in the register; read-only users are refused (403), users
outside the county find nothing (404)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chengjie.accounts.roles import Role
from chengjie.core.testing import OTHER_COUNTY, login_as, make_user
from chengjie.projects.models import ProjectTransfer
from chengjie.projects.services import project_transfer
from chengjie.projects.testing import make_project

from .test_project_transfer import notice_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(cast):
    return make_project(cast=cast, stage="land", name="年产10万台智能装备项目",
                        signed_on=timezone.localdate() - timedelta(days=200))


def test_the_bureau_moves_a_project_from_its_page(client, cast, project):
    login_as(client, cast.bureau)
    url = reverse("projects:project_transfer", args=[project.pk])
    assert url in client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    page = client.get(url)
    # The open nodes that are 经信局's as the introducing unit are listed; 供地 (自然资源局's, done) is not.
    assert [node.key for node in page.context["nodes"]] == ["start", "production", "capacity"]
    notice = notice_row(project, project.nodes.get(key="start"), cast.unit_a, 7)
    page = client.get(url)
    assert f"{notice.code}：逾期未完成" in page.content.decode()  # waiting for a plan: goes to the new unit
    moved_on = timezone.localdate() - timedelta(days=3)
    response = client.post(url, {"to_unit": cast.unit_b.pk, "moved_on": moved_on.isoformat(),
                                 "reason": "项目转由自然资源局包联服务"})
    assert response.status_code == 302 and response["Location"] == reverse("projects:project_detail", args=[project.pk])
    transfer = ProjectTransfer.objects.get()
    assert (transfer.project, transfer.from_unit, transfer.to_unit, transfer.moved_on) == (
        project, cast.unit_a, cast.unit_b, moved_on)
    assert set(project.nodes.filter(responsible_unit=cast.unit_b).values_list("key", flat=True)) == {
        "land", "start", "production", "capacity"}
    body = client.get(response["Location"]).content.decode()
    assert f"{moved_on:%Y-%m-%d} 由潜山市经济和信息化局移交潜山市自然资源和规划局" in body
    response = client.post(url, {"to_unit": cast.unit_b.pk, "moved_on": moved_on.isoformat(), "reason": "再移交"})
    assert response.status_code == 400 and "已经是" in response.content.decode()
    assert "项目转由自然资源局包联服务" in response.content.decode()  # the project's own register under the form


def test_read_only_and_outside_users_cannot_move_a_project(client, cast, project):
    url = reverse("projects:project_transfer", args=[project.pk])
    data = {"to_unit": cast.unit_b.pk, "moved_on": timezone.localdate().isoformat(), "reason": "调整"}
    # The leader and the introducing unit see the project but may not move it, nor are offered to.
    for user in (cast.leader, cast.clerk_a, cast.head_a):
        login_as(client, user)
        assert url not in client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    other_bureau = make_user("bureau_tc", role=Role.BUREAU, unit=cast.outsider.unit, division=OTHER_COUNTY,
                             full_name="桐城招商局干部")
    login_as(client, other_bureau)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    assert not ProjectTransfer.objects.exists()


def test_the_register_lists_the_transfers_in_scope_at_a_flat_cost(client, cast, project,
                                                                  django_assert_max_num_queries):
    for unit in (cast.unit_b, cast.park_unit):
        other = make_project(cast=cast, stage="signed", signed_on=timezone.localdate() - timedelta(days=100))
        project_transfer(acting_user=cast.bureau, project=other, to_unit=unit, moved_on=timezone.localdate(),
                         reason="调整包联单位")
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.unit_b, moved_on=timezone.localdate(),
                     reason="项目转由自然资源局包联服务")
    url = reverse("projects:transfer_list")
    login_as(client, cast.bureau)
    assert url in client.get(reverse("projects:project_list")).content.decode()
    assert url in client.get(reverse("bulletins:index")).content.decode()
    with django_assert_max_num_queries(10):
        page = client.get(url)
    assert len(page.context["page"].object_list) == 3
    assert "年产10万台智能装备项目" in page.content.decode()
    for user in (cast.leader, cast.clerk_a):
        login_as(client, user)
        assert client.get(url).status_code == 403
    login_as(client, make_user("bureau_tc", role=Role.BUREAU, unit=cast.outsider.unit, division=OTHER_COUNTY,
                               full_name="桐城招商局干部"))
    assert list(client.get(url).context["page"].object_list) == []
