"""Writes on organisation data: units and industry groups.

Every service checks what the acting user may act on (a division prefix, narrowed to their own unit for
unit roles), raises DomainError naming the field and the reason, and writes its audit row in the same
transaction. Units and groups are disabled, never deleted: projects and nodes keep pointing at them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from chengjie.accounts.roles import Role
from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.core.updates import check_editable

from .models import Division, Industry, IndustryGroup, Unit
from .selectors import unit_descendant_ids

UNIT_AUDIT_FIELDS = ["name", "short_name", "kind", "parent", "division", "is_active"]
UNIT_EDITABLE = {"name", "short_name", "kind", "parent", "division_code"}
GROUP_AUDIT_FIELDS = ["name", "division", "leader", "lead_unit", "is_active"]
GROUP_EDITABLE = {"name", "division_code", "leader", "lead_unit", "industry_codes"}


def county_of(code: str) -> str:
    """The county part of a division code; codes above county level stand for themselves."""
    return code[:6]


def division_in_scope(*, user, code: str, field: str = "division") -> Division:
    """The division a form or API body names: it must be in the shipped code table and inside the
    acting user's data scope."""
    code = (code or "").strip()
    if not code:
        raise DomainError(_("请选择行政区划。"), field=field)
    division = Division.objects.filter(code=code, is_active=True).first()
    if division is None:
        raise DomainError(_("行政区划代码“%(code)s”不在统计用区划代码表中。") % {"code": code}, field=field)
    prefix = user.scope_prefix
    if prefix is None or not code.startswith(prefix):
        raise DomainError(_("行政区划“%(division_name)s”（%(code)s）不在您的数据范围内，未作任何修改。")
                          % {"division_name": division.name, "code": code}, field=field)
    return division


def unit_in_scope(*, user, unit: Unit, field: str, label: str) -> Unit:
    """A unit named in a form or API body: inside the user's division scope and, for unit roles, the
    user's own unit or one below it."""
    prefix = user.scope_prefix
    inside = prefix is not None and unit.division_id.startswith(prefix)
    if inside and user.binds_unit:
        inside = unit.pk in user.unit_and_descendant_ids()
    if not inside:
        raise DomainError(_("%(label)s不在您的数据范围内，未作任何修改。") % {"label": label}, field=field)
    if not unit.is_active:
        raise DomainError(_("%(label)s“%(unit_name)s”已停用，不能选用。")
                          % {"label": label, "unit_name": unit.name}, field=field)
    return unit


def _check_writable(*, acting_user, unit: Unit) -> None:
    prefix = acting_user.scope_prefix
    if prefix is None or not unit.division_id.startswith(prefix):
        raise DomainError(_("该单位不在您的数据范围内，未作任何修改。"), field="unit")


def _check_unit(*, acting_user, unit: Unit) -> None:
    """The rules a unit must satisfy after any change, checked before anything is written."""
    unit.name = clean_text(unit.name, label=_("单位名称"), field="name", max_length=100, required=True)
    unit.short_name = clean_text(unit.short_name, label=_("简称"), field="short_name", max_length=30, required=False)
    if unit.kind not in Unit.Kind.values:
        raise DomainError(_("单位类型“%(unit_kind)s”无效。") % {"unit_kind": unit.kind}, field="kind")
    clash = Unit.objects.filter(division_id=unit.division_id, name=unit.name).exclude(pk=unit.pk).first()
    if clash is not None:
        raise DomainError(_("%(division_name)s已有名为“%(unit_name)s”的单位。")
                          % {"division_name": unit.division.name, "unit_name": unit.name}, field="name")
    parent = unit.parent
    if parent is None:
        return
    unit_in_scope(user=acting_user, unit=parent, field="parent", label=_("上级单位"))
    if county_of(parent.division_id) != county_of(unit.division_id):
        raise DomainError(_("上级单位“%(parent_name)s”与本单位不在同一县（市、区），上下级单位必须同属一个县。") % {"parent_name": parent.name},
                          field="parent")
    if unit.pk is not None and parent.pk in unit_descendant_ids(unit_id=unit.pk):
        raise DomainError(_("不能把“%(parent_name)s”设为上级单位：它是本单位自身或下级单位，会形成循环。")
                          % {"parent_name": parent.name}, field="parent")


