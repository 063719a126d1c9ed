"""`chengjie sweep warnings [--date YYYY-MM-DD] [--division CODE]`: the daily warning sweep by hand, the
same service the nightly job runs. Safe to repeat."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.core.errors import DomainError
from chengjie.core.request_context import acting_as
from chengjie.supervision.sweep import warnings_sweep
from chengjie.workcalendar import workdays
from chengjie.workcalendar.notices import parse_iso_date


class Command(BaseCommand):
    help = "预警扫描：warnings 记录本月颜色、为新的红色事项下发督办单、升级逾期未报整改方案的督办单（可重复运行）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{warnings,approvals,appeals}")
        sweeping = actions.add_parser("warnings", help="按指定日期（默认今天）扫描预警")
        sweeping.add_argument("--date", metavar="YYYY-MM-DD", help="按哪一天扫描，默认今天")
        sweeping.add_argument("--division", metavar="CODE", default="", help="只扫描该行政区划代码下的县")
        appeals = actions.add_parser("appeals", help="记录逾期诉求的提级督办并通知相关领导（可重复运行）")
        appeals.add_argument("--date", metavar="YYYY-MM-DD", help="按哪一天扫描，默认今天")
        # Django keeps one `sweep` command, so other apps' sweeps are subcommands of this one.
        approvals = actions.add_parser("approvals", help="记录办理时限已届满的超时默认审批（可重复运行）")
        approvals.add_argument("--date", metavar="YYYY-MM-DD", help="按哪一天扫描，默认今天")

    def handle(self, *args, action, date=None, division="", **options):
        day = timezone.localdate()
        if date:
            day = parse_iso_date(date)
            if day is None:
                raise CommandError(_("日期“%(value)s”无效，请写成 YYYY-MM-DD，如 2026-10-08。") % {"value": date})
        if action == "approvals":
            from chengjie.approvals.sweep import command_run

            return command_run(self, today=day)
        if action == "appeals":
            from chengjie.appeals.sweep import command_run as appeals_run

            return appeals_run(self, today=day)
        if division and not division.isdigit():
            raise CommandError(_("行政区划代码应为数字，如 340882。"))
        with acting_as("cli"):
            try:
                result = warnings_sweep(today=day, division=division)
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            if years := workdays.missing_years_between(day, day):
                self.stderr.write(_("警告：") + workdays.missing_years_message(years))
        self.stdout.write(_("%(day)s 预警扫描完成：%(counties)d 个县、%(projects)d 个项目；颜色记录新增 %(created)d、"
                            "更新 %(updated)d、移除 %(removed)d；新下发督办单 %(issued)d 份，升级 %(escalated)d 份。") % {
            "day": day.isoformat(), "counties": result.counties, "projects": result.projects,
            "created": result.records_created, "updated": result.records_updated, "removed": result.records_removed,
            "issued": len(result.notices_issued), "escalated": len(result.notices_escalated)})
