"""Generic error pages in Chinese; they never show a stack trace or what exists outside the user's scope."""

from django.shortcuts import render
from django.template import loader
from django.http import HttpResponseServerError


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())
