"""Writes on the park and enterprise registries, and revealing a masked personal value.

A park user acts only for the park(s) their committee runs; everyone else for their division scope.
Every service raises DomainError naming the field and writes its audit row in the same transaction."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from chengjie.accounts.roles import Role
from chengjie.audit.services import audit_record, snapshot
from chengjie.core.amounts import non_negative
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.core.updates import check_editable
from chengjie.org.models import Industry, Unit
from chengjie.org.services import county_of, division_in_scope, unit_in_scope

from .masking import PERSONAL_FIELDS
from .models import Enterprise, Park

PARK_AUDIT_FIELDS = ["name", "kind", "division", "committee", "catalogue_code", "approved_by", "approved_on",
                     "approved_area_ha", "planned_area_km2", "built_area_km2", "leading_industries", "is_active"]
PARK_EDITABLE = set(PARK_AUDIT_FIELDS) - {"division", "is_active"} | {"division_code"}
# Personal data (phones) is never copied into the audit trail; the row records that it changed.
ENTERPRISE_AUDIT_FIELDS = ["uscc", "name", "division", "park", "industry", "legal_representative", "contact_name",
                           "address", "registered_capital", "established_on", "is_active"]
ENTERPRISE_EDITABLE = (set(ENTERPRISE_AUDIT_FIELDS) - {"division", "industry", "is_active"}
                       | {"division_code", "industry_code"} | set(PERSONAL_FIELDS))
# GB 32100-2015: the first 8 characters are digits; the other 10 use 0-9 and capitals except I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
PHONE_SHAPE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")


def uscc_clean(value: str, *, field: str = "uscc") -> str:
    """Normalise (strip, upper-case) and validate a 统一社会信用代码 with python-stdnum, saying exactly
    what is wrong: the length, a character, or the check character."""
    # NFKC turns full-width characters typed through a Chinese input method into ASCII.
    number = stdnum_uscc.compact(unicodedata.normalize("NFKC", value or ""))
    if not number:
        raise DomainError(_("请填写统一社会信用代码。"), field=field)
    try:
        return stdnum_uscc.validate(number)
    except InvalidLength:
        raise DomainError(_("统一社会信用代码应为 18 位，实为 %(length)s 位。") % {"length": len(number)}, field=field) from None
    except InvalidChecksum:
        expected = stdnum_uscc.calc_check_digit(number[:17])
        raise DomainError(_("统一社会信用代码校验位错误：应为 %(expected)s，实为 %(actual)s。")
                          % {"expected": expected, "actual": number[-1]}, field=field) from None
    except InvalidFormat:
        for position, char in enumerate(number, start=1):
            if position <= 8 and char not in "0123456789":
                raise DomainError(_("统一社会信用代码第 %(position)s 位“%(char)s”无效：第 1–8 位只能是数字。")
                                  % {"position": position, "char": char}, field=field) from None
            if char not in USCC_ALPHABET:
                raise DomainError(_("统一社会信用代码第 %(position)s 位“%(char)s”无效：第 9–18 位只能是数字或"
                                    "除 I、O、Z、S、V 以外的大写字母。")
                                  % {"position": position, "char": char}, field=field) from None
        raise


def _clean_phone(value, *, label: str, field: str) -> str:
    value = (value or "").strip()
    if value and not PHONE_SHAPE.match(value):
        raise DomainError(_("%(label)s“%(value)s”格式不正确：请填写手机号或带区号的固定电话。")
                          % {"label": label, "value": value}, field=field)
    return value


def _not_future(value: date | None, *, label: str, field: str) -> date | None:
    if value is not None and value > timezone.localdate():
        raise DomainError(_("%(label)s（%(value)s）不能晚于今天。")
                          % {"label": label, "value": value.strftime("%Y-%m-%d")}, field=field)
    return value


def _park_writable(*, user, park: Park) -> None:
    """A park user acts only for the parks their own committee runs."""
    prefix = user.scope_prefix
    inside = prefix is not None and park.division_id.startswith(prefix)
    if inside and user.role == Role.PARK:
        inside = park.committee_id is not None and park.committee_id in user.unit_and_descendant_ids()
    if not inside:
        raise DomainError(_("该园区不在您的数据范围内，未作任何修改。"), field="park")


def _check_park(*, acting_user, park: Park) -> None:
    park.name = clean_text(park.name, label=_("园区名称"), field="name", max_length=100, required=True)
    if park.kind not in Park.Kind.values:
        raise DomainError(_("园区类型“%(park_kind)s”无效。") % {"park_kind": park.kind}, field="kind")
    if Park.objects.filter(division_id=park.division_id, name=park.name).exclude(pk=park.pk).exists():
        raise DomainError(_("%(division_name)s已登记名为“%(park_name)s”的园区。")
                          % {"division_name": park.division.name, "park_name": park.name}, field="name")
    if park.committee is not None:
        unit_in_scope(user=acting_user, unit=park.committee, field="committee", label=_("管理机构"))
        if county_of(park.committee.division_id) != county_of(park.division_id):
            raise DomainError(_("管理机构“%(committee_name)s”与园区不在同一县（市、区）。")
                              % {"committee_name": park.committee.name}, field="committee")
    elif acting_user.role == Role.PARK:
        raise DomainError(_("园区用户登记或修改的园区必须由本单位管理。"), field="committee")
    for field, label, length in (("catalogue_code", _("开发区目录代码"), 20), ("approved_by", _("批准机关"), 50),
                                 ("leading_industries", _("主导产业"), 200)):
        setattr(park, field, clean_text(getattr(park, field), label=label, field=field, max_length=length,
                                        required=False))
    park.approved_on = _not_future(park.approved_on, label=_("批准时间"), field="approved_on")
    for field, label in (("approved_area_ha", _("核准面积")), ("planned_area_km2", _("规划面积")),
                         ("built_area_km2", _("建成面积"))):
        setattr(park, field, non_negative(getattr(park, field), label=label, field=field))


@transaction.atomic
def park_create(*, acting_user, name: str, kind: str, division_code: str, committee: Unit | None = None,
                catalogue_code: str = "", approved_by: str = "", approved_on: date | None = None,
                approved_area_ha: Decimal | None = None, planned_area_km2: Decimal | None = None,
                built_area_km2: Decimal | None = None, leading_industries: str = "") -> Park:
    division = division_in_scope(user=acting_user, code=division_code)
    park = Park(name=name, kind=kind, division=division, committee=committee, catalogue_code=catalogue_code,
                approved_by=approved_by, approved_on=approved_on, approved_area_ha=approved_area_ha,
                planned_area_km2=planned_area_km2, built_area_km2=built_area_km2,
                leading_industries=leading_industries)
    _check_park(acting_user=acting_user, park=park)
    park.save()
    audit_record(event="park.created", acting_user=acting_user, obj=park,
                 after=snapshot(park, fields=PARK_AUDIT_FIELDS))
    return park


@transaction.atomic
def park_update(*, acting_user, park: Park, **changes) -> Park:
    """Change any of the park's fields (division as division_code); fields not given stay as they are."""
    check_editable(changes, PARK_EDITABLE)
    park = Park.objects.select_for_update(of=("self",)).select_related("division", "committee").get(pk=park.pk)
    _park_writable(user=acting_user, park=park)
    if not park.is_active:
        raise DomainError(_("“%(park_name)s”已停用，不能修改。") % {"park_name": park.name}, field="park")
    before = snapshot(park, fields=PARK_AUDIT_FIELDS)
    if "division_code" in changes:
        park.division = division_in_scope(user=acting_user, code=changes.pop("division_code"))
    for name, value in changes.items():
        setattr(park, name, value)
    _check_park(acting_user=acting_user, park=park)
    park.save()
    audit_record(event="park.updated", acting_user=acting_user, obj=park, before=before,
                 after=snapshot(park, fields=PARK_AUDIT_FIELDS))
    return park


