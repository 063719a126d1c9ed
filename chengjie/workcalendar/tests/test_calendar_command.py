"""`chengjie calendar …`: results on stdout, the missing-year warning on stderr, a Chinese message and a
non-zero exit on bad input."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chengjie.audit.models import AuditEvent
from chengjie.workcalendar.management.commands.calendar import Command
from chengjie.workcalendar.models import HolidayNotice
from chengjie.workcalendar.services import holiday_notice_import

from .conftest import DATA

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("calendar", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_workdays_prints_the_count_of_the_closed_interval():
    assert run("workdays", "2026-09-28", "2026-10-11") == ("6\n", "")


def test_add_prints_the_date_n_workdays_later():
    assert run("add", "2026-09-30", "3") == ("2026-10-10\n", "")


def test_add_takes_a_negative_n():
    assert run("add", "2026-10-12", "-3") == ("2026-10-08\n", "")


def test_a_year_without_data_is_computed_mon_fri_with_a_warning_on_stderr():
    out, err = run("workdays", "2031-09-29", "2031-10-05")
    assert out == "5\n"
    assert err.startswith("警告：2031 年的节假日安排尚未导入，已按周一至周五计算工作日")


def test_add_warns_about_every_missing_year_it_crossed():
    out, err = run("add", "2030-12-31", "2")
    assert out == "2031-01-02\n"
    assert "2030、2031 年" in err


def test_import_loads_a_notice_and_says_what_it_holds(tmp_path, notice_2031):
    path = tmp_path / "2031.json"
    path.write_bytes(notice_2031)
    out, err = run("import", str(path))
    assert out == "已导入 2031 年节假日安排：休息日 7 天，调休上班日 2 天。\n" and err == ""
    notice = HolidayNotice.objects.get()
    assert notice.file_name == "2031.json" and notice.imported_by is None
    assert AuditEvent.objects.get(event="calendar.notice_imported").channel == "cli"
    assert run("workdays", "2031-09-29", "2031-10-05") == ("2\n", "")


def test_import_of_the_real_2026_notice_keeps_the_answers():
    before = run("workdays", "2026-01-01", "2026-12-31")
    run("import", str(DATA / "2026.json"))
    assert run("workdays", "2026-01-01", "2026-12-31") == before == ("248\n", "")


def test_a_contradictory_file_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"year": 2031, "papers": [], "days": [{"name": "国庆节", "date": "2031-10-04", "isOffDay": true},'
                    ' {"name": "国庆节", "date": "2031-10-04", "isOffDay": false}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="2031-10-04 既列为休息日（第 1 条）又列为上班日（第 2 条）"):
        run("import", str(path))
    assert not HolidayNotice.objects.exists()


def test_a_file_that_cannot_be_read_is_refused(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        run("import", str(tmp_path / "nope.json"))


@pytest.mark.parametrize("args, message", [
    (("workdays", "2026-9-28", "2026-10-11"), "起始日期“2026-9-28”不是有效日期"),
    (("workdays", "2026-10-11", "2026-02-30"), "结束日期“2026-02-30”不是有效日期"),
    (("workdays", "2026-10-11", "2026-09-28"), "起始日期 2026-10-11 晚于结束日期 2026-09-28"),
    (("add", "2026-10-08", "three"), "N 应为整数"),
    (("add", "9999-12-30", "5"), "超出可计算的日期范围"),
])
def test_bad_input_is_refused_in_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_bad_input_exits_non_zero_with_the_message_on_stderr(capsys):
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["chengjie", "calendar", "--skip-checks", "add", "2026-10-08", "x"])
    assert exited.value.code != 0
    assert "N 应为整数" in capsys.readouterr().err


def test_status_lists_each_year_source_and_warns_about_the_missing(monkeypatch, sys_admin, notice_2031):
    holiday_notice_import(acting_user=sys_admin, content=notice_2031)
    monkeypatch.setattr("chengjie.workcalendar.selectors.timezone.localdate", lambda: date(2031, 6, 1))
    out, err = run("status")
    assert out.startswith("chinesecalendar 软件包覆盖 2004–")
    assert "\n2030\t缺少节假日安排，按周一至周五计算\n2031\t导入的节假日安排通知\n2032\t缺少节假日安排" in out
    assert err.startswith("警告：2030、2032 年的节假日安排尚未导入")
