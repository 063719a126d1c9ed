"""The dashboard page and the rows behind its figures: who may read them, what the links lead to (the
rows the figure counted), and a query count that does not grow with the data."""

import json
import re
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengjie.accounts.roles import Role
from chengjie.bulletins.services import annual_targets_set
from chengjie.core.testing import COUNTY, OTHER_COUNTY, login_as, make_user
from chengjie.org.models import Unit
from chengjie.projects.testing import make_project
from chengjie.supervision import selectors as supervision

pytestmark = pytest.mark.django_db


def _board(client, user, query: str = ""):
    login_as(client, user)
    response = client.get(f"/dashboard/{query}")
    assert response.status_code == 200
    return response


def _spec(response, chart: str) -> dict:
    match = re.search(rf'id="panel-{chart}".*?data-chart="(.*?)"', response.content.decode(), re.S)
    return json.loads(unescape(match.group(1)))


def _follow(client, link: str):
    response = client.get(unescape(link))
    assert response.status_code == 200, link
    return response


@pytest.mark.parametrize("who", ["leader", "bureau"])
def test_leaders_and_the_bureau_read_the_dashboard(client, cast, pipeline, who):
    response = _board(client, getattr(cast, who), f"?year={pipeline.year}")
    headline = {figure["label"]: figure["text"] for figure in response.context["board"].headline}
    assert headline["签约项目（个）"] == "4" and headline["签约金额（万元）"] == "47,800"
    assert headline["完成投资（万元）"] == "3,300" and headline["新开工（个）"] == "3"
    assert _spec(response, "funnel")["series"][0]["values"] == [4, 3, 2, 1, 0]
    body = response.content.decode()
    assert body.count("<details") >= 6 and "数据表" in body


@pytest.mark.parametrize("who", ["clerk_a", "head_a", "unit_admin_a", "park", "enterprise", "sys_admin", "sec_admin",
                                 "audit_admin", "outsider", "no_role"])
def test_everyone_else_is_refused(client, cast, who):
    login_as(client, getattr(cast, who))
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/rows/?figure=pipeline").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_navigation_and_a_leaders_home_lead_to_the_dashboard(client, cast):
    login_as(client, cast.leader)
    body = client.get("/").content.decode()
    assert body.count('href="/dashboard/"') == 2  # the navigation and the home page's own entry
    login_as(client, cast.bureau)
    assert client.get("/").content.decode().count('href="/dashboard/"') == 1


def test_an_other_countys_leader_sees_only_their_county(client, cast, pipeline):
    other = make_user("tongcheng_leader", role=Role.LEADER, division=OTHER_COUNTY)
    response = _board(client, other, f"?year={pipeline.year}&unit={cast.unit_a.pk}")
    assert response.context["board"].query.unit is None  # a unit outside the scope is dropped
    funnel = response.context["board"].charts["funnel"]
    assert funnel.series[0].values == [0, 0, 0, 0, 0] and funnel.empty
    assert "data-chart=" not in response.content.decode() and "暂无数据" in response.content.decode()
    rows = _follow(client, f"/dashboard/rows/?figure=pipeline&stage=signed&year={pipeline.year}&unit={cast.unit_a.pk}")
    assert rows.context["found"].count == 0


def test_signed_projects_lead_to_the_project_list_with_the_same_count(client, cast, pipeline):
    response = _board(client, cast.leader, f"?year={pipeline.year}")
    spec = _spec(response, "by_key")
    unit_a = response.context["board"].charts["by_key"].labels.index(cast.unit_a.name)
    link = spec["series"][0]["links"][unit_a]
    y = pipeline.year
    assert link == f"/projects/?unit={cast.unit_a.pk}&signed_from={y}-01-01&signed_to={y}-12-31"
    listed = _follow(client, link)
    assert listed.context["page"].paginator.count == spec["series"][0]["values"][unit_a] == 3


