"""The SQL statement of the rules (list annotations and colour filters) gives the same colour as the Python
one (pages, sweep), for every shipped preset, on days around the boundaries, county by county."""

from datetime import date, timedelta

import pytest

from chengjie.core.testing import freeze_today
from chengjie.projects.models import Node, Project
from chengjie.projects.services.summary import keep_node_summary
from chengjie.supervision.models import ColourRecord, WarningPreset, WarningSetting
from chengjie.supervision.rules import Evaluator
from chengjie.supervision.selectors import (
    filter_projects_by_colour,
    node_colour,
    nodes_with_colour,
    project_colour,
    projects_with_colour,
)

from .factories import add_figures, make_project

DAYS = [date(2026, 3, 10), date(2026, 4, 1), date(2026, 6, 9), date(2026, 6, 30), date(2026, 9, 30),
        date(2026, 10, 9), date(2027, 1, 10)]


def build_projects(cast, *, division="340882"):
    on_pace = dict(plan={"land": date(2026, 2, 1), "started": date(2026, 3, 1), "production": date(2026, 12, 26),
                         "capacity": date(2027, 6, 30)},
                   done={"land": date(2026, 2, 1), "started": date(2026, 3, 1)}, contracted=9000)
    projects = [
        make_project(cast=cast, division=division, plan={"land": date(2026, 2, 1), "started": date(2026, 10, 9)}),
        make_project(cast=cast, division=division, plan={"land": date(2026, 2, 1)}, done={"land": date(2026, 2, 3)}),
        make_project(cast=cast, division=division, plan={"land": date(2026, 2, 1)}, done={"land": date(2026, 1, 30)}),
        make_project(cast=cast, division=division, plan={"land": date(2026, 3, 12), "started": date(2026, 10, 10)}),
        make_project(cast=cast, division=division, **on_pace),
        make_project(cast=cast, division=division, **on_pace, stats_registered_on=date(2026, 4, 20)),
        make_project(cast=cast, division=division, plan={**on_pace["plan"]},
                     done={**on_pace["done"], "production": date(2026, 12, 1)}, contracted=9000),
        make_project(cast=cast, division=division, nodes=[]),
        make_project(cast=cast, division=division, plan={"land": date(2026, 3, 31), "started": date(2026, 6, 30)},
                     contracted=0),
        # Due on a day evaluated, and nothing earlier open; done on the very day planned.
        make_project(cast=cast, division=division, plan={"land": date(2026, 6, 30)}),
        make_project(cast=cast, division=division, plan={"land": date(2026, 2, 1), "started": date(2026, 10, 9)},
                     done={"land": date(2026, 2, 1)}),
    ]
    add_figures(projects[4], by=cast.bureau, m2026_03=100, m2026_05=200)             # 300: exactly 30 points on 6-9
    add_figures(projects[5], by=cast.bureau, m2026_03=1000, m2026_06=1100, m2026_12=9000)
    return projects


def assert_sql_matches_python(projects, today):
    annotated = {p.pk: p.colour for p in projects_with_colour(Project.objects.filter(pk__in=[p.pk for p in projects]),
                                                              today=today)}
    computed = {p.pk: project_colour(p, today=today).colour for p in projects}
    assert annotated == computed, today
    for colour in ("green", "blue", "yellow", "red"):
        chosen = filter_projects_by_colour(Project.objects.filter(pk__in=[p.pk for p in projects]), colour, today=today)
        assert set(chosen.values_list("pk", flat=True)) == {pk for pk, c in computed.items() if c == colour}, (today, colour)
    nodes = Node.objects.filter(project__in=projects).select_related("project")
    assert ({n.pk: n.colour for n in nodes_with_colour(nodes, today=today)}
            == {n.pk: node_colour(n, today=today).colour for n in nodes}), today


@pytest.mark.parametrize("preset_key", ["deadline", "countdown", "progress", "sticky", "sticky_deadline"])
def test_sql_and_python_agree_for_every_preset(cast, presets, preset_key):
    presets["sticky_deadline"] = WarningPreset.objects.create(name="红色销号（期限规则）", rule="sticky",
                                                              parameters={"base": "deadline", "yellow_workdays": 3})
    projects = build_projects(cast)
    WarningSetting.objects.create(division_id="340882", preset=presets[preset_key], changed_by=cast.bureau)
    for today in DAYS:
        mark_previous_red(projects, today, presets[preset_key])
        assert_sql_matches_python(projects, today)


def mark_previous_red(projects, today, preset):
    """Last month's record says red for every other project and node: the sticky rule reads it."""
    ColourRecord.objects.all().delete()
    previous = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    for project in projects[::2]:
        ColourRecord.objects.create(project=project, period=previous, colour="red", preset=preset)
        for node in project.nodes.all()[::2]:
            ColourRecord.objects.create(project=project, node=node, period=previous, colour="red", preset=preset)


@pytest.mark.parametrize("preset_key", ["deadline", "countdown", "sticky_deadline"])
def test_colour_filter_today_reads_the_kept_summary_and_agrees(cast, presets, preset_key, monkeypatch):
    """On the day itself a deadline rule's colour filter reads the summary each project keeps of its nodes
    (not the nodes): the same projects as the rules in Python, day by day, with the world as it stood."""
    presets["sticky_deadline"] = WarningPreset.objects.create(name="红色销号（期限规则）", rule="sticky",
                                                              parameters={"base": "deadline", "yellow_workdays": 3})
    WarningSetting.objects.create(division_id="340882", preset=presets[preset_key], changed_by=cast.bureau)
    for today in DAYS:
        freeze_today(monkeypatch, today)
        last_yellow_day = Evaluator.for_preset(presets[preset_key], today).yellow_until
        projects = [*build_projects(cast), make_project(cast=cast, plan={"land": last_yellow_day}),
                    make_project(cast=cast, plan={"land": last_yellow_day + timedelta(days=1)})]
        # That day no node had an actual date after it: the ones finished later were still open.
        ahead = Node.objects.filter(project__in=projects, actual_date__gt=today)
        ahead.update(actual_date=None)
        keep_node_summary(Project.objects.filter(pk__in=[p.pk for p in projects]))
        mark_previous_red(projects, today, presets[preset_key])
        assert_sql_matches_python(projects, today)


def test_each_county_is_coloured_by_its_own_preset(cast, presets):
    here = build_projects(cast)
    there = build_projects(cast, division="340881")
    elsewhere = build_projects(cast, division="340803")  # no setting of its own: the default rule
    WarningSetting.objects.create(division_id="340881", preset=presets["progress"], changed_by=cast.bureau)
    WarningSetting.objects.create(division_id="3408", preset=presets["countdown"], changed_by=cast.bureau)
    WarningSetting.objects.create(division_id="340882", preset=presets["deadline"], changed_by=cast.bureau)
    for today in DAYS:
        assert_sql_matches_python(here + there + elsewhere, today)
    # By the deadline rule on 6-30, 潜山's red projects are those with a node overdue and not done: 供地 due
    # 2-1, 3-12 and 3-31.
    reds = filter_projects_by_colour(Project.objects.all(), "red", today=date(2026, 6, 30))
    assert {p for p in reds if p.division_id == "340882"} == {here[0], here[3], here[8]}


def test_filter_with_an_unknown_colour_leaves_the_list_alone(cast, presets):
    build_projects(cast)
    assert filter_projects_by_colour(Project.objects.all(), "purple").count() == Project.objects.count()