@transaction.atomic
def park_disable(*, acting_user, park: Park) -> Park:
    """Disable a park (撤销 or merged). Firms still registered in it would lose their park, so they are
    moved first."""
    park = Park.objects.select_for_update(of=("self",)).select_related("division").get(pk=park.pk)
    _park_writable(user=acting_user, park=park)
    if not park.is_active:
        raise DomainError(_("“%(park_name)s”已经停用。") % {"park_name": park.name}, field="park")
    if count := park.enterprises.filter(is_active=True).count():
        raise DomainError(_("园区内还有 %(count)s 家存续企业，请先把它们调整到其他园区。") % {"count": count}, field="park")
    before = snapshot(park, fields=PARK_AUDIT_FIELDS)
    park.is_active = False
    park.save(update_fields=["is_active"])
    audit_record(event="park.disabled", acting_user=acting_user, obj=park, before=before,
                 after=snapshot(park, fields=PARK_AUDIT_FIELDS))
    return park


def _enterprise_writable(*, user, enterprise: Enterprise) -> None:
    prefix = user.scope_prefix
    inside = prefix is not None and enterprise.division_id.startswith(prefix)
    if inside and user.role == Role.PARK:
        inside = enterprise.park is not None and enterprise.park.committee_id in user.unit_and_descendant_ids()
    if not inside:
        raise DomainError(_("该企业不在您的数据范围内，未作任何修改。"), field="enterprise")


