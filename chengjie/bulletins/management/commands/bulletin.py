"""`chengjie bulletin build --period 2026-10 --out DIR [--division CODE]`: write a month's bulletin as Word and
Excel files for scripting — the published files of its latest version when it has been published, else a
preview computed from today's data (marked 预览稿 in its title)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chengjie.bulletins.facts import parse_period
from chengjie.bulletins.rendering import render_annex, render_document
from chengjie.bulletins.selectors import latest_published
from chengjie.bulletins.services import bulletin_preview
from chengjie.core.request_context import acting_as
from chengjie.org.models import Division
from chengjie.projects.models import Project


def _only_county() -> str:
    counties = {code[:6] for code in Project.objects.values_list("division_id", flat=True).distinct()}
    if len(counties) != 1:
        raise CommandError(_("有 %(count)d 个县有项目，请用 --division 指定行政区划代码，如 340882。") % {"count": len(counties)})
    return counties.pop()


class Command(BaseCommand):
    help = _("月通报：build 写出某月通报的 Word 文件和 Excel 附表（已发布的取最新版本，否则为预览稿）。")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{build}")
        build = actions.add_parser("build", help=_("写出某月通报的 .docx 和 .xlsx"))
        build.add_argument("--period", required=True, metavar="YYYY-MM", help=_("通报月份，如 2026-10"))
        build.add_argument("--out", required=True, metavar="DIR", help=_("写入的目录（不存在时创建）"))
        build.add_argument("--division", metavar="CODE", default="",
                           help=_("县、市或省的行政区划代码；只有一个县有项目时可省略"))

    def handle(self, *args, action, period, out, division, **options):
        day = parse_period(period)
        if day is None:
            raise CommandError(_("月份“%(value)s”无效，请写成 YYYY-MM，如 2026-10。") % {"value": period})
        division = division or _only_county()
        place = Division.objects.filter(code=division).first()
        if place is None or len(division) > 6:
            raise CommandError(_("行政区划代码“%(code)s”不是县、市或省。") % {"code": division})
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{place.name}{day:%Y年%m月}招商引资通报"
        with acting_as("cli"):
            bulletin = latest_published(division_code=division, period=day)
            if bulletin is not None:
                files = {"docx": _read(bulletin.document), "xlsx": _read(bulletin.annex)}
                stem += f"第{bulletin.version}版"
                state = _("已发布 %(number)s（第%(version)d版）") % {"number": bulletin.number, "version": bulletin.version}
            else:
                content, _facts = bulletin_preview(division_code=division, period=day)
                files = {"docx": render_document(content), "xlsx": render_annex(content)}
                stem += "（预览稿）"
                state = _("尚未发布，按当前数据生成预览稿")
        for extension, data in files.items():
            path = folder / (f"{stem}.{extension}" if extension == "docx" else f"{stem}附表.{extension}")
            path.write_bytes(data)
            self.stdout.write(str(path))
        self.stderr.write(state)


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()
