"""`chengjie calendar …`: the working-day calendar from the command line. Results go to stdout alone, so
scripts can use them; warnings about years without holiday data go to stderr."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chengjie.core.errors import DomainError
from chengjie.core.request_context import acting_as
from chengjie.workcalendar import workdays
from chengjie.workcalendar.notices import parse_iso_date
from chengjie.workcalendar.selectors import calendar_years_status
from chengjie.workcalendar.services import holiday_notice_import
from chengjie.workcalendar.sources import package_years


def _date(value: str, what: str):
    day = parse_iso_date(value)
    if day is None:
        raise CommandError(_("%(what)s“%(value)s”不是有效日期，请写成 YYYY-MM-DD，如 2026-10-08。")
                           % {"what": what, "value": value})
    return day


class Command(BaseCommand):
    help = "工作日历：import 导入节假日通知；workdays 计算工作日数；add 推算若干工作日后的日期；status 各年份的节假日来源。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{import,workdays,add,status}")
        importing = actions.add_parser("import", help="导入 holiday-cn 格式（JSON）的节假日安排通知")
        importing.add_argument("file", metavar="FILE")
        counting = actions.add_parser("workdays", help="输出闭区间 [FROM, TO] 内的工作日数")
        counting.add_argument("start", metavar="FROM")
        counting.add_argument("end", metavar="TO")
        adding = actions.add_parser("add", help="输出 DATE 之后第 N 个工作日（N 为负数时为之前）")
        adding.add_argument("date", metavar="DATE")
        adding.add_argument("n", metavar="N")
        actions.add_parser("status", help="显示各年份的节假日来源")

    def handle(self, *args, action, **options):
        with acting_as("cli"):
            try:
                getattr(self, f"_{action}")(**options)
            except OverflowError as exc:
                raise CommandError(_("超出可计算的日期范围。")) from exc

    def _warn_missing(self, start, end) -> None:
        if years := workdays.missing_years_between(start, end):
            self.stderr.write(_("警告：") + workdays.missing_years_message(years))

    def _import(self, *, file, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("无法读取文件 %(file)s：%(reason)s") % {"file": file, "reason": exc.strerror}) from exc
        try:
            notice = holiday_notice_import(acting_user=None, content=content, file_name=path.name)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        off = sum(1 for day in notice.days if day["is_off_day"])
        self.stdout.write(_("已导入 %(year)d 年节假日安排：休息日 %(off)d 天，调休上班日 %(work)d 天。")
                          % {"year": notice.year, "off": off, "work": len(notice.days) - off})

    def _workdays(self, *, start, end, **options):
        first, last = _date(start, _("起始日期")), _date(end, _("结束日期"))
        if first > last:
            raise CommandError(_("起始日期 %(start)s 晚于结束日期 %(end)s。")
                               % {"start": first.isoformat(), "end": last.isoformat()})
        self.stdout.write(str(workdays.workdays_between(first, last)))
        self._warn_missing(first, last)

    def _add(self, *, date, n, **options):
        day = _date(date, _("日期"))
        try:
            count = int(n)
        except ValueError as exc:
            raise CommandError(_("N 应为整数（可为负数），实际是“%(value)s”。") % {"value": n}) from exc
        result = workdays.add_workdays(day, count)
        self.stdout.write(result.isoformat())
        self._warn_missing(day, result)

    def _status(self, **options):
        covered = package_years()
        self.stdout.write(_("chinesecalendar 软件包覆盖 %(first)d–%(last)d 年。")
                          % {"first": covered.start, "last": covered.stop - 1})
        rows = calendar_years_status()
        for row in rows:
            self.stdout.write(f"{row['year']}\t{row['source_label']}")
        if missing := [row["year"] for row in rows if row["missing"]]:
            self.stderr.write(_("警告：") + workdays.missing_years_message(missing))
