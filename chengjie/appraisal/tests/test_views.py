"""Appraisal pages: the bureau sets it up; a leader reads it and changes nothing; an appraiser sees only their
own sheet until scoring closes (everyone else's is a 404, the bureau's included); another county gets a 404;
query counts stay fixed however many projects and appraisers."""

import re

import pytest

from chengjie.appraisal.models import Pick, Score
from chengjie.appraisal.services import appraisal_appraisers_set, appraisal_open_scoring, appraisal_pick, scoring_close
from chengjie.core.testing import login_as
from chengjie.projects.testing import make_project

from .conftest import score, sheet_of
from .test_scoring import HEAD_A, LEADER

pytestmark = pytest.mark.django_db


def test_who_reaches_the_list(client, cast, appraisal, outside_bureau):
    for user in (cast.bureau, cast.leader):
        login_as(client, user)
        assert [a.pk for a in client.get("/appraisal/").context["appraisals"]] == [appraisal.pk]
    login_as(client, cast.head_a)  # may score, but not chosen for this one
    assert list(client.get("/appraisal/").context["appraisals"]) == []
    assert client.get(f"/appraisal/{appraisal.pk}/").status_code == 404
    login_as(client, outside_bureau)
    assert list(client.get("/appraisal/").context["appraisals"]) == []
    login_as(client, cast.clerk_a)
    assert client.get("/appraisal/").status_code == 403


def test_the_bureau_sets_up_and_a_leader_only_reads(client, cast, appraisal, three, outside_bureau):
    login_as(client, cast.bureau)
    # 按规则选取 uses the rule as shown: an edited floor is saved first.
    response = client.post(f"/appraisal/{appraisal.pk}/picks/by-rule/", {"milestone": "production",
                                                                           "min_investment": "5000"})
    assert response.status_code == 302
    appraisal.refresh_from_db()
    assert (appraisal.rule_milestone, appraisal.rule_min_investment) == ("production", 5000)
    page = client.get(f"/appraisal/{appraisal.pk}/").content.decode()
    assert "按规则选取" in page and "智能装备产业园项目" in page and "开始评分" in page
    first, second, _third = three
    response = client.post(f"/appraisal/{appraisal.pk}/picks/{second.pk}/move/", {"direction": "up"})
    assert response.status_code == 302
    assert list(Pick.objects.filter(appraisal=appraisal).order_by("position").values_list("pk", flat=True))[:2] == [
        second.pk, first.pk]
    response = client.post(f"/appraisal/{appraisal.pk}/criteria/", {
        "criteria-TOTAL_FORMS": 2, "criteria-INITIAL_FORMS": 0,
        "criteria-0-name": "投资强度", "criteria-0-weight": 60, "criteria-0-max_score": 10,
        "criteria-1-name": "建设进度", "criteria-1-weight": 30, "criteria-1-max_score": 10})
    assert response.status_code == 400 and "各指标权重之和应为 100，现为 90。" in response.content.decode()
    response = client.post(f"/appraisal/{appraisal.pk}/appraisers/", {"appraisers": [cast.leader.pk, cast.head_a.pk]})
    assert response.status_code == 302 and appraisal.sheets.count() == 2
    login_as(client, cast.leader)
    response = client.get(f"/appraisal/{appraisal.pk}/")
    assert response.status_code == 200 and response.context["rule_form"] is None
    assert "开始评分" not in response.content.decode()
    for url, data in (("rule/", {"milestone": "started", "min_investment": 1}),
                      ("picks/by-rule/", {"milestone": "started", "min_investment": 1}),
                      (f"picks/{first.pk}/remove/", {}), ("open/", {}), ("close/", {"results_seq": 1})):
        assert client.post(f"/appraisal/{appraisal.pk}/{url}", data).status_code == 403
    assert client.get(f"/appraisal/{appraisal.pk}/criteria/").status_code == 403
    login_as(client, outside_bureau)
    assert client.get(f"/appraisal/{appraisal.pk}/").status_code == 404
    assert client.post(f"/appraisal/{appraisal.pk}/picks/by-rule/", {"milestone": "started",
                                                                      "min_investment": 1}).status_code == 404


