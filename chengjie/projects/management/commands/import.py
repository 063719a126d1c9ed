"""`chengjie import projects FILE.xlsx --user NAME`: import a county's project ledger from the command line,
with the upload page's rules (the user's scope and rights; all rows or none, or --valid-only). The summary
goes to stdout; notices and problems, one per line with sheet, row, column and reason, go to stderr."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chengjie.accounts.models import User
from chengjie.core.errors import DomainError
from chengjie.core.request_context import acting_as
from chengjie.projects.importer.services import ledger_check, projects_import
from chengjie.projects.importer.workbooks import rejects_workbook


class Command(BaseCommand):
    help = _("导入台账：projects 导入招商项目台账（.xlsx）。")

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{projects}")
        projects = kinds.add_parser("projects", help=_("导入招商项目台账：表头可在标题行之下，列按名称识别"))
        projects.add_argument("file", metavar="FILE", help=_("台账文件（.xlsx）"))
        projects.add_argument("--user", required=True, help=_("以哪个账号导入（用户名）：按其数据范围匹配单位，审计日志记在其名下"))
        projects.add_argument("--valid-only", action="store_true",
                              help=_("只导入无误的行，有问题的行另存为工作簿（见 --rejects）"))
        projects.add_argument("--rejects", metavar="OUT", help=_("有问题的行存到此文件（默认：FILE 同目录下的“…-未导入.xlsx”）"))
        projects.add_argument("--check", action="store_true", help=_("只检查，不写入"))

    def handle(self, *args, kind, file, user, valid_only, rejects, check, **options):
        acting_user = User.objects.filter(username=user, is_active=True).first()
        if acting_user is None:
            raise CommandError(_("没有名为“%(user)s”的在用账号。") % {"user": user})
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件 %(file)s。") % {"file": file})
        with acting_as("cli", user_id=acting_user.pk), path.open("rb") as source:
            try:
                if check:
                    plan = ledger_check(acting_user=acting_user, source=source)
                    rejected, written, refused = plan.rejected, 0, plan.problems
                    notices = plan.ledger.notices
                    content = rejects_workbook(plan.rejected) if plan.rejected else None
                else:
                    result = projects_import(acting_user=acting_user, source=source, file_name=path.name,
                                             valid_only=valid_only)
                    rejected, written, refused = result.plan.rejected, len(result.created), result.problems
                    notices, content = result.notices, result.rejects
            except DomainError as exc:
                raise CommandError(exc.message) from exc
        for notice in notices:
            self.stderr.write(_("提示：") + notice)
        for problem in refused:
            self.stderr.write(str(problem))
        if content is not None and (valid_only or rejects):
            out = Path(rejects) if rejects else path.with_name(f"{path.stem}-未导入.xlsx")
            out.write_bytes(content)
            self.stderr.write(_("有问题的 %(count)d 行已存到 %(file)s，修改后可再导入。") % {"count": len(rejected), "file": out})
        if check:
            self.stdout.write(_("检查完毕：%(ok)d 行无误，%(bad)d 行有问题，未写入。") % {
                "ok": len(plan.rows), "bad": len(rejected)})
            return
        if refused and not written:
            raise CommandError(_("%(count)d 个问题，未导入任何项目。改正后再导入，或用 --valid-only 只导入无误的行。")
                               % {"count": len(refused)})
        self.stdout.write(_("已导入 %(count)d 个项目，%(rejected)d 行未导入。") % {"count": written, "rejected": len(rejected)})
