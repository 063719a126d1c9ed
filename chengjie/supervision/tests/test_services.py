"""Notice services (answer, 销号, routing), a county's preset choice and new preset variants: who may,
what is refused and why, what is audited and who is told."""

from datetime import date

import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.notifications.models import Notification
from chengjie.supervision.models import SupervisionNotice, WarningPreset, WarningSetting
from chengjie.supervision.services import (
    notice_answer,
    notice_close,
    notice_route,
    warning_preset_create,
    warning_setting_set,
)
from chengjie.supervision.sweep import warnings_sweep

from .factories import make_project


@pytest.fixture
def notice(cast, presets):
    """潜督〔2026〕1号 to unit A for a 供地 overdue on 2026-03-10."""
    make_project(cast=cast, plan={"land": date(2026, 3, 2)})
    warnings_sweep(today=date(2026, 3, 10))
    Notification.objects.all().delete()
    return SupervisionNotice.objects.get()


def refused(call, **kwargs) -> str:
    with pytest.raises(DomainError) as error:
        call(**kwargs)
    return error.value.message


def test_unit_clerk_answers_and_the_bureau_hears(notice, cast):
    answered = notice_answer(acting_user=cast.clerk_a, notice=notice, response="  已与自然资源局对接，3月20日前挂牌。 ")
    assert (answered.status, answered.response, answered.responded_by) == ("answered", "已与自然资源局对接，3月20日前挂牌。",
                                                                           cast.clerk_a)
    event = AuditEvent.objects.get(event="supervision.notice_answered")
    assert (event.before["status"], event.after["status"], event.actor_id) == ("open", "answered", cast.clerk_a.pk)
    [message] = Notification.objects.all()
    assert (message.recipient, message.title) == (cast.bureau, "督办单 潜督〔2026〕1号 已报送整改方案，待销号")


def test_a_plan_may_be_revised_until_closed(notice, cast):
    notice_answer(acting_user=cast.clerk_a, notice=notice, response="第一稿")
    assert notice_answer(acting_user=cast.head_a, notice=notice, response="第二稿").response == "第二稿"
    notice_close(acting_user=cast.bureau, notice=notice, note="已挂牌。")
    assert refused(notice_answer, acting_user=cast.clerk_a, notice=notice, response="第三稿") == \
        "督办单 潜督〔2026〕1号 已销号，不能再报送整改方案。"


def test_only_the_responsible_unit_answers(notice, cast):
    assert refused(notice_answer, acting_user=cast.clerk_b, notice=notice, response="代答") == \
        "督办单 潜督〔2026〕1号 的责任单位是经信局，只能由该单位报送整改方案。"
    assert refused(notice_answer, acting_user=cast.bureau, notice=notice, response="代答") == "您的账号不能报送整改方案。"
    assert refused(notice_answer, acting_user=cast.clerk_a, notice=notice, response="  ") == \
        "请填写整改方案：问题原因、整改措施和完成时限。"
    assert refused(notice_answer, acting_user=cast.clerk_a, notice=notice, response="字" * 2001) == \
        "整改方案不能超过 2000 个字，当前 2001 个字。"
    assert SupervisionNotice.objects.get().status == "open"


def test_bureau_closes_and_the_unit_hears(notice, cast):
    closed = notice_close(acting_user=cast.bureau, notice=notice, note="已完成挂牌出让。")
    assert (closed.status, closed.closed_by, closed.closing_note) == ("closed", cast.bureau, "已完成挂牌出让。")
    assert AuditEvent.objects.filter(event="supervision.notice_closed", object_id=str(notice.pk)).count() == 1
    assert sorted(n.recipient.username for n in Notification.objects.all()) == ["clerk_a", "head_a"]
    assert refused(notice_close, acting_user=cast.bureau, notice=notice, note="再次") .startswith(
        "督办单 潜督〔2026〕1号 已于 ")


def test_closing_needs_the_bureau_and_a_note(notice, cast):
    assert refused(notice_close, acting_user=cast.leader, notice=notice, note="可以") == "只有招商主管部门可以为督办单销号。"
    assert refused(notice_close, acting_user=cast.bureau, notice=notice, note=" ") == "请填写销号说明（整改结果或核实情况）。"