def test_an_appraiser_sees_only_their_own_sheet_until_scoring_closes(client, cast, scoring, three, outside_bureau):
    mine, theirs = sheet_of(scoring, cast.head_a), sheet_of(scoring, cast.leader)
    score(scoring, cast.leader, three[0], LEADER[0])
    login_as(client, cast.head_a)
    assert client.get(f"/appraisal/{scoring.pk}/sheets/{mine.pk}/").status_code == 200
    assert client.get(f"/appraisal/{scoring.pk}/sheets/{theirs.pk}/").status_code == 404
    assert client.get(f"/appraisal/{scoring.pk}/sheets/{theirs.pk}/projects/{three[0].pk}/").status_code == 404
    assert client.get(f"/appraisal/{scoring.pk}/results/").status_code == 404
    login_as(client, cast.bureau)  # not an appraiser: progress only, no scores
    for sheet in (mine, theirs):
        assert client.get(f"/appraisal/{scoring.pk}/sheets/{sheet.pk}/").status_code == 404
    page = client.get(f"/appraisal/{scoring.pk}/").content.decode()
    # The CSRF token is random text that can hold "25" itself.
    appraisers = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.split('id="appraisers"')[1])
    assert "已评 1 / 3" in page and "已评 0 / 3" in page and "25" not in appraisers
    scoring_close(acting_user=cast.bureau, appraisal=scoring, results_seq=3, note="演示")
    for user in (cast.head_a, cast.bureau, cast.leader):
        login_as(client, user)
        response = client.get(f"/appraisal/{scoring.pk}/sheets/{theirs.pk}/")
        assert response.status_code == 200 and "投资强度 25 · 建设进度 28 · 产业带动 15 · 亩均效益 18" in response.content.decode()
    login_as(client, outside_bureau)
    assert client.get(f"/appraisal/{scoring.pk}/sheets/{theirs.pk}/").status_code == 404


def test_the_phone_form_saves_and_moves_to_the_next_unscored_project(client, cast, scoring, three):
    mine = sheet_of(scoring, cast.head_a)
    ids = list(scoring.criteria.order_by("position").values_list("pk", flat=True))
    login_as(client, cast.head_a)
    url = f"/appraisal/{scoring.pk}/sheets/{mine.pk}/projects/{three[0].pk}/"
    page = client.get(url).content.decode()
    assert 'inputmode="decimal"' in page and "投资强度（0–30）" in page
    response = client.post(url, {f"c{ids[0]}": 31, f"c{ids[1]}": 20, f"c{ids[2]}": 10, f"c{ids[3]}": 10})
    assert response.status_code == 400
    response = client.post(url, dict(zip((f"c{pk}" for pk in ids), HEAD_A[0])))
    assert response.status_code == 302
    assert response.url == f"/appraisal/{scoring.pk}/sheets/{mine.pk}/projects/{three[1].pk}/"
    assert Score.objects.filter(sheet=mine, pick=three[0]).count() == 4


def test_results_pages_and_downloads_after_closing(client, cast, scoring, three, outside_bureau):
    for user, rows in ((cast.leader, LEADER), (cast.head_a, HEAD_A)):
        for pick, values in zip(three, rows):
            score(scoring, user, pick, values)
    login_as(client, cast.leader)
    assert client.get(f"/appraisal/{scoring.pk}/results.docx").status_code == 404
    scoring_close(acting_user=cast.bureau, appraisal=scoring, results_seq=3)
    response = client.get(f"/appraisal/{scoring.pk}/results/")
    assert response.status_code == 200 and "86.50" in response.content.decode()
    assert client.get(f"/appraisal/{scoring.pk}/results.docx")["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert client.get(f"/appraisal/{scoring.pk}/results.xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    login_as(client, outside_bureau)
    assert client.get(f"/appraisal/{scoring.pk}/results/").status_code == 404
    login_as(client, cast.clerk_b)
    assert client.get(f"/appraisal/{scoring.pk}/results.docx").status_code == 403


def test_query_counts_do_not_grow(client, cast, appraisal, django_assert_max_num_queries):
    for n in range(8):
        appraisal_pick(acting_user=cast.bureau, appraisal=appraisal, reason="测试",
                       project=make_project(cast=cast, name=f"观摩项目{n}"))
    appraisal_appraisers_set(acting_user=cast.bureau, appraisal=appraisal, users=[cast.leader, cast.head_a, cast.park])
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(11):
        client.get(f"/appraisal/{appraisal.pk}/")
    appraisal = appraisal_open_scoring(acting_user=cast.bureau, appraisal=appraisal)
    picks = list(appraisal.picks.order_by("position"))
    for user in (cast.leader, cast.head_a, cast.park):
        for pick in picks:
            score(appraisal, user, pick, (20, 20, 10, 10))
    scoring_close(acting_user=cast.bureau, appraisal=appraisal, results_seq=4)
    with django_assert_max_num_queries(8):
        client.get(f"/appraisal/{appraisal.pk}/results/")
    login_as(client, cast.head_a)
    with django_assert_max_num_queries(9):
        client.get(f"/appraisal/{appraisal.pk}/sheets/{sheet_of(appraisal, cast.head_a).pk}/")