@transaction.atomic
def unit_create(*, acting_user, name: str, kind: str, division_code: str, parent: Unit | None = None,
                short_name: str = "") -> Unit:
    division = division_in_scope(user=acting_user, code=division_code)
    unit = Unit(name=name, short_name=short_name, kind=kind, division=division, parent=parent)
    _check_unit(acting_user=acting_user, unit=unit)
    unit.save()
    audit_record(event="unit.created", acting_user=acting_user, obj=unit,
                 after=snapshot(unit, fields=UNIT_AUDIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, acting_user, unit: Unit, **changes) -> Unit:
    """Change any of name, short_name, kind, parent, division_code; fields not given stay as they are."""
    check_editable(changes, UNIT_EDITABLE)
    unit = Unit.objects.select_for_update(of=("self",)).select_related("division", "parent").get(pk=unit.pk)
    _check_writable(acting_user=acting_user, unit=unit)
    if not unit.is_active:
        raise DomainError(_("“%(unit_name)s”已停用，请先启用再修改。") % {"unit_name": unit.name}, field="unit")
    before = snapshot(unit, fields=UNIT_AUDIT_FIELDS)
    if "division_code" in changes:
        unit.division = division_in_scope(user=acting_user, code=changes.pop("division_code"))
    for name, value in changes.items():
        setattr(unit, name, value)
    _check_unit(acting_user=acting_user, unit=unit)
    strays = unit.children.exclude(division__code__startswith=county_of(unit.division_id))
    if stray := strays.first():
        raise DomainError(_("下级单位“%(stray_name)s”不在新的县（市、区）内，请先调整下级单位。") % {"stray_name": stray.name}, field="division")
    unit.save()
    audit_record(event="unit.updated", acting_user=acting_user, obj=unit, before=before,
                 after=snapshot(unit, fields=UNIT_AUDIT_FIELDS))
    return unit


@transaction.atomic
def unit_disable(*, acting_user, unit: Unit) -> Unit:
    """Disable a unit. Its active sub-units and accounts would be left acting for a unit that no longer
    exists, so they must be moved or disabled first."""
    unit = Unit.objects.select_for_update(of=("self",)).select_related("division").get(pk=unit.pk)
    _check_writable(acting_user=acting_user, unit=unit)
    if not unit.is_active:
        raise DomainError(_("“%(unit_name)s”已经停用。") % {"unit_name": unit.name}, field="unit")
    children = list(unit.children.filter(is_active=True).values_list("name", flat=True)[:5])
    if children:
        raise DomainError(_("请先停用或调走下级单位：%(names)s。") % {"names": '、'.join(children)}, field="unit")
    if accounts := unit.users.filter(is_active=True).count():
        raise DomainError(_("该单位还有 %(accounts)s 个启用的账号，请安全管理员先调整或停用这些账号。") % {"accounts": accounts}, field="unit")
    before = snapshot(unit, fields=UNIT_AUDIT_FIELDS)
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    audit_record(event="unit.disabled", acting_user=acting_user, obj=unit, before=before,
                 after=snapshot(unit, fields=UNIT_AUDIT_FIELDS))
    return unit


@transaction.atomic
def unit_enable(*, acting_user, unit: Unit) -> Unit:
    unit = Unit.objects.select_for_update(of=("self",)).select_related("division", "parent").get(pk=unit.pk)
    _check_writable(acting_user=acting_user, unit=unit)
    if unit.is_active:
        raise DomainError(_("该单位已是启用状态。"), field="unit")
    if unit.parent is not None and not unit.parent.is_active:
        raise DomainError(_("上级单位“%(parent_name)s”已停用，请先启用上级单位。") % {"parent_name": unit.parent.name}, field="parent")
    before = snapshot(unit, fields=UNIT_AUDIT_FIELDS)
    unit.is_active = True
    unit.save(update_fields=["is_active"])
    audit_record(event="unit.enabled", acting_user=acting_user, obj=unit, before=before,
                 after=snapshot(unit, fields=UNIT_AUDIT_FIELDS))
    return unit


def industries_for_codes(codes, *, field: str = "industries") -> list[Industry]:
    """GB/T 4754-2017 codes as rows; an unknown code is named in the message."""
    codes = [code.strip().upper() for code in codes if code and code.strip()]
    found = {industry.code: industry for industry in Industry.objects.filter(code__in=codes, is_active=True)}
    if missing := [code for code in codes if code not in found]:
        raise DomainError(_("行业代码 %(codes)s 不在国民经济行业分类（GB/T 4754-2017）中。") % {"codes": '、'.join(missing)}, field=field)
    return [found[code] for code in dict.fromkeys(codes)]


def _group_snapshot(group: IndustryGroup, industries: list[str]) -> dict:
    return {**snapshot(group, fields=GROUP_AUDIT_FIELDS), "industries": sorted(industries)}


def _check_group(*, acting_user, group: IndustryGroup) -> None:
    group.name = clean_text(group.name, label=_("工作组名称"), field="name", max_length=50, required=True)
    clash = IndustryGroup.objects.filter(division_id=group.division_id, name=group.name).exclude(pk=group.pk)
    if clash.exists():
        raise DomainError(_("%(division_name)s已有名为“%(group_name)s”的产业工作组。")
                          % {"division_name": group.division.name, "group_name": group.name}, field="name")
    leader = group.leader
    if leader is not None:
        # The seed's rule: each industry working group is led by a county leader (县领导).
        if leader.role != Role.LEADER or not leader.is_active:
            raise DomainError(_("牵头领导必须是角色为“领导”的启用账号，“%(leader_name)s”不是。")
                              % {"leader_name": leader.display_name}, field="leader")
        prefix = acting_user.scope_prefix
        if prefix is None or not leader.division_id or not leader.division_id.startswith(prefix):
            raise DomainError(_("牵头领导不在您的数据范围内，未作任何修改。"), field="leader")
        if not group.division_id.startswith(leader.division_id):
            raise DomainError(_("牵头领导“%(leader_name)s”的数据范围不包含本工作组所在区划。")
                              % {"leader_name": leader.display_name}, field="leader")
    if group.lead_unit is not None:
        unit_in_scope(user=acting_user, unit=group.lead_unit, field="lead_unit", label=_("牵头单位"))
        if county_of(group.lead_unit.division_id) != county_of(group.division_id):
            raise DomainError(_("牵头单位“%(lead_unit_name)s”不在本工作组所在的县（市、区）。")
                              % {"lead_unit_name": group.lead_unit.name}, field="lead_unit")


@transaction.atomic
def industry_group_create(*, acting_user, name: str, division_code: str, leader=None, lead_unit: Unit | None = None,
                          industry_codes: list[str] | tuple[str, ...] = ()) -> IndustryGroup:
    division = division_in_scope(user=acting_user, code=division_code)
    group = IndustryGroup(name=name, division=division, leader=leader, lead_unit=lead_unit)
    _check_group(acting_user=acting_user, group=group)
    industries = industries_for_codes(industry_codes)
    group.save()
    group.industries.set(industries)
    audit_record(event="industry_group.created", acting_user=acting_user, obj=group,
                 after=_group_snapshot(group, [i.code for i in industries]))
    return group


@transaction.atomic
def industry_group_update(*, acting_user, group: IndustryGroup, **changes) -> IndustryGroup:
    """Change any of name, division_code, leader, lead_unit, industry_codes."""
    check_editable(changes, GROUP_EDITABLE)
    group = (IndustryGroup.objects.select_for_update(of=("self",))
             .select_related("division", "leader", "lead_unit").get(pk=group.pk))
    division_in_scope(user=acting_user, code=group.division_id, field="group")
    old_codes = list(group.industries.values_list("code", flat=True))
    before = _group_snapshot(group, old_codes)
    if "division_code" in changes:
        group.division = division_in_scope(user=acting_user, code=changes.pop("division_code"))
    industries = None
    if "industry_codes" in changes:
        industries = industries_for_codes(changes.pop("industry_codes"))
    for name, value in changes.items():
        setattr(group, name, value)
    _check_group(acting_user=acting_user, group=group)
    group.save()
    if industries is not None:
        group.industries.set(industries)
    new_codes = [i.code for i in industries] if industries is not None else old_codes
    audit_record(event="industry_group.updated", acting_user=acting_user, obj=group, before=before,
                 after=_group_snapshot(group, new_codes))
    return group


@transaction.atomic
def industry_group_set_active(*, acting_user, group: IndustryGroup, is_active: bool) -> IndustryGroup:
    group = IndustryGroup.objects.select_for_update(of=("self",)).get(pk=group.pk)
    division_in_scope(user=acting_user, code=group.division_id, field="group")
    if group.is_active == is_active:
        raise DomainError(_("该工作组已是启用状态。") if is_active else _("该工作组已停用。"), field="group")
    before = _group_snapshot(group, list(group.industries.values_list("code", flat=True)))
    group.is_active = is_active
    group.save(update_fields=["is_active"])
    audit_record(event="industry_group.enabled" if is_active else "industry_group.disabled", acting_user=acting_user,
                 obj=group, before=before, after={**before, "is_active": is_active})
    return group
