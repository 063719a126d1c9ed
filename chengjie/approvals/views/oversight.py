"""What the county sees of the consequences: the late units' document tasks and the yearly default lists
(first default 约谈, two or more 通报批评)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from chengjie.core.access import requires

from .. import selectors
from ..tallies import CRITICISM, TALK


@requires("approvals.view")
def document_tasks(request):
    today = timezone.localdate()
    return render(request, "approvals/document_tasks.html",
                  {"today": today, **selectors.document_tasks(user=request.user, today=today)})


@requires("approvals.oversee")
def default_lists(request):
    today = timezone.localdate()
    year = request.GET.get("year", "")
    if year and not (year.isdigit() and 2000 <= int(year) <= 2100):
        raise Http404
    year = int(year) if year else today.year
    tallies = selectors.default_tallies(requests=selectors.requests_for_user(user=request.user), year=year,
                                        today=today)
    return render(request, "approvals/default_lists.html", {
        "year": year, "today": today, "years": range(today.year, today.year - 5, -1),
        "talks": [t for t in tallies if t.consequence == TALK],
        "criticisms": [t for t in tallies if t.consequence == CRITICISM]})
