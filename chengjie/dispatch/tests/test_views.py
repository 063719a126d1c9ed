"""Dispatch pages: the bureau runs the meeting; a leader reads it all and changes nothing; a unit reads the
meetings, sees its own action items and reports them; another county gets a 404; query counts stay fixed."""

from datetime import date
from io import BytesIO

import docx
import pytest

from chengjie.core.testing import login_as
from chengjie.dispatch.models import ActionItem, AgendaItem, Meeting
from chengjie.dispatch.services import agenda_item_add, meeting_create

from .conftest import action, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def preparing(cast, today):
    meeting = meeting_create(acting_user=cast.bureau, division_code="340882", year=2026, quarter=3)
    agenda_item_add(acting_user=cast.bureau, meeting=meeting, title="开发区污水管网配套", reason="开发区提出",
                    unit=cast.park_unit)
    return meeting


def test_the_list_shows_the_county_s_meetings(client, cast, held, preparing):
    for user in (cast.bureau, cast.leader, cast.clerk_a):
        login_as(client, user)
        response = client.get("/dispatch/")
        assert response.status_code == 200
        assert {m.pk for m in response.context["page"].object_list} == {held.pk, preparing.pk}
        assert ("/dispatch/new/" in response.content.decode()) == (user == cast.bureau)
    login_as(client, cast.outsider)
    assert list(client.get("/dispatch/").context["page"].object_list) == []
    for user in (cast.enterprise, cast.sys_admin):
        login_as(client, user)
        assert client.get("/dispatch/").status_code == 403


def test_the_bureau_calls_a_meeting(client, cast, today):
    login_as(client, cast.bureau)
    response = client.post("/dispatch/new/", {"division": "340882", "year": 2026, "quarter": 3, "title": ""})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == f"/dispatch/{meeting.pk}/"
    assert meeting.title == "2026年第三季度重点项目调度会"
    response = client.post("/dispatch/new/", {"division": "340882", "year": 2026, "quarter": 3})
    assert response.status_code == 200 and "已经建立" in response.content.decode()
    login_as(client, cast.leader)
    assert client.post("/dispatch/new/", {"division": "340882", "year": 2026, "quarter": 4}).status_code == 403


