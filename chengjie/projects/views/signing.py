"""Signing a project (招商主管部门)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.core.access import requires
from chengjie.core.errors import DomainError
from chengjie.core.forms import add_domain_error
from chengjie.workcalendar.workdays import missing_years_between, missing_years_message

from ..forms import ProjectSignForm
from ..services import project_sign


@requires("projects.manage")
def project_sign_view(request):
    form = ProjectSignForm(request.POST or None, user=request.user,
                           initial={"division": request.user.scope_prefix, "signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            project = project_sign(acting_user=request.user, **form.service_kwargs())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已登记项目“%(name)s”，节点计划（第 1 版）已按模板生成，请核对后批准。")
                             % {"name": project.name})
            if project.duplicate_of_id:
                messages.warning(request, _("该项目与“%(other)s”的投资方和名称相近，疑为重复签约，请核查。")
                                 % {"other": project.duplicate_of.name})
            last = project.nodes.order_by("-planned_date").values_list("planned_date", flat=True).first()
            if missing := missing_years_between(project.signed_on, last or project.signed_on):
                messages.warning(request, missing_years_message(missing))
            return redirect("projects:plan_edit", pk=project.pk)
    return render(request, "projects/project_sign.html", {"form": form})
