from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from .access import authenticated, public
from .home import home_context


@authenticated
def home(request):
    """Each role's first page, with only real data (an empty state where there is none yet)."""
    context = home_context(request.user)
    return render(request, f"core/home_{context['template']}.html", context)


@public
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request, reason=""):
    return render(request, "csrf_failure.html", status=403)
