"""Test factory for projects at any stage, built through the services (so every row has passed the same
checks and left the same audit rows as one a person made).

    project = make_project(cast=cast)                                   # signed, baseline approved
    project = make_project(cast=cast, stage="started", signed_on=date(2025, 3, 1))
    project = make_project(cast=cast, stage="draft")                    # plan v1 not yet approved
    project = make_project(cast=cast, stage="land", actual_dates={"land": date(2025, 6, 30)}, confirm=False)

Stages: draft, signed, land, started, production, capacity. Every node up to the stage's milestone (and, in
a finer template, every node before it) gets an actual date: the one given in `actual_dates` (by node
key), else its planned date, but never after today nor before a predecessor's. Evidence is a small PDF per
required material. The entry is made by a 经办人 of the node's unit and, with confirm=True, confirmed by
its 负责人 (made on the fly when the cast has none for that unit).
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.org.models import Unit

from .models import MILESTONE_ORDER, Milestone, Node, NodeTemplate, NodeTemplateItem, PlanVersion, Project
from .selectors import nodes_up_to
from .services import node_complete, node_confirm, plan_approve, project_sign
from .template_data import DEFAULT_TEMPLATE, FINE_TEMPLATE, load_shipped_templates

STAGES = ("draft", "signed", "land", "started", "production", "capacity")
# The smallest file that passes the evidence check by content.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
             b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
_serial = itertools.count(1)


def ensure_shipped_templates() -> None:
    """The shipped templates come from a migration; a transactional test's flush removes them."""
    load_shipped_templates(NodeTemplate, NodeTemplateItem)


def shipped_template(*, fine: bool = False) -> NodeTemplate:
    ensure_shipped_templates()
    spec = FINE_TEMPLATE if fine else DEFAULT_TEMPLATE
    return NodeTemplate.objects.filter(name=spec["name"], division__isnull=True).order_by("-version").first()


def pdf_upload(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_upload(name: str = "照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def _token() -> str:
    """A name part unlike any other the factory makes, so default projects never look like duplicates."""
    return hashlib.md5(str(next(_serial)).encode()).hexdigest()[:8]


def unit_user(unit: Unit, role: str) -> User:
    """An active user of `unit` in `role` (a park committee's own role enters its nodes), made if missing."""
    from chengjie.core.testing import make_user

    roles = [role, Role.PARK] if role == Role.UNIT_CLERK and unit.kind == Unit.Kind.PARK else [role]
    found = User.objects.filter(unit=unit, role__in=roles, is_active=True).order_by("pk").first()
    if found is not None:
        return found
    return make_user(f"{role}_{unit.pk}_{_token()}", role=role, unit=unit, division=unit.division_id[:6],
                     full_name=f"{unit}{Role(role).label}")


def complete_node(node: Node, *, actual_date: date, confirm: bool = True) -> Node:
    """Enter and (optionally) confirm a node as its unit would, with one PDF per required material."""
    files = [pdf_upload(f"{kind}.pdf") for kind in node.required_evidence]
    node = node_complete(acting_user=unit_user(node.responsible_unit, Role.UNIT_CLERK), node=node,
                         actual_date=actual_date, evidence_files=files)
    if confirm:
        node = node_confirm(acting_user=unit_user(node.responsible_unit, Role.UNIT_HEAD), node=node)
    return node


def advance(project: Project, *, stage: str, actual_dates: dict[str, date] | None = None, confirm: bool = True,
            today: date | None = None) -> Project:
    """Complete every node up to `stage` that is still open."""
    today = today or timezone.localdate()
    actual_dates = actual_dates or {}
    done: dict[str, date] = {}
    for node in nodes_up_to(project=project, milestone=stage):
        if node.actual_date is not None:
            done[node.key] = node.actual_date
            continue
        floor = max((done[p.key] for p in node.predecessors.all()), default=project.signed_on)
        day = actual_dates.get(node.key) or max(min(node.planned_date, today), floor)
        complete_node(node, actual_date=day, confirm=confirm)
        done[node.key] = day
    project.refresh_from_db()
    return project


def make_project(*, cast, stage: str = "signed", signed_on: date | None = None,
                 actual_dates: dict[str, date] | None = None, confirm: bool = True, fine: bool = False,
                 **overrides) -> Project:
    """A project of the cast's county at `stage`. `overrides` go to `project_sign` (name, investor_name,
    introducing_unit, park, contracted_investment, leader, referrer, template, …); `fine=True` plans it with
    the shipped finer template."""
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}")
    ensure_shipped_templates()
    token = _token()
    fields = {
        "name": f"年产{token}智能装备项目", "investor_name": f"{token}科技有限公司", "project_type": "industrial",
        "division": cast.park_obj.division_id, "contracted_investment": Decimal("12000"),
        "introducing_unit": cast.unit_a, "park": cast.park_obj,
        "leader": cast.leader, "contact_person": cast.clerk_a, "investor_origin": "江苏省苏州市",
        "signed_on": signed_on or timezone.localdate() - timedelta(days=400),
        "template": shipped_template(fine=fine) if fine else None,
    }
    fields.update(overrides)
    if "out_of_province_investment" not in overrides:
        fields["out_of_province_investment"] = (Decimal(fields["contracted_investment"]) * 2 / 3).quantize(Decimal("1"))
    project = project_sign(acting_user=cast.bureau, **fields)
    if stage == "draft":
        return project
    plan_approve(acting_user=cast.bureau, version=project.plan_versions.get(status=PlanVersion.Status.DRAFT))
    if MILESTONE_ORDER[stage] > MILESTONE_ORDER[Milestone.SIGNED]:
        advance(project, stage=stage, actual_dates=actual_dates, confirm=confirm)
    project.refresh_from_db()
    return project


def summaries_out_of_step() -> list[str]:
    """Every project whose kept node summary (services/summary.py) differs from what its nodes say, worked
    out here in Python from the nodes, as "code field: kept … nodes say …". The suite checks it after every
    database test, so a write that changes nodes without keeping the summary fails the test that made it."""
    empty = {"reached_milestone": Milestone.SIGNED, "open_nodes": 0, "done_nodes": 0, "late_nodes": 0,
             "next_due_on": None}
    facts: dict[int, dict] = {}
    for project_id, milestone, planned, actual in Node.objects.values_list("project_id", "milestone", "planned_date",
                                                                           "actual_date"):
        fact = facts.setdefault(project_id, dict(empty))
        if actual is None:
            fact["open_nodes"] += 1
            if planned is not None and (fact["next_due_on"] is None or planned < fact["next_due_on"]):
                fact["next_due_on"] = planned
            continue
        fact["done_nodes"] += 1
        fact["late_nodes"] += planned is not None and actual > planned
        if milestone and MILESTONE_ORDER[milestone] > MILESTONE_ORDER[fact["reached_milestone"]]:
            fact["reached_milestone"] = milestone
    found = []
    for project in Project.objects.values("pk", "code", *empty):
        said = facts.get(project["pk"], empty)
        found += [f"{project['code']} {name}: kept {project[name]!r}, nodes say {value!r}"
                  for name, value in said.items() if project[name] != value]
    return found