def test_bureau_routes_to_a_joint_meeting(notice, cast):
    routed = notice_route(acting_user=cast.bureau, notice=notice, tier="joint", note="涉及自然资源局，需会商。")
    assert routed.tier == "joint"
    event = AuditEvent.objects.get(event="supervision.notice_routed")
    assert (event.before["tier"], event.after["tier"], event.note) == ("on_site", "joint", "涉及自然资源局，需会商。")
    assert sorted(n.recipient.username for n in Notification.objects.all()) == ["clerk_a", "head_a", "leader"]
    assert refused(notice_route, acting_user=cast.bureau, notice=notice, tier="joint", note="再转") == \
        "督办单 潜督〔2026〕1号 已在“会商解决”层级。"
    assert refused(notice_route, acting_user=cast.bureau, notice=notice, tier="mayor", note="转") == "请选择处理层级。"
    assert refused(notice_route, acting_user=cast.bureau, notice=notice, tier="county", note="") == "请说明转交理由。"


def test_county_chooses_its_preset(cast, presets):
    setting = warning_setting_set(acting_user=cast.bureau, division_code="340882", preset=presets["progress"],
                                  response_workdays=5)
    assert (setting.preset, setting.response_workdays, setting.changed_by) == (presets["progress"], 5, cast.bureau)
    warning_setting_set(acting_user=cast.bureau, division_code="340882", preset=presets["sticky"], response_workdays=5)
    assert WarningSetting.objects.get().preset == presets["sticky"]
    event = AuditEvent.objects.filter(event="supervision.setting_changed").order_by("seq").last()
    assert (event.before["preset"], event.after["preset"]) == (presets["progress"].pk, presets["sticky"].pk)


def test_preset_choice_is_checked(cast, presets):
    kwargs = {"division_code": "340882", "preset": presets["progress"], "response_workdays": 3}
    assert refused(warning_setting_set, acting_user=cast.leader, **kwargs) == "只有招商主管部门可以选择预警规则。"
    assert refused(warning_setting_set, acting_user=cast.bureau, **{**kwargs, "division_code": "340881"}) == \
        "行政区划“340881”不在您的数据范围内。"
    assert refused(warning_setting_set, acting_user=cast.bureau, **{**kwargs, "response_workdays": 0}) == \
        "整改方案报送时限应为 1 到 30 个工作日，实际是“0”。"
    WarningPreset.objects.filter(pk=presets["progress"].pk).update(is_active=False)
    presets["progress"].refresh_from_db()
    assert refused(warning_setting_set, acting_user=cast.bureau, **kwargs) == "预警规则“进度规则（银川）”已停用，请选择其他规则。"


def test_notice_deadline_follows_the_countys_setting(cast, presets):
    warning_setting_set(acting_user=cast.bureau, division_code="340882", preset=presets["deadline"], response_workdays=5)
    make_project(cast=cast, plan={"land": date(2026, 3, 2)})
    warnings_sweep(today=date(2026, 3, 10))
    assert SupervisionNotice.objects.get().response_due == date(2026, 3, 17)  # Tue + 5 working days


def test_bureau_adds_a_variant(cast, presets):
    preset = warning_preset_create(acting_user=cast.bureau, name="期限规则（5个工作日）", rule="deadline",
                                   parameters={"yellow_workdays": 5})
    assert (preset.parameters, preset.is_default) == ({"yellow_workdays": 5}, False)
    assert AuditEvent.objects.filter(event="supervision.preset_created", object_id=str(preset.pk)).exists()


def test_variant_parameters_and_name_are_checked(cast, presets):
    with pytest.raises(DomainError) as error:
        warning_preset_create(acting_user=cast.bureau, name="新规则", rule="progress", parameters={"lag_red_points": 5})
    assert (error.value.field, error.value.message) == (
        "lag_yellow_points", "黄色滞后阈值（10 个百分点）应小于红色滞后阈值（5 个百分点）。")
    assert refused(warning_preset_create, acting_user=cast.bureau, name="期限规则（默认）", rule="deadline",
                   parameters={}) == "已有名为“期限规则（默认）”的预警规则，请换一个名称。"
    assert refused(warning_preset_create, acting_user=cast.clerk_a, name="新规则", rule="deadline",
                   parameters={}) == "只有招商主管部门可以新增预警规则。"