def test_a_stage_leads_to_the_projects_that_reached_it_or_beyond(client, cast, pipeline):
    response = _board(client, cast.leader, f"?year={pipeline.year}")
    spec = _spec(response, "by_key")
    unit_a = response.context["board"].charts["by_key"].labels.index(cast.unit_a.name)
    started = spec["series"][2]
    assert started["name"] == "开工" and started["values"][unit_a] == 2
    rows = _follow(client, started["links"][unit_a])
    assert {p.pk for p in rows.context["page"].object_list} == {pipeline.p1.pk, pipeline.p2.pk}


def test_a_months_figure_leads_to_the_projects_with_their_amounts(client, cast, pipeline):
    response = _board(client, cast.leader, f"?year={pipeline.year}")
    spec = _spec(response, "trend")
    completed = next(s for s in spec["series"] if s["name"] == "完成投资")
    assert completed["values"][2] == 2300.0
    rows = _follow(client, completed["links"][2])
    assert {(p.pk, p.value) for p in rows.context["page"].object_list} == {(pipeline.p1.pk, 800), (pipeline.p4.pk, 1500)}
    assert rows.context["found"].amount == 2300
    signing = next(s for s in spec["series"] if s["name"] == "签约金额")
    assert signing["links"][0] == f"/projects/?signed_from={pipeline.year}-01-01&signed_to={pipeline.year}-01-31"


def test_a_median_leads_to_the_days_it_was_taken_over(client, cast, pipeline):
    response = _board(client, cast.leader, f"?year={pipeline.year}")
    chart = response.context["board"].charts["speed"]
    unit_a = chart.labels.index(cast.unit_a.name)
    to_land = chart.series[0]
    assert (to_land.values[unit_a], to_land.counts[unit_a]) == (24.5, 2)
    rows = _follow(client, to_land.links[unit_a])
    assert sorted(p.days for p in rows.context["page"].object_list) == [19, 30]
    assert "24.5" in chart.table()[unit_a]["cells"][0]["text"]


def test_the_ranking_table_links_each_figure(client, cast, pipeline):
    annual_targets_set(acting_user=cast.bureau, division_code=COUNTY, year=pipeline.year,
                       values={(cast.unit_a.pk, "completed_investment"): 2000,
                               (cast.unit_b.pk, "completed_investment"): 3000})
    response = _board(client, cast.leader, f"?year={pipeline.year}")
    chart = response.context["board"].charts["ranking"]
    table = chart.table()
    assert [row["label"] for row in table] == [f"1. {cast.unit_a.name}", f"2. {cast.unit_b.name}"]
    headers = [series.name for series in chart.series]
    cells = dict(zip(headers, table[0]["cells"]))
    assert (cells["完成投资占年度目标（%）"]["text"], cells["年度目标（万元）"]["text"]) == ("75.0%", "2,000.00")
    assert cells["年度目标（万元）"]["link"] is None  # a target is a decision, with no rows behind it
    assert cells["新开工（个）"]["text"] == "2"
    rows = _follow(client, cells["新开工（个）"]["link"])
    assert {p.pk for p in rows.context["page"].object_list} == {pipeline.p1.pk, pipeline.p2.pk}
    completed = _follow(client, cells["完成投资占年度目标（%）"]["link"])
    assert completed.context["found"].amount == 1500


def test_red_items_are_the_supervision_lists_and_lead_to_it(client, cast, pipeline):
    response = _board(client, cast.leader, f"?year={pipeline.year}")
    red = response.context["board"].red
    nodes = supervision.warned_nodes(user=cast.leader, colour="red")
    projects = supervision.warned_projects(user=cast.leader, colour="red")
    assert red.total == nodes.count() + projects.count() > 0
    # P3, signed in the middle of last year, never got its land: overdue for months.
    assert any(node.project_id == pipeline.p3.pk and node.key == "land" for node, _result in red.nodes)
    chart = response.context["board"].charts["red"]
    by_unit = {row["unit_id"]: row["red"] for row in supervision.warned_counts_by_unit(user=cast.leader) if row["red"]}
    units = dict(Unit.objects.filter(pk__in=by_unit).values_list("name", "pk"))
    assert {units[label]: value for label, value in zip(chart.labels, chart.series[0].values)} == by_unit
    link = chart.series[0].links[0]
    assert link.startswith("/supervision/warnings/?colour=red&unit=")
    assert _follow(client, link).status_code == 200


