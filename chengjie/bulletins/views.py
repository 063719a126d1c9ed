"""The bulletin's pages: the list of published bulletins, the bureau's live preview and publication, a
published bulletin (frozen), its files, and the rows behind each of its figures."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import requires
from chengjie.core.exports import DOCX, XLSX, download
from chengjie.core.formviews import submit_form
from chengjie.projects.selectors import projects_for_user

from . import selectors
from .drill import drill, parse_key
from .facts import parse_period, period_code
from .forms import PeriodForm, PublishForm
from .rendering import render_annex, render_document
from .services import bulletin_preview, bulletin_publish
from .tables import diff

FILES = {"document": ("docx", DOCX), "annex": ("xlsx", XLSX)}


def _visible_projects(user, ids) -> set[int]:
    """Which of these projects the user may open (a unit sees the whole bulletin, not every project page)."""
    ids = {pk for pk in ids if pk}
    if not ids:
        return set()
    return set(projects_for_user(user=user).filter(pk__in=ids).values_list("pk", flat=True))


class Links:
    """Where each figure's "rows behind it" key leads, for a published bulletin or a preview."""

    def __init__(self, user, content: dict, *, bulletin=None, period: str = ""):
        self.content, self.bulletin, self.period = content, bulletin, period
        ids = [int(c["k"].split(":")[1]) for t in content["tables"] for r in t["rows"] for c in r["cells"]
               if c["k"] and c["k"].startswith("project:")]
        self.visible = _visible_projects(user, ids)

    def rows(self, key: str) -> str:
        if self.bulletin is not None:
            return reverse("bulletins:rows", args=[self.bulletin.pk, key])
        return reverse("bulletins:preview_rows", args=[self.period, key])

    def __call__(self, key: str | None) -> str | None:
        if not key:
            return None
        kind, _sep, target = key.partition(":")
        if kind == "rows":
            return self.rows(target)
        if kind == "targets":
            division = self.content["division"]["code"] if target.startswith("u") else target[1:]
            return f"{reverse('bulletins:targets')}?division={division}&year={self.content['year']}#{target}"
        if kind == "project" and int(target) in self.visible:
            return reverse("projects:project_detail", args=[int(target)])
        return None


def _linked_tables(content: dict, links: Links) -> list[dict]:
    return [{**table, "rows": [{**row, "cells": [{**cell, "url": links(cell["k"])} for cell in row["cells"]]}
                               for row in table["rows"]]} for table in content["tables"]]


def _page(request, content: dict, links: Links, **extra):
    context = {"content": content, "tables": _linked_tables(content, links),
               "title": content["document"]["title"].replace("\n", ""),
               "document": content["document"], "changes": content.get("changes", []), **extra}
    return render(request, "bulletins/bulletin.html", context)


@requires("bulletins.view")
def bulletin_index(request):
    user = request.user
    form = PeriodForm(request.GET or None)
    if user.has_capability("bulletins.publish") and form.is_bound and (period := form.chosen()):
        return redirect("bulletins:preview", period=period_code(period))
    page = Paginator(selectors.published_list(user=user), 24).get_page(request.GET.get("page"))
    return render(request, "bulletins/index.html", {
        "form": form, "page": page, "can_publish": user.has_capability("bulletins.publish"),
        "can_targets": user.has_capability("targets.manage"), "can_transfer": user.has_capability("projects.manage"),
        "division": selectors.bulletin_division(user)})


def _preview_period(request, period: str):
    day = parse_period(period)
    division = selectors.bulletin_division(request.user)
    if day is None or division is None or day > timezone.localdate():
        raise Http404
    return day, division


def _preview_page(request, period: str, form: PublishForm | None = None):
    day, division = _preview_period(request, period)
    content, _facts = bulletin_preview(division_code=division, period=day)
    previous = selectors.latest_published(division_code=division, period=day)
    pending = diff(previous.content["tables"], content["tables"]) if previous else []
    finished = day < timezone.localdate().replace(day=1)
    return _page(request, content, Links(request.user, content, period=period), preview=True, period=period,
                 previous=previous, pending=pending, finished=finished,
                 unchanged=previous is not None and (
                     previous.data_fingerprint == content["fingerprint"] or not pending),
                 form=form or PublishForm())


@requires("bulletins.publish")
def bulletin_preview_view(request, period):
    return _preview_page(request, period)


@requires("bulletins.publish")
@require_POST
def bulletin_publish_view(request, period):
    day, _division = _preview_period(request, period)
    form = PublishForm(request.POST)
    if response := submit_form(
            request, form,
            action=lambda: bulletin_publish(acting_user=request.user, period=day, note=form.cleaned_data["note"]),
            success=lambda bulletin: _("已发布 %(number)s（第%(version)d版）。") % {
                "number": bulletin.number, "version": bulletin.version},
            redirect_to=lambda bulletin: reverse("bulletins:detail", args=[bulletin.pk])):
        return response
    return _preview_page(request, period, form)


@requires("bulletins.view")
def bulletin_detail(request, pk):
    bulletin = selectors.get_bulletin_for_user(request.user, pk)
    return _page(request, bulletin.content, Links(request.user, bulletin.content, bulletin=bulletin),
                 bulletin=bulletin, versions=selectors.versions_of(bulletin))


@requires("bulletins.view")
def bulletin_file(request, pk, kind):
    bulletin = selectors.get_bulletin_for_user(request.user, pk)
    extension, content_type = FILES[kind]
    stored = bulletin.document if kind == "document" else bulletin.annex
    name = f"{bulletin.number}{'' if kind == 'document' else '附表'}.{extension}"
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name, content_type=content_type)


@requires("bulletins.publish")
def preview_file(request, period, kind):
    day, division = _preview_period(request, period)
    content, _facts = bulletin_preview(division_code=division, period=day)
    extension, content_type = FILES[kind]
    data = render_document(content) if kind == "document" else render_annex(content)
    name = f"{content['division']['name']}{period}月通报（预览稿）{'' if kind == 'document' else '附表'}.{extension}"
    return download(data, content_type=content_type, filename=name)


def _rows_page(request, content: dict, facts, key: str, *, back: str):
    parsed = parse_key(content, key)
    if parsed is None:
        raise Http404
    result = drill(content, facts, parsed)
    visible = _visible_projects(request.user, [row["project_id"] for row in result.rows])
    for row in result.rows:
        visible_row = row["project_id"] in visible
        row["url"] = reverse("projects:project_detail", args=[row["project_id"]]) if visible_row else ""
    return render(request, "bulletins/rows.html", {"drill": result, "content": content, "back": back,
                                                   "title": content["document"]["title"].replace("\n", "")})


@requires("bulletins.view")
def bulletin_rows(request, pk, key):
    bulletin = selectors.get_bulletin_for_user(request.user, pk)
    parsed = parse_key(bulletin.content, key)
    facts = selectors.bulletin_facts(bulletin=bulletin, row=parsed[0]) if parsed else []
    return _rows_page(request, bulletin.content, facts, key, back=reverse("bulletins:detail", args=[pk]))


@requires("bulletins.publish")
def preview_rows(request, period, key):
    day, division = _preview_period(request, period)
    content, facts = bulletin_preview(division_code=division, period=day)
    return _rows_page(request, content, facts, key, back=reverse("bulletins:preview", args=[period]))
