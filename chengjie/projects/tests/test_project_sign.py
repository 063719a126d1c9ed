"""Signing: everything DOMAIN.md lists, nodes from the template in working days, plan v1 as a draft,
refusals naming the field and the reason, and the duplicate-signing flag."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import OTHER_COUNTY, make_user
from chengjie.leads.models import Referrer
from chengjie.org.models import Unit
from chengjie.projects.models import Milestone, PlanVersion, Project
from chengjie.projects.services import project_sign
from chengjie.projects.testing import ensure_shipped_templates, make_project, shipped_template
from chengjie.workcalendar.workdays import add_workdays

pytestmark = pytest.mark.django_db


def _sign(cast, **extra):
    ensure_shipped_templates()
    fields = {"name": "年产5000万支牙刷项目", "investor_name": "苏州恒丰刷业有限公司", "project_type": "industrial",
              "division": "340882400", "contracted_investment": Decimal("15000"),
              "out_of_province_investment": Decimal("9000"), "introducing_unit": cast.unit_a,
              "signed_on": date(2026, 3, 2), "park": cast.park_obj, "leader": cast.leader,
              "contact_person": cast.clerk_a}
    fields.update(extra)
    return project_sign(acting_user=cast.bureau, **fields)


def _referrer(cast, *, registered_on, name="王引荐"):
    """Made directly: registering through the leads service is always dated today."""
    return Referrer.objects.create(name=name, kind=Referrer.Kind.PERSON, division_id="340882",
                                   id_number=f"ID-{name}", registered_on=registered_on, registered_by=cast.bureau)


def test_signing_creates_the_default_five_nodes_dated_in_working_days(cast):
    project = _sign(cast, task_force=[cast.clerk_a, cast.head_a])
    nodes = list(project.nodes.order_by("order"))
    assert [n.name for n in nodes] == ["签约", "供地", "开工", "竣工投产", "达产达效"]
    assert nodes[0].actual_date == date(2026, 3, 2) and nodes[0].confirmed_by == cast.bureau
    assert nodes[1].planned_date == add_workdays(date(2026, 3, 2), 60)
    assert nodes[2].planned_date == add_workdays(nodes[1].planned_date, 40)
    assert all(n.baseline_date is None for n in nodes)
    assert project.code == "340882-2026-0001" and project.reached_milestone == Milestone.SIGNED
    assert set(project.task_force.all()) == {cast.clerk_a, cast.head_a}
    [version] = project.plan_versions.all()
    assert version.number == 1 and version.status == PlanVersion.Status.DRAFT
    assert {e.node_id: e.planned_date for e in version.entries.all()} == {n.pk: n.planned_date for n in nodes}
    event = AuditEvent.objects.get(event="projects.signed")
    assert event.after["contracted_investment"] == "15000.00" and event.after["plan"]["land"] == nodes[1].planned_date.isoformat()


def test_land_goes_to_the_natural_resources_bureau_and_the_rest_to_the_introducing_unit(cast):
    project = _sign(cast)
    units = dict(project.nodes.values_list("key", "responsible_unit"))
    assert units == {"sign": cast.unit_a.pk, "land": cast.unit_b.pk, "start": cast.unit_a.pk,
                     "production": cast.unit_a.pk, "capacity": cast.unit_a.pk}


def test_the_finer_template_runs_approvals_in_parallel(cast):
    project = _sign(cast, template=shipped_template(fine=True))
    nodes = {n.key: n for n in project.nodes.prefetch_related("predecessors")}
    assert len(nodes) == 12
    assert {p.key for p in nodes["permit"].predecessors.all()} == {"planning", "eia", "energy"}
    latest = max(nodes[k].planned_date for k in ("planning", "eia", "energy"))
    assert nodes["permit"].planned_date == add_workdays(latest, 15)
    assert nodes["filing"].planned_date < nodes["land"].planned_date


def test_out_of_province_share_above_the_total_is_refused(cast):
    with pytest.raises(DomainError) as err:
        _sign(cast, out_of_province_investment=Decimal("15000.01"))
    assert err.value.field == "out_of_province_investment" and "超过协议投资" in err.value.message
    assert not Project.objects.exists()


def test_a_future_signing_date_is_refused(cast):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError) as err:
        _sign(cast, signed_on=tomorrow)
    assert err.value.field == "signed_on" and "晚于今天" in err.value.message


def test_a_referrer_registered_after_the_signing_is_refused_with_the_dates(cast):
    late = _referrer(cast, registered_on=date(2026, 3, 3))
    with pytest.raises(DomainError) as err:
        _sign(cast, referrer=late)
    assert err.value.field == "referrer"
    assert err.value.message == ("引荐人“王引荐”于 2026-03-03 备案，晚于签约日期 2026-03-02：只有签约前已备案的引荐人"
                                 "才能列为引荐人。")
    on_time = _referrer(cast, registered_on=date(2026, 3, 2), name="李引荐")
    assert _sign(cast, referrer=on_time).referrer == on_time
    investor_as_referrer = _referrer(cast, registered_on=date(2025, 1, 1), name="苏州恒丰刷业有限公司")
    with pytest.raises(DomainError) as err:
        _sign(cast, referrer=investor_as_referrer, name="另一个项目")
    assert "投资方" in err.value.message


def test_the_leader_must_be_a_leader_of_the_county(cast):
    with pytest.raises(DomainError) as err:
        _sign(cast, leader=cast.clerk_a)
    assert err.value.field == "leader" and "不是领导账号" in err.value.message
    tongcheng_leader = make_user("tc_leader", role="leader", division=OTHER_COUNTY)
    with pytest.raises(DomainError) as err:
        _sign(cast, leader=tongcheng_leader)
    assert "不在项目所在县" in err.value.message


def test_units_and_parks_of_another_county_are_refused(cast):
    tongcheng = Unit.objects.get(division_id=OTHER_COUNTY)
    with pytest.raises(DomainError) as err:
        _sign(cast, introducing_unit=tongcheng)
    assert err.value.field == "introducing_unit"


def test_only_the_bureau_signs_and_only_in_its_county(cast):
    with pytest.raises(DomainError) as err:
        project_sign(acting_user=cast.clerk_a, name="x", investor_name="y", project_type="industrial",
                     division="340882", contracted_investment=100, introducing_unit=cast.unit_a,
                     signed_on=date(2026, 3, 2))
    assert err.value.code == "forbidden"
    with pytest.raises(DomainError) as err:
        _sign(cast, division=OTHER_COUNTY)
    assert err.value.field == "division" and "数据范围" in err.value.message


def test_a_similar_investor_and_name_within_24_months_is_flagged(cast):
    first = _sign(cast)
    again = _sign(cast, name="年产5000万支牙刷生产线项目", investor_name="恒丰刷业（苏州）有限公司",
                  signed_on=date(2026, 9, 1))
    assert again.duplicate_state == Project.DuplicateState.SUSPECTED and again.duplicate_of == first
    other = _sign(cast, name="年产2万吨PET薄膜项目", investor_name="苏州恒丰刷业有限公司", signed_on=date(2026, 9, 1))
    assert other.duplicate_state == ""


def test_the_same_project_signed_more_than_24_months_later_is_not_flagged(cast):
    _sign(cast, signed_on=date(2024, 3, 1))
    assert _sign(cast, signed_on=date(2026, 3, 2)).duplicate_state == ""


def test_the_same_registered_investor_counts_as_the_same_investor(cast):
    _sign(cast, investor=cast.firm, investor_name="")
    again = _sign(cast, investor=cast.firm, investor_name="恒丰集团", signed_on=date(2026, 4, 1))
    assert again.duplicate_state == Project.DuplicateState.SUSPECTED


def test_make_project_reaches_each_stage(cast):
    started = make_project(cast=cast, stage="started", signed_on=date(2025, 3, 3))
    assert started.reached_milestone == Milestone.STARTED
    done = dict(started.nodes.values_list("key", "actual_date"))
    assert done["land"] and done["start"] and done["production"] is None
    assert started.nodes.get(key="start").confirmed_by == cast.head_a
    draft = make_project(cast=cast, stage="draft")
    assert draft.plan_versions.get().status == PlanVersion.Status.DRAFT
    fine = make_project(cast=cast, stage="capacity", fine=True, signed_on=date(2023, 1, 3))
    assert fine.reached_milestone == Milestone.CAPACITY and not fine.nodes.filter(actual_date__isnull=True).exists()
