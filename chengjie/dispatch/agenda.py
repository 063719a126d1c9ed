"""What the quarterly dispatch should discuss, found from the recorded facts of a county on the day the
agenda is built (DOMAIN.md "Monthly bulletin, quarterly dispatch, half-year appraisal"; "Warnings": red
items unresolved go to the quarterly dispatch). Four kinds, one item per problem:

- 红色预警 (red): a live project that is red today by the county's warning preset, or that the sweep
  recorded red in a month of the quarter and still has a supervision notice not closed (销号). A red item
  fixed and closed does not need the meeting.
- 签而不动 (stalled): a live project signed at least N months ago (the county's setting, 3 by default) with
  no node reached since signing: `reached_milestone` is still 签约 and no other node has an actual date.
  Signed exactly N months ago counts (e.g. N = 3, built on 2026-06-30: signed on or before 2026-03-30).
- 督办单升级 (notice): a supervision notice not closed that has escalated at least once
  (`escalation_level` > 0), at the tier the notice already has.
- 诉求升级 (appeal): an appeal being handled whose clock has escalated it (level ≥ 1, derived from the
  working-day calendar as the appeals pages show it).

A project appears once: an escalated notice names its problem, so the project is not listed again as red
or stalled; a red project that is also stalled is listed as red, with the stall in its text. Merged
duplicate signings (`projects.selectors.LIVE`) are never listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from chengjie.appeals.models import OPEN_STATUSES, Appeal
from chengjie.appeals.selectors import with_clocks
from chengjie.org.models import Unit
from chengjie.projects.models import Milestone, Node, Project
from chengjie.projects.selectors import LIVE
from chengjie.supervision import selectors as supervision
from chengjie.supervision.models import COLOUR_SEVERITY, Colour, ColourRecord, SupervisionNotice
from chengjie.supervision.rules import shift_months

from .models import AgendaItem, Tier

Source = AgendaItem.Source
RED = COLOUR_SEVERITY[Colour.RED]


@dataclass
class Candidate:
    source: str
    title: str
    detail: str
    unit: Unit | None
    tier: str = Tier.ON_SITE
    project: Project | None = None
    notice: SupervisionNotice | None = None
    appeal: Appeal | None = None

    @property
    def key(self) -> tuple[str, int]:
        if self.notice is not None:
            return ("notice", self.notice.pk)
        if self.appeal is not None:
            return ("appeal", self.appeal.pk)
        return ("project", self.project.pk)


def quarter_months(year: int, quarter: int) -> list[date]:
    return [date(year, 3 * quarter - 2 + offset, 1) for offset in range(3)]


def stalled_cutoff(today: date, months: int) -> date:
    """Projects signed on or before this day have had `months` full months to reach a node."""
    return shift_months(today, -months)


def _live_projects(county: str) -> QuerySet[Project]:
    return Project.objects.filter(LIVE, division__code__startswith=county)


def _amount(value) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def stalled_projects(county: str, *, today: date, months: int) -> QuerySet[Project]:
    moved = Node.objects.filter(project=OuterRef("pk"), actual_date__isnull=False).exclude(milestone=Milestone.SIGNED)
    return (_live_projects(county).filter(reached_milestone=Milestone.SIGNED,
                                          signed_on__lte=stalled_cutoff(today, months))
            .exclude(Exists(moved)).select_related("introducing_unit").order_by("signed_on", "pk"))


def _stall_text(project: Project, months: int) -> str:
    return _("%(signed)s 签约（协议投资 %(amount)s 万元），签约后满 %(months)d 个月仍无任何节点进展") % {
        "signed": project.signed_on.isoformat(), "amount": _amount(project.contracted_investment), "months": months}


def _red_now(county: str, *, today: date) -> dict[int, Candidate]:
    """Projects red today: the first red node in plan order names the problem and its unit; a red finding of
    the progress rule (investment lag, 纳统) is the introducing unit's."""
    projects = list(supervision.projects_with_colour(_live_projects(county), today=today)
                    .filter(colour_severity=RED).select_related("introducing_unit").order_by("signed_on", "pk"))
    if not projects:
        return {}
    nodes = list(supervision.nodes_with_colour(Node.objects.filter(project__in=projects), today=today)
                 .filter(colour_severity=RED).select_related("project", "responsible_unit")
                 .order_by("project_id", "order"))
    reasons = supervision.node_results(nodes, today=today)
    first_node: dict[int, tuple[Node, int]] = {}
    for node in nodes:
        found = first_node.get(node.project_id)
        first_node[node.project_id] = (found[0], found[1] + 1) if found else (node, 1)
    clauses = supervision.clause_results([p for p in projects if p.pk not in first_node], today=today)
    found: dict[int, Candidate] = {}
    for project in projects:
        if project.pk in first_node:
            node, count = first_node[project.pk]
            detail = f"{node.name}：{reasons[node.pk].reason}"
            if count > 1:
                detail += _("（另有 %(count)d 个红色节点）") % {"count": count - 1}
            unit = node.responsible_unit
        else:
            red = [result.reason for result in clauses.get(project.pk, []) if result.colour == Colour.RED]
            detail, unit = "；".join(red), project.introducing_unit
        found[project.pk] = Candidate(source=Source.RED, title=project.name, detail=detail, unit=unit,
                                      project=project)
    return found


