from django.core.paginator import Paginator
from django.shortcuts import render

from chengjie.core.access import requires

from .selectors import enterprises_for_user, parks_for_user


@requires("parks.view")
def park_list(request):
    parks = parks_for_user(user=request.user).filter(is_active=True)
    return render(request, "parks/park_list.html", {"parks": parks})


@requires("parks.view")
def enterprise_list(request):
    enterprises = enterprises_for_user(user=request.user).filter(is_active=True)
    if q := request.GET.get("q", "").strip():
        enterprises = enterprises.filter(name__contains=q) | enterprises.filter(uscc=q.upper())
    page = Paginator(enterprises, 50).get_page(request.GET.get("page"))
    return render(request, "parks/enterprise_list.html", {"page": page, "q": q})