def _check_enterprise(*, acting_user, enterprise: Enterprise) -> None:
    enterprise.uscc = uscc_clean(enterprise.uscc)
    holder = Enterprise.objects.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk).first()
    if holder is not None:
        raise DomainError(_("该统一社会信用代码已登记为%(holder_name)s。") % {"holder_name": holder.name}, field="uscc")
    enterprise.name = clean_text(enterprise.name, label=_("企业名称"), field="name", max_length=200, required=True)
    park = enterprise.park
    if park is not None:
        _park_writable(user=acting_user, park=park)
        if not park.is_active:
            raise DomainError(_("园区“%(park_name)s”已停用，不能选用。") % {"park_name": park.name}, field="park")
        if county_of(park.division_id) != county_of(enterprise.division_id):
            raise DomainError(_("园区“%(park_name)s”与企业所在区划不在同一县（市、区）。") % {"park_name": park.name}, field="park")
    elif acting_user.role == Role.PARK:
        raise DomainError(_("园区用户登记的企业必须属于本园区，请选择所在园区。"), field="park")
    for field, label, length in (("legal_representative", _("法定代表人"), 50), ("contact_name", _("联系人"), 50),
                                 ("address", _("地址"), 200)):
        setattr(enterprise, field, clean_text(getattr(enterprise, field), label=label, field=field,
                                               max_length=length, required=False))
    for field, label in PERSONAL_FIELDS.items():
        setattr(enterprise, field, _clean_phone(getattr(enterprise, field), label=label, field=field))
    enterprise.registered_capital = non_negative(enterprise.registered_capital, label=_("注册资本"),
                                                  field="registered_capital")
    enterprise.established_on = _not_future(enterprise.established_on, label=_("成立日期"), field="established_on")


def _industry(code: str | None) -> Industry | None:
    code = (code or "").strip()
    if not code:
        return None
    industry = Industry.objects.filter(code=code.upper(), is_active=True).first()
    if industry is None:
        raise DomainError(_("行业代码“%(code)s”不在国民经济行业分类（GB/T 4754-2017）中。") % {"code": code}, field="industry")
    return industry


def _enterprise_after(enterprise: Enterprise, before: dict | None = None, before_phones: dict | None = None) -> dict:
    after = snapshot(enterprise, fields=ENTERPRISE_AUDIT_FIELDS)
    if before_phones is not None:
        changed = sorted(f for f in PERSONAL_FIELDS if getattr(enterprise, f) != before_phones[f])
        if changed:
            after["personal_fields_changed"] = changed
    return after


@transaction.atomic
def enterprise_create(*, acting_user, uscc: str, name: str, division_code: str, park: Park | None = None,
                      industry_code: str = "", legal_representative: str = "", legal_representative_phone: str = "",
                      contact_name: str = "", contact_phone: str = "", address: str = "",
                      registered_capital: Decimal | None = None, established_on: date | None = None) -> Enterprise:
    division = division_in_scope(user=acting_user, code=division_code)
    enterprise = Enterprise(uscc=uscc, name=name, division=division, park=park, industry=_industry(industry_code),
                            legal_representative=legal_representative,
                            legal_representative_phone=legal_representative_phone, contact_name=contact_name,
                            contact_phone=contact_phone, address=address, registered_capital=registered_capital,
                            established_on=established_on)
    _check_enterprise(acting_user=acting_user, enterprise=enterprise)
    enterprise.save()
    audit_record(event="enterprise.created", acting_user=acting_user, obj=enterprise,
                 after=_enterprise_after(enterprise))
    return enterprise


