"""Lead pages: the list with its filters and clocks, registering and correcting a lead, a form for each
step of the loop, follow-up reports, dropping, conversion into a project, and the county's step limits."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.core.access import requires
from chengjie.core.formviews import submit_form
from chengjie.core.pages import PAGE_SIZE, is_htmx

from .. import rules, selectors
from ..clock import NEXT_STEP, Limits
from ..forms import AdvanceForm, DropForm, LeadFilterForm, LeadForm, ReportForm, StepLimitsForm
from ..models import Lead
from ..services import (
    lead_advance,
    lead_convert,
    lead_drop,
    lead_follow_up,
    lead_register,
    lead_step_limits_set,
    lead_update,
)
from ..services.leads import NOTE_LABELS, NOTE_REQUIRED

Step = Lead.Step


@requires("leads.view")
def lead_list(request):
    filters = LeadFilterForm(request.GET, user=request.user)
    today, limits = timezone.localdate(), Limits.for_prefix(request.user.scope_prefix)
    leads = selectors.lead_list(user=request.user, today=today, limits=limits, **filters.values())
    page = Paginator(leads, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_clocks(page.object_list, user=request.user, today=today, limits=limits)
    context = {"page": page, "filters": filters, "today": today,
               "counts": selectors.lead_counts(user=request.user, today=today, limits=limits),
               "can_register": request.user.has_capability("leads.register"),
               "can_manage": request.user.has_capability("leads.manage")}
    return render(request, "leads/_lead_table.html" if is_htmx(request) else "leads/lead_list.html", context)


@requires("leads.register")
def lead_create(request):
    initial = {"unit": request.user.unit_id}
    form = LeadForm(request.POST or None, user=request.user, initial=initial)
    if response := submit_form(
            request, form, action=lambda: lead_register(acting_user=request.user, **form.service_kwargs()),
            success=lambda lead: _("已登记线索“%(title)s”，请招商主管部门在 1 个工作日内筛选。") % {"title": lead.title},
            redirect_to=lambda lead: reverse("leads:lead_detail", args=[lead.pk])):
        return response
    return render(request, "leads/lead_form.html", {"form": form, "title": _("登记招商线索")})


def _project_of(lead: Lead):
    from chengjie.projects.models import Project

    return Project.objects.filter(lead=lead).first() if lead.step == Step.CONVERTED else None


@requires("leads.view")
def lead_detail(request, pk):
    lead = selectors.get_lead_for_user(request.user, pk)
    today = timezone.localdate()
    clock = selectors.with_clocks([lead], user=request.user, today=today)[0].clock
    actions = rules.allowed_actions(request.user, lead)
    next_step = NEXT_STEP.get(lead.step)
    context = {"lead": lead, "clock": clock, "history": selectors.lead_history(lead=lead, today=today),
               "actions": actions, "today": today,
               "next_step": next_step if next_step in actions else None,
               "next_label": Step(next_step).label if next_step else "", "project": _project_of(lead)}
    return render(request, "leads/lead_detail.html", context)


def _lead_for_action(request, pk, action: str) -> Lead:
    """The lead, if the user may see it (else 404) and do `action` to it now (else 403)."""
    lead = selectors.get_lead_for_user(request.user, pk, write=True)
    if action not in rules.allowed_actions(request.user, lead):
        raise PermissionDenied
    return lead


@requires("leads.view")
def lead_edit(request, pk):
    lead = _lead_for_action(request, pk, rules.EDIT)
    form = LeadForm(request.POST or None, user=request.user, lead=lead, initial=LeadForm.initial_for(lead))
    if response := submit_form(
            request, form, action=lambda: lead_update(acting_user=request.user, lead=lead, **form.service_kwargs()),
            success=_("线索信息已保存。"), redirect_to=reverse("leads:lead_detail", args=[lead.pk])):
        return response
    return render(request, "leads/lead_form.html", {"form": form, "lead": lead, "title": _("修改线索")})


@requires("leads.view")
def lead_step(request, pk, to_step):
    if to_step not in NOTE_LABELS:
        raise Http404
    lead = _lead_for_action(request, pk, to_step)
    form = AdvanceForm(request.POST or None, user=request.user, lead=lead, to_step=to_step,
                       note_label=NOTE_LABELS[to_step], note_required=to_step in NOTE_REQUIRED)
    if response := submit_form(
            request, form,
            action=lambda: lead_advance(acting_user=request.user, lead=lead, to_step=to_step, **form.cleaned_data),
            success=_("线索已进入“%(step)s”环节。") % {"step": Step(to_step).label},
            redirect_to=reverse("leads:lead_detail", args=[lead.pk])):
        return response
    clock = selectors.with_clocks([lead], user=request.user)[0].clock
    # The unit's first feedback is what starts 跟踪; its form says what is asked.
    title = _("反馈对接情况") if to_step == Step.FOLLOWING else Step(to_step).label
    return render(request, "leads/lead_step_form.html", {"form": form, "lead": lead, "clock": clock, "title": title})


@requires("leads.view")
def lead_report(request, pk):
    lead = _lead_for_action(request, pk, rules.REPORT)
    form = ReportForm(request.POST or None)
    if response := submit_form(
            request, form,
            action=lambda: lead_follow_up(acting_user=request.user, lead=lead, note=form.cleaned_data["note"]),
            success=_("已报告跟踪情况，下次报告时限重新计算。"), redirect_to=reverse("leads:lead_detail", args=[lead.pk])):
        return response
    clock = selectors.with_clocks([lead], user=request.user)[0].clock
    return render(request, "leads/lead_step_form.html", {"form": form, "lead": lead, "clock": clock,
                                                          "title": _("报告跟踪情况")})


@requires("leads.view")
def lead_drop_view(request, pk):
    lead = _lead_for_action(request, pk, rules.DROP)
    form = DropForm(request.POST or None)
    if response := submit_form(
            request, form,
            action=lambda: lead_drop(acting_user=request.user, lead=lead, reason=form.cleaned_data["reason"]),
            success=_("线索已终止。"), redirect_to=reverse("leads:lead_detail", args=[lead.pk])):
        return response
    return render(request, "leads/lead_step_form.html", {"form": form, "lead": lead, "title": _("终止线索"),
                                                          "danger": True})


def conversion_initial(lead: Lead) -> dict:
    """The signing form as the lead fills it: the bureau checks it and adds what only the contract says."""
    return {"name": lead.title, "investor_name": lead.investor_name, "division": lead.division_id,
            "contracted_investment": lead.estimated_investment, "industry": lead.industry_id or "",
            "industry_group": lead.industry_group_id, "introducing_unit": lead.unit_id,
            "signed_on": timezone.localdate()}


@requires("leads.view")
def lead_convert_view(request, pk):
    from chengjie.projects.forms import ProjectSignForm

    lead = _lead_for_action(request, pk, rules.CONVERT)
    form = ProjectSignForm(request.POST or None, user=request.user, initial=conversion_initial(lead))
    # The project's referrer is the lead's, checked against the signing date by the service.
    del form.fields["referrer"]
    if response := submit_form(
            request, form, action=lambda: lead_convert(acting_user=request.user, lead=lead, **form.service_kwargs()),
            success=lambda project: _("线索已签约为项目“%(name)s”，节点计划（第 1 版）已按模板生成，请核对后批准。")
            % {"name": project.name},
            redirect_to=lambda project: reverse("projects:project_detail", args=[project.pk])):
        return response
    return render(request, "leads/lead_convert.html", {"form": form, "lead": lead})


@requires("leads.view")
def step_limits(request):
    county = (request.user.scope_prefix or "")[:6]
    if len(county) < 6:
        raise Http404
    can_manage = request.user.has_capability("leads.manage")
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    rows = selectors.step_limits(county=county)
    form = StepLimitsForm(request.POST or None, rows=rows) if can_manage else None
    if form is not None and (response := submit_form(
            request, form, action=lambda: lead_step_limits_set(acting_user=request.user, limits=form.limits(),
                                                               division_code=county),
            success=_("线索环节时限已保存，所有在办线索按新时限计算。"), redirect_to="leads:step_limits")):
        return response
    return render(request, "leads/step_limits.html", {"rows": rows, "form": form})
