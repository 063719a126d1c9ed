"""Lead pages for the role cast: units see their own leads, the bureau and leaders the county, outsiders
nothing; a form for each step; overdue shown from the clock."""

import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.leads.models import Lead, LeadStepLimit, Referrer
from chengjie.workcalendar import workdays

from .conftest import advance, at, register

pytestmark = pytest.mark.django_db
Step = Lead.Step


@pytest.fixture
def leads(cast):
    """Unit A's lead registered before National Day and left unscreened; unit B's lead already assigned
    back to unit B."""
    with at("2026-09-30 10:00"):
        late = register(cast, title="国庆前登记的线索")
    with at("2026-10-09 09:00"):
        other = advance(cast, register(cast, user=cast.clerk_b, unit=cast.unit_b, title="自然资源局的线索",
                                       channel=Lead.Channel.CHAMBER), Step.SCREENED)
    return late, other


def _titles(response) -> set[str]:
    return {lead.title for lead in response.context["page"].object_list}


# --- list


def test_the_bureau_and_leaders_see_the_county_and_units_their_own(client, cast, leads):
    for user, expected in [(cast.bureau, {"国庆前登记的线索", "自然资源局的线索"}),
                           (cast.leader, {"国庆前登记的线索", "自然资源局的线索"}),
                           (cast.clerk_a, {"国庆前登记的线索"}), (cast.head_a, {"国庆前登记的线索"}),
                           (cast.clerk_b, {"自然资源局的线索"}), (cast.outsider, set()), (cast.park, set())]:
        login_as(client, user)
        assert _titles(client.get("/leads/")) == expected, user


def test_users_without_lead_access_are_refused(client, cast):
    for user in (cast.enterprise, cast.sys_admin, cast.no_role):
        login_as(client, user)
        assert client.get("/leads/").status_code == 403, user


def test_the_list_shows_the_overdue_step_and_filters_by_it(client, cast, leads):
    login_as(client, cast.bureau)
    with at("2026-10-12 09:00"):
        response = client.get("/leads/")
        body = response.content.decode()
        assert "超时 3 个工作日" in body  # due 8 October; 9, 10 (worked Saturday) and 12 October late
        assert "在办 2 条，其中超时 1 条" in body
        assert _titles(client.get("/leads/?overdue=on")) == {"国庆前登记的线索"}
    assert _titles(client.get(f"/leads/?step={Step.SCREENED}")) == {"自然资源局的线索"}
    assert _titles(client.get("/leads/?channel=chamber")) == {"自然资源局的线索"}
    assert _titles(client.get(f"/leads/?unit={cast.unit_a.pk}")) == {"国庆前登记的线索"}
    assert _titles(client.get("/leads/?q=国庆")) == {"国庆前登记的线索"}


def test_the_list_query_count_does_not_grow_with_leads(client, cast, referrer, django_assert_max_num_queries):
    for n in range(25):
        register(cast, title=f"线索{n}", referrer=referrer)
    login_as(client, cast.bureau)
    workdays.invalidate()  # count the working-day calendar's own load too
    with django_assert_max_num_queries(11):
        response = client.get("/leads/")
    assert len(response.context["page"].object_list) == 25


def test_htmx_filtering_returns_the_table_alone(client, cast, leads):
    login_as(client, cast.bureau)
    body = client.get("/leads/?step=collected", headers={"HX-Request": "true"}).content.decode()
    assert "国庆前登记的线索" in body and "<html" not in body


# --- detail


def test_the_detail_shows_the_step_log_with_its_clock(client, cast, leads):
    late, _other = leads
    login_as(client, cast.bureau)
    with at("2026-10-09 15:00"):
        body = client.get(f"/leads/{late.pk}/").content.decode()
    assert "当前环节：收集" in body and "自 2026-09-30 起 1 个工作日内筛选，应于 2026-10-08 前完成。" in body
    assert "超时 1 个工作日" in body and "/leads/%d/step/screened/" % late.pk in body


def test_a_leader_reads_a_lead_without_any_action(client, cast, leads):
    late, _other = leads
    login_as(client, cast.leader)
    response = client.get(f"/leads/{late.pk}/")
    assert response.status_code == 200 and not response.context["actions"]
    assert "/step/" not in response.content.decode()


def test_a_lead_outside_scope_is_404(client, cast, leads):
    late, _other = leads
    for user in (cast.clerk_b, cast.outsider, cast.park):
        login_as(client, user)
        assert client.get(f"/leads/{late.pk}/").status_code == 404, user
        assert client.post(f"/leads/{late.pk}/step/screened/", {"note": "越权"}).status_code == 404, user


# --- registering and editing


def test_a_clerk_registers_a_lead_for_their_own_unit_only(client, cast):
    login_as(client, cast.clerk_a)
    data = {"title": "刷业智能制造项目", "investor_name": "浙江某刷业公司", "channel": "business",
            "estimated_investment": "8000", "industry": "4111", "unit": cast.unit_b.pk}
    response = client.post("/leads/new/", data)
    assert response.status_code == 200 and "所选项不存在或不在您的数据范围内" in response.content.decode()
    response = client.post("/leads/new/", data | {"unit": cast.unit_a.pk})
    lead = Lead.objects.get()
    assert response.url == f"/leads/{lead.pk}/" and lead.source_unit == cast.unit_a and lead.industry_id == "4111"


def test_register_is_refused_to_readers(client, cast):
    login_as(client, cast.leader)
    assert client.get("/leads/new/").status_code == 403