def _red_recorded(county: str, *, year: int, quarter: int, exclude: set[int]) -> dict[int, Candidate]:
    """Red in a month of the quarter by the sweep's records, with a notice still not closed."""
    unclosed = SupervisionNotice.objects.filter(project=OuterRef("pk")).exclude(status=SupervisionNotice.Status.CLOSED)
    projects = _live_projects(county).filter(Exists(unclosed)).exclude(pk__in=exclude)
    records = (ColourRecord.objects.filter(node__isnull=True, colour=Colour.RED, period__in=quarter_months(year, quarter),
                                           project__in=projects)
               .select_related("project", "project__introducing_unit").order_by("project_id", "-period"))
    notices = {n.project_id: n for n in SupervisionNotice.objects.filter(project__in=projects)
               .exclude(status=SupervisionNotice.Status.CLOSED).select_related("unit").order_by("-issued_at")}
    found: dict[int, Candidate] = {}
    for record in records:
        if record.project_id in found:
            continue
        project, notice = record.project, notices.get(record.project_id)
        detail = _("%(month)s 红色：%(reason)s") % {"month": record.period.strftime("%Y-%m"), "reason": record.reason}
        found[project.pk] = Candidate(source=Source.RED, title=project.name, detail=detail, project=project,
                                      unit=notice.unit if notice else project.introducing_unit)
    return found


def escalated_notices(county: str) -> list[SupervisionNotice]:
    return list(SupervisionNotice.objects.filter(division_id=county, escalation_level__gt=0,
                                                 project__in=_live_projects(county).values("pk"))
                .exclude(status=SupervisionNotice.Status.CLOSED)
                .select_related("project", "node", "unit").order_by("issued_at", "pk"))


def _notice_candidate(notice: SupervisionNotice) -> Candidate:
    detail = _("%(reason)s；逾期未报整改方案，已升级 %(level)d 次") % {"reason": notice.reason,
                                                              "level": notice.escalation_level}
    if notice.response:
        detail = _("%(reason)s；已升级 %(level)d 次；整改方案：%(response)s") % {
            "reason": notice.reason, "level": notice.escalation_level, "response": notice.response[:200]}
    return Candidate(source=Source.NOTICE, title=_("%(project)s（督办单 %(code)s）") % {
        "project": notice.project.name, "code": notice.code}, detail=detail, unit=notice.unit, tier=notice.tier,
        project=notice.project, notice=notice)


def escalated_appeals(county: str, *, today: date) -> list[Appeal]:
    appeals = (Appeal.objects.filter(county_id=county, status__in=sorted(OPEN_STATUSES))
               .select_related("unit", "enterprise", "category").order_by("received_at", "pk"))
    return [appeal for appeal in with_clocks(appeals, today=today) if appeal.level > 0]


def _appeal_candidate(appeal: Appeal) -> Candidate:
    company = appeal.company_name or (appeal.enterprise.name if appeal.enterprise_id else "")
    clock = appeal.clock
    detail = _("%(received)s 受理，%(unit)s承办，已提级督办（第 %(level)d 级）") % {
        "received": appeal.received_at.date().isoformat(), "unit": appeal.unit or _("尚未派发"),
        "level": appeal.level}
    if clock is not None and clock.overdue:
        detail += _("；%(step)s已逾期（时限 %(due)s）") % {"step": clock.label, "due": clock.due_on.isoformat()}
    title = f"{company}：{appeal.subject}" if company else appeal.subject
    return Candidate(source=Source.APPEAL, title=title[:200], detail=detail, unit=appeal.unit, appeal=appeal)


def agenda_candidates(county: str, *, year: int, quarter: int, today: date, stalled_months: int) -> list[Candidate]:
    """Every problem the meeting should discuss, in the order the agenda lists them: red, stalled,
    escalated notices, escalated appeals."""
    notices = [_notice_candidate(notice) for notice in escalated_notices(county)]
    named = {candidate.project.pk for candidate in notices}
    red = {pk: c for pk, c in _red_now(county, today=today).items() if pk not in named}
    red.update(_red_recorded(county, year=year, quarter=quarter, exclude=named | set(red)))
    stalled = []
    for project in stalled_projects(county, today=today, months=stalled_months):
        if project.pk in named:
            continue
        if project.pk in red:
            red[project.pk].detail += _("；") + _stall_text(project, stalled_months)
            continue
        stalled.append(Candidate(source=Source.STALLED, title=project.name, detail=_stall_text(project, stalled_months),
                                 unit=project.introducing_unit, project=project))
    appeals = [_appeal_candidate(appeal) for appeal in escalated_appeals(county, today=today)]
    return [*red.values(), *stalled, *notices, *appeals]