def test_the_meeting_page_for_the_bureau_the_leader_and_an_outsider(client, cast, preparing):
    login_as(client, cast.bureau)
    page = client.get(f"/dispatch/{preparing.pk}/").content.decode()
    assert "开发区污水管网配套" in page and "生成议题" in page and "撤下议题" in page
    login_as(client, cast.leader)
    response = client.get(f"/dispatch/{preparing.pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and "开发区污水管网配套" in page
    assert "生成议题" not in page and "撤下议题" not in page and response.context["add_form"] is None
    item = preparing.agenda_items.get()
    for url, data in ((f"/dispatch/{preparing.pk}/generate/", {}),
                      (f"/dispatch/{preparing.pk}/items/{item.pk}/remove/", {"reason": "不需要"}),
                      (f"/dispatch/{preparing.pk}/items/{item.pk}/route/", {"tier": "county"})):
        assert client.post(url, data).status_code == 403
    assert client.get(f"/dispatch/{preparing.pk}/record/").status_code == 403
    login_as(client, cast.outsider)
    assert client.get(f"/dispatch/{preparing.pk}/").status_code == 404
    assert client.get(f"/dispatch/{preparing.pk}/minutes.docx").status_code == 404


def test_the_bureau_adjusts_the_agenda(client, cast, preparing):
    login_as(client, cast.bureau)
    item = preparing.agenda_items.get()
    response = client.post(f"/dispatch/{preparing.pk}/generate/")
    assert response.status_code == 302
    assert "没有发现新的议题" in client.get(response.url).content.decode()
    response = client.post(f"/dispatch/{preparing.pk}/items/{item.pk}/route/", {"tier": "joint"})
    assert response.status_code == 302 and response.url == f"/dispatch/{preparing.pk}/#item-{item.pk}"
    response = client.post(f"/dispatch/{preparing.pk}/items/new/", {
        "title": "企业用工招聘", "tier": "on_site", "reason": "", "detail": ""})
    assert response.status_code == 400 and "请填写增列理由" in response.content.decode()
    client.post(f"/dispatch/{preparing.pk}/items/new/", {"title": "企业用工招聘", "tier": "on_site",
                                                          "reason": "企业反映", "unit": cast.unit_a.pk})
    response = client.post(f"/dispatch/{preparing.pk}/items/{item.pk}/remove/", {"reason": ""})
    assert AgendaItem.objects.get(pk=item.pk).removed_at is None
    client.post(f"/dispatch/{preparing.pk}/items/{item.pk}/remove/", {"reason": "已由开发区自行解决"})
    item.refresh_from_db()
    assert (item.tier, item.removed_reason) == ("joint", "已由开发区自行解决")
    page = client.get(f"/dispatch/{preparing.pk}/").content.decode()
    assert "已撤下的议题" in page and "已由开发区自行解决" in page and "企业用工招聘" in page


def test_the_bureau_records_the_meeting_and_its_decisions(client, cast, preparing):
    login_as(client, cast.bureau)
    response = client.post(f"/dispatch/{preparing.pk}/record/", {
        "held_on": "2026-07-01", "venue": "县政府", "chair": "张明", "attendees": "各单位", "minutes_seq": 3})
    assert response.status_code == 400 and "晚于今天" in response.content.decode()
    response = client.post(f"/dispatch/{preparing.pk}/record/", {
        "held_on": "2026-06-30", "venue": "县政府", "chair": "张明", "attendees": "各单位", "minutes_seq": 3})
    assert response.status_code == 302
    item = preparing.agenda_items.get()
    page = client.get(f"/dispatch/{preparing.pk}/actions/new/?item={item.pk}").content.decode()
    assert f'<option value="{item.pk}" selected>' in page
    response = client.post(f"/dispatch/{preparing.pk}/actions/new/", {
        "agenda_item": item.pk, "decision": "开发区管委会牵头建设污水管网", "owner_unit": cast.park_unit.pk,
        "owner_person": "", "deadline": "2026-08-31"})
    assert response.status_code == 302 and response.url == f"/dispatch/{preparing.pk}/"
    created = ActionItem.objects.get()
    assert (created.agenda_item, created.owner_unit, created.deadline) == (item, cast.park_unit, date(2026, 8, 31))
    response = client.get(f"/dispatch/{preparing.pk}/minutes.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = "\n".join(p.text for p in docx.Document(BytesIO(response.content)).paragraphs)
    assert "开发区管委会牵头建设污水管网（牵头单位：安徽潜山经济开发区管委会；完成时限：2026年8月31日）" in text


def test_a_unit_sees_and_reports_only_its_own_action_items(client, cast, held):
    own = action(cast, held, deadline=date(2026, 6, 29))
    other = action(cast, held, deadline=date(2026, 7, 20), unit=cast.unit_b, decision="完成土地挂牌")
    login_as(client, cast.clerk_a)
    response = client.get("/dispatch/actions/")
    assert [i.pk for i in response.context["page"].object_list] == [own.pk]
    assert client.get(f"/dispatch/actions/{other.pk}/").status_code == 404
    assert client.post(f"/dispatch/actions/{other.pk}/report/", {"done_on": "2026-06-30", "note": "完成"}).status_code == 404
    page = client.get(f"/dispatch/actions/{own.pk}/").content.decode()
    assert "逾期 1 天未完成" in page and "报告办结" in page
    response = client.post(f"/dispatch/actions/{own.pk}/report/", {"done_on": "2026-06-30", "note": "用地已报批。"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.done_on) == ("reported", date(2026, 6, 30))
    assert client.post(f"/dispatch/actions/{own.pk}/close/", {"close-note": "同意"}).status_code == 403
    login_as(client, cast.leader)
    response = client.get(f"/dispatch/actions/{own.pk}/")
    assert response.status_code == 200 and response.context["close_form"] is None
    assert response.context["report_form"] is None
    assert client.post(f"/dispatch/actions/{own.pk}/close/", {"close-note": "同意"}).status_code == 403
    login_as(client, cast.outsider)
    assert client.get(f"/dispatch/actions/{own.pk}/").status_code == 404
    assert list(client.get("/dispatch/actions/").context["page"].object_list) == []
    login_as(client, cast.bureau)
    response = client.post(f"/dispatch/actions/{own.pk}/close/", {"close-note": "已取得批复，同意销号。"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == "closed"


def test_the_action_list_filters_by_colour_and_status(client, cast, held):
    late = action(cast, held, deadline=date(2026, 6, 29))
    action(cast, held, deadline=date(2026, 7, 31))
    done = action(cast, held, deadline=date(2026, 6, 25))
    report(cast, done, done_on=date(2026, 6, 20))
    login_as(client, cast.bureau)
    assert [i.pk for i in client.get("/dispatch/actions/?colour=red").context["page"].object_list] == [late.pk]
    assert [i.pk for i in client.get("/dispatch/actions/?status=reported").context["page"].object_list] == [done.pk]
    assert len(client.get("/dispatch/actions/?status=unclosed").context["page"].object_list) == 3


def test_query_counts_do_not_grow_with_the_agenda(client, cast, held, django_assert_max_num_queries):
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.PREPARING)
    for n in range(20):
        agenda_item_add(acting_user=cast.bureau, meeting=held, title=f"议题{n}", reason="测试",
                        unit=[cast.unit_a, cast.unit_b][n % 2], tier=["on_site", "joint", "county"][n % 3])
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)
    for item in held.agenda_items.all()[:10]:
        action(cast, held, deadline=date(2026, 7, 10), agenda_item=item, owner_person=cast.clerk_a)
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(14):
        response = client.get(f"/dispatch/{held.pk}/")
    assert len(response.context["live"]) == 20
    with django_assert_max_num_queries(8):
        response = client.get("/dispatch/actions/")
    assert len(response.context["page"].object_list) == 10
    with django_assert_max_num_queries(5):
        client.get("/dispatch/")


def test_settings_belong_to_the_bureau(client, cast, today):
    login_as(client, cast.bureau)
    page = client.get("/dispatch/settings/").content.decode()
    assert "潜山市招商引资工作领导小组办公室" in page and "本县尚未设置" in page
    response = client.post("/dispatch/settings/", {"county": "340882", "stalled_months": 4,
                                                   "organ": "潜山市招商引资工作领导小组办公室", "number_prefix": "潜招〔"})
    assert response.status_code == 200 and "只写代字本身" in response.content.decode()
    response = client.post("/dispatch/settings/", {"county": "340882", "stalled_months": 4,
                                                   "organ": "潜山市招商引资工作领导小组办公室", "number_prefix": "潜招"})
    assert response.status_code == 302
    login_as(client, cast.leader)
    assert client.get("/dispatch/settings/").status_code == 403
