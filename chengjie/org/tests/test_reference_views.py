"""The industry table browser and the divisions browser."""

import pytest

from chengjie.core.testing import login_as

pytestmark = pytest.mark.django_db


def test_industry_tree_lists_sections_with_their_divisions(client, cast, django_assert_max_num_queries):
    login_as(client, cast.clerk_a)
    with django_assert_max_num_queries(8):
        response = client.get("/org/industries/")
    body = response.content.decode()
    assert len(response.context["sections"]) == 20
    assert "C</strong> 制造业" in body and "41 其他制造业" in body


def test_industry_search_by_name_and_by_code(client, cast):
    login_as(client, cast.leader)
    by_name = [i.code for i in client.get("/org/industries/?q=制刷").context["page"].object_list]
    assert by_name == ["4111"]
    by_code = [i.code for i in client.get("/org/industries/?q=411").context["page"].object_list]
    assert by_code == ["411", "4111", "4119"]
    with_section = [i.code for i in client.get("/org/industries/?q=C41").context["page"].object_list]
    assert with_section[:2] == ["41", "411"]
    htmx = client.get("/org/industries/?q=制刷", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in htmx and "4111" in htmx


def test_industry_detail_shows_ancestors_and_subtree(client, cast):
    login_as(client, cast.leader)
    response = client.get("/org/industries/41/")
    assert [i.code for i in response.context["ancestors"]] == ["C"]
    assert [i.code for i in response.context["subtree"]][:3] == ["411", "4111", "4119"]
    leaf = client.get("/org/industries/4111/")
    assert [i.code for i in leaf.context["ancestors"]] == ["C", "41", "411"] and leaf.context["subtree"] == []
    assert client.get("/org/industries/9999/").status_code == 404


def test_industry_pages_need_org_view(client, cast):
    login_as(client, cast.enterprise)
    assert client.get("/org/industries/").status_code == 403


def test_divisions_open_at_the_users_scope(client, cast):
    login_as(client, cast.leader)
    assert client.get("/org/divisions/")["Location"] == "/org/divisions/340882/"
    response = client.get("/org/divisions/340882/")
    children = [d.code for d in response.context["children"]]
    assert "340882101" in children and len(children) == 18
    assert "潜山市经济和信息化局" in response.content.decode()
    township = client.get("/org/divisions/340882101/")
    assert [d.code for d in township.context["path"]] == ["340882", "340882101"]


def test_divisions_outside_scope_are_404(client, cast):
    login_as(client, cast.leader)
    assert client.get("/org/divisions/3408/").status_code == 404
    assert client.get("/org/divisions/340881/").status_code == 404
    login_as(client, cast.outsider)
    assert client.get("/org/divisions/340882/").status_code == 404
    assert client.get("/org/divisions/")["Location"] == "/org/divisions/340881/"
