"""The matter catalogue: kept by the system administrator, validated as a whole, versioned and audited on
every change, disabled never deleted."""

import pytest

from chengjie.approvals.models import Matter, MatterVersion, StopEvent
from chengjie.approvals.services import matter_create, matter_set_active, matter_update
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import COUNTY, OTHER_COUNTY

pytestmark = pytest.mark.django_db


def create(cast, **extra):
    fields = {"division_code": COUNTY, "name": "排水许可", "handling_unit": cast.unit_a, "time_limit_workdays": 10}
    fields.update(extra)
    return matter_create(acting_user=cast.sys_admin, **fields)


def test_the_system_administrator_creates_a_matter_with_version_one_and_an_audit_row(cast):
    matter = create(cast, stop_events=["expert_review", "supplement", "supplement"],
                    required_documents=["申请表", " 申请表 ", "排水方案"])
    assert matter.stop_events == [StopEvent.SUPPLEMENT, StopEvent.EXPERT_REVIEW]
    assert matter.required_documents == ["申请表", "排水方案"]
    assert matter.version == 1
    assert MatterVersion.objects.get(matter=matter).content["time_limit_workdays"] == 10
    event = AuditEvent.objects.get(event="matter.created")
    assert event.actor_username == "sysadmin" and event.after["name"] == "排水许可"


@pytest.mark.parametrize("who", ["bureau", "clerk_a", "enterprise", "sec_admin"])
def test_only_the_catalogue_keeper_maintains_matters(cast, who):
    with pytest.raises(DomainError, match="维护审批事项目录"):
        matter_create(acting_user=getattr(cast, who), division_code=COUNTY, name="排水许可", handling_unit=cast.unit_a,
                      time_limit_workdays=10)


@pytest.mark.parametrize("limit", [0, -3])
def test_a_limit_below_one_working_day_is_refused(cast, limit):
    with pytest.raises(DomainError, match="至少 1 个工作日") as error:
        create(cast, time_limit_workdays=limit)
    assert error.value.field == "time_limit_workdays"


def test_switching_deemed_approval_off_needs_the_legal_reason(cast):
    with pytest.raises(DomainError, match="须写明法律依据"):
        create(cast, deemed_approval=False)
    matter = create(cast, deemed_approval=False, exclusion_reason="涉及人身健康，依《食品安全法》不适用")
    assert matter.exclusion_reason.startswith("涉及人身健康")


def test_a_matter_belongs_to_a_county_and_its_unit_to_that_county(cast):
    with pytest.raises(DomainError, match="不是县级行政区划"):
        create(cast, division_code="340882400")
    with pytest.raises(DomainError, match="不在您的数据范围内"):
        create(cast, division_code=OTHER_COUNTY)


def test_a_second_matter_of_the_same_name_in_the_county_is_refused(cast):
    create(cast)
    with pytest.raises(DomainError, match="已有名为“排水许可”"):
        create(cast)


def test_prerequisites_may_not_form_a_cycle(cast, planning, construction):
    with pytest.raises(DomainError, match="前置事项形成循环：建设工程规划许可证核发 → 建筑工程施工许可证核发 → 建设工程规划许可证核发"):
        matter_update(acting_user=cast.sys_admin, matter=planning, prerequisites=[construction])
    with pytest.raises(DomainError, match="不能以自己为前置事项"):
        matter_update(acting_user=cast.sys_admin, matter=planning, prerequisites=[planning])


def test_a_longer_cycle_through_a_third_matter_is_found(cast, planning, construction):
    completion = create(cast, name="建设工程竣工验收备案", prerequisites=[construction])
    with pytest.raises(DomainError, match="循环"):
        matter_update(acting_user=cast.sys_admin, matter=planning, prerequisites=[completion])


def test_a_change_makes_a_new_version_and_audits_before_and_after(cast, planning):
    updated = matter_update(acting_user=cast.sys_admin, matter=planning, time_limit_workdays=15,
                            note="按最新承诺时限压缩")
    assert updated.version == 2
    assert list(MatterVersion.objects.filter(matter=planning).values_list("number", flat=True)) == [2, 1]
    event = AuditEvent.objects.get(event="matter.updated")
    assert (event.before["time_limit_workdays"], event.after["time_limit_workdays"]) == (20, 15)
    assert event.note == "按最新承诺时限压缩"


def test_saving_without_a_change_makes_no_version(cast, planning):
    matter_update(acting_user=cast.sys_admin, matter=planning, time_limit_workdays=20)
    assert Matter.objects.get(pk=planning.pk).version == 1
    assert not AuditEvent.objects.filter(event="matter.updated").exists()


def test_a_prerequisite_of_an_active_matter_cannot_be_disabled(cast, planning, construction):
    with pytest.raises(DomainError, match="是启用中事项“建筑工程施工许可证核发”的前置事项"):
        matter_set_active(acting_user=cast.sys_admin, matter=planning, active=False)
    matter_set_active(acting_user=cast.sys_admin, matter=construction, active=False)
    disabled = matter_set_active(acting_user=cast.sys_admin, matter=planning, active=False)
    assert not disabled.is_active and Matter.objects.filter(pk=planning.pk).exists()
    with pytest.raises(DomainError, match="已停用"):
        matter_set_active(acting_user=cast.sys_admin, matter=construction, active=True)
    assert AuditEvent.objects.filter(event="matter.disabled").count() == 2
