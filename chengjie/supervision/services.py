"""Writes on supervision: a county's choice of warning preset, new preset variants, and the life of a
supervision notice after the sweep issued it (the unit answers with a rectification plan; the bureau
closes it (销号) or routes it to a tier). The sweep itself is `sweep.py`."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.org.models import Division

from . import messaging, selectors
from .models import SupervisionNotice, WarningPreset, WarningSetting
from .rules import validate_parameters

Status = SupervisionNotice.Status
SETTING_FIELDS = ["division", "preset", "response_workdays"]
PRESET_FIELDS = ["name", "rule", "parameters", "description", "is_active", "is_default"]
NOTICE_FIELDS = ["status", "tier", "response", "responded_at", "responded_by", "closed_at", "closed_by",
                 "closing_note", "escalation_level"]
RESPONSE_MAX = 2000


def _require(user, capability: str, message: str) -> None:
    if not user.has_capability(capability):
        raise DomainError(message, code="forbidden")


# --- presets and a county's choice


@transaction.atomic
def warning_setting_set(*, acting_user, division_code: str, preset: WarningPreset,
                        response_workdays: int) -> WarningSetting:
    """Choose the preset a county (or any division in the user's scope) uses from now on."""
    _require(acting_user, "supervision.manage", _("只有招商主管部门可以选择预警规则。"))
    prefix = acting_user.scope_prefix
    if prefix is None or not division_code.startswith(prefix):
        raise DomainError(_("行政区划“%(code)s”不在您的数据范围内。") % {"code": division_code}, field="division")
    division = Division.objects.filter(code=division_code).first()
    if division is None:
        raise DomainError(_("行政区划“%(code)s”不存在。") % {"code": division_code}, field="division")
    if not preset.is_active:
        raise DomainError(_("预警规则“%(name)s”已停用，请选择其他规则。") % {"name": preset.name}, field="preset")
    if isinstance(response_workdays, bool) or not isinstance(response_workdays, int) or not 1 <= response_workdays <= 30:
        raise DomainError(_("整改方案报送时限应为 1 到 30 个工作日，实际是“%(value)s”。") % {"value": response_workdays},
                          field="response_workdays")
    setting = WarningSetting.objects.select_for_update().filter(division=division).first()
    before = snapshot(setting, fields=SETTING_FIELDS) if setting else None
    if setting is None:
        setting = WarningSetting(division=division)
    setting.preset, setting.response_workdays, setting.changed_by = preset, response_workdays, acting_user
    setting.save()
    selectors.forget_preset_table()
    audit_record(event="supervision.setting_changed", acting_user=acting_user, obj=setting,
                 object_repr=_("%(division)s 预警规则") % {"division": division.name},
                 before=before, after=snapshot(setting, fields=SETTING_FIELDS))
    return setting


@transaction.atomic
def warning_preset_create(*, acting_user, name: str, rule: str, parameters: dict,
                          description: str = "") -> WarningPreset:
    """A new variant of a rule (presets are never edited in place: counties using one keep its meaning)."""
    _require(acting_user, "supervision.manage", _("只有招商主管部门可以新增预警规则。"))
    name = name.strip()
    if not name:
        raise DomainError(_("请填写规则名称。"), field="name")
    if len(name) > 100:
        raise DomainError(_("规则名称不能超过 100 个字。"), field="name")
    if WarningPreset.objects.filter(name=name).exists():
        raise DomainError(_("已有名为“%(name)s”的预警规则，请换一个名称。") % {"name": name}, field="name")
    preset = WarningPreset.objects.create(name=name, rule=rule, parameters=validate_parameters(rule, parameters),
                                          description=description.strip())
    audit_record(event="supervision.preset_created", acting_user=acting_user, obj=preset,
                 after=snapshot(preset, fields=PRESET_FIELDS))
    return preset


# --- notices


def _locked(notice: SupervisionNotice) -> SupervisionNotice:
    """The notice as it is now, locked for this transaction (two people acting at once act in turn)."""
    return (SupervisionNotice.objects.select_for_update(of=("self",)).select_related("project", "unit", "node")
            .get(pk=notice.pk))


@transaction.atomic
def notice_answer(*, acting_user, notice: SupervisionNotice, response: str) -> SupervisionNotice:
    """The responsible unit reports its rectification plan; the notice stops escalating and waits for the
    bureau. A plan may be revised until the notice is closed."""
    _require(acting_user, "supervision.answer", _("您的账号不能报送整改方案。"))
    notice = _locked(notice)
    if not acting_user.binds_unit or notice.unit_id not in acting_user.unit_and_descendant_ids():
        raise DomainError(_("督办单 %(code)s 的责任单位是%(unit)s，只能由该单位报送整改方案。")
                          % {"code": notice.code, "unit": notice.unit}, code="forbidden")
    if notice.status == Status.CLOSED:
        raise DomainError(_("督办单 %(code)s 已销号，不能再报送整改方案。") % {"code": notice.code})
    response = response.strip()
    if not response:
        raise DomainError(_("请填写整改方案：问题原因、整改措施和完成时限。"), field="response")
    if len(response) > RESPONSE_MAX:
        raise DomainError(_("整改方案不能超过 %(max)d 个字，当前 %(count)d 个字。") % {"max": RESPONSE_MAX,
                                                                                 "count": len(response)},
                          field="response")
    before = snapshot(notice, fields=NOTICE_FIELDS)
    notice.status, notice.response = Status.ANSWERED, response
    notice.responded_at, notice.responded_by = timezone.now(), acting_user
    notice.save(update_fields=["status", "response", "responded_at", "responded_by"])
    audit_record(event="supervision.notice_answered", acting_user=acting_user, obj=notice, before=before,
                 after=snapshot(notice, fields=NOTICE_FIELDS))
    bureau = messaging.bureau_people([notice.division_id]).get(notice.division_id, [])
    messaging.tell(recipients=bureau, notice=notice, kind="supervision.notice_answered",
                   title=_("督办单 %(code)s 已报送整改方案，待销号") % {"code": notice.code},
                   body=_("%(unit)s：%(response)s") % {"unit": notice.unit, "response": response[:300]})
    return notice


@transaction.atomic
def notice_close(*, acting_user, notice: SupervisionNotice, note: str) -> SupervisionNotice:
    """销号: the bureau accepts the rectification (or finds the item resolved) and closes the notice."""
    _require(acting_user, "supervision.manage", _("只有招商主管部门可以为督办单销号。"))
    notice = _locked(notice)
    if notice.status == Status.CLOSED:
        raise DomainError(_("督办单 %(code)s 已于 %(at)s 销号。") % {
            "code": notice.code, "at": timezone.localtime(notice.closed_at).strftime("%Y-%m-%d")})
    note = note.strip()
    if not note:
        raise DomainError(_("请填写销号说明（整改结果或核实情况）。"), field="note")
    before = snapshot(notice, fields=NOTICE_FIELDS)
    notice.status, notice.closing_note = Status.CLOSED, note
    notice.closed_at, notice.closed_by = timezone.now(), acting_user
    notice.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
    audit_record(event="supervision.notice_closed", acting_user=acting_user, obj=notice, before=before,
                 after=snapshot(notice, fields=NOTICE_FIELDS))
    people = messaging.unit_people([notice.unit_id]).get(notice.unit_id, [])
    messaging.tell(recipients=people, notice=notice, kind="supervision.notice_closed",
                   title=_("督办单 %(code)s 已销号") % {"code": notice.code}, body=note[:300])
    return notice


@transaction.atomic
def notice_route(*, acting_user, notice: SupervisionNotice, tier: str, note: str) -> SupervisionNotice:
    """Route a notice to a tier: solved on site, a cross-unit joint meeting (会商), or the county
    government; the 包保领导 and the unit are told."""
    _require(acting_user, "supervision.manage", _("只有招商主管部门可以转交督办单。"))
    notice = _locked(notice)
    if notice.status == Status.CLOSED:
        raise DomainError(_("督办单 %(code)s 已销号，不能再转交。") % {"code": notice.code})
    if tier not in SupervisionNotice.Tier.values:
        raise DomainError(_("请选择处理层级。"), field="tier")
    if tier == notice.tier:
        raise DomainError(_("督办单 %(code)s 已在“%(tier)s”层级。") % {"code": notice.code,
                                                                  "tier": notice.get_tier_display()}, field="tier")
    note = note.strip()
    if not note:
        raise DomainError(_("请说明转交理由。"), field="note")
    before = snapshot(notice, fields=NOTICE_FIELDS)
    notice.tier = tier
    notice.save(update_fields=["tier"])
    audit_record(event="supervision.notice_routed", acting_user=acting_user, obj=notice, before=before,
                 after=snapshot(notice, fields=NOTICE_FIELDS), note=note)
    people = messaging.unit_people([notice.unit_id]).get(notice.unit_id, [])
    people += list(messaging.users_by_id([notice.project.leader_id]).values())
    messaging.tell(recipients=people, notice=notice, kind="supervision.notice_routed",
                   title=_("督办单 %(code)s 转为“%(tier)s”") % {"code": notice.code, "tier": notice.get_tier_display()},
                   body=note[:300])
    return notice
