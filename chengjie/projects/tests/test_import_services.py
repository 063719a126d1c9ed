"""The ledger import end to end at the service: all or nothing, or only the valid rows with the rejects
handed back as a workbook; audited per project; the export reads back as the same projects."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.audit.selectors import audit_verify
from chengjie.core.errors import DomainError
from chengjie.core.testing import login_as, make_user
from chengjie.projects.importer.services import ledger_check, projects_import
from chengjie.projects.importer.testing import ledger_bytes
from chengjie.projects.importer.workbooks import ledger_workbook
from chengjie.projects.models import Node, NodeTemplate, PlanVersion, Project
from chengjie.projects.selectors import my_tasks
from chengjie.projects.services import node_complete, node_confirm, plan_approve
from chengjie.projects.template_data import FINE_TEMPLATE
from chengjie.projects.testing import ensure_shipped_templates, pdf_upload

from .test_import_plan import HEADERS, ledger_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def templates(db):
    ensure_shipped_templates()


def run(user, rows, *, valid_only=False, **kwargs):
    return projects_import(acting_user=user, source=BytesIO(ledger_bytes(HEADERS, rows, **kwargs)),
                           file_name="2025年台账.xlsx", valid_only=valid_only)


def test_a_clean_ledger_signs_every_row_with_its_plan_and_audit(cast):
    result = run(cast.bureau, [ledger_row(1), ledger_row(2, 总投资="2.5亿")])
    assert result.written and result.rejects is None and result.problems == []
    projects = list(Project.objects.order_by("pk"))
    assert [p.name for p in projects] == ["年产1万套刷具项目", "年产2万套刷具项目"]
    assert projects[1].contracted_investment == Decimal("25000.00")
    assert [p.code for p in projects] == ["340882-2025-0001", "340882-2025-0002"]
    assert Node.objects.filter(project__in=projects).count() == 10
    sign = Node.objects.get(project=projects[0], key="sign")
    assert sign.actual_date == projects[0].signed_on and sign.required_evidence == []
    assert abs((timezone.now() - sign.actual_entered_at).total_seconds()) < 60
    assert (sign.actual_entered_by, sign.confirmed_by) == (cast.bureau, cast.bureau)
    assert Node.objects.get(project=projects[0], key="land").required_evidence == ["国有建设用地使用权出让合同或成交确认书"]
    assert PlanVersion.objects.filter(status=PlanVersion.Status.DRAFT).count() == 2
    version = PlanVersion.objects.get(project=projects[0])
    assert (version.number, version.requested_by, version.reason) == (1, cast.bureau, "签约时按节点模板生成")
    assert abs((timezone.now() - version.requested_at).total_seconds()) < 60
    assert version.entries.count() == 5
    signed = AuditEvent.objects.filter(event="projects.signed").order_by("seq")
    assert [e.note for e in signed] == ["导入自 2025年台账.xlsx 工作表“项目台账”第 3 行",
                                        "导入自 2025年台账.xlsx 工作表“项目台账”第 4 行"]
    summary = AuditEvent.objects.get(event="projects.imported")
    assert summary.after == {"file": "2025年台账.xlsx", "rows": 2, "imported": 2, "rejected": 0}
    assert summary.actor_username == "bureau"
    assert audit_verify() == (AuditEvent.objects.count(), None)


def test_nothing_is_written_while_any_row_has_a_problem(cast):
    result = run(cast.bureau, [ledger_row(1), ledger_row(2, 责任单位="商务局")])
    assert not result.written and len(result.problems) == 1
    assert not Project.objects.exists() and not AuditEvent.objects.filter(event__startswith="projects.").exists()
    assert result.rejects is not None


def test_valid_rows_only_signs_them_and_hands_the_rest_back_with_the_reason(cast):
    result = run(cast.bureau, [ledger_row(1), ledger_row(2, 责任单位="商务局", 签约时间="2025年13月"), ledger_row(3)],
                 valid_only=True, note="金额单位：万元")
    assert sorted(Project.objects.values_list("name", flat=True)) == ["年产1万套刷具项目", "年产3万套刷具项目"]
    assert AuditEvent.objects.get(event="projects.imported").after["rejected"] == 1
    sheet = load_workbook(BytesIO(result.rejects)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "项目台账"
    assert rows[0][0] == "潜山市招商引资项目台账" and rows[1][-3] == "金额单位：万元"
    assert rows[2] == [*HEADERS, "原行号", "问题"]
    assert rows[3][:10] == ledger_row(2, 责任单位="商务局", 签约时间="2025年13月")
    assert rows[3][10:] == [5, "F 列（签约时间）：日期“2025年13月”不存在；G 列（责任单位）：您的数据范围内没有名为“商务局”的单位"]
    assert len(rows) == 4


def test_a_corrected_rejects_workbook_imports_as_it_is(cast):
    result = run(cast.bureau, [ledger_row(1), ledger_row(2, 责任单位="商务局")], valid_only=True)
    book = load_workbook(BytesIO(result.rejects))
    book.active["G3"] = "自然资源局"
    fixed = BytesIO()
    book.save(fixed)
    fixed.seek(0)
    again = projects_import(acting_user=cast.bureau, source=fixed, file_name="未导入的行.xlsx")
    assert again.written and again.notices == []
    assert Project.objects.get(name="年产2万套刷具项目").introducing_unit == cast.unit_b


def test_valid_rows_only_with_no_valid_row_writes_nothing(cast):
    result = run(cast.bureau, [ledger_row(1, 责任单位="商务局")], valid_only=True)
    assert not result.written and not AuditEvent.objects.filter(event="projects.imported").exists()


def test_importing_the_same_ledger_twice_signs_nothing_the_second_time(cast):
    rows = [ledger_row(1), ledger_row(2)]
    run(cast.bureau, rows)
    again = run(cast.bureau, rows)
    assert not again.written and len(again.problems) == 2 and Project.objects.count() == 2


def test_repeated_signings_in_a_ledger_are_flagged_for_the_bureau(cast):
    run(cast.bureau, [ledger_row(1, 项目名称="年产1000万支牙刷项目", 投资方="安徽恒丰刷业有限公司", 签约时间="2024-05-06"),
                      ledger_row(2, 项目名称="年产1000万支牙刷建设项目", 投资方="恒丰刷业（安徽）有限公司")])
    first, second = Project.objects.order_by("pk")
    assert (second.duplicate_state, second.duplicate_of) == (Project.DuplicateState.SUSPECTED, first)


class _Rollback(Exception):
    pass


def test_a_ledgers_progress_enters_the_nodes_as_done_awaiting_the_units_evidence(cast):
    headers = [*HEADERS, "供地时间", "开工时间", "纳统时间"]
    result = projects_import(acting_user=cast.bureau, source=BytesIO(ledger_bytes(headers, [
        ledger_row(1, 签约时间="2024-03-15") + ["2024-06-01", "2024年9月", "2024-10-20"],
        ledger_row(2, 签约时间="2025-03-15") + [None, None, None],
    ])), file_name="台账.xlsx")
    assert result.written and result.problems == []
    started, fresh = Project.objects.order_by("signed_on")
    nodes = {n.key: n for n in started.nodes.all()}
    assert (nodes["land"].actual_date, nodes["start"].actual_date) == (date(2024, 6, 1), date(2024, 9, 1))
    assert (nodes["production"].actual_date, nodes["capacity"].actual_date) == (None, None)
    # Entered by whoever imported, not confirmed: the unit adds the evidence, its head confirms.
    assert (nodes["land"].actual_entered_by, nodes["land"].confirmed_at) == (cast.bureau, None)
    assert not nodes["land"].evidence.exists()
    assert (started.reached_milestone, started.stats_registered_on, started.open_nodes) == ("started", date(2024, 10, 20), 2)
    assert fresh.reached_milestone == "signed" and fresh.stats_registered_on is None
    after = AuditEvent.objects.get(event="projects.signed", object_id=str(started.pk)).after
    assert after["done"] == {"land": "2024-06-01", "start": "2024-09-01"} and after["stats_registered_on"] == "2024-10-20"
    assert "done" not in AuditEvent.objects.get(event="projects.signed", object_id=str(fresh.pk)).after


def test_an_imported_date_is_confirmed_only_once_the_unit_adds_its_evidence(client, cast):
    projects_import(acting_user=cast.bureau, source=BytesIO(ledger_bytes([*HEADERS, "开工时间"], [
        ledger_row(1, 签约时间="2024-03-15") + ["2024-09-10"]])), file_name="台账.xlsx")
    project = Project.objects.get()
    plan_approve(acting_user=cast.bureau, version=project.plan_versions.get())
    start = project.nodes.get(key="start")
    with pytest.raises(DomainError, match="节点“开工”还缺佐证材料：施工许可证或开工报告。请经办人补充上传后再确认。"):
        node_confirm(acting_user=cast.head_a, node=start)
    login_as(client, cast.head_a)
    page = client.get(f"/projects/nodes/{start.pk}/").content.decode()
    assert "还缺佐证材料：施工许可证或开工报告" in page
    assert start not in my_tasks(user=cast.head_a)["nodes_to_confirm"]  # nothing to confirm yet
    # The clerk finds it among their tasks, enters the same date again with the permit; the head confirms.
    login_as(client, cast.clerk_a)
    tasks = client.get("/projects/tasks/")
    assert tasks.context["tasks"]["nodes_to_prove"] == [start] and "待补充佐证材料的节点" in tasks.content.decode()
    node_complete(acting_user=cast.clerk_a, node=start, actual_date=date(2024, 9, 10), evidence_files=[pdf_upload()])
    assert my_tasks(user=cast.clerk_a)["nodes_to_prove"] == []
    assert my_tasks(user=cast.head_a)["nodes_to_confirm"] == [start]
    assert node_confirm(acting_user=cast.head_a, node=start).confirmed_by == cast.head_a
    land = project.nodes.get(key="land")  # 自然资源局's, still without its contract
    assert "国有建设用地使用权出让合同或成交确认书" in str(pytest.raises(
        DomainError, node_confirm, acting_user=make_user("head_b", role=Role.UNIT_HEAD, unit=cast.unit_b), node=land).value)


def test_nodes_a_dated_milestone_depends_on_are_done_by_its_date(cast):
    """Under the finer template the ledger's 开工 date also closes 备案, 规划许可, 环评, 节能, 施工许可 (the
    nodes 开工 depends on, which the ledger does not date) on that date; 供地 keeps its own."""
    NodeTemplate.objects.filter(name=FINE_TEMPLATE["name"]).update(project_type="industrial")
    projects_import(acting_user=cast.bureau, source=BytesIO(ledger_bytes([*HEADERS, "供地时间", "开工时间"], [
        ledger_row(1, 签约时间="2024-03-15") + ["2024-06-01", "2024-09-10"]])), file_name="台账.xlsx")
    project = Project.objects.get()
    done = dict(project.nodes.values_list("key", "actual_date"))
    assert done == {"sign": date(2024, 3, 15), "filing": date(2024, 9, 10), "land": date(2024, 6, 1),
                    "planning": date(2024, 9, 10), "eia": date(2024, 9, 10), "energy": date(2024, 9, 10),
                    "permit": date(2024, 9, 10), "start": date(2024, 9, 10), "topping": None, "acceptance": None,
                    "production": None, "capacity": None}


def test_the_exported_ledger_reads_back_as_the_same_projects(cast):
    headers = [*HEADERS, "供地时间", "开工时间", "纳统时间"]
    projects_import(acting_user=cast.bureau, source=BytesIO(ledger_bytes(headers, [
        ledger_row(1) + ["2025-05-06", "2025-08-01", "2025-09-30"],
        ledger_row(2, 落户园区=None, 包保领导=None, 项目类型="农业", 总投资="0.35亿", 省外=0, 签约时间=date(2024, 11, 30))
        + [None, None, None]])), file_name="2025年台账.xlsx")
    projects = Project.objects.order_by("signed_on", "pk")
    content, count = ledger_workbook(projects, title="潜山市招商项目台账")
    assert count == 2
    sheet = load_workbook(BytesIO(content)).active
    assert str(sheet.merged_cells) == "A1:V1"
    assert [cell.value for cell in sheet[2]] == [
        "序号", "项目编号", "项目名称", "投资方", "投资方所在地", "项目类型", "总投资（万元）", "其中省外资金（万元）", "签约时间",
        "引进单位", "所属地区", "落户园区", "产业工作组", "行业", "包保领导", "联络员", "引荐人", "供地时间", "开工时间",
        "投产时间", "达产时间", "纳统时间"]
    # Read back, the file is the projects already registered …
    plan = ledger_check(acting_user=cast.bureau, source=BytesIO(content))
    assert [p.reason.split("（")[0] for p in plan.problems] == ["项目编号 340882-2024-0001 已被使用，不能重复导入",
                                                              "项目编号 340882-2025-0001 已被使用，不能重复导入"]
    # … and, once they are gone, exactly the keywords that signed them, with their progress.
    fields = ["name", "investor_name", "investor_origin", "project_type", "division", "contracted_investment",
              "out_of_province_investment", "introducing_unit", "signed_on", "park", "industry", "industry_group",
              "leader", "contact_person", "referrer"]
    signed = [({field: getattr(p, field) for field in fields}, {key: d for key, d in p.nodes.filter(
        milestone__in=["land", "started"]).values_list("milestone", "actual_date") if d}, p.stats_registered_on)
        for p in projects]
    try:
        with transaction.atomic():
            Node.objects.all().delete()
            Project.objects.all().delete()
            plan = ledger_check(acting_user=cast.bureau, source=BytesIO(content))
            raise _Rollback([({field: row.sign[field] for field in fields}, row.progress.done,
                              row.progress.stats_registered_on) for row in plan.rows])
    except _Rollback as read_back:
        assert read_back.args[0] == signed
    assert signed[1][1] == {"land": date(2025, 5, 6), "started": date(2025, 8, 1)}
    assert plan.clean
