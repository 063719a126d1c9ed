from django.core.paginator import Paginator
from django.shortcuts import render

from chengjie.core.access import authenticated

from .selectors import inbox_for_user


@authenticated
def inbox(request):
    page = Paginator(inbox_for_user(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})
