"""Checking a whole ledger before anything is written: names matched in the importer's scope, every
problem placed by sheet, row and column with the reason."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone

from chengjie.core.errors import DomainError
from chengjie.leads.models import Referrer
from chengjie.org.models import Unit
from chengjie.projects.importer.services import ledger_check
from chengjie.projects.importer.testing import SheetSpec, ledger_bytes, workbook_bytes
from chengjie.projects.models import ProjectType
from chengjie.projects.testing import make_project

pytestmark = pytest.mark.django_db

HEADERS = ["序号", "项目名称", "投资方", "总投资（万元）", "其中省外资金（万元）", "签约时间", "责任单位", "落户园区",
           "包保领导", "项目类型"]


def ledger_row(number=1, **values):
    """A row of HEADERS; amounts are given as 总投资= and 省外=."""
    row = {"项目名称": f"年产{number}万套刷具项目", "投资方": f"安徽第{number}刷业有限公司", "总投资": 3000,
           "省外": 1000, "签约时间": "2025.3", "责任单位": "经信局", "落户园区": "开发区", "包保领导": "县领导",
           "项目类型": "工业"}
    row.update(values)
    return [number, *(row[key] for key in ("项目名称", "投资方", "总投资", "省外", "签约时间", "责任单位", "落户园区",
                                           "包保领导", "项目类型"))]


def check(user, rows, headers=HEADERS, **kwargs):
    return ledger_check(acting_user=user, source=BytesIO(ledger_bytes(headers, rows, **kwargs)))


def reasons(plan):
    return [(p.sheet, p.row, p.column, p.reason) for p in plan.problems]


def test_a_clean_ledger_becomes_signings_with_names_matched_in_scope(cast):
    plan = check(cast.bureau, [ledger_row(1), ledger_row(2, 责任单位="潜山市经济和信息化局", 签约时间=45000,
                                                      总投资="1.2亿", 项目类型="服务业项目")])
    assert plan.clean and reasons(plan) == []
    first, second = (row.sign for row in plan.rows)
    assert first["introducing_unit"] == cast.unit_a and first["park"] == cast.park_obj
    assert first["leader"] == cast.leader and first["division"] == cast.park_obj.division
    assert first["signed_on"] == date(2025, 3, 1) and first["contracted_investment"] == Decimal("3000.00")
    assert first["out_of_province_investment"] == Decimal("1000.00")
    assert first["project_type"] == ProjectType.INDUSTRIAL
    assert second["signed_on"] == date(2023, 3, 15) and second["contracted_investment"] == Decimal("12000.00")
    assert second["introducing_unit"] == cast.unit_a and second["project_type"] == ProjectType.SERVICE
    assert [row.row.number for row in plan.rows] == [3, 4]


def test_without_a_park_the_project_sits_in_the_introducing_unit_s_division(cast):
    plan = check(cast.bureau, [ledger_row(1, 落户园区=None)])
    assert plan.rows[0].sign["division"].code == "340882" and plan.rows[0].sign["park"] is None


def test_units_are_matched_by_name_short_name_or_a_unique_part(cast):
    names = ["潜山市自然资源和规划局", "自然资源局", "自然资源和规划", "潜山市自然资源局"]
    plan = check(cast.bureau, [ledger_row(n, 责任单位=name) for n, name in enumerate(names, start=1)])
    assert plan.clean
    assert {row.sign["introducing_unit"] for row in plan.rows} == {cast.unit_b}


def test_unknown_ambiguous_and_out_of_scope_units_are_row_errors(cast):
    Unit.objects.create(name="潜山市财政局", division_id="340882", kind=Unit.Kind.DEPARTMENT, is_active=False)
    plan = check(cast.bureau, [ledger_row(1, 责任单位="商务局"), ledger_row(2, 责任单位="局"),
                               ledger_row(3, 责任单位="桐城市经济和信息化局"), ledger_row(4, 责任单位="潜山市财政局")])
    assert reasons(plan) == [
        ("项目台账", 3, "G", "您的数据范围内没有名为“商务局”的单位"),
        ("项目台账", 4, "G", "“局”可指多个单位（潜山市经济和信息化局、潜山市自然资源和规划局），请写全称"),
        ("项目台账", 5, "G", "单位“桐城市经济和信息化局”不在您的数据范围内"),
        ("项目台账", 6, "G", "单位“潜山市财政局”已停用"),
    ]
    assert plan.rows == [] and [row.number for _sheet, row, _problems in plan.rejected] == [3, 4, 5, 6]


def test_every_problem_of_a_row_is_reported_with_its_column(cast):
    tomorrow = timezone.localdate() + timedelta(days=1)
    plan = check(cast.bureau, [
        ledger_row(1, 项目名称=None, 总投资="三千万", 签约时间=tomorrow.isoformat(), 落户园区="高新区"),
        ledger_row(2, 总投资=100, 省外=200),
        ledger_row(3, 总投资=0, 省外=0, 包保领导="经信局经办人", 项目类型="文旅"),
    ])
    assert reasons(plan) == [
        ("项目台账", 3, "B", "请填写项目名称"),
        ("项目台账", 3, "D", "“三千万”不是金额：请写数字，可带单位万元或亿元，如 3000 或 1.2亿"),
        ("项目台账", 3, "F", f"签约时间 {tomorrow.isoformat()} 晚于今天，不能登记将来的日期"),
        ("项目台账", 3, "H", "您的数据范围内没有名为“高新区”的园区"),
        ("项目台账", 4, "E", "其中省外资金 200.00 万元超过总投资 100.00 万元"),
        ("项目台账", 5, "I", "您的数据范围内没有名为“经信局经办人”的领导账号"),
        ("项目台账", 5, "J", "项目类型“文旅”应为工业项目、服务业项目、农业项目、基础设施项目之一"),
    ]
    assert str(plan.problems[0]) == "工作表“项目台账”第 3 行 B 列（项目名称）：请填写项目名称"


def test_zero_investment_is_refused_as_signing_refuses_it(cast):
    plan = check(cast.bureau, [ledger_row(1, 总投资=0, 省外=0)])
    assert reasons(plan) == [("项目台账", 3, "D", "总投资应大于 0 万元")]


def test_a_referrer_registered_after_the_signing_is_refused(cast):
    Referrer.objects.create(name="王引荐", kind=Referrer.Kind.PERSON, division_id="340882", id_number="x",
                            registered_on=date(2025, 6, 1), registered_by=cast.bureau)
    headers = [*HEADERS, "引荐人"]
    plan = check(cast.bureau, [ledger_row(1) + ["王引荐"], ledger_row(2, 签约时间="2025-07-01") + ["王引荐"]],
                 headers=headers)
    assert reasons(plan) == [("项目台账", 3, "K", "引荐人“王引荐”于 2025-06-01 备案，晚于签约时间 2025-03-01：引荐人须在签约前备案")]
    assert plan.rows[0].sign["referrer"].name == "王引荐"


def test_a_missing_required_column_is_one_problem_for_the_sheet(cast):
    plan = check(cast.bureau, [[1, "甲项目", "甲公司"]], headers=["序号", "项目名称", "投资方"])
    assert reasons(plan) == [("项目台账", None, "", "缺少必填列：总投资、签约时间、引进单位")]
    assert [problems[0].reason for _sheet, _row, problems in plan.rejected] == ["缺少必填列：总投资、签约时间、引进单位"]


def test_the_same_project_twice_in_the_file_is_refused_the_second_time(cast):
    content = workbook_bytes(
        SheetSpec("2024年", [HEADERS, ledger_row(1)]),
        SheetSpec("2025年", [HEADERS, ledger_row(2), ledger_row(1, 签约时间="2025-04-01")]),
    )
    plan = ledger_check(acting_user=cast.bureau, source=BytesIO(content))
    assert reasons(plan) == [("2025年", 3, "B", "与工作表“2024年”第 2 行是同一项目（项目名称和投资方相同）")]
    assert len(plan.rows) == 2


def test_a_project_already_registered_is_not_imported_again(cast):
    project = make_project(cast=cast, name="年产1万套刷具项目", investor_name="安徽第1刷业有限公司",
                           signed_on=date(2025, 3, 1))
    plan = check(cast.bureau, [ledger_row(1), ledger_row(2)])
    assert reasons(plan) == [("项目台账", 3, "B", f"该项目已登记（项目编号 {project.code}，项目名称、投资方和签约时间相同），不能重复导入")]
    headers = ["项目编号", *HEADERS]
    plan = check(cast.bureau, [[project.code, *ledger_row(3)]], headers=headers)
    assert reasons(plan) == [("项目台账", 3, "C", f"项目编号 {project.code} 已被使用，不能重复导入")]


def test_only_the_bureau_may_import(cast):
    for user in (cast.leader, cast.clerk_a, cast.outsider):
        with pytest.raises(DomainError) as refused:
            check(user, [ledger_row(1)])
        assert refused.value.code == "forbidden"


def test_an_outsider_bureau_sees_none_of_our_units(cast):
    from chengjie.accounts.roles import Role
    from chengjie.core.testing import OTHER_COUNTY, make_user

    other_bureau = make_user("tongcheng_bureau", role=Role.BUREAU, division=OTHER_COUNTY)
    plan = check(other_bureau, [ledger_row(1, 落户园区=None, 包保领导=None)])
    assert reasons(plan) == [("项目台账", 3, "G", "单位“潜山市经济和信息化局”不在您的数据范围内")]


PROGRESS = ["供地时间", "实际开工时间", "竣工投产时间", "纳统时间"]


def test_progress_dates_are_read_and_checked_against_the_signing_and_each_other(cast):
    headers = [*HEADERS, *PROGRESS, "计划开工时间"]
    plan = check(cast.bureau, [
        ledger_row(1, 签约时间="2025-03-15") + ["2025.6", "2025年9月20日", None, "2025-10-01", "2025-08-01"],
        ledger_row(2, 签约时间="2025-03-15") + ["2025.3", "2025-05-01", None, "2025-02-28", None],
        ledger_row(3, 签约时间="2025-03-15") + ["2025-06-01", "2025-05-31", "2025-05-30", None, None],
    ], headers=headers)
    assert reasons(plan) == [
        ("项目台账", 4, "K", "供地时间 2025-03-01 早于签约时间 2025-03-15（只写年月的按当月 1 日计）"),
        ("项目台账", 4, "N", "纳统时间 2025-02-28 早于签约时间 2025-03-15（只写年月的按当月 1 日计）"),
        ("项目台账", 5, "L", "开工时间 2025-05-31 早于供地时间 2025-06-01"),
        ("项目台账", 5, "M", "投产时间 2025-05-30 早于供地时间 2025-06-01"),
    ]
    progress = plan.rows[0].progress
    assert progress.done == {"land": date(2025, 6, 1), "started": date(2025, 9, 20)}
    assert progress.stats_registered_on == date(2025, 10, 1)
    # A planned date is not a fact: the column is named among those not read.
    assert any("计划开工时间" in notice for notice in plan.ledger.notices)
