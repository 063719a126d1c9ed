"""引荐人备案: a referrer must be registered before a lead or a project can name them (a reward goes only
to a referrer registered before signing). Their ID number and phone are personal data."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.parks.services import PHONE_SHAPE, personal_value_reveal, uscc_clean

from ..masking import revealable_fields
from ..models import Referrer
from .common import county_in_scope, require, same_name

# Personal data (ID number, phone) is never copied into the audit trail; the row says it was given.
REFERRER_AUDIT_FIELDS = ["name", "kind", "division", "registered_on", "registered_by", "note", "is_active"]


def resident_id_clean(value: str, *, field: str = "id_number") -> str:
    """A 居民身份证号码 (GB 11643-1999) validated with python-stdnum, saying what is wrong: the length,
    a character, the check character, the birth date or the address code."""
    number = ric.compact(unicodedata.normalize("NFKC", value or ""))
    if not number:
        raise DomainError(_("请填写身份证号。"), field=field)
    try:
        return ric.validate(number)
    except InvalidLength:
        raise DomainError(_("身份证号应为 18 位，实为 %(length)s 位。") % {"length": len(number)}, field=field) from None
    except InvalidFormat:
        raise DomainError(_("身份证号前 17 位只能是数字，最后一位是数字或 X。"), field=field) from None
    except InvalidChecksum:
        raise DomainError(_("身份证号校验位错误：应为 %(expected)s，实为 %(actual)s。")
                          % {"expected": ric.calc_check_digit(number), "actual": number[-1]}, field=field) from None
    except InvalidComponent:
        try:
            ric.get_birth_date(number)
        except InvalidComponent:
            raise DomainError(_("身份证号第 7–14 位的出生日期“%(digits)s”不是有效日期。") % {"digits": number[6:14]},
                              field=field) from None
        raise DomainError(_("身份证号前 6 位的地址码“%(code)s”在出生年份不是有效的行政区划代码。") % {"code": number[:6]},
                          field=field) from None


def _referrer_in_scope(*, user, referrer: Referrer) -> None:
    prefix = user.scope_prefix
    if prefix is None or not referrer.division_id.startswith(prefix):
        raise DomainError(_("该引荐人不在您的数据范围内。"), field="referrer")


@transaction.atomic
def referrer_register(*, acting_user, name: str, kind: str, id_number: str, phone: str = "", note: str = "",
                      division_code: str | None = None) -> Referrer:
    """备案 a referrer in a county, dated today: a registration cannot be backdated, since the date decides
    whether the referrer may be named on a project signed that day."""
    require(acting_user, "leads.manage", _("备案引荐人"))
    division = county_in_scope(user=acting_user, code=division_code)
    name = clean_text(name, label=_("引荐人姓名或名称"), field="name", max_length=100, required=True)
    if kind not in Referrer.Kind.values:
        raise DomainError(_("引荐人类型“%(kind)s”无效：应为个人或单位。") % {"kind": kind}, field="kind")
    if kind == Referrer.Kind.PERSON:
        id_number = resident_id_clean(id_number)
    else:
        id_number = uscc_clean(id_number, field="id_number")
    holder = Referrer.objects.filter(division=division, id_number=id_number, is_active=True).first()
    if holder is not None:
        raise DomainError(_("该证件号码已于 %(date)s 备案为引荐人“%(name)s”。")
                          % {"date": f"{holder.registered_on:%Y-%m-%d}", "name": holder.name}, field="id_number")
    phone = clean_text(phone, label=_("联系电话"), field="phone", max_length=20, required=False)
    if phone and not PHONE_SHAPE.match(phone):
        raise DomainError(_("联系电话“%(phone)s”格式不正确：请填写手机号或带区号的固定电话。") % {"phone": phone},
                          field="phone")
    referrer = Referrer.objects.create(
        name=name, kind=kind, division=division, id_number=id_number, phone=phone,
        note=clean_text(note, label=_("备注"), field="note", max_length=500, required=False),
        registered_on=timezone.localdate(),
        registered_by=acting_user)
    after = snapshot(referrer, fields=REFERRER_AUDIT_FIELDS)
    after["personal_fields_given"] = sorted(f for f in ("id_number", "phone") if getattr(referrer, f))
    audit_record(event="referrer.registered", acting_user=acting_user, obj=referrer, after=after)
    return referrer


@transaction.atomic
def referrer_reveal(*, acting_user, referrer: Referrer, field: str, purpose: str) -> str:
    _referrer_in_scope(user=acting_user, referrer=referrer)
    return personal_value_reveal(acting_user=acting_user, obj=referrer, fields=revealable_fields(referrer),
                                 field=field, purpose=purpose)


def check_referrer(referrer: Referrer | None, *, county: str, investor_name: str, investor=None,
                   on: date | None = None) -> None:
    """A referrer may be named only when registered in the lead's county on or before `on` (the signing
    date for a project), and never for their own investment: the investor and its partners cannot be
    referrers (one county's referrer reward rules)."""
    if referrer is None:
        return
    if not referrer.is_active:
        raise DomainError(_("引荐人“%(name)s”的备案已注销，不能选用。") % {"name": referrer.name}, field="referrer")
    if referrer.division_id[:6] != county:
        raise DomainError(_("引荐人“%(name)s”不是在本县（市、区）备案的引荐人。") % {"name": referrer.name},
                          field="referrer")
    on = on or timezone.localdate()
    if referrer.registered_on > on:
        raise DomainError(_("引荐人“%(name)s”于 %(registered)s 备案，晚于签约日期 %(signed)s：只有签约前已备案的引荐人"
                            "才能列为引荐人。") % {"name": referrer.name, "registered": f"{referrer.registered_on:%Y-%m-%d}",
                                           "signed": f"{on:%Y-%m-%d}"}, field="referrer")
    investor_names = [investor_name, investor.name if investor is not None else ""]
    if any(same_name(referrer.name, name) for name in investor_names) or (
            investor is not None and referrer.id_number == investor.uscc):
        raise DomainError(_("引荐人“%(name)s”就是投资方：投资方及其合伙人不能作为引荐人。") % {"name": referrer.name},
                          field="referrer")
