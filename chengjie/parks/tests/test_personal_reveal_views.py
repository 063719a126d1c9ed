"""个人信息保护法: phones are masked everywhere by default; a user with personal.reveal sees one value by
stating a purpose, and that is audited."""

import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.parks.services import enterprise_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(cast):
    return enterprise_update(acting_user=cast.bureau, enterprise=cast.firm, legal_representative="王某",
                             legal_representative_phone="13700001111")


def test_both_phones_are_masked_on_the_file(client, cast, firm):
    login_as(client, cast.bureau)
    body = client.get(f"/parks/enterprises/{firm.pk}/").content.decode()
    assert "139****5678" in body and "137****1111" in body
    assert "13912345678" not in body and "13700001111" not in body
    assert body.count("<summary>查看完整号码</summary>") == 2


def test_reveal_with_a_purpose_shows_the_value_and_audits_the_purpose(client, cast, firm):
    login_as(client, cast.bureau)
    response = client.post(f"/parks/enterprises/{firm.pk}/reveal/contact_phone/",
                           {"contact_phone-field": "contact_phone", "contact_phone-purpose": "联系企业核实项目开工时间"},
                           headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "13912345678" in body and "<html" not in body
    assert "13700001111" not in body  # one value, not the whole file
    event = AuditEvent.objects.get(event="personal.revealed")
    assert event.note == "联系企业核实项目开工时间" and event.object_id == str(firm.pk)
    assert event.after["field"] == "contact_phone" and event.actor_username == "bureau"


def test_reveal_without_htmx_renders_the_file_with_that_value(client, cast, firm):
    login_as(client, cast.bureau)
    response = client.post(f"/parks/enterprises/{firm.pk}/reveal/legal_representative_phone/",
                           {"legal_representative_phone-field": "legal_representative_phone",
                            "legal_representative_phone-purpose": "通知法定代表人参加季度调度会"})
    body = response.content.decode()
    assert "13700001111" in body and "13912345678" not in body and "139****5678" in body


def test_reveal_without_a_purpose_shows_nothing_and_audits_nothing(client, cast, firm):
    login_as(client, cast.bureau)
    response = client.post(f"/parks/enterprises/{firm.pk}/reveal/contact_phone/",
                           {"contact_phone-field": "contact_phone", "contact_phone-purpose": "看"},
                           headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "13912345678" not in body and "至少 4 个字" in body
    assert not AuditEvent.objects.filter(event="personal.revealed").exists()


def test_reveal_is_refused_to_users_without_the_capability(client, cast, firm):
    for user in (cast.leader, cast.park, cast.enterprise):
        login_as(client, user)
        response = client.post(f"/parks/enterprises/{firm.pk}/reveal/contact_phone/",
                               {"contact_phone-field": "contact_phone", "contact_phone-purpose": "联系企业核实情况"})
        assert response.status_code == 403
    assert not AuditEvent.objects.filter(event="personal.revealed").exists()


def test_reveal_outside_scope_is_404_and_other_fields_are_not_revealable(client, cast, firm):
    login_as(client, cast.bureau)
    assert client.post(f"/parks/enterprises/{firm.pk}/reveal/uscc/", {"uscc-purpose": "核实代码"}).status_code == 404
    cast.bureau.division_id = "340881"
    cast.bureau.save(update_fields=["division"])
    response = client.post(f"/parks/enterprises/{firm.pk}/reveal/contact_phone/",
                           {"contact_phone-field": "contact_phone", "contact_phone-purpose": "联系企业核实情况"})
    assert response.status_code == 404
