"""引荐人备案: identity checked with python-stdnum, one registration per person in a county, personal data
kept out of the audit trail, registered before being named, never the investor."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import USCC_A
from chengjie.leads.masking import mask_id_number, masked
from chengjie.leads.models import Referrer
from chengjie.leads.services import lead_update, referrer_register, referrer_reveal
from chengjie.leads.services.referrers import check_referrer

from .conftest import ID_PERSON, register

pytestmark = pytest.mark.django_db


def test_a_person_is_registered_today_and_the_audit_keeps_no_personal_data(cast, referrer):
    assert referrer.registered_on == timezone.localdate() and referrer.division_id == "340882"
    assert referrer.registered_by == cast.bureau and referrer.id_number == ID_PERSON
    event = AuditEvent.objects.get(event="referrer.registered")
    assert event.after["personal_fields_given"] == ["id_number", "phone"]
    assert ID_PERSON not in str(event.after) and "13812345678" not in str(event.after)


@pytest.mark.parametrize(("id_number", "message"), [
    ("34082419900101001", "身份证号应为 18 位，实为 17 位。"),
    ("340824199001010011", "身份证号校验位错误：应为 0，实为 1。"),
    ("34082419900101A010", "身份证号前 17 位只能是数字，最后一位是数字或 X。"),
    ("34082419900230001X", "身份证号第 7–14 位的出生日期“19900230”不是有效日期。"),
    ("340824198001010016", "身份证号前 6 位的地址码“340824”在出生年份不是有效的行政区划代码。"),
])
def test_a_person_s_id_number_is_checked_and_the_message_says_what_is_wrong(cast, id_number, message):
    with pytest.raises(DomainError) as error:
        referrer_register(acting_user=cast.bureau, name="张三", kind=Referrer.Kind.PERSON, id_number=id_number)
    assert error.value.field == "id_number" and error.value.message == message


def test_a_full_width_id_number_typed_on_a_phone_is_accepted(cast):
    referrer = referrer_register(acting_user=cast.bureau, name="王五", kind=Referrer.Kind.PERSON,
                                 id_number="３４０８２４１９９００１０１００１０")
    assert referrer.id_number == ID_PERSON


def test_an_organisation_is_registered_by_its_uscc(cast):
    with pytest.raises(DomainError) as error:
        referrer_register(acting_user=cast.bureau, name="潜山商会", kind=Referrer.Kind.ORGANISATION,
                          id_number=USCC_A[:-1] + "Y")
    assert error.value.field == "id_number" and "校验位错误" in error.value.message
    referrer = referrer_register(acting_user=cast.bureau, name="潜山商会", kind=Referrer.Kind.ORGANISATION,
                                 id_number=USCC_A.lower())
    assert referrer.id_number == USCC_A and masked(referrer, "id_number") == USCC_A


def test_the_same_person_is_registered_once_per_county(cast, referrer):
    with pytest.raises(DomainError) as error:
        referrer_register(acting_user=cast.bureau, name="李某", kind=Referrer.Kind.PERSON, id_number=ID_PERSON)
    assert error.value.message == f"该证件号码已于 {referrer.registered_on:%Y-%m-%d} 备案为引荐人“李引荐”。"


def test_only_the_bureau_registers_referrers(cast):
    for user in (cast.clerk_a, cast.leader):
        with pytest.raises(DomainError) as error:
            referrer_register(acting_user=user, name="张三", kind=Referrer.Kind.PERSON, id_number=ID_PERSON)
        assert error.value.code == "forbidden"


def test_ids_and_phones_are_masked(referrer):
    assert mask_id_number(ID_PERSON) == "340824********0010"
    assert masked(referrer, "id_number") == "340824********0010" and masked(referrer, "phone") == "138****5678"


def test_reveal_needs_the_capability_and_a_purpose_and_is_audited(cast, referrer):
    with pytest.raises(DomainError) as error:
        referrer_reveal(acting_user=cast.leader, referrer=referrer, field="phone", purpose="联系引荐人核实")
    assert error.value.code == "forbidden"
    with pytest.raises(DomainError) as error:
        referrer_reveal(acting_user=cast.bureau, referrer=referrer, field="phone", purpose="看")
    assert "至少 4 个字" in error.value.message
    assert referrer_reveal(acting_user=cast.bureau, referrer=referrer, field="id_number",
                           purpose="核对引荐奖励申请人身份") == ID_PERSON
    event = AuditEvent.objects.get(event="personal.revealed")
    assert event.object_type == "leads.referrer" and event.object_id == str(referrer.pk)
    assert event.after == {"field": "id_number", "label": "身份证号"} and event.note == "核对引荐奖励申请人身份"


def test_reveal_outside_scope_is_refused(cast, referrer):
    cast.bureau.division_id = "340881"
    cast.bureau.save(update_fields=["division"])
    with pytest.raises(DomainError):
        referrer_reveal(acting_user=cast.bureau, referrer=referrer, field="phone", purpose="联系引荐人核实")
    assert not AuditEvent.objects.filter(event="personal.revealed").exists()


def test_a_lead_names_only_a_registered_active_referrer_of_its_county(cast, referrer):
    lead = register(cast, referrer=referrer)
    assert lead.referrer == referrer
    Referrer.objects.filter(pk=referrer.pk).update(is_active=False)
    referrer.refresh_from_db()
    with pytest.raises(DomainError) as error:
        register(cast, referrer=referrer)
    assert "备案已注销" in error.value.message


def test_the_investor_cannot_be_its_own_referrer(cast):
    investor = referrer_register(acting_user=cast.bureau, name="浙江某汽车零部件有限公司",
                                 kind=Referrer.Kind.ORGANISATION, id_number=USCC_A)
    with pytest.raises(DomainError) as error:
        register(cast, referrer=investor)
    assert error.value.field == "referrer" and "投资方及其合伙人不能作为引荐人" in error.value.message
    lead = register(cast, investor_name="江苏某机械有限公司", referrer=investor)
    with pytest.raises(DomainError):
        lead_update(acting_user=cast.clerk_a, lead=lead, investor_name="浙江某汽车零部件 有限公司")


def test_the_investor_is_recognised_by_its_uscc_too(cast):
    investor = referrer_register(acting_user=cast.bureau, name="示例刷业", kind=Referrer.Kind.ORGANISATION,
                                 id_number=USCC_A)
    with pytest.raises(DomainError) as error:
        check_referrer(investor, county="340882", investor_name="安徽潜山示例刷业有限公司", investor=cast.firm)
    assert "投资方" in error.value.message


def test_a_referrer_registered_after_signing_cannot_be_named(cast, referrer):
    yesterday = referrer.registered_on - timedelta(days=1)
    with pytest.raises(DomainError) as error:
        check_referrer(referrer, county="340882", investor_name="某公司", on=yesterday)
    assert error.value.message == (f"引荐人“李引荐”于 {referrer.registered_on:%Y-%m-%d} 备案，晚于签约日期 "
                                   f"{yesterday:%Y-%m-%d}：只有签约前已备案的引荐人才能列为引荐人。")
    check_referrer(referrer, county="340882", investor_name="某公司", on=referrer.registered_on)
    check_referrer(referrer, county="340882", investor_name="某公司", on=date(2099, 1, 1))
