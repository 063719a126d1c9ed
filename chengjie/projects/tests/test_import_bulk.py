"""The import's bulk signing ends where `project_sign` row by row ends: same codes, templates, node plans,
responsible units, draft plan versions, duplicate flags and audit rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction

from chengjie.audit.models import AuditEvent
from chengjie.audit.selectors import audit_verify
from chengjie.core.errors import DomainError
from chengjie.projects.importer.bulk import projects_sign_many
from chengjie.projects.importer.duplicates import DuplicateFinder, Signing
from chengjie.projects.models import Project
from chengjie.projects.services import find_duplicates, project_sign
from chengjie.projects.testing import ensure_shipped_templates, make_project

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _outcome(run) -> dict:
    """What `run()` leaves in the database, by project name (ids differ between runs), rolled back."""
    try:
        with transaction.atomic():
            ids = run()
            raise _Rollback(_describe(ids))
    except _Rollback as done:
        return done.args[0]


def _describe(ids) -> dict:
    projects = list(Project.objects.filter(pk__in=ids).order_by("pk"))
    names = dict(Project.objects.values_list("pk", "name"))
    described = {}
    for project in projects:
        nodes = project.nodes.prefetch_related("predecessors").order_by("order")
        event = AuditEvent.objects.get(event="projects.signed", object_id=str(project.pk))
        after = dict(event.after, duplicate_of=names.get(event.after["duplicate_of"]))
        described[project.name] = {
            "fields": {field: getattr(project, field) for field in (
                "code", "investor_name", "investor_id", "investor_origin", "project_type", "division_id",
                "contracted_investment", "out_of_province_investment", "introducing_unit_id", "park_id", "leader_id",
                "contact_person_id", "industry_id", "industry_group_id", "referrer_id", "signed_on", "template_id",
                "reached_milestone", "duplicate_state", "created_by_id")},
            "duplicate_of": names.get(project.duplicate_of_id),
            "nodes": [(n.key, n.name, n.order, n.milestone, n.responsible_unit_id, n.planned_date, n.actual_date,
                       n.actual_entered_by_id, n.confirmed_by_id, n.required_evidence,
                       sorted(p.key for p in n.predecessors.all())) for n in nodes],
            "versions": [(v.number, v.status, v.reason, v.requested_by_id,
                          sorted((e.node.key, e.planned_date) for e in v.entries.select_related("node")))
                         for v in project.plan_versions.order_by("number")],
            "audit": (after, event.note, event.actor_username),
        }
    return described


@pytest.fixture
def signings(cast):
    ensure_shipped_templates()
    make_project(cast=cast, name="年产1000万支牙刷项目", investor_name="安徽恒丰刷业有限公司",
                 signed_on=date(2024, 5, 6), park=None, division="340882")
    base = {"project_type": "industrial", "division": cast.park_obj.division, "introducing_unit": cast.unit_a,
            "park": cast.park_obj, "investor": None, "investor_origin": "", "industry": None, "industry_group": None,
            "leader": cast.leader, "contact_person": None, "referrer": None,
            "out_of_province_investment": Decimal("100.00")}
    rows = [
        # repeats the project signed before, under a reworded investor
        {"name": "年产1000万支牙刷建设项目", "investor_name": "恒丰刷业（安徽）有限公司", "signed_on": date(2025, 3, 1)},
        {"name": "新能源电机项目", "investor_name": "合肥某电机有限公司", "signed_on": date(2025, 3, 1)},
        {"name": "年产5万吨饲料项目", "investor_name": "潜山某农业公司", "signed_on": date(2025, 4, 15),
         "project_type": "agriculture", "park": None, "division": cast.unit_b.division, "introducing_unit": cast.unit_b},
        # repeats the second row of the same file
        {"name": "新能源电机二期项目", "investor_name": "合肥某电机有限公司", "signed_on": date(2025, 6, 30)},
        {"name": "电子商务产业园", "investor_name": "安徽潜山示例刷业有限公司", "investor": cast.firm,
         "signed_on": date(2025, 1, 2), "project_type": "service"},
    ]
    return [base | {"contracted_investment": Decimal(1000 * (n + 1))} | row for n, row in enumerate(rows)]


def test_bulk_signing_leaves_what_signing_row_by_row_leaves(cast, signings):
    one_by_one = _outcome(lambda: [project_sign(acting_user=cast.bureau, **row).pk for row in signings])
    bulk = _outcome(lambda: projects_sign_many(acting_user=cast.bureau, signings=signings))
    assert bulk == one_by_one
    assert one_by_one["年产1000万支牙刷建设项目"]["duplicate_of"] == "年产1000万支牙刷项目"
    assert one_by_one["新能源电机二期项目"]["duplicate_of"] == "新能源电机项目"
    assert one_by_one["新能源电机项目"]["duplicate_of"] is None


def test_bulk_signing_in_several_batches_keeps_codes_links_and_the_audit_chain(cast, signings, monkeypatch):
    monkeypatch.setattr("chengjie.projects.importer.bulk.BATCH", 2)
    one_by_one = _outcome(lambda: [project_sign(acting_user=cast.bureau, **row).pk for row in signings])
    bulk = _outcome(lambda: projects_sign_many(acting_user=cast.bureau, signings=signings))
    assert bulk == one_by_one
    projects_sign_many(acting_user=cast.bureau, signings=signings, notes=[f"第 {n} 行" for n in range(5)])
    assert audit_verify() == (AuditEvent.objects.count(), None)
    assert AuditEvent.objects.filter(event="projects.signed", note="第 4 行").count() == 1


def test_only_the_bureau_signs_and_only_in_its_scope(cast, signings):
    with pytest.raises(DomainError):
        projects_sign_many(acting_user=cast.clerk_a, signings=signings)
    from chengjie.org.models import Division

    outside = [signings[0] | {"division": Division.objects.get(code="340881")}]
    with pytest.raises(DomainError) as refused:
        projects_sign_many(acting_user=cast.bureau, signings=outside)
    assert refused.value.field == "division"
    assert Project.objects.count() == 1


@pytest.mark.parametrize(("investor", "name"), [
    ("恒丰刷业（安徽）有限公司", "年产1000万支牙刷项目"),
    ("恒丰", "年产1000万支牙刷项目"),  # too short to be contained: difflib decides
    ("安徽恒丰刷业集团有限公司潜山分公司", "1000万支牙刷"),
    ("江苏恒丰刷业有限公司", "年产1000万支牙刷二期项目"),
    ("丰恒刷业", "年产1000万支牙刷项目"),
    ("安徽恒泰电子有限公司", "年产1000万支牙刷项目"),
    ("", "年产1000万支牙刷项目"),
])
def test_the_duplicate_index_finds_what_find_duplicates_finds(cast, investor, name):
    ensure_shipped_templates()
    existing = make_project(cast=cast, name="年产1000万支牙刷项目", investor_name="安徽恒丰刷业有限公司",
                            signed_on=date(2024, 5, 6))
    make_project(cast=cast, name="年产1000万支牙刷项目", investor_name="安徽恒丰刷业有限公司", signed_on=date(2020, 1, 6))
    day = date(2025, 3, 1)
    expected = [match.project_id for match in find_duplicates(division_code="340882400", name=name, investor_name=investor,
                                                             investor_id=None, signed_on=day)]
    finder = DuplicateFinder(counties={"340882"}, first=day, last=day, investor_names=[investor])
    found = [match.pk for match in finder.find("340882", Signing(name, investor, None, day, position=0))]
    assert found == expected
    assert found in ([], [existing.pk])


def test_comparing_normalised_names_answers_as_similar_does():
    import random

    from chengjie.projects.importer.duplicates import _Text
    from chengjie.projects.services.duplicates import similar

    rng = random.Random(3)
    alphabet = "恒丰刷业安徽电机科技项目"
    accepted = 0
    for _ in range(3000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        # b: a edited a little, so that a good share of the pairs is similar
        b = list(a)
        for _ in range(rng.randint(0, 3)):
            b.insert(rng.randint(0, len(b)), rng.choice(alphabet))
        b = "".join(b)
        for threshold in (0.75, 0.8):
            expected = similar(a, b, threshold)
            accepted += expected
            assert _Text.of(a, ()).similar(_Text.of(b, ()), threshold) == expected, (a, b, threshold)
    assert 1000 < accepted < 5000


def test_the_index_finds_exactly_what_comparing_with_every_earlier_signing_finds(db):
    """Brute force as find_duplicates does it (every earlier signing of the county, within 24 months,
    compared with `similar`) against the pruned index, on names built to be near one another."""
    import random

    from chengjie.projects.services.duplicates import (
        INVESTOR_SIMILAR, NAME_SIMILAR, months_after, months_before, place_names, similar)

    rng = random.Random(5)
    words = ["恒丰", "刷业", "电机", "科技", "新材料", "安徽", "潜山", "智能", "装备", "华信", "集团", "一期", "年产"]

    def name():
        return "".join(rng.choice(words) for _ in range(rng.randint(1, 4)))

    places = place_names("340882")
    signings = [Signing(name() + "项目", name() + "有限公司", rng.choice([None, None, 1, 2]),
                        date(2024, 1, 1) + timedelta(days=rng.randint(0, 1200)), position=n) for n in range(400)]
    finder = DuplicateFinder(counties={"340882"}, first=min(s.signed_on for s in signings),
                             last=max(s.signed_on for s in signings), investor_names=[s.investor_name for s in signings])
    flagged = 0
    for n, signing in enumerate(signings):
        start, end = months_before(signing.signed_on, 24), months_after(signing.signed_on, 24)
        expected = sorted(
            (other for other in signings[:n] if start <= other.signed_on <= end
             and ((signing.investor_id is not None and signing.investor_id == other.investor_id)
                  or similar(signing.investor_name, other.investor_name, INVESTOR_SIMILAR, places))
             and similar(signing.name, other.name, NAME_SIMILAR, places)),
            key=lambda other: other.order(signing.signed_on))
        assert finder.find("340882", signing) == expected, signing
        flagged += bool(expected)
    assert flagged > 100
