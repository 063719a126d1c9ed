"""A project's monthly figures (到位资金 with its out-of-province part, 完成投资) and its 纳统 date: entered
once, by the introducing unit or the bureau, and every report computed from them."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError

from ..models import MonthlyFigure, Project
from ._common import clean_amount, not_future, require_introducing_unit_or_bureau

FIGURE_FIELDS = ["period", "funds_in_place", "out_of_province_funds", "completed_investment"]


@transaction.atomic
def monthly_figure_set(*, acting_user, project: Project, period: date, funds_in_place, out_of_province_funds,
                       completed_investment) -> MonthlyFigure:
    """Set (or correct) one month's figures of a project, in 万元."""
    require_introducing_unit_or_bureau(acting_user, project, capability="projects.figures", action="填报月度数据")
    if period is None:
        raise DomainError("请选择月份。", field="period")
    period = period.replace(day=1)
    today = timezone.localdate()
    if period > today.replace(day=1):
        raise DomainError(f"{period:%Y年%m月}还没到，不能填报将来月份的数据。", field="period")
    if period < project.signed_on.replace(day=1):
        raise DomainError(f"{period:%Y年%m月}早于项目签约月份（{project.signed_on:%Y年%m月}）。", field="period")
    funds = clean_amount(funds_in_place, label="当月到位资金", field="funds_in_place")
    outside = clean_amount(out_of_province_funds, label="其中省外资金", field="out_of_province_funds", required=False)
    invested = clean_amount(completed_investment, label="当月完成投资", field="completed_investment")
    if outside > funds:
        raise DomainError(f"其中省外资金 {outside:,} 万元超过当月到位资金 {funds:,} 万元。", field="out_of_province_funds")
    figure = MonthlyFigure.objects.select_for_update().filter(project=project, period=period).first()
    before = snapshot(figure, fields=FIGURE_FIELDS) if figure else None
    if figure is None:
        figure = MonthlyFigure(project=project, period=period)
    figure.funds_in_place, figure.out_of_province_funds, figure.completed_investment = funds, outside, invested
    figure.entered_by = acting_user
    figure.save()
    audit_record(event="projects.figures_set", acting_user=acting_user, obj=project,
                 object_repr=f"{project} {period:%Y年%m月}", before=before, after=snapshot(figure, fields=FIGURE_FIELDS))
    return figure


@transaction.atomic
def stats_registration_set(*, acting_user, project: Project, registered_on: date | None) -> Project:
    """Record (or clear, when entered by mistake) the date the project entered the statistics bureau's
    fixed-asset investment database (纳统)."""
    require_introducing_unit_or_bureau(acting_user, project, capability="projects.figures", action="填报纳统日期")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if registered_on is not None:
        not_future(registered_on, label="纳统日期", field="registered_on")
        if registered_on < project.signed_on:
            raise DomainError(f"纳统日期 {registered_on:%Y-%m-%d} 早于签约日期 {project.signed_on:%Y-%m-%d}。",
                              field="registered_on")
    before = snapshot(project, fields=["stats_registered_on"])
    project.stats_registered_on = registered_on
    project.save(update_fields=["stats_registered_on"])
    audit_record(event="projects.stats_registered", acting_user=acting_user, obj=project, before=before,
                 after=snapshot(project, fields=["stats_registered_on"]))
    return project
