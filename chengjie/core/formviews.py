"""The loop of every page that writes through a service: GET shows the form; a valid POST calls the
service; a refusal (DomainError) lands on the form, on the field it names; success says so and redirects
(post/redirect/get, so a reload does not post twice). A button, with nothing to fill in, says a refusal in
an error message instead.

`success` and `redirect_to` are given as they are, or as a function of what the service returned (the
new object's name and page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from .errors import DomainError
from .forms import add_domain_error


def _given(value, result):
    return value(result) if callable(value) else value


def submit_form(request, form: forms.Form, *, action: Callable[[], Any], success, redirect_to) -> HttpResponse | None:
    """The redirect after a POST whose form is valid and whose `action` succeeded; otherwise None (a GET, an
    invalid form, or a refusal now on the form), and the view shows its page with the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action()
    except DomainError as exc:
        add_domain_error(form, exc)
        return None
    messages.success(request, _given(success, result))
    return redirect(_given(redirect_to, result))


def submit_button(request, *, action: Callable[[], Any], success, redirect_to: str) -> HttpResponse:
    """Run a button's `action` and go back to `redirect_to` whether it succeeded or was refused."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _given(success, result))
    return redirect(redirect_to)
