"""Notice pages: a unit sees its own notices and answers them; the bureau and leaders see the county; the
bureau closes or routes; anyone outside gets a 404."""

from datetime import date

import pytest

from chengjie.core.testing import login_as
from chengjie.supervision.models import SupervisionNotice
from chengjie.supervision.sweep import warnings_sweep

from .factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(cast, presets):
    """Two notices on 2026-03-10: 供地 of a unit-A project (unit A's), 供地 of another (unit B's)."""
    make_project(cast=cast, name="刷业产业园", plan={"land": date(2026, 3, 2)})
    make_project(cast=cast, name="新材料项目", plan={"land": date(2026, 3, 3)}, units={"land": cast.unit_b})
    warnings_sweep(today=date(2026, 3, 10))
    return {n.unit_id: n for n in SupervisionNotice.objects.all()}


def codes(response) -> set[str]:
    return {notice.code for notice in response.context["page"].object_list}


def test_unit_sees_only_its_own_notices(client, cast, notices):
    login_as(client, cast.clerk_a)
    response = client.get("/supervision/notices/")
    assert response.status_code == 200
    assert codes(response) == {notices[cast.unit_a.pk].code}
    login_as(client, cast.clerk_b)
    assert codes(client.get("/supervision/notices/")) == {notices[cast.unit_b.pk].code}


def test_bureau_and_leader_see_the_county(client, cast, notices):
    for user in (cast.bureau, cast.leader):
        login_as(client, user)
        assert codes(client.get("/supervision/notices/")) == {n.code for n in notices.values()}


def test_outsider_sees_none_and_firms_are_refused(client, cast, notices):
    login_as(client, cast.outsider)
    assert codes(client.get("/supervision/notices/")) == set()
    login_as(client, cast.enterprise)
    assert client.get("/supervision/notices/").status_code == 403


def test_notice_list_filters(client, cast, notices):
    login_as(client, cast.bureau)
    assert codes(client.get(f"/supervision/notices/?unit={cast.unit_b.pk}")) == {notices[cast.unit_b.pk].code}
    assert codes(client.get("/supervision/notices/?q=刷业")) == {notices[cast.unit_a.pk].code}
    assert codes(client.get("/supervision/notices/?status=closed")) == set()
    body = client.get("/supervision/notices/?tier=on_site", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in body and notices[cast.unit_a.pk].code in body


def test_notice_list_query_count_does_not_grow_with_notices(client, cast, presets, django_assert_max_num_queries):
    for n in range(25):
        make_project(cast=cast, plan={"land": date(2026, 3, 2)}, units={"land": [cast.unit_a, cast.unit_b][n % 2]})
    warnings_sweep(today=date(2026, 3, 10))
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(10):
        response = client.get("/supervision/notices/")
    assert len(response.context["page"].object_list) == 25


def test_detail_offers_the_answer_form_to_the_unit_only(client, cast, notices):
    notice = notices[cast.unit_a.pk]
    login_as(client, cast.clerk_a)
    response = client.get(f"/supervision/notices/{notice.pk}/")
    assert response.status_code == 200 and response.context["answer_form"] is not None
    assert response.context["close_form"] is None
    assert [(r.period, r.colour) for r in response.context["history"]] == [(date(2026, 3, 1), "red")]
    assert '<table class="colour-history">' in response.content.decode()
    login_as(client, cast.leader)  # reads the county, answers and closes nothing
    response = client.get(f"/supervision/notices/{notice.pk}/")
    assert (response.status_code, response.context["answer_form"], response.context["close_form"]) == (200, None, None)
    login_as(client, cast.bureau)
    response = client.get(f"/supervision/notices/{notice.pk}/")
    assert response.context["answer_form"] is None and response.context["close_form"] is not None


def test_another_units_or_countys_notice_is_not_found(client, cast, notices):
    notice = notices[cast.unit_a.pk]
    for user in (cast.clerk_b, cast.outsider):
        login_as(client, user)
        assert client.get(f"/supervision/notices/{notice.pk}/").status_code == 404
        assert client.post(f"/supervision/notices/{notice.pk}/answer/", {"response": "代答"}).status_code == 404


def test_unit_clerk_answers(client, cast, notices):
    notice = notices[cast.unit_a.pk]
    login_as(client, cast.clerk_a)
    response = client.post(f"/supervision/notices/{notice.pk}/answer/", {"response": "3月20日前完成挂牌。"})
    assert response.status_code == 302 and response.url == f"/supervision/notices/{notice.pk}/"
    notice.refresh_from_db()
    assert (notice.status, notice.response, notice.responded_by) == ("answered", "3月20日前完成挂牌。", cast.clerk_a)
    assert "整改方案已报送" in client.get(response.url).content.decode()


def test_an_empty_answer_is_shown_back(client, cast, notices):
    notice = notices[cast.unit_a.pk]
    login_as(client, cast.clerk_a)
    response = client.post(f"/supervision/notices/{notice.pk}/answer/", {"response": "   "})
    assert response.status_code == 400
    assert "请填写整改方案" in response.content.decode()
    assert SupervisionNotice.objects.get(pk=notice.pk).status == "open"


def test_readers_may_not_answer_close_or_route(client, cast, notices):
    notice = notices[cast.unit_a.pk]
    login_as(client, cast.leader)
    assert client.post(f"/supervision/notices/{notice.pk}/answer/", {"response": "x"}).status_code == 403
    assert client.post(f"/supervision/notices/{notice.pk}/close/", {"note": "x"}).status_code == 403
    login_as(client, cast.clerk_a)
    assert client.post(f"/supervision/notices/{notice.pk}/close/", {"note": "x"}).status_code == 403
    assert client.post(f"/supervision/notices/{notice.pk}/route/", {"tier": "county", "note": "x"}).status_code == 403
    assert SupervisionNotice.objects.get(pk=notice.pk).status == "open"


def test_bureau_routes_then_closes(client, cast, notices):
    notice = notices[cast.unit_b.pk]
    login_as(client, cast.bureau)
    response = client.post(f"/supervision/notices/{notice.pk}/route/", {"tier": "joint", "note": "需自然资源局会商。"})
    assert response.status_code == 302
    response = client.post(f"/supervision/notices/{notice.pk}/close/", {"note": "已挂牌出让，整改完成。"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.tier, notice.status, notice.closing_note) == ("joint", "closed", "已挂牌出让，整改完成。")
    page = client.get(f"/supervision/notices/{notice.pk}/")
    assert page.context["close_form"] is None and "已挂牌出让，整改完成。" in page.content.decode()


def test_routing_to_the_same_tier_is_refused_on_the_form(client, cast, notices):
    notice = notices[cast.unit_b.pk]
    login_as(client, cast.bureau)
    response = client.post(f"/supervision/notices/{notice.pk}/route/", {"tier": "on_site", "note": "x"})
    assert response.status_code == 400
    assert "已在“现场解决”层级" in response.content.decode()


def test_outside_bureau_may_not_close(client, cast, notices):
    from chengjie.accounts.roles import Role
    from chengjie.core.testing import OTHER_COUNTY, make_user

    other_bureau = make_user("other_bureau", role=Role.BUREAU, division=OTHER_COUNTY)
    login_as(client, other_bureau)
    notice = notices[cast.unit_a.pk]
    assert client.post(f"/supervision/notices/{notice.pk}/close/", {"note": "x"}).status_code == 404
