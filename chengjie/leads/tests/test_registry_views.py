"""The referrer registry (masked personal data, audited reveal) and the agency registry, for the role cast."""

import pytest
from stdnum.cn import ric

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import USCC_A, login_as
from chengjie.leads.models import Agency, Referrer
from chengjie.leads.services import agency_create, referrer_register
from chengjie.workcalendar import workdays

from .conftest import ID_PERSON, register

pytestmark = pytest.mark.django_db
FULL_VALUES = (ID_PERSON, "13812345678")


# --- referrers


def test_every_reader_sees_the_registry_masked(client, cast, referrer):
    for user in (cast.bureau, cast.leader, cast.clerk_a):
        login_as(client, user)
        for url in ("/leads/referrers/", f"/leads/referrers/{referrer.pk}/"):
            body = client.get(url).content.decode()
            assert "340824********0010" in body and "138****5678" in body, (user, url)
            assert not any(value in body for value in FULL_VALUES), (user, url)


def test_an_organisation_s_uscc_is_not_masked(client, cast):
    firm = referrer_register(acting_user=cast.bureau, name="潜山市刷业商会", kind=Referrer.Kind.ORGANISATION,
                             id_number=USCC_A)
    login_as(client, cast.leader)
    assert USCC_A in client.get(f"/leads/referrers/{firm.pk}/").content.decode()


def test_the_referrer_list_query_count_does_not_grow(client, cast, django_assert_max_num_queries):
    for n in range(20):
        base = f"34082419900101{n:03d}"
        referrer_register(acting_user=cast.bureau, name=f"引荐人{n}", kind=Referrer.Kind.PERSON,
                          id_number=base + ric.calc_check_digit(base + "0"), phone="13900000000")
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(7):
        response = client.get("/leads/referrers/")
    assert len(response.context["page"].object_list) == 20


def test_only_the_bureau_registers_referrers(client, cast):
    for user in (cast.clerk_a, cast.leader):
        login_as(client, user)
        assert client.get("/leads/referrers/new/").status_code == 403
    login_as(client, cast.bureau)
    response = client.post("/leads/referrers/new/", {"name": "王引荐", "kind": "person",
                                                     "id_number": "340824199001010011", "division": "340882"})
    assert response.status_code == 200 and "身份证号校验位错误：应为 0，实为 1。" in response.content.decode()
    response = client.post("/leads/referrers/new/", {"name": "王引荐", "kind": "person", "id_number": ID_PERSON,
                                                     "phone": "13812345678", "division": "340882"})
    referrer = Referrer.objects.get()
    assert response.url == f"/leads/referrers/{referrer.pk}/" and referrer.registered_by == cast.bureau


def test_the_bureau_reveals_a_value_with_a_purpose_and_it_is_audited(client, cast, referrer):
    login_as(client, cast.bureau)
    body = client.get(f"/leads/referrers/{referrer.pk}/").content.decode()
    assert body.count("<summary>查看完整信息</summary>") == 2
    response = client.post(f"/leads/referrers/{referrer.pk}/reveal/phone/", {"phone-purpose": "通知引荐人参加项目洽谈"},
                           headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "13812345678" in body and ID_PERSON not in body and "<html" not in body
    event = AuditEvent.objects.get(event="personal.revealed")
    assert event.object_type == "leads.referrer" and event.note == "通知引荐人参加项目洽谈"


def test_reveal_without_a_purpose_shows_nothing(client, cast, referrer):
    login_as(client, cast.bureau)
    response = client.post(f"/leads/referrers/{referrer.pk}/reveal/id_number/", {"id_number-purpose": "看"})
    body = response.content.decode()
    assert ID_PERSON not in body and "至少 4 个字" in body
    assert not AuditEvent.objects.filter(event="personal.revealed").exists()


def test_reveal_is_refused_to_readers_and_404_outside(client, cast, referrer):
    for user in (cast.leader, cast.clerk_a):
        login_as(client, user)
        assert "<summary>查看完整信息</summary>" not in client.get(f"/leads/referrers/{referrer.pk}/").content.decode()
        assert client.post(f"/leads/referrers/{referrer.pk}/reveal/phone/",
                           {"phone-purpose": "联系引荐人核实"}).status_code == 403
    login_as(client, cast.outsider)
    assert client.get(f"/leads/referrers/{referrer.pk}/").status_code == 404
    login_as(client, cast.bureau)
    assert client.post(f"/leads/referrers/{referrer.pk}/reveal/name/", {"name-purpose": "核实姓名"}).status_code == 404
    assert not AuditEvent.objects.filter(event="personal.revealed").exists()


def test_the_referrer_page_lists_the_leads_the_user_may_see(client, cast, referrer):
    register(cast, referrer=referrer, title="经信局引荐线索")
    register(cast, user=cast.clerk_b, unit=cast.unit_b, referrer=referrer, title="自然资源局引荐线索")
    login_as(client, cast.clerk_a)
    leads = client.get(f"/leads/referrers/{referrer.pk}/").context["leads"]
    assert {lead.title for lead in leads} == {"经信局引荐线索"}


# --- agencies


@pytest.fixture
def chamber(cast):
    return agency_create(acting_user=cast.bureau, name="上海安徽商会", kind=Agency.Kind.CHAMBER, contact="周会长")


def test_agencies_are_listed_in_scope(client, cast, chamber, django_assert_max_num_queries):
    for user in (cast.bureau, cast.leader, cast.clerk_a):
        login_as(client, user)
        workdays.invalidate()
        with django_assert_max_num_queries(6):
            assert "上海安徽商会" in client.get("/leads/agencies/").content.decode()
    login_as(client, cast.outsider)
    assert "上海安徽商会" not in client.get("/leads/agencies/").content.decode()
    assert client.get(f"/leads/agencies/{chamber.pk}/").status_code == 404


def test_the_bureau_registers_and_edits_agencies_and_others_may_not(client, cast, chamber):
    login_as(client, cast.bureau)
    response = client.post("/leads/agencies/new/", {"name": "深圳潜山商会", "kind": "hometown", "division": "340882",
                                                    "agreement_from": "2026-01-01", "agreement_to": "2025-12-31"})
    assert "协议截止日期（2025-12-31）早于起始日期（2026-01-01）。" in response.content.decode()
    response = client.post(f"/leads/agencies/{chamber.pk}/edit/", {"name": "上海安徽商会", "kind": "chamber",
                                                                   "agreement_to": "2027-12-31", "contact": "周会长",
                                                                   "is_active": "on"})
    assert response.status_code == 302
    chamber.refresh_from_db()
    assert str(chamber.agreement_to) == "2027-12-31" and chamber.is_active
    assert AuditEvent.objects.filter(event="agency.updated").exists()
    for user in (cast.leader, cast.clerk_a):
        login_as(client, user)
        assert client.get("/leads/agencies/new/").status_code == 403
        assert client.get(f"/leads/agencies/{chamber.pk}/edit/").status_code == 403
