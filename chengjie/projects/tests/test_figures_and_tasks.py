"""Monthly figures and 纳统 by the introducing unit or the bureau; "my tasks" as a unit clerk's first page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import login_as
from chengjie.projects.models import MonthlyFigure
from chengjie.projects.services import monthly_figure_set, stats_registration_set
from chengjie.projects.testing import make_project
from chengjie.supervision.models import SupervisionNotice
from chengjie.supervision.sweep import warnings_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(cast):
    return make_project(cast=cast, stage="started", signed_on=date(2026, 1, 5))


def test_introducing_unit_enters_monthly_figures_through_the_page(client, cast, project):
    login_as(client, cast.clerk_a)
    response = client.post(f"/projects/{project.pk}/figures/", {"period": "2026-10", "funds_in_place": "1200",
                                                                 "out_of_province_funds": "800",
                                                                 "completed_investment": "950.5"})
    assert response.status_code == 302
    figure = MonthlyFigure.objects.get()
    assert (figure.period, figure.funds_in_place, figure.completed_investment) == (
        date(2026, 10, 1), Decimal("1200.00"), Decimal("950.50"))
    # Entering the month again corrects it (one row per month), audited with before and after.
    client.post(f"/projects/{project.pk}/figures/", {"period": "2026-10", "funds_in_place": "1300",
                                                     "out_of_province_funds": "800", "completed_investment": "950.5"})
    event = AuditEvent.objects.filter(event="projects.figures_set").order_by("-seq").first()
    assert event.before["funds_in_place"] == "1200.00" and event.after["funds_in_place"] == "1300.00"
    assert MonthlyFigure.objects.count() == 1
    body = client.get(f"/projects/{project.pk}/").content.decode()
    assert "1,300.00" in body and "2026-10" in body


def test_figure_refusals_name_the_reason(client, cast, project):
    login_as(client, cast.clerk_a)
    response = client.post(f"/projects/{project.pk}/figures/", {"period": "2026-10", "funds_in_place": "100",
                                                                 "out_of_province_funds": "200",
                                                                 "completed_investment": "0"})
    assert response.status_code == 400 and "其中省外资金 200.00 万元超过当月到位资金 100.00 万元。" in response.content.decode()
    next_month = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    with pytest.raises(DomainError) as err:
        monthly_figure_set(acting_user=cast.bureau, project=project, period=next_month, funds_in_place=1,
                           out_of_province_funds=0, completed_investment=1)
    assert "还没到" in err.value.message
    with pytest.raises(DomainError) as err:
        monthly_figure_set(acting_user=cast.bureau, project=project, period=date(2025, 12, 1), funds_in_place=1,
                           out_of_province_funds=0, completed_investment=1)
    assert "早于项目签约月份" in err.value.message


def test_only_the_introducing_unit_or_the_bureau_enter_figures(client, cast, project):
    for user in (cast.clerk_b, cast.leader):
        login_as(client, user)
        assert client.post(f"/projects/{project.pk}/figures/", {"period": "2026-10", "funds_in_place": "1",
                                                                 "completed_investment": "1"}).status_code == 403
    login_as(client, cast.outsider)
    assert client.post(f"/projects/{project.pk}/figures/", {"period": "2026-10"}).status_code == 404
    with pytest.raises(DomainError):
        monthly_figure_set(acting_user=cast.clerk_b, project=project, period=date(2026, 10, 1), funds_in_place=1,
                           out_of_province_funds=0, completed_investment=1)
    assert not MonthlyFigure.objects.exists()


def test_stats_registration_date(client, cast, project):
    login_as(client, cast.clerk_a)
    client.post(f"/projects/{project.pk}/stats/", {"registered_on": "2026-08-31"})
    project.refresh_from_db()
    assert project.stats_registered_on == date(2026, 8, 31)
    response = client.post(f"/projects/{project.pk}/stats/", {"registered_on": "2025-12-31"})
    assert "纳统日期 2025-12-31 早于签约日期 2026-01-05。" in response.content.decode()
    stats_registration_set(acting_user=cast.bureau, project=project, registered_on=None)
    project.refresh_from_db()
    assert project.stats_registered_on is None


def test_my_tasks_lists_the_units_due_nodes_and_open_notices(client, cast):
    today = timezone.localdate()
    overdue = make_project(cast=cast, stage="signed", signed_on=today - timedelta(days=200), name="逾期供地项目",
                           investor_name="某甲公司")
    make_project(cast=cast, stage="signed", signed_on=today - timedelta(days=5), name="刚签约项目", investor_name="某乙公司")
    # The supervision sweep issues a notice for the red 供地 node to 自然资源局.
    warnings_sweep(today=today)
    notice = SupervisionNotice.objects.get(unit=cast.unit_b)
    assert notice.project == overdue
    login_as(client, cast.clerk_b)
    response = client.get("/")  # the first page a unit clerk sees
    body = response.content.decode()
    assert "我的待办" in body and "逾期供地项目" in body and "刚签约项目" not in body
    assert notice.code in body and f"/supervision/notices/{notice.pk}/" in body
    tasks = client.get("/projects/tasks/").context["tasks"]
    assert [n.project.name for n in tasks["nodes_due"]] == ["逾期供地项目"]
    login_as(client, cast.clerk_a)
    assert notice.code not in client.get("/").content.decode()


def test_my_tasks_shows_the_head_what_to_confirm_and_the_bureau_what_to_approve(client, cast):
    make_project(cast=cast, stage="started", confirm=False, name="待确认项目", investor_name="某丙公司")
    make_project(cast=cast, stage="draft", name="待批准项目", investor_name="某丁公司")
    login_as(client, cast.head_a)
    tasks = client.get("/projects/tasks/").context["tasks"]
    assert [n.key for n in tasks["nodes_to_confirm"]] == ["start"]
    assert "nodes_due" not in tasks
    login_as(client, cast.bureau)
    body = client.get("/projects/tasks/").content.decode()
    assert "待批准项目" in body and "核对批准" in body
    login_as(client, cast.leader)
    tasks = client.get("/projects/tasks/").context["tasks"]
    assert "plans_to_approve" not in tasks and "nodes_due" not in tasks


def test_my_tasks_query_count_is_flat(client, cast, django_assert_max_num_queries):
    for _ in range(6):
        make_project(cast=cast, stage="signed", signed_on=timezone.localdate() - timedelta(days=200))
    login_as(client, cast.clerk_b)
    with django_assert_max_num_queries(12):
        response = client.get("/projects/tasks/")
    assert len(response.context["tasks"]["nodes_due"]) == 6