def test_the_registering_unit_edits_and_a_leader_may_not(client, cast, leads):
    late, _other = leads
    login_as(client, cast.leader)
    assert client.get(f"/leads/{late.pk}/edit/").status_code == 403
    login_as(client, cast.clerk_a)
    response = client.post(f"/leads/{late.pk}/edit/", {"title": "国庆前登记的线索（更正）", "investor_name": "浙江某公司",
                                                      "channel": "visit", "estimated_investment": "12000"})
    assert response.status_code == 302
    assert Lead.objects.get(pk=late.pk).title == "国庆前登记的线索（更正）"


# --- the loop's forms


def test_the_bureau_works_the_loop_through_its_forms(client, cast, leads):
    late, _other = leads
    login_as(client, cast.bureau)
    assert client.get(f"/leads/{late.pk}/step/screened/").status_code == 200
    assert client.post(f"/leads/{late.pk}/step/screened/", {"note": ""}).status_code == 302
    response = client.post(f"/leads/{late.pk}/step/assessed/", {"note": ""})
    assert response.status_code == 200 and response.context["form"].errors["note"]
    assert Lead.objects.get(pk=late.pk).step == Step.SCREENED
    assert client.post(f"/leads/{late.pk}/step/assessed/", {"note": "投资方实力强"}).status_code == 302
    form = client.get(f"/leads/{late.pk}/step/assigned/").context["form"]
    assert set(form.fields["unit"].queryset) >= {cast.unit_a, cast.unit_b}
    assert all(unit.division_id.startswith("340882") for unit in form.fields["unit"].queryset)
    assert client.post(f"/leads/{late.pk}/step/assigned/", {"note": "请对接", "unit": cast.unit_b.pk}).status_code == 302
    lead = Lead.objects.get(pk=late.pk)
    assert lead.step == Step.ASSIGNED and lead.unit == cast.unit_b


def test_a_step_out_of_order_or_for_the_wrong_person_is_refused(client, cast, leads):
    late, _other = leads
    login_as(client, cast.bureau)
    assert client.post(f"/leads/{late.pk}/step/assessed/", {"note": "跳过筛选"}).status_code == 403
    assert client.get(f"/leads/{late.pk}/step/nonsense/").status_code == 404
    login_as(client, cast.clerk_a)
    assert client.post(f"/leads/{late.pk}/step/screened/", {"note": "自己筛选"}).status_code == 403
    login_as(client, cast.leader)
    assert client.post(f"/leads/{late.pk}/step/screened/", {"note": "领导筛选"}).status_code == 403
    assert Lead.objects.get(pk=late.pk).step == Step.COLLECTED


def test_the_assigned_unit_feeds_back_and_reports(client, cast, leads):
    late, _other = leads
    advance(cast, late, Step.ASSIGNED)
    login_as(client, cast.clerk_a)
    assert client.get(f"/leads/{late.pk}/report/").status_code == 403
    assert client.post(f"/leads/{late.pk}/step/following/", {"note": "已电话对接"}).status_code == 302
    assert client.post(f"/leads/{late.pk}/report/", {"note": "投资方下周来潜考察"}).status_code == 302
    assert Lead.objects.get(pk=late.pk).step_log.filter(is_report=True).count() == 1
    login_as(client, cast.head_a)
    assert client.post(f"/leads/{late.pk}/report/", {"note": "负责人也可以报告"}).status_code == 302


def test_the_bureau_drops_a_lead_with_a_reason(client, cast, leads):
    late, _other = leads
    login_as(client, cast.clerk_a)
    assert client.get(f"/leads/{late.pk}/drop/").status_code == 403
    login_as(client, cast.bureau)
    assert client.post(f"/leads/{late.pk}/drop/", {"reason": "投资方另选他地"}).status_code == 302
    assert Lead.objects.get(pk=late.pk).step == Step.DROPPED
    assert client.get(f"/leads/{late.pk}/drop/").status_code == 403


# --- step limits


def test_the_bureau_sets_the_county_s_step_limits(client, cast):
    login_as(client, cast.bureau)
    assert "默认 1 个工作日" in client.get("/leads/limits/").content.decode()
    response = client.post("/leads/limits/", {"collected": "2", "screened": "", "assessed": "1", "assigned": "5",
                                              "following": "10"})
    assert response.status_code == 302
    assert dict(LeadStepLimit.objects.values_list("step", "workdays")) == {"collected": 2, "assigned": 5}
    assert AuditEvent.objects.filter(event="lead_step_limit.set").count() == 1


def test_units_and_leaders_read_the_limits_but_cannot_set_them(client, cast):
    for user in (cast.clerk_a, cast.leader):
        login_as(client, user)
        response = client.get("/leads/limits/")
        assert response.status_code == 200 and response.context["form"] is None
        assert client.post("/leads/limits/", {"collected": "5"}).status_code == 403
    assert not LeadStepLimit.objects.exists()


def test_a_lead_naming_a_lapsed_referrer_can_still_be_corrected(client, cast, referrer):
    lead = register(cast, referrer=referrer)
    Referrer.objects.filter(pk=referrer.pk).update(is_active=False)
    login_as(client, cast.clerk_a)
    response = client.post(f"/leads/{lead.pk}/edit/", {"title": "更正后的线索名称", "investor_name": lead.investor_name,
                                                      "channel": lead.channel, "referrer": referrer.pk})
    assert response.status_code == 302
    assert Lead.objects.get(pk=lead.pk).title == "更正后的线索名称"
