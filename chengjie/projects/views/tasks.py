"""My tasks: the first page a unit's 经办人 and 负责人 see (nodes due or overdue, entries to confirm,
supervision notices to answer), and the bureau's approvals and duplicate checks."""

from django.shortcuts import render

from chengjie.core.access import requires

from .. import selectors


@requires("projects.view")
def my_tasks(request):
    return render(request, "projects/my_tasks.html", {"tasks": selectors.my_tasks(user=request.user)})
