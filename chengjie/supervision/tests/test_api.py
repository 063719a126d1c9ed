"""The warnings and notices API: the pages' scope, rules and audit, by bearer token and by session."""

import secrets
from datetime import date

import pytest
from django.utils import timezone

from chengjie.api.authentication import token_hash
from chengjie.api.models import ApiToken
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.supervision.models import ColourRecord, SupervisionNotice
from chengjie.supervision.sweep import warnings_sweep

from .factories import make_project

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    raw = "cj_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="督办脚本", prefix=raw[:8], key_hash=token_hash(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def notices(cast, presets):
    a = make_project(cast=cast, name="刷业产业园", plan={"land": date(2026, 3, 2)})
    make_project(cast=cast, name="新材料项目", plan={"land": date(2026, 3, 3)}, units={"land": cast.unit_b})
    warnings_sweep(today=date(2026, 3, 10))
    by_unit = {n.unit_id: n for n in SupervisionNotice.objects.all()}
    return a, by_unit[cast.unit_a.pk], by_unit[cast.unit_b.pk]


def codes(response) -> set[str]:
    return {row["code"] for row in response.json()["results"]}


def test_notices_are_scoped_as_on_the_pages(client, cast, notices):
    _project, mine, theirs = notices
    assert codes(client.get("/api/notices/", **bearer(cast.clerk_a))) == {mine.code}
    assert codes(client.get("/api/notices/", **bearer(cast.bureau))) == {mine.code, theirs.code}
    assert codes(client.get("/api/notices/", **bearer(cast.outsider))) == set()
    assert client.get(f"/api/notices/{mine.pk}/", **bearer(cast.clerk_b)).status_code == 404
    row = client.get(f"/api/notices/{mine.pk}/", **bearer(cast.leader)).json()
    assert (row["code"], row["unit_name"], row["node_name"], row["status"], row["overdue"]) == (
        "潜督〔2026〕1号", cast.unit_a.name, "供地", "open", True)
    assert codes(client.get(f"/api/notices/?unit={cast.unit_b.pk}", **bearer(cast.bureau))) == {theirs.code}


def test_unit_answers_through_the_api_with_the_same_rules(client, cast, notices):
    _project, mine, theirs = notices
    headers = bearer(cast.clerk_a)
    response = client.post(f"/api/notices/{mine.pk}/answer/", {"response": "3月20日前挂牌。"},
                           content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["status"] == "answered"
    event = AuditEvent.objects.get(event="supervision.notice_answered")
    assert (event.channel, event.actor_id) == ("api", cast.clerk_a.pk)
    assert client.post(f"/api/notices/{theirs.pk}/answer/", {"response": "代答"}, content_type="application/json",
                       **headers).status_code == 404
    blank = client.post(f"/api/notices/{mine.pk}/answer/", {"response": " "}, content_type="application/json", **headers)
    assert blank.status_code == 400


def test_readers_may_not_write(client, cast, notices):
    _project, mine, _theirs = notices
    leader = bearer(cast.leader)
    assert client.post(f"/api/notices/{mine.pk}/answer/", {"response": "x"}, content_type="application/json",
                       **leader).status_code == 403
    assert client.post(f"/api/notices/{mine.pk}/close/", {"note": "x"}, content_type="application/json",
                       **leader).status_code == 403
    assert client.post(f"/api/notices/{mine.pk}/route/", {"tier": "joint", "note": "x"},
                       content_type="application/json", **bearer(cast.clerk_a)).status_code == 403
    assert SupervisionNotice.objects.get(pk=mine.pk).status == "open"


def test_bureau_routes_and_closes(client, cast, notices):
    _project, _mine, theirs = notices
    headers = bearer(cast.bureau)
    routed = client.post(f"/api/notices/{theirs.pk}/route/", {"tier": "county", "note": "重大事项，提交县政府。"},
                         content_type="application/json", **headers)
    assert routed.status_code == 200 and routed.json()["tier_display"] == "提交县政府"
    same = client.post(f"/api/notices/{theirs.pk}/route/", {"tier": "county", "note": "再转"},
                       content_type="application/json", **headers)
    assert same.status_code == 400 and same.json()["detail"] == f"督办单 {theirs.code} 已在“提交县政府”层级。"
    closed = client.post(f"/api/notices/{theirs.pk}/close/", {"note": "县政府专题会议已协调解决。"},
                         content_type="application/json", **headers)
    assert closed.json()["status"] == "closed"


def test_session_clients_use_the_same_endpoints(client, cast, notices):
    login_as(client, cast.clerk_a)
    assert codes(client.get("/api/notices/")) == {notices[1].code}
    login_as(client, cast.enterprise)  # a firm's account has no supervision.view
    assert client.get("/api/notices/").status_code == 403
    assert client.get("/api/warnings/nodes/").status_code == 403


def test_warned_nodes_and_counts_are_live(client, cast, presets):
    today = timezone.localdate()
    make_project(cast=cast, name="逾期项目", plan={"land": date.fromordinal(today.toordinal() - 3)},
                 units={"land": cast.unit_b})
    rows = client.get("/api/warnings/nodes/", **bearer(cast.bureau)).json()["results"]
    assert [(r["project_name"], r["name"], r["colour"], r["unit_name"]) for r in rows] == [
        ("逾期项目", "供地", "red", cast.unit_b.name)]
    assert rows[0]["reason"].startswith("逾期 3 天未完成")
    assert client.get("/api/warnings/units/", **bearer(cast.bureau)).json() == [
        {"unit": cast.unit_b.pk, "unit_name": cast.unit_b.name, "red": 1, "yellow": 0}]
    assert client.get("/api/warnings/nodes/", **bearer(cast.clerk_a)).json()["results"] == []
    assert client.get("/api/warnings/nodes/", **bearer(cast.outsider)).json()["results"] == []
    assert client.get("/api/warnings/projects/", **bearer(cast.bureau)).json()["results"] == []


def test_colour_history_is_the_projects_records(client, cast, notices):
    project, _mine, _theirs = notices
    warnings_sweep(today=date(2026, 4, 1))
    rows = client.get(f"/api/warnings/history/{project.pk}/", **bearer(cast.clerk_a)).json()
    assert [(r["period"], r["colour"]) for r in rows] == [("2026-04-01", "red"), ("2026-03-01", "red")]
    assert rows[1]["reason"] == "供地：逾期 8 天未完成（计划 2026-03-02）"
    assert client.get(f"/api/warnings/history/{project.pk}/", **bearer(cast.outsider)).status_code == 404
    assert ColourRecord.objects.filter(project=project, node__isnull=True).count() == 2
