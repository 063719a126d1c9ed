from django.core.paginator import Paginator
from django.shortcuts import render

from chengjie.core.access import requires

from .selectors import units_for_user


@requires("org.view")
def unit_list(request):
    units = units_for_user(user=request.user).filter(is_active=True)
    if kind := request.GET.get("kind"):
        units = units.filter(kind=kind)
    if q := request.GET.get("q", "").strip():
        units = units.filter(name__contains=q)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(request, "org/unit_list.html", {"page": page, "q": q, "kind": kind})
