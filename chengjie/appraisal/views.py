"""Pages: the appraisals, one appraisal's setup (projects and visiting order, rule, criteria, appraisers),
scoring progress, an appraiser's sheet and the phone form per project, and the results with their Word and
Excel downloads. Views stay thin: reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import authenticated, requires
from chengjie.core.errors import DomainError
from chengjie.core.exports import DOCX, XLSX, download
from chengjie.core.forms import add_domain_error
from chengjie.core.formviews import submit_button, submit_form

from . import selectors, services
from .forms import AppraisalForm, AppraisersForm, CloseForm, CriteriaFormSet, PickForm, RuleForm, ScoreForm
from .models import Appraisal
from .results import results_filename

Status = Appraisal.Status


def _reader(user) -> None:
    """The bureau and leaders read every appraisal of their scope; an appraiser the ones they score."""
    if not (user.has_capability("appraisal.view") or user.has_capability("appraisal.score")):
        raise PermissionDenied


def _detail_url(appraisal) -> str:
    return reverse("appraisal:detail", args=[appraisal.pk])


@authenticated
def appraisal_list(request):
    _reader(request.user)
    return render(request, "appraisal/list.html", {
        "appraisals": selectors.appraisal_list(user=request.user),
        "can_manage": request.user.has_capability("appraisal.manage")})


@requires("appraisal.manage")
def appraisal_create(request):
    form = AppraisalForm(request.POST or None, user=request.user)
    if response := submit_form(
            request, form, action=lambda: services.appraisal_create(acting_user=request.user, **form.service_kwargs()),
            success=lambda appraisal: _("已建立“%(title)s”，请选取观摩项目。") % {"title": appraisal.title},
            redirect_to=_detail_url):
        return response
    return render(request, "appraisal/form.html", {"form": form})


def _detail(request, appraisal, *, rule_form=None, pick_form=None, close_form=None, status=200):
    user = request.user
    manage = user.has_capability("appraisal.manage")
    setup = manage and appraisal.status == Status.SETUP
    context = {
        "appraisal": appraisal, "manage": manage, "setup": setup,
        "picks": selectors.picks(appraisal), "criteria": selectors.criteria(appraisal),
        "own_sheet": selectors.own_sheet(appraisal, user),
        "progress": selectors.progress(appraisal) if user.has_capability("appraisal.view") else None,
        "rule_form": (rule_form or RuleForm(initial={"milestone": appraisal.rule_milestone,
                                                     "min_investment": appraisal.rule_min_investment}))
        if setup else None,
        "pick_form": (pick_form or PickForm(appraisal=appraisal)) if setup else None,
        "close_form": (close_form or CloseForm()) if manage and appraisal.status == Status.SCORING else None,
    }
    return render(request, "appraisal/detail.html", context, status=status)


@authenticated
def appraisal_detail(request, pk):
    _reader(request.user)
    return _detail(request, selectors.get_appraisal_for_user(request.user, pk))


@requires("appraisal.manage")
@require_POST
def rule_set(request, pk):
    appraisal = selectors.get_appraisal_for_user(request.user, pk, write=True)
    form = RuleForm(request.POST)
    if response := submit_form(
            request, form, action=lambda: services.appraisal_rule_set(
                acting_user=request.user, appraisal=appraisal, milestone=form.cleaned_data["milestone"],
                min_investment=form.cleaned_data["min_investment"]),
            success=_("选取规则已保存。"), redirect_to=_detail_url(appraisal)):
        return response
    return _detail(request, appraisal, rule_form=form, status=400)


@requires("appraisal.manage")
@require_POST
def pick_by_rule(request, pk):
    """按规则选取 submits the rule form: the rule as shown on the page (saved first when it was edited)."""
    appraisal = selectors.get_appraisal_for_user(request.user, pk, write=True)
    form = RuleForm(request.POST)
    if not form.is_valid():
        return _detail(request, appraisal, rule_form=form, status=400)
    try:
        rule = (form.cleaned_data["milestone"], form.cleaned_data["min_investment"])
        if rule != (appraisal.rule_milestone, appraisal.rule_min_investment):
            appraisal = services.appraisal_rule_set(acting_user=request.user, appraisal=appraisal, milestone=rule[0],
                                                    min_investment=rule[1])
        added = services.appraisal_pick_by_rule(acting_user=request.user, appraisal=appraisal)
    except DomainError as exc:
        add_domain_error(form, exc)
        return _detail(request, appraisal, rule_form=form, status=400)
    messages.success(request, _("按规则新增观摩项目 %(count)d 个。") % {"count": len(added)})
    return redirect("appraisal:detail", pk=appraisal.pk)


@requires("appraisal.manage")
@require_POST
def pick_add(request, pk):
    appraisal = selectors.get_appraisal_for_user(request.user, pk, write=True)
    form = PickForm(request.POST, appraisal=appraisal)
    if response := submit_form(
            request, form,
            action=lambda: services.appraisal_pick(acting_user=request.user, appraisal=appraisal, **form.cleaned_data),
            success=_("项目已加入观摩名单。"), redirect_to=_detail_url(appraisal)):
        return response
    return _detail(request, appraisal, pick_form=form, status=400)


def _pick(appraisal, pick_pk):
    pick = appraisal.picks.select_related("project", "appraisal").filter(pk=pick_pk).first()
    if pick is None:
        raise Http404
    return pick


@requires("appraisal.manage")
@require_POST
def pick_move(request, pk, pick_pk):
    appraisal = selectors.get_appraisal_for_user(request.user, pk, write=True)
    pick = _pick(appraisal, pick_pk)
    order = list(appraisal.picks.order_by("position").values_list("pk", flat=True))
    index = order.index(pick.pk)
    other = index - 1 if request.POST.get("direction") == "up" else index + 1
    if not 0 <= other < len(order):
        return redirect(_detail_url(appraisal))
    order[index], order[other] = order[other], order[index]
    return submit_button(
        request, action=lambda: services.appraisal_reorder(acting_user=request.user, appraisal=appraisal, order=order),
        success=_("观摩顺序已调整。"), redirect_to=_detail_url(appraisal))


@requires("appraisal.manage")
@require_POST
def pick_remove(request, pk, pick_pk):
    appraisal = selectors.get_appraisal_for_user(request.user, pk, write=True)
    pick = _pick(appraisal, pick_pk)
    return submit_button(request, action=lambda: services.appraisal_unpick(acting_user=request.user, pick=pick),
                         success=_("“%(name)s”已移出观摩名单。") % {"name": pick.project.name},
                         redirect_to=_detail_url(appraisal))


@requires("appraisal.manage")
def criteria_edit(request, pk):
    appraisal = selectors.get_appraisal_for_user(request.user, pk, write=True)
    initial = [{"name": c.name, "weight": c.weight, "max_score": c.max_score} for c in selectors.criteria(appraisal)]
    formset = CriteriaFormSet(request.POST or None, initial=initial, prefix="criteria")
    error = ""
    if request.method == "POST" and formset.is_valid():
        rows = [services.CriterionRow(name=f.cleaned_data["name"], weight=f.cleaned_data["weight"],
                                      max_score=f.cleaned_data["max_score"])
                for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            services.appraisal_criteria_set(acting_user=request.user, appraisal=appraisal, rows=rows)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("评分指标已保存。"))
            return redirect("appraisal:detail", pk=appraisal.pk)
    return render(request, "appraisal/criteria.html", {"appraisal": appraisal, "formset": formset, "error": error},
                  status=400 if request.method == "POST" else 200)


@requires("appraisal.manage")
def appraisers_edit(request, pk):
    appraisal = selectors.get_appraisal_for_user(request.user, pk, write=True)
    initial = {"appraisers": [sheet.appraiser_id for sheet in selectors.sheets(appraisal)]}
    form = AppraisersForm(request.POST or None, initial=initial, appraisal=appraisal)
    if response := submit_form(
            request, form, action=lambda: services.appraisal_appraisers_set(
                acting_user=request.user, appraisal=appraisal, users=list(form.cleaned_data["appraisers"])),
            success=_("评委已确定。"), redirect_to=_detail_url(appraisal)):
        return response
    return render(request, "appraisal/appraisers.html", {"appraisal": appraisal, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@requires("appraisal.manage")
@require_POST
def scoring_open(request, pk):
    appraisal = selectors.get_appraisal_for_user(request.user, pk, write=True)
    return submit_button(
        request, action=lambda: services.appraisal_open_scoring(acting_user=request.user, appraisal=appraisal),
        success=_("评分已开始，评委已收到通知。"), redirect_to=_detail_url(appraisal))


@requires("appraisal.manage")
@require_POST
def scoring_close(request, pk):
    appraisal = selectors.get_appraisal_for_user(request.user, pk, write=True)
    form = CloseForm(request.POST)
    if response := submit_form(
            request, form,
            action=lambda: services.scoring_close(acting_user=request.user, appraisal=appraisal, **form.cleaned_data),
            success=_("评分已结束，评比结果已生成。"), redirect_to=reverse("appraisal:results", args=[appraisal.pk])):
        return response
    return _detail(request, appraisal, close_form=form, status=400)


# --- an appraiser's sheet


@requires("appraisal.score")
def sheet_view(request, pk, sheet_pk):
    appraisal = selectors.get_appraisal_for_user(request.user, pk)
    sheet = selectors.get_sheet_for_user(request.user, appraisal, sheet_pk)
    criteria = selectors.criteria(appraisal)
    values = selectors.sheet_values(sheet)
    rows = [(pick, [(c, values[pick.pk][c.pk]) for c in criteria] if pick.pk in values else [],
             selectors.sheet_total(criteria, values[pick.pk]) if pick.pk in values else None)
            for pick in selectors.picks(appraisal)]
    return render(request, "appraisal/sheet.html", {
        "appraisal": appraisal, "sheet": sheet, "rows": rows,
        "scored": sum(1 for _pick, _values, total in rows if total is not None),
        "own": sheet.appraiser_id == request.user.pk})


def _next_to_score(appraisal, sheet, pick) -> str:
    """The next project along the visiting order this sheet has not scored yet, else the sheet."""
    following = appraisal.picks.filter(position__gt=pick.position).exclude(
        pk__in=sheet.scores.values("pick_id")).order_by("position").first()
    if following is not None:
        return reverse("appraisal:score", args=[appraisal.pk, sheet.pk, following.pk])
    return reverse("appraisal:sheet", args=[appraisal.pk, sheet.pk])


@requires("appraisal.score")
def score_view(request, pk, sheet_pk, pick_pk):
    appraisal = selectors.get_appraisal_for_user(request.user, pk)
    sheet = selectors.get_sheet_for_user(request.user, appraisal, sheet_pk, write=True)
    pick = _pick(appraisal, pick_pk)
    criteria = selectors.criteria(appraisal)
    current = selectors.sheet_values(sheet)
    form = ScoreForm(request.POST or None, criteria=criteria,
                     initial={f"c{key}": value for key, value in current.get(pick.pk, {}).items()})
    if response := submit_form(
            request, form, action=lambda: services.score_record(acting_user=request.user, sheet=sheet, pick=pick,
                                                                values=form.values()),
            success=_("“%(name)s”的评分已保存。") % {"name": pick.project.name},
            redirect_to=lambda _score: _next_to_score(appraisal, sheet, pick)):
        return response
    return render(request, "appraisal/score.html", {
        "appraisal": appraisal, "sheet": sheet, "pick": pick, "form": form,
        "count": appraisal.picks.count(), "open": appraisal.status == Status.SCORING},
        status=400 if form.is_bound and form.errors else 200)


# --- results


def _closed(request, pk) -> Appraisal:
    _reader(request.user)
    appraisal = selectors.get_appraisal_for_user(request.user, pk)
    if appraisal.status != Status.CLOSED:
        raise Http404
    return appraisal


@authenticated
def results_view(request, pk):
    appraisal = _closed(request, pk)
    results = selectors.results(appraisal)
    rows = [(pick, row, list(zip(results.criteria, row.shown_points))) for pick, row in results.rows]
    return render(request, "appraisal/results.html", {"appraisal": appraisal, "results": results, "rows": rows})


@authenticated
def results_docx(request, pk):
    appraisal = _closed(request, pk)
    return download(services.results_export_docx(acting_user=request.user, appraisal=appraisal), content_type=DOCX,
                    filename=results_filename(appraisal, "docx"))


@authenticated
def results_xlsx(request, pk):
    appraisal = _closed(request, pk)
    return download(services.results_export_xlsx(acting_user=request.user, appraisal=appraisal), content_type=XLSX,
                    filename=results_filename(appraisal, "xlsx"))
