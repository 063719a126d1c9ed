"""The demo's projects: forty signings at every stage, loaded through the services with the rest of
the demo county."""

from collections import Counter

import pytest
from django.core.management import call_command

from chengjie.accounts.models import User
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.projects.models import Evidence, MonthlyFigure, Node, PlanVersion, Project
from chengjie.supervision.selectors import projects_with_colour

pytestmark = pytest.mark.django_db


def test_the_demo_county_gets_forty_projects_at_every_stage(refdata, client):
    """One load (it takes a while) checked from every side."""
    call_command("demo")
    _projects_at_every_stage_and_colour()
    _done_nodes_carry_evidence_and_figures_cover_2026()
    _demo_people_have_tasks(client)


def _projects_at_every_stage_and_colour():
    projects = list(projects_with_colour(Project.objects.all()))
    assert len(projects) == 40
    colours = Counter(p.colour for p in projects)
    assert colours["red"] >= 10 and colours["blue"] >= 10 and colours["green"] >= 1 and colours["yellow"] >= 1
    assert set(Counter(p.reached_milestone for p in projects)) == {"signed", "land", "started", "production",
                                                                   "capacity"}
    assert PlanVersion.objects.filter(status="draft").count() == 2
    assert PlanVersion.objects.filter(status="pending").count() == 1
    assert PlanVersion.objects.filter(status="approved", number=2).count() == 1
    assert Project.objects.filter(duplicate_state="suspected").count() == 1
    assert Project.objects.filter(template__name="工业项目细化节点计划").count() == 5


def _done_nodes_carry_evidence_and_figures_cover_2026():
    done = Node.objects.filter(actual_date__isnull=False).exclude(milestone="signed").exclude(required_evidence=[])
    assert done.exists() and not done.filter(evidence__isnull=True).exists()
    assert Evidence.objects.count() >= done.count()
    periods = set(MonthlyFigure.objects.values_list("period__year", flat=True))
    assert periods == {2026}
    assert Project.objects.filter(stats_registered_on__isnull=False).count() >= 10
    # Everything went through the services: each signing and each node entry has its audit row.
    assert AuditEvent.objects.filter(event="projects.signed").count() == 40
    assert AuditEvent.objects.filter(event="projects.node_completed").count() == Node.objects.filter(
        actual_date__isnull=False).exclude(milestone="signed").count()


def _demo_people_have_tasks(client):
    login_as(client, User.objects.get(username="clerk"))
    tasks = client.get("/projects/tasks/").context["tasks"]
    assert tasks["nodes_due"]
    login_as(client, User.objects.get(username="head"))
    assert client.get("/projects/tasks/").context["tasks"]["nodes_to_confirm"]
    login_as(client, User.objects.get(username="bureau"))
    assert len(client.get("/projects/tasks/").context["tasks"]["plans_to_approve"]) == 3
