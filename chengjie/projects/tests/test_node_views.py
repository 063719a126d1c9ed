"""Node updates: the responsible unit's clerk enters the date with evidence checked by content, the unit
head confirms or returns it, the server stamps who and when; evidence is served only inside the scope."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import OTHER_COUNTY, login_as, make_user
from chengjie.org.models import Unit
from chengjie.projects.models import Evidence, Milestone
from chengjie.projects.services import evidence as evidence_module
from chengjie.projects.testing import PDF_BYTES, PNG_BYTES, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(cast):
    """Signed 2026-03-02, baseline approved; 供地 is 自然资源局's (clerk_b), 开工 经信局's (clerk_a)."""
    return make_project(cast=cast, stage="signed", signed_on=date(2026, 3, 2))


def _post(client, node, *, day, files=None):
    data = {"actual_date": day.isoformat()}
    data.update(files or {})
    return client.post(f"/projects/nodes/{node.pk}/", data)


def _pdf(name="出让合同.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_clerk_enters_a_node_with_evidence_and_the_server_stamps_it(client, cast, project):
    land = project.nodes.get(key="land")
    login_as(client, cast.clerk_b)
    page = client.get(f"/projects/nodes/{land.pk}/").content.decode()
    assert "国有建设用地使用权出让合同或成交确认书" in page and 'accept="application/pdf,image/jpeg,image/png"' in page
    response = _post(client, land, day=date(2026, 5, 20), files={"evidence_0": _pdf()})
    assert response.status_code == 302
    land.refresh_from_db()
    assert land.actual_date == date(2026, 5, 20) and land.actual_entered_by == cast.clerk_b
    assert land.actual_entered_at is not None and land.confirmed_at is None
    project.refresh_from_db()
    assert project.reached_milestone == Milestone.LAND
    [evidence] = land.evidence.all()
    assert evidence.kind == "国有建设用地使用权出让合同或成交确认书" and evidence.content_type == "application/pdf"
    assert evidence.original_name == "出让合同.pdf" and evidence.file.name.startswith("evidence/")
    assert "出让合同" not in evidence.file.name  # the stored name is random
    event = AuditEvent.objects.get(event="projects.node_completed")
    assert event.after["actual_date"] == "2026-05-20" and event.after["evidence"][0]["sha256"] == evidence.sha256


def test_evidence_type_is_judged_by_content_not_by_name(client, cast, project):
    land = project.nodes.get(key="land")
    login_as(client, cast.clerk_b)
    response = _post(client, land, day=date(2026, 5, 20), files={"evidence_0": _pdf(content=b"<html>not a pdf</html>")})
    assert response.status_code == 400
    assert "不是 PDF、JPEG 或 PNG 文件（按文件内容判断" in response.content.decode()
    png_named_pdf = SimpleUploadedFile("合同.pdf", PNG_BYTES, content_type="application/pdf")
    assert _post(client, land, day=date(2026, 5, 20), files={"evidence_0": png_named_pdf}).status_code == 302
    assert Evidence.objects.get().content_type == "image/png"


def test_a_file_over_10_mb_is_refused(client, cast, project):
    land = project.nodes.get(key="land")
    login_as(client, cast.clerk_b)
    big = _pdf("扫描件.pdf", content=PDF_BYTES + b"0" * (evidence_module.MAX_BYTES + 512 * 1024 - len(PDF_BYTES)))
    response = _post(client, land, day=date(2026, 5, 20), files={"evidence_0": big})
    assert response.status_code == 400
    assert "文件“扫描件.pdf”有 10.50 MB，超过 10 MB 的上限。" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_required_evidence_must_be_there(client, cast, project):
    land = project.nodes.get(key="land")
    login_as(client, cast.clerk_b)
    response = _post(client, land, day=date(2026, 5, 20))
    assert "需要上传佐证材料：国有建设用地使用权出让合同或成交确认书" in response.content.decode()
    land.refresh_from_db()
    assert land.actual_date is None


def test_a_future_date_is_refused_with_the_reason(client, cast, project):
    land = project.nodes.get(key="land")
    login_as(client, cast.clerk_b)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _post(client, land, day=tomorrow, files={"evidence_0": _pdf()})
    assert f"实际完成日期（{tomorrow:%Y-%m-%d}）晚于今天" in response.content.decode()


def test_a_date_before_the_predecessors_is_refused_with_the_reason(client, cast, project):
    land, start = project.nodes.get(key="land"), project.nodes.get(key="start")
    login_as(client, cast.clerk_a)
    response = _post(client, start, day=date(2026, 6, 1), files={"evidence_0": _pdf("施工许可证.pdf")})
    assert "前置节点“供地”尚未完成" in response.content.decode()
    login_as(client, cast.clerk_b)
    _post(client, land, day=date(2026, 6, 10), files={"evidence_0": _pdf()})
    login_as(client, cast.clerk_a)
    response = _post(client, start, day=date(2026, 6, 1), files={"evidence_0": _pdf("施工许可证.pdf")})
    assert "实际完成日期 2026-06-01 早于前置节点“供地”的完成日期 2026-06-10。" in response.content.decode()


def test_only_the_responsible_units_clerk_may_enter(client, cast, project):
    land = project.nodes.get(key="land")
    login_as(client, cast.clerk_a)  # sees the project (introduced it) but 供地 is not 经信局's
    assert "填报完成情况" not in client.get(f"/projects/nodes/{land.pk}/").content.decode()
    assert _post(client, land, day=date(2026, 5, 20), files={"evidence_0": _pdf()}).status_code == 403
    login_as(client, cast.leader)
    assert client.get(f"/projects/nodes/{land.pk}/").status_code == 200
    assert _post(client, land, day=date(2026, 5, 20), files={"evidence_0": _pdf()}).status_code == 403
    login_as(client, cast.outsider)
    assert client.get(f"/projects/nodes/{land.pk}/").status_code == 404
    land.refresh_from_db()
    assert land.actual_date is None


def test_nodes_of_a_draft_plan_cannot_be_entered(client, cast):
    draft = make_project(cast=cast, stage="draft", signed_on=date(2026, 3, 2))
    land = draft.nodes.get(key="land")
    login_as(client, cast.clerk_b)
    assert "尚未批准" in client.get(f"/projects/nodes/{land.pk}/").content.decode()
    assert _post(client, land, day=date(2026, 5, 20), files={"evidence_0": _pdf()}).status_code == 403


def test_the_unit_head_confirms_or_returns(client, cast, project):
    project = make_project(cast=cast, stage="land", signed_on=date(2026, 3, 2), confirm=False,
                           actual_dates={"land": date(2026, 5, 20)})
    land = project.nodes.get(key="land")
    head_b = make_user("head_b", role=Role.UNIT_HEAD, unit=cast.unit_b)
    login_as(client, cast.head_a)  # another unit's head
    assert client.post(f"/projects/nodes/{land.pk}/confirm/").status_code == 302
    land.refresh_from_db()
    assert land.confirmed_at is None
    login_as(client, head_b)
    assert "确认完成" in client.get(f"/projects/nodes/{land.pk}/").content.decode()
    assert client.post(f"/projects/nodes/{land.pk}/return/", {"reason": "合同缺页"}).status_code == 302
    land.refresh_from_db()
    assert land.actual_date is None and land.evidence.count() == 1
    assert AuditEvent.objects.get(event="projects.node_returned").note == "合同缺页"
    login_as(client, cast.clerk_b)
    _post(client, land, day=date(2026, 5, 21), files={"evidence_0": _pdf("出让合同（完整）.pdf")})
    login_as(client, head_b)
    client.post(f"/projects/nodes/{land.pk}/confirm/")
    land.refresh_from_db()
    assert land.confirmed_by == head_b and land.confirmed_at is not None
    # Once confirmed the clerk cannot change it.
    login_as(client, cast.clerk_b)
    assert "填报完成情况" not in client.get(f"/projects/nodes/{land.pk}/").content.decode()
    login_as(client, cast.clerk_a)
    assert client.post(f"/projects/nodes/{land.pk}/confirm/").status_code == 403


def test_evidence_is_served_only_inside_the_scope(client, cast):
    make_project(cast=cast, stage="land", signed_on=date(2026, 3, 2))
    evidence = Evidence.objects.get()
    login_as(client, cast.leader)
    response = client.get(f"/projects/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    login_as(client, cast.clerk_b)
    assert client.get(f"/projects/evidence/{evidence.pk}/").status_code == 200
    tongcheng_bureau = make_user("tc_bureau", role=Role.BUREAU, division=OTHER_COUNTY,
                                 unit=Unit.objects.get(division_id=OTHER_COUNTY))
    for user in (cast.outsider, tongcheng_bureau):
        login_as(client, user)
        assert client.get(f"/projects/evidence/{evidence.pk}/").status_code == 404
    login_as(client, cast.enterprise)
    assert client.get(f"/projects/evidence/{evidence.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/projects/evidence/{evidence.pk}/").status_code == 302


def test_the_bureau_assigns_a_node_to_a_unit_and_person(client, cast, project):
    start = project.nodes.get(key="start")
    login_as(client, cast.bureau)
    response = client.post(f"/projects/nodes/{start.pk}/assign/", {"responsible_unit": cast.park_unit.pk,
                                                                  "responsible_person": cast.clerk_a.pk})
    assert "不是安徽潜山经济开发区管委会的在岗人员" in response.content.decode()
    client.post(f"/projects/nodes/{start.pk}/assign/", {"responsible_unit": cast.park_unit.pk,
                                                       "responsible_person": cast.park.pk})
    start.refresh_from_db()
    assert start.responsible_unit == cast.park_unit and start.responsible_person == cast.park
    login_as(client, cast.clerk_a)
    assert client.post(f"/projects/nodes/{start.pk}/assign/", {"responsible_unit": cast.unit_a.pk}).status_code == 403