@transaction.atomic
def enterprise_update(*, acting_user, enterprise: Enterprise, **changes) -> Enterprise:
    """Change any of the firm's fields (division as division_code, industry as industry_code)."""
    check_editable(changes, ENTERPRISE_EDITABLE)
    enterprise = (Enterprise.objects.select_for_update(of=("self",)).select_related("division", "park", "industry")
                  .get(pk=enterprise.pk))
    _enterprise_writable(user=acting_user, enterprise=enterprise)
    if not enterprise.is_active:
        raise DomainError(_("“%(enterprise_name)s”已注销或迁出，不能修改。")
                          % {"enterprise_name": enterprise.name}, field="enterprise")
    before = snapshot(enterprise, fields=ENTERPRISE_AUDIT_FIELDS)
    before_phones = {f: getattr(enterprise, f) for f in PERSONAL_FIELDS}
    if "division_code" in changes:
        enterprise.division = division_in_scope(user=acting_user, code=changes.pop("division_code"))
    if "industry_code" in changes:
        enterprise.industry = _industry(changes.pop("industry_code"))
    for name, value in changes.items():
        setattr(enterprise, name, value)
    _check_enterprise(acting_user=acting_user, enterprise=enterprise)
    enterprise.save()
    audit_record(event="enterprise.updated", acting_user=acting_user, obj=enterprise, before=before,
                 after=_enterprise_after(enterprise, before, before_phones))
    return enterprise


@transaction.atomic
def enterprise_disable(*, acting_user, enterprise: Enterprise, reason: str) -> Enterprise:
    """Mark a firm as no longer operating here (注销, 吊销 or 迁出); its file stays."""
    enterprise = (Enterprise.objects.select_for_update(of=("self",)).select_related("division", "park")
                  .get(pk=enterprise.pk))
    _enterprise_writable(user=acting_user, enterprise=enterprise)
    if not enterprise.is_active:
        raise DomainError(_("“%(enterprise_name)s”已经标记为不再存续。")
                          % {"enterprise_name": enterprise.name}, field="enterprise")
    reason = clean_text(reason, label=_("原因（注销、吊销或迁出）"), field="reason", max_length=200, required=True)
    before = snapshot(enterprise, fields=ENTERPRISE_AUDIT_FIELDS)
    enterprise.is_active = False
    enterprise.save(update_fields=["is_active"])
    audit_record(event="enterprise.disabled", acting_user=acting_user, obj=enterprise, before=before,
                 after=snapshot(enterprise, fields=ENTERPRISE_AUDIT_FIELDS), note=reason)
    return enterprise


@transaction.atomic
def personal_reveal(*, acting_user, enterprise: Enterprise, field: str, purpose: str) -> str:
    return personal_value_reveal(acting_user=acting_user, obj=enterprise, fields=PERSONAL_FIELDS, field=field,
                                 purpose=purpose)


@transaction.atomic
def personal_value_reveal(*, acting_user, obj, fields: dict, field: str, purpose: str) -> str:
    """个人信息保护法: a masked personal value is shown in full only to a user with `personal.reveal`
    who states why; the purpose is kept in the audit trail, the value is not. `fields` names the
    object's personal fields with their labels; every registry holding personal data reveals here."""
    if not acting_user.has_capability("personal.reveal"):
        raise DomainError(_("您的角色不能查看完整的个人信息。"), field=field, code="forbidden")
    if field not in fields:
        raise DomainError(_("“%(field)s”不是可查看的个人信息字段。") % {"field": field}, field="field")
    purpose = (purpose or "").strip()
    if len(purpose) < 4:
        raise DomainError(_("请说明查看用途（至少 4 个字），例如“联系企业核实项目进度”。"), field="purpose")
    if len(purpose) > 200:
        raise DomainError(_("查看用途不能超过 200 个字。"), field="purpose")
    audit_record(event="personal.revealed", acting_user=acting_user, obj=obj,
                 after={"field": field, "label": str(fields[field])}, note=purpose)
    return getattr(obj, field)
