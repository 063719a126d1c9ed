"""`chengjie dispatch remind [--date YYYY-MM-DD]`: the daily reminder job by hand. Safe to repeat."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.dispatch.reminders import run
from chengjie.workcalendar.notices import parse_iso_date


class Command(BaseCommand):
    help = "季度调度：remind 提醒即将到期和已逾期的会议议定事项（每项每类只提醒一次，可重复运行）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{remind}")
        remind = actions.add_parser("remind", help="按指定日期（默认今天）提醒议定事项的牵头单位")
        remind.add_argument("--date", metavar="YYYY-MM-DD", help="按哪一天计算，默认今天")

    def handle(self, *args, action, date=None, **options):
        day = timezone.localdate()
        if date:
            day = parse_iso_date(date)
            if day is None:
                raise CommandError(_("日期“%(value)s”无效，请写成 YYYY-MM-DD，如 2026-10-08。") % {"value": date})
        sent = run(today=day)
        self.stdout.write(_("%(day)s 议定事项提醒完成：发出提醒 %(sent)d 条。") % {"day": day.isoformat(), "sent": sent})
