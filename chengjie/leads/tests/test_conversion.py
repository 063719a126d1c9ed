"""A lead converts into a signed project through project_sign, keeping its history and its referrer; a
referrer registered after signing or the investor itself cannot be named."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template import RequestContext, Template
from django.utils import timezone

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import USCC_A, login_as
from chengjie.leads.models import Lead, Referrer
from chengjie.leads.services import lead_convert, referrer_register
from chengjie.projects.models import Project, ProjectType

from .conftest import advance, register

pytestmark = pytest.mark.django_db
Step = Lead.Step


def _sign(cast, lead, **extra):
    fields = {"name": lead.title, "investor_name": lead.investor_name, "project_type": ProjectType.INDUSTRIAL,
              "division": "340882400", "contracted_investment": Decimal("32000"), "introducing_unit": lead.unit,
              "signed_on": timezone.localdate(), "park": cast.park_obj}
    fields.update(extra)
    return lead_convert(acting_user=cast.bureau, lead=lead, **fields)


@pytest.fixture
def following(cast, referrer):
    return advance(cast, register(cast, referrer=referrer), Step.FOLLOWING)


def test_a_lead_converts_into_a_project_keeping_its_history_and_referrer(cast, following, referrer):
    project = _sign(cast, following)
    lead = Lead.objects.get(pk=following.pk)
    assert project.lead == lead and project.referrer == referrer and lead.project == project
    assert lead.step == Step.CONVERTED
    assert list(lead.step_log.values_list("step", flat=True)) == [
        Step.COLLECTED, Step.SCREENED, Step.ASSESSED, Step.ASSIGNED, Step.FOLLOWING, Step.CONVERTED]
    assert project.code in lead.step_log.last().note
    event = AuditEvent.objects.get(event="lead.converted")
    assert event.after["project"] == project.pk and event.before["step"] == Step.FOLLOWING
    assert AuditEvent.objects.filter(event="projects.signed", object_id=str(project.pk)).exists()


def test_a_lead_converts_once_assigned_and_not_before(cast, referrer):
    lead = advance(cast, register(cast), Step.ASSESSED)
    with pytest.raises(DomainError) as error:
        _sign(cast, lead)
    assert "交办给跟进单位之后才能转为项目" in error.value.message
    lead = advance(cast, lead, Step.ASSIGNED)
    assert _sign(cast, lead).lead_id == lead.pk


def test_a_converted_lead_cannot_convert_again(cast, following):
    _sign(cast, following)
    with pytest.raises(DomainError) as error:
        _sign(cast, Lead.objects.get(pk=following.pk), name="再签一次")
    assert "已签约" in error.value.message
    assert Project.objects.count() == 1


def test_only_the_bureau_converts(cast, following):
    with pytest.raises(DomainError) as error:
        lead_convert(acting_user=cast.clerk_a, lead=following, name="x", investor_name="y",
                     project_type=ProjectType.INDUSTRIAL, division="340882", contracted_investment=1,
                     introducing_unit=cast.unit_a, signed_on=timezone.localdate())
    assert error.value.code == "forbidden" and not Project.objects.exists()


def test_the_referrer_comes_from_the_lead(cast, following):
    with pytest.raises(DomainError) as error:
        _sign(cast, following, referrer=None)
    assert error.value.field == "referrer"


def test_a_referrer_registered_after_the_signing_date_cannot_be_named(cast, following, referrer):
    signed_on = referrer.registered_on - timedelta(days=1)
    with pytest.raises(DomainError) as error:
        _sign(cast, following, signed_on=signed_on)
    assert error.value.field == "referrer" and "晚于签约日期" in error.value.message
    assert not Project.objects.exists() and Lead.objects.get(pk=following.pk).step == Step.FOLLOWING


def test_the_investor_cannot_be_the_referrer_at_signing(cast):
    firm_as_referrer = referrer_register(acting_user=cast.bureau, name="示例刷业集团", kind=Referrer.Kind.ORGANISATION,
                                         id_number=USCC_A)
    lead = advance(cast, register(cast, investor_name="某投资人", referrer=firm_as_referrer), Step.ASSIGNED)
    with pytest.raises(DomainError) as error:
        _sign(cast, lead, investor=cast.firm, investor_name=cast.firm.name)
    assert "投资方及其合伙人不能作为引荐人" in error.value.message
    assert not Project.objects.exists()


# --- pages


def test_the_conversion_form_is_prefilled_from_the_lead(client, cast, following):
    login_as(client, cast.bureau)
    form = client.get(f"/leads/{following.pk}/convert/").context["form"]
    assert form.initial["name"] == following.title and form.initial["investor_name"] == following.investor_name
    assert form.initial["contracted_investment"] == Decimal("30000.00")
    assert form.initial["introducing_unit"] == cast.unit_a.pk and form.initial["industry"] == "3670"
    assert "referrer" not in form.fields


def test_converting_on_the_page_leads_to_the_project_and_back(client, cast, following):
    login_as(client, cast.bureau)
    response = client.post(f"/leads/{following.pk}/convert/", {
        "name": "年产500万套汽车零部件项目", "investor_name": "浙江某汽车零部件有限公司", "project_type": "industrial",
        "division": "340882400", "contracted_investment": "32000", "out_of_province_investment": "32000",
        "industry": "3670", "introducing_unit": cast.unit_a.pk, "park": cast.park_obj.pk,
        "signed_on": timezone.localdate().isoformat()})
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == f"/projects/{project.pk}/"
    assert project.lead_id == following.pk and project.referrer_id == following.referrer_id
    lead_page = client.get(f"/leads/{following.pk}/").content.decode()
    assert f'href="/projects/{project.pk}/"' in lead_page and "已签约为项目" in lead_page
    referrer_page = client.get(f"/leads/referrers/{following.referrer_id}/").content.decode()
    assert f'href="/projects/{project.pk}/"' in referrer_page


def test_conversion_is_refused_to_units_and_readers_and_404_outside(client, cast, following):
    for user, status in [(cast.clerk_a, 403), (cast.leader, 403), (cast.clerk_b, 404), (cast.outsider, 404)]:
        login_as(client, user)
        assert client.get(f"/leads/{following.pk}/convert/").status_code == status, user
    assert not Project.objects.exists()


def test_the_project_page_can_link_back_to_the_lead(rf, cast, following):
    """`{% project_origin project %}` is the fact row the project page shows: a link to the lead's history
    for whoever may see the lead."""
    project = _sign(cast, following)
    page = Template("{% load leads_tags %}{% project_origin project %}")
    for user, linked in [(cast.bureau, True), (cast.clerk_a, True), (cast.leader, True), (cast.clerk_b, False)]:
        request = rf.get("/")
        request.user = user
        html = page.render(RequestContext(request, {"project": project}))
        assert "来源线索" in html and following.title in html
        assert (f'href="/leads/{following.pk}/"' in html) is linked, user


def test_the_project_page_shows_where_the_project_came_from(client, cast, following):
    project = _sign(cast, following)
    login_as(client, cast.bureau)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "来源线索" in html and f'href="/leads/{following.pk}/"' in html
