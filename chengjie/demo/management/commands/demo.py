from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.accounts.models import User
from chengjie.core import request_context
from chengjie.core.errors import DomainError
from chengjie.demo.data.people import DEMO_PASSWORD
from chengjie.demo.selectors import demo_county_unit_count
from chengjie.demo.services import demo_load, demo_load_work, demo_usernames
from chengjie.projects.demo import load_demo_projects


class Command(BaseCommand):
    help = ("加载演示县潜山市的单位、园区、企业、每个角色的演示账号、招商项目，以及年度目标、季度调度、半年观摩、"
            "审批办件、企业诉求、涉企检查、督办和上月通报（只加载到没有单位的县）。")

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="潜山市已有单位时只说明演示数据已加载，不报错（供启动脚本反复调用）。")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and demo_county_unit_count():
            self.stdout.write(_("演示数据已加载（潜山市已有单位），未作改动。"))
            return
        today = timezone.localdate()
        with request_context.acting_as("cli"):
            try:
                with transaction.atomic():
                    summary = demo_load()
                    # The investment projects, signed and worked through the projects app's services.
                    projects = load_demo_projects(acting_user=User.objects.get(username="bureau"), today=today)
                    work = demo_load_work(today=today)
            except DomainError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(_(
            "已加载潜山市演示数据：县直单位 %(departments)d 个、二级机构 %(second_level)d 个、乡镇 %(townships)d 个、"
            "园区管委会 %(park_committees)d 个、产业工作组 %(industry_groups)d 个、园区 %(parks)d 个、"
            "企业 %(enterprises)d 家、账号 %(users)d 个。") % vars(summary)))
        self.stdout.write(self.style.SUCCESS(_("招商项目 %(projects)d 个（从签约到达产各阶段，含 2026 年月度数据）。")
                                             % {"projects": projects}))
        self.stdout.write(self.style.SUCCESS(_(
            "%(year)d 年度目标 %(targets)d 项；%(meeting)s及议定事项 %(action_items)d 项；%(appraisal)s（观摩项目 "
            "%(appraised_projects)d 个，已评分排名）；审批办件 %(approvals)d 件；企业诉求 %(appeals)d 件；涉企检查 %(inspections)d 次；"
            "上月底预警扫描签发督办单 %(month_end_notices)d 份（已报整改方案 %(answered)d 份），已发布%(bulletin)s；"
            "今日预警扫描新签发督办单 %(notices)d 份。") % vars(work)))
        self.stdout.write(_("演示账号：%(names)s；密码均为 %(password)s（见 chengjie/demo/README.md）。")
                          % {"names": "、".join(demo_usernames()), "password": DEMO_PASSWORD})
