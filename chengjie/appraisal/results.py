"""The results of a closed appraisal: the 通报 as an official document (GB/T 9704-2012, through the
documents app) and its Excel annex (the ranking and every appraiser's scores, one sheet each)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.dispatch.selectors import setting_for
from chengjie.documents.official import Heading, OfficialDocument, Paragraph, Table, chinese_date, official_number
from chengjie.documents.workbook import COUNT, WAN_YUAN, Sheet
from chengjie.projects.models import Milestone

from .models import Appraisal, Score
from .ranking import shown, total
from .selectors import Results, half_span, spec

ANNEX = "观摩评分明细表"
POINTS_FORMAT = "0.00"


def _score(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _rank(row) -> str:
    return "—" if row.rank is None else str(row.rank)


def results_document(appraisal: Appraisal, results: Results) -> OfficialDocument:
    """The organ and 代字 are the county's document heading, kept once in its dispatch settings."""
    setting = setting_for(appraisal.division_id)
    start, end = half_span(appraisal.year, appraisal.half)
    closed_on = timezone.localdate(appraisal.closed_at)
    criteria = "、".join(_("%(name)s %(weight)d 分") % {"name": c.name, "weight": c.weight} for c in results.criteria)
    body: list = [Paragraph(_(
        "为检验%(year)d年%(half)s项目建设成效，%(county)s组织开展了重点项目现场观摩。观摩项目 %(projects)d 个"
        "（%(start)s至%(end)s%(milestone)s、协议投资 %(amount)s 万元以上的项目，以及确定增列的项目），"
        "评委 %(appraisers)d 名现场打分。现将观摩评比结果通报如下：") % {
        "year": appraisal.year, "half": appraisal.get_half_display(), "county": appraisal.division.name,
        "projects": len(results.rows), "start": chinese_date(start), "end": chinese_date(end),
        "milestone": Milestone(appraisal.rule_milestone).label, "amount": f"{appraisal.rule_min_investment:,.0f}",
        "appraisers": len(results.sheets)})]
    body.append(Heading(1, _("评分办法")))
    body.append(Paragraph(_("评分指标及权重：%(criteria)s，合计 100 分。每名评委对每个项目的各项指标打分，按“权重×得分÷满分”"
                            "折算后相加为该评委的评分；项目得分为各评委评分的算术平均数，保留两位小数。得分相同的，"
                            "依次比较权重较高指标的平均得分。") % {"criteria": criteria}))
    if appraisal.close_note:
        missing = "、".join(_("%(name)s（缺 %(count)d 个项目）") % {"name": sheet.appraiser.display_name, "count": count}
                            for sheet, count in results.missing)
        body.append(Paragraph(_("因%(note)s，%(missing)s的评分未完成，相关项目按已评评委的平均分计算。")
                              % {"note": appraisal.close_note.rstrip("。"), "missing": missing}))
    body.append(Heading(1, _("评比结果")))
    ranked = [(pick, row) for pick, row in results.rows if row.rank is not None]
    leaders = [pick.project.name for pick, row in ranked if row.rank <= 3]
    if leaders:
        body.append(Paragraph(_("%(names)s位列前三，予以通报表扬。") % {"names": "、".join(f"“{n}”" for n in leaders)}))
    body.append(Table(title=_("%(title)s评比结果") % {"title": appraisal.title},
                      headers=[_("名次"), _("项目名称"), _("引进单位"), _("得分")],
                      rows=[[_rank(row), pick.project.name, str(pick.project.introducing_unit.name),
                             _score(row.shown_score)] for pick, row in results.rows],
                      widths=[1, 6, 4, 1.5]))
    body.append(Paragraph(_("希望受到表扬的单位再接再厉，排名靠后的单位对照先进找差距，加快项目建设进度。")))
    return OfficialDocument(
        organ=setting.organ, number=official_number(setting.number_prefix, closed_on.year, appraisal.results_seq),
        title=_("关于%(title)s评比结果的通报") % {"title": appraisal.title}, body=body, issued_on=closed_on,
        signer=setting.organ, cc=[_("县委办、县政府办")], printer=setting.organ, printed_on=closed_on,
        addressee=_("各乡镇、园区，县直各有关单位"), attachments=[ANNEX])


def results_sheets(appraisal: Appraisal, results: Results) -> list[Sheet]:
    criteria = results.criteria
    point_headers = [_("%(name)s（%(weight)d分）") % {"name": c.name, "weight": c.weight} for c in criteria]
    ranking = Sheet(
        name=_("排名"), title=_("%(title)s评比结果") % {"title": appraisal.title},
        headers=[_("名次"), _("观摩顺序"), _("项目名称"), _("引进单位"), _("协议投资（万元）"), _("得分"), *point_headers,
                 _("评分评委数")],
        rows=[[row.rank, pick.position, pick.project.name, pick.project.introducing_unit.name,
               pick.project.contracted_investment, row.shown_score, *row.shown_points, row.appraisers]
              for pick, row in results.rows],
        number_formats={_("协议投资（万元）"): WAN_YUAN, _("得分"): POINTS_FORMAT, _("评分评委数"): COUNT,
                        **{header: POINTS_FORMAT for header in point_headers}})
    specs = [spec(c) for c in criteria]
    raw: dict[tuple[int, int], dict[int, Decimal]] = {}
    for score in Score.objects.filter(sheet__appraisal=appraisal).only("sheet_id", "pick_id", "criterion_id", "value"):
        raw.setdefault((score.sheet_id, score.pick_id), {})[score.criterion_id] = score.value
    raw_headers = [_("%(name)s（满分%(max)d）") % {"name": c.name, "max": c.max_score} for c in criteria]
    rows = []
    for sheet in results.sheets:
        for pick, _row in sorted(results.rows, key=lambda pair: pair[0].position):
            values = raw.get((sheet.pk, pick.pk))
            if values is None:
                rows.append([sheet.appraiser.display_name, pick.position, pick.project.name, *[None] * len(criteria),
                             None])
                continue
            rows.append([sheet.appraiser.display_name, pick.position, pick.project.name,
                         *[values[c.pk] for c in criteria], shown(total(specs, values))])
    detail = Sheet(name=_("评分明细"), title=_("%(title)s评委评分明细") % {"title": appraisal.title},
                   headers=[_("评委"), _("观摩顺序"), _("项目名称"), *raw_headers, _("折算得分")], rows=rows,
                   number_formats={_("折算得分"): POINTS_FORMAT})
    return [ranking, detail]


def results_filename(appraisal: Appraisal, extension: str) -> str:
    return f"{appraisal.title}评比结果.{extension}"
