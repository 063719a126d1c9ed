"""Node templates as data: shipped by a migration, validated (no cycles, durations ≥ 0, every milestone),
versioned on edit (projects keep their version), a county's version preferred over the shipped one."""

from dataclasses import replace

import pytest

from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import OTHER_COUNTY, login_as, make_user
from chengjie.org.models import Unit
from chengjie.projects.models import NodeTemplate
from chengjie.projects.services import node_template_create, node_template_revise, template_for
from chengjie.projects.services.templates import template_items_spec
from chengjie.projects.testing import make_project, shipped_template

pytestmark = pytest.mark.django_db


def test_the_migration_ships_the_default_and_the_finer_template(db):
    default = NodeTemplate.objects.get(name="标准五节点计划", division__isnull=True)
    fine = NodeTemplate.objects.get(name="工业项目细化节点计划", division__isnull=True)
    assert default.is_default and not fine.is_default
    assert [i.name for i in default.items.order_by("order")] == ["签约", "供地", "开工", "竣工投产", "达产达效"]
    names = [i.name for i in fine.items.order_by("order")]
    assert {"项目备案", "环评批复", "节能审查", "施工许可", "建设工程规划许可"} <= set(names)
    assert template_for(division_code="340882", project_type="industrial") == default


def _items(template):
    return template_items_spec(template)


def test_revising_makes_a_county_version_and_projects_keep_theirs(cast):
    project = make_project(cast=cast)
    shipped = shipped_template()
    items = _items(shipped)
    items[1] = replace(items[1], duration_workdays=45)
    revised = node_template_revise(acting_user=cast.bureau, template=shipped, items=items, change_note="供地提速")
    assert revised.version == 2 and revised.division_id == "340882" and revised.is_default
    assert revised.created_by == cast.bureau and revised.items.get(key="land").duration_workdays == 45
    shipped.refresh_from_db()
    assert shipped.is_active  # other counties keep the shipped one
    assert project.template == shipped
    assert template_for(division_code="340882400", project_type="industrial") == revised
    assert template_for(division_code=OTHER_COUNTY, project_type="industrial") == shipped
    again = node_template_revise(acting_user=cast.bureau, template=revised, items=items)
    revised.refresh_from_db()
    assert again.version == 3 and not revised.is_active
    event = AuditEvent.objects.filter(event="projects.template_revised").order_by("seq").first()
    assert event.after["items"][1]["duration_workdays"] == 45 and event.before["items"][1]["duration_workdays"] == 60


@pytest.mark.parametrize("change, message", [
    (lambda items: [replace(items[0], predecessors=("capacity",)), *items[1:]], "签约节点“签约”不能有前置节点"),
    (lambda items: [items[0], replace(items[1], predecessors=("start",)), *items[2:]], "形成了循环"),
    (lambda items: [items[0], replace(items[1], duration_workdays=-1), *items[2:]], "不能为负数"),
    (lambda items: [items[0], replace(items[1], milestone=""), *items[2:]], "缺少里程碑节点“供地”"),
    (lambda items: [items[0], items[1], replace(items[2], predecessors=("nowhere",)), *items[3:]], "前置节点“nowhere”不存在"),
    (lambda items: [*items, replace(items[1], key="land2", name="二期供地")], "对应了多个节点"),
    (lambda items: [items[0], replace(items[1], key="土地"), *items[2:]], "代码“土地”无效"),
])
def test_invalid_templates_are_refused_with_the_reason(cast, change, message):
    shipped = shipped_template()
    with pytest.raises(DomainError) as err:
        node_template_revise(acting_user=cast.bureau, template=shipped, items=change(_items(shipped)))
    assert message in err.value.message
    assert NodeTemplate.objects.filter(division__isnull=False).count() == 0


def test_milestones_must_follow_each_other(cast):
    shipped = shipped_template()
    items = _items(shipped)
    # 开工 hung straight after 签约, beside 供地: no longer after 供地.
    items[2] = replace(items[2], predecessors=("sign",))
    with pytest.raises(DomainError) as err:
        node_template_revise(acting_user=cast.bureau, template=shipped, items=items)
    assert "“开工”" in err.value.message and "必须排在“供地”之后" in err.value.message


def test_only_the_bureau_edits_templates(cast):
    with pytest.raises(DomainError):
        node_template_revise(acting_user=cast.clerk_a, template=shipped_template(), items=_items(shipped_template()))
    with pytest.raises(DomainError):
        node_template_create(acting_user=cast.leader, name="x", items=_items(shipped_template()))


def test_template_pages(client, cast):
    shipped = shipped_template(fine=True)
    login_as(client, cast.clerk_a)
    assert "工业项目细化节点计划" in client.get("/projects/templates/").content.decode()
    body = client.get(f"/projects/templates/{shipped.pk}/").content.decode()
    assert "施工许可" in body and "修订（生成新版本）" not in body
    assert client.get(f"/projects/templates/{shipped.pk}/edit/").status_code == 403
    login_as(client, cast.bureau)
    response = client.get(f"/projects/templates/{shipped.pk}/edit/")
    formset = response.context["formset"]
    data = {"items-TOTAL_FORMS": str(len(formset.forms)), "items-INITIAL_FORMS": str(formset.initial_form_count()),
            "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "80", "project_type": "industrial",
            "change_note": "增加消防审验"}
    # What the browser sends back: every row as rendered, blank rows with their initial 0 days.
    for index, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            if name != "DELETE":
                value = form.initial.get(name, field.initial)
                data[f"items-{index}-{name}"] = "" if value is None else value
    extra = formset.initial_form_count()
    data.update({f"items-{extra}-key": "fire", f"items-{extra}-name": "消防设计审查",
                 f"items-{extra}-predecessors": "planning", f"items-{extra}-duration_workdays": "10",
                 f"items-{extra}-responsible_unit_kind": "住建", f"items-{extra}-required_evidence": "消防设计审查意见书"})
    data["items-6-predecessors"] = "planning eia energy fire"  # 施工许可 now waits for 消防 too
    response = client.post(f"/projects/templates/{shipped.pk}/edit/", data)
    revised = NodeTemplate.objects.get(division_id="340882")
    assert response["Location"] == f"/projects/templates/{revised.pk}/"
    assert revised.project_type == "industrial" and revised.items.count() == 13
    permit = revised.items.get(key="permit")
    assert {p.key for p in permit.predecessors.all()} == {"planning", "eia", "energy", "fire"}
    assert "增加消防审验" in client.get(f"/projects/templates/{revised.pk}/").content.decode()
    # A cycle typed in the editor is refused with the reason, nothing saved.
    data["items-INITIAL_FORMS"] = "13"
    data["items-1-predecessors"] = "permit"
    response = client.post(f"/projects/templates/{revised.pk}/edit/", data)
    assert "形成了循环" in response.content.decode()
    assert NodeTemplate.objects.filter(division_id="340882").count() == 1


def test_outside_templates_are_not_found(client, cast):
    tongcheng_bureau = make_user("tc_bureau", role=Role.BUREAU, division=OTHER_COUNTY,
                                 unit=Unit.objects.get(division_id=OTHER_COUNTY))
    shipped = shipped_template()
    own = node_template_revise(acting_user=cast.bureau, template=shipped, items=_items(shipped))
    login_as(client, tongcheng_bureau)
    assert client.get(f"/projects/templates/{own.pk}/").status_code == 404
    assert client.get(f"/projects/templates/{shipped.pk}/").status_code == 200
