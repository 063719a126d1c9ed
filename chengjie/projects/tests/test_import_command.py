"""`chengjie import projects FILE.xlsx --user NAME` from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from chengjie.audit.models import AuditEvent
from chengjie.projects.importer.testing import ledger_bytes
from chengjie.projects.models import Project
from chengjie.projects.testing import ensure_shipped_templates

from .test_import_plan import HEADERS, ledger_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(tmp_path, cast):
    ensure_shipped_templates()

    def write(rows, name="台账.xlsx"):
        path = tmp_path / name
        path.write_bytes(ledger_bytes(HEADERS, rows))
        return path

    return write


def call(*args):
    out, err = StringIO(), StringIO()
    call_command("import", "projects", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_clean_ledger_is_imported_and_audited_as_the_user_from_the_cli(ledger):
    out, err = call(ledger([ledger_row(1), ledger_row(2)]), "--user", "bureau")
    assert out == "已导入 2 个项目，0 行未导入。\n" and err == ""
    assert Project.objects.count() == 2
    event = AuditEvent.objects.get(event="projects.imported")
    assert (event.channel, event.actor_username) == ("cli", "bureau")


def test_problems_are_listed_one_per_line_and_nothing_is_written(ledger):
    with pytest.raises(CommandError) as refused:
        call(ledger([ledger_row(1), ledger_row(2, 责任单位="商务局")]), "--user", "bureau")
    assert str(refused.value) == "1 个问题，未导入任何项目。改正后再导入，或用 --valid-only 只导入无误的行。"
    assert not Project.objects.exists()


def test_problem_lines_name_sheet_row_column_and_reason(ledger):
    path = ledger([ledger_row(1, 责任单位="商务局")])
    out, err = call(path, "--user", "bureau", "--check")
    assert out == "检查完毕：0 行无误，1 行有问题，未写入。\n"
    assert err == "工作表“项目台账”第 3 行 G 列（责任单位）：您的数据范围内没有名为“商务局”的单位\n"


def test_valid_only_imports_the_rest_and_saves_the_rejects_beside_the_file(ledger):
    path = ledger([ledger_row(1), ledger_row(2, 责任单位="商务局")])
    out, err = call(path, "--user", "bureau", "--valid-only")
    assert out == "已导入 1 个项目，1 行未导入。\n"
    rejects = path.with_name("台账-未导入.xlsx")
    assert f"有问题的 1 行已存到 {rejects}" in err
    rows = list(load_workbook(rejects).active.iter_rows(values_only=True))
    assert rows[-1][-2:] == (4, "G 列（责任单位）：您的数据范围内没有名为“商务局”的单位")


@pytest.mark.parametrize(("args", "message"), [
    (["--user", "nobody"], "没有名为“nobody”的在用账号。"),
    (["--user", "clerk_a"], "您的角色不能导入项目台账。"),
])
def test_the_user_must_exist_and_may_sign_projects(ledger, args, message):
    with pytest.raises(CommandError) as refused:
        call(ledger([ledger_row(1)]), *args)
    assert str(refused.value) == message


def test_a_missing_or_unreadable_file_is_said_plainly(tmp_path, cast):
    with pytest.raises(CommandError) as refused:
        call(tmp_path / "none.xlsx", "--user", "bureau")
    assert str(refused.value) == f"找不到文件 {tmp_path / 'none.xlsx'}。"
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CommandError) as refused:
        call(bad, "--user", "bureau")
    assert "另存为 .xlsx" in str(refused.value)