def test_a_city_leader_compares_counties_and_drills_into_one(client, cast, pipeline):
    city = make_user("city_leader", role=Role.LEADER, division="3408")
    response = _board(client, city, f"?year={pipeline.year}")
    board = response.context["board"]
    assert board.compare_label == "县（市、区）" and board.charts["by_key"].labels == ["潜山市"]
    assert "by_park" not in board.charts
    link = board.charts["by_key"].series[0].links[0]
    # The project list narrows to a county: the county's signings are that list's rows.
    assert link.startswith("/projects/?county=340882&")
    listing = _follow(client, link)
    assert listing.context["page"].paginator.count == 4 and "unit" in listing.context["filters"].fields
    narrowed = _board(client, city, f"?year={pipeline.year}&county=340882")
    assert narrowed.context["board"].compare_label == "单位"
    assert "unit" in narrowed.context["filters"].fields


def test_filters_refresh_the_board_alone_for_htmx(client, cast, pipeline):
    login_as(client, cast.leader)
    response = client.get(f"/dashboard/?year={pipeline.year}&unit={cast.unit_b.pk}", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and body.count("data-chart=") >= 6
    assert _spec(response, "funnel")["series"][0]["values"] == [1, 1, 0, 0, 0]


def test_the_page_costs_the_same_queries_however_many_projects(client, cast, year):
    def count() -> int:
        login_as(client, cast.leader)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/dashboard/?year={year}").status_code == 200
        return len(queries)

    make_project(cast=cast, stage="started", signed_on=date(year, 3, 1), actual_dates={"start": date(year, 6, 1)})
    make_project(cast=cast, signed_on=date(year, 4, 1), introducing_unit=cast.unit_b)
    few = count()
    for month in range(5, 9):
        make_project(cast=cast, stage="land", signed_on=date(year, month, 1), park=None)
        make_project(cast=cast, stage="started", signed_on=date(year, month, 3), introducing_unit=cast.unit_b)
    assert count() == few


def test_a_city_leaders_red_count_leads_to_the_countys_red_items(client, cast, pipeline):
    city = make_user("city_leader", role=Role.LEADER, division="3408")
    chart = _board(client, city, f"?year={pipeline.year}").context["board"].charts["red"]
    link = chart.series[0].links[0]
    assert link.startswith("/dashboard/rows/?") and "figure=red" in link and "county=340882" in link
    rows = _follow(client, link)
    assert rows.context["found"].count == chart.series[0].values[0] > 0
    assert {node.project_id for node, _result in rows.context["node_rows"]} >= {pipeline.p3.pk}


@pytest.mark.parametrize("query", ["figure=unknown", "figure=reached&stage=signed", ""])
def test_the_rows_page_answers_only_the_figures_it_knows(client, cast, query):
    login_as(client, cast.leader)
    assert client.get(f"/dashboard/rows/?{query}").status_code == 404


def test_the_rows_page_costs_the_same_queries_however_many_rows(client, cast, year):
    def count(figure: str) -> int:
        login_as(client, cast.leader)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/dashboard/rows/?year={year}&{figure}").status_code == 200
        return len(queries)

    figures = ["figure=pipeline&stage=land", "figure=reached&stage=land", "figure=red", "figure=completed"]
    make_project(cast=cast, stage="land", signed_on=date(year, 3, 1), actual_dates={"land": date(year, 4, 1)})
    few = [count(figure) for figure in figures]
    for month in range(5, 10):
        make_project(cast=cast, stage="land", signed_on=date(year, month, 1), introducing_unit=cast.unit_b, park=None)
    assert [count(figure) for figure in figures] == few
