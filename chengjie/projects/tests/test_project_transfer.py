"""Moving a project to another introducing unit: dated, audited, checked; only the bureau in scope may."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import OTHER_COUNTY, make_user
from chengjie.projects.models import ProjectTransfer
from chengjie.projects.services import project_transfer
from chengjie.projects.testing import make_project

pytestmark = pytest.mark.django_db


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def project(cast):
    return make_project(cast=cast, stage="land", signed_on=_days_ago(200))


def test_the_transfer_is_recorded_and_audited(cast, project):
    moved_on = _days_ago(5)
    transfer = project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.park_unit, moved_on=moved_on,
                                reason="项目落户开发区，由管委会服务")
    assert (transfer.from_unit, transfer.to_unit, transfer.recorded_by) == (cast.unit_a, cast.park_unit, cast.bureau)
    project.refresh_from_db()
    assert project.introducing_unit == cast.park_unit
    event = AuditEvent.objects.get(event="projects.transferred")
    assert (event.object_type, event.object_id, event.actor_id) == ("projects.project", str(project.pk), cast.bureau.pk)
    assert (event.before, event.after) == ({"introducing_unit": cast.unit_a.pk},
                                           {"introducing_unit": cast.park_unit.pk, "moved_on": moved_on.isoformat()})
    assert event.note == "项目落户开发区，由管委会服务"


def test_the_transfer_is_checked(cast, project):
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.unit_b, moved_on=_days_ago(10),
                     reason="项目转由自然资源局包联服务")
    project.refresh_from_db()
    refusals = [
        ({"to_unit": cast.unit_b, "moved_on": _days_ago(5)}, "已经是", "to_unit"),
        ({"to_unit": cast.unit_a, "moved_on": _days_ago(-1)}, "晚于今天", "moved_on"),
        ({"to_unit": cast.unit_a, "moved_on": _days_ago(11)}, "早于上一次移交", "moved_on"),
        ({"to_unit": cast.unit_a, "moved_on": _days_ago(300)}, "早于签约日期", "moved_on"),
        ({"to_unit": cast.outsider.unit, "moved_on": _days_ago(5)}, "不是项目所在县的单位", "to_unit"),
        ({"to_unit": cast.unit_a, "moved_on": _days_ago(5), "reason": " "}, "请填写移交原因", "reason"),
    ]
    for kwargs, message, field in refusals:
        with pytest.raises(DomainError, match=message) as refused:
            project_transfer(acting_user=cast.bureau, project=project, **{"reason": "调整"} | kwargs)
        assert refused.value.field == field
    assert ProjectTransfer.objects.count() == 1


def test_only_the_bureau_of_the_projects_county_may_move_it(cast, project):
    other_bureau = make_user("bureau_tc", role=Role.BUREAU, unit=cast.outsider.unit, division=OTHER_COUNTY,
                             full_name="桐城招商局干部")
    for user in (cast.clerk_a, cast.head_a, cast.leader, cast.outsider, other_bureau):
        with pytest.raises(DomainError) as refused:
            project_transfer(acting_user=user, project=project, to_unit=cast.unit_b, moved_on=_days_ago(5),
                             reason="调整")
        assert refused.value.code == "forbidden"
    project.refresh_from_db()
    assert project.introducing_unit == cast.unit_a and not ProjectTransfer.objects.exists()
    assert not AuditEvent.objects.filter(event="projects.transferred").exists()
