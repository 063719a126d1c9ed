"""Suspected duplicate signings, side by side, for the bureau to confirm as distinct or merge."""

from django.core.paginator import Paginator
from django.shortcuts import render

from chengjie.core.access import requires
from chengjie.core.pages import PAGE_SIZE

from .. import selectors


@requires("projects.manage")
def duplicate_list(request):
    page = Paginator(selectors.suspected_duplicates(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/duplicate_list.html", {"page": page})
