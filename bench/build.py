"""Build the province-scale data set once: 60 counties × 2,000 projects signed over the last 36 months,
each planned from a shipped template (the five-node one or the finer twelve-node one, about ten nodes a
project on average: ~1.2 million nodes), progressed to a realistic mix of on-time, late and stalled
projects, with an approved baseline and a monthly figure for every month since signing.

    .venv/bin/python bench/build.py                 # builds chengjie_bench unless it is already complete
    .venv/bin/python bench/build.py --rebuild       # drop and build again
    .venv/bin/python bench/build.py --counties 5 --projects 200    # a small set to try the scripts

The organisation (units, parks, people) goes through the ORM; the projects, nodes, plans and figures go
in with COPY, a county at a time. The data set is synthetic and written directly, so it carries no audit
rows; everything run.py measures goes through the services and writes its own."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from datetime import date, datetime, time as clock, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

SEED = 20261127
# Departments every county has, with the short names clerks write in ledgers; the keywords of the
# templates' responsible units (发改, 自然资源, 住建, 生态环境) resolve to them.
DEPARTMENTS = [
    ("投资促进中心", "投促中心"), ("发展和改革委员会", "发改委"), ("经济和信息化局", "经信局"),
    ("自然资源和规划局", "自然资源局"), ("住房和城乡建设局", "住建局"), ("生态环境分局", "生态环境局"),
    ("商务局", ""), ("财政局", ""), ("科学技术局", "科技局"), ("农业农村局", ""), ("文化旅游体育局", "文旅局"),
    ("市场监督管理局", "市场监管局"), ("人力资源和社会保障局", "人社局"), ("交通运输局", "交通局"), ("水利局", ""),
    ("应急管理局", "应急局"), ("数据资源管理局", "数据局"), ("招商服务中心", "招商中心"),
]
TOWNSHIPS = ["城关镇", "黄铺镇", "余井镇", "梅城镇", "源潭镇", "王河镇", "槎水镇", "官庄镇"]
PARKS = [("经济开发区", "provincial"), ("高新技术产业园", "cluster"), ("现代农业产业园", "cluster")]
GROUPS = ["机械机电制造", "医药化工", "纺织服装", "轻工制刷", "农产品及旅游工艺品加工"]
PRODUCTS = ["智能装备", "新能源电机", "汽车零部件", "医用材料", "精细化工", "高端纺织", "刷制品", "农产品深加工",
            "电子元器件", "新型建材", "绿色食品", "光伏组件", "锂电池材料", "生物医药", "包装材料"]
# Firm names are two or three of these: ~1.7 million names, so investors are as distinct as real ones
# (a duplicate-signing check against a handful of brand names would compare everything with everything).
BRAND_CHARS = ("安泰恒丰华信鑫源瑞达中科金龙天成宏图博远嘉禾汇通长江皖淮柱东方永盛新远航世纪昌隆德润福康宁泽海川"
               "晟祥和美佳创联合力亿诚顺兴旺盈富强益辉煌光明星辰宇宙峰岭森林茂乾坤坚毅卓越鼎立豪杰凯旋帆扬腾飞跃")


def brand(rng) -> str:
    return "".join(rng.choice(BRAND_CHARS) for _ in range(rng.choice([2, 2, 3])))


ORIGINS = ["江苏省苏州市", "浙江省宁波市", "上海市", "广东省深圳市", "江苏省无锡市", "浙江省温州市", "安徽省合肥市"]
TYPES = [("industrial", 0.70), ("service", 0.15), ("agriculture", 0.10), ("infrastructure", 0.05)]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=60)
    parser.add_argument("--projects", type=int, default=2000, help="projects per county")
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def complete(database: str) -> dict | None:
    """The build parameters when `database` holds a finished data set."""
    if not common.database_exists(database):
        return None
    import psycopg

    with psycopg.connect(f"{common.SERVER}/{database}") as conn:
        found = conn.execute("SELECT to_regclass('bench_meta')").fetchone()[0]
        if found is None:
            return None
        rows = dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
    return json.loads(rows["build"]) if "build" in rows else None


class Copier:
    """COPY rows of a model, given as dicts keyed by field attname; missing fields take their default."""

    def __init__(self, connection):
        self.connection = connection

    def copy(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        fields = model._meta.concrete_fields
        defaults = {f.attname: (f.get_default() if f.has_default() else None) for f in fields}
        columns = ", ".join(f'"{f.column}"' for f in fields)
        with self.connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([_db(row.get(f.attname, defaults[f.attname])) for f in fields])


def _db(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def build_organisation(counties, *, now):
    """Units, parks, industry groups and people of each county; returns what projects need, by county."""
    from chengjie.accounts.models import User
    from chengjie.accounts.roles import Role
    from chengjie.org.models import IndustryGroup, Unit
    from chengjie.parks.models import Park

    users = [User(username="province_leader", full_name="省领导", role=Role.LEADER, division_id=counties[0].code[:2],
                  password="!", password_changed_at=now)]
    for county in counties:
        short = county.name
        Unit.objects.bulk_create(
            [Unit(name=f"{short}{name}", short_name=abbr, kind=Unit.Kind.DEPARTMENT, division=county)
             for name, abbr in DEPARTMENTS]
            + [Unit(name=f"{short}{name}人民政府", short_name=name, kind=Unit.Kind.TOWNSHIP, division=county)
               for name in TOWNSHIPS]
            + [Unit(name=f"{short}{name}管委会", short_name=f"{name}管委会", kind=Unit.Kind.PARK, division=county)
               for name, _kind in PARKS])
        committees = {u.name: u for u in Unit.objects.filter(division=county, kind=Unit.Kind.PARK)}
        Park.objects.bulk_create([Park(name=f"{short}{name}", kind=kind, division=county,
                                       committee=committees[f"{short}{name}管委会"]) for name, kind in PARKS])
        bureau_unit = Unit.objects.get(division=county, name=f"{short}投资促进中心")
        users.append(User(username=f"bureau_{county.code}", full_name=f"{short}招商局干部", role=Role.BUREAU,
                          division=county, unit=bureau_unit, password="!", password_changed_at=now))
        users.append(User(username=f"leader_{county.code}", full_name=f"{short}县领导", role=Role.LEADER,
                          division=county, password="!", password_changed_at=now))
        for unit in Unit.objects.filter(division=county).exclude(pk=bureau_unit.pk):
            role = Role.PARK if unit.kind == Unit.Kind.PARK else Role.UNIT_CLERK
            users.append(User(username=f"clerk_{unit.pk}", full_name=f"{unit}经办人", role=role, division=county,
                              unit=unit, password="!", password_changed_at=now))
            if unit.kind != Unit.Kind.PARK:
                users.append(User(username=f"head_{unit.pk}", full_name=f"{unit}负责人", role=Role.UNIT_HEAD,
                                  division=county, unit=unit, password="!", password_changed_at=now))
    User.objects.bulk_create(users, batch_size=1000)
    leaders = {u.division_id: u for u in User.objects.filter(role=Role.LEADER, username__startswith="leader_")}
    for county in counties:
        IndustryGroup.objects.bulk_create([IndustryGroup(name=name, division=county, leader=leaders[county.code])
                                           for name in GROUPS])
    return leaders


def main():
    args = parse_args()
    database = common.DATA_SET
    wanted = {"counties": args.counties, "projects": args.projects, "months": args.months, "seed": SEED}
    found = complete(database)
    if found == wanted and not args.rebuild:
        print(f"{database}: already built ({found}); --rebuild to build again")
        return
    started = time.perf_counter()
    common.admin_execute(f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"')
    common.setup_django(database)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.0f} s")
    build(args, wanted)
    print(f"built {database} in {time.perf_counter() - started:.0f} s")


def build(args, wanted):
    from django.db import connection
    from django.utils import timezone

    from chengjie.accounts.models import User
    from chengjie.accounts.roles import Role
    from chengjie.org.models import Division, Industry, IndustryGroup, Unit
    from chengjie.parks.models import Park
    from chengjie.projects.models import (
        Milestone, MonthlyFigure, Node, NodeTemplate, PlanEntry, PlanVersion, Project)
    from chengjie.projects.planning import PlanNode, plan_dates
    from chengjie.projects.services.signing import responsible_unit_for
    from chengjie.projects.services.summary import keep_node_summary
    from chengjie.projects.template_data import DEFAULT_TEMPLATE, FINE_TEMPLATE

    now, today = timezone.now(), timezone.localdate()
    tz = timezone.get_current_timezone()
    counties = list(Division.objects.filter(level=Division.Level.COUNTY, code__startswith="34").order_by("code")
                    [:args.counties])
    step = time.perf_counter()
    leaders = build_organisation(counties, now=now)
    print(f"organisation of {len(counties)} counties in {time.perf_counter() - step:.0f} s")

    templates = {}
    for spec, key in ((DEFAULT_TEMPLATE, "default"), (FINE_TEMPLATE, "fine")):
        template = NodeTemplate.objects.get(name=spec["name"], division__isnull=True, version=1)
        items = list(template.items.prefetch_related("predecessors").order_by("order"))
        graph = [PlanNode(key=i.key, name=i.name, predecessors=tuple(p.key for p in i.predecessors.all()),
                          duration_workdays=i.duration_workdays) for i in items]
        templates[key] = (template, items, graph)
    plans: dict[tuple[str, date], dict[str, date]] = {}
    industries = list(Industry.objects.filter(level=Industry.Level.CLASS).values_list("code", flat=True)[:300])
    copier = Copier(connection)
    ids = defaultdict(int)

    def next_id(table: str) -> int:
        ids[table] += 1
        return ids[table]

    def at(day: date, hour: int = 10) -> datetime:
        return datetime.combine(day, clock(hour), tzinfo=tz)

    Link = Node.predecessors.through
    totals = defaultdict(int)
    for index, county in enumerate(counties):
        rng = random.Random(SEED + index)
        units = list(Unit.objects.filter(division=county, is_active=True))
        introducing = [u for u in units if u.kind in (Unit.Kind.DEPARTMENT, Unit.Kind.TOWNSHIP)]
        parks = list(Park.objects.filter(division=county).select_related("committee"))
        groups = list(IndustryGroup.objects.filter(division=county).values_list("pk", flat=True))
        bureau = User.objects.get(username=f"bureau_{county.code}")
        clerks = {u.unit_id: u.pk for u in User.objects.filter(division=county, role__in=[Role.UNIT_CLERK, Role.PARK])}
        heads = {u.unit_id: u.pk for u in User.objects.filter(division=county, role=Role.UNIT_HEAD)}
        responsible: dict[tuple, Unit] = {}
        projects, nodes, links, versions, entries, figures = [], [], [], [], [], []
        codes: dict[int, int] = defaultdict(int)
        for number in range(args.projects):
            signed_on = today - timedelta(days=rng.randint(0, args.months * 30 - 1))
            project_type = rng.choices([t for t, _w in TYPES], weights=[w for _t, w in TYPES])[0]
            key = "fine" if rng.random() < 0.72 else "default"
            template, items, graph = templates[key]
            if (key, signed_on) not in plans:
                plans[(key, signed_on)] = plan_dates(graph, start=signed_on)
            planned = plans[(key, signed_on)]
            unit = rng.choice(introducing)
            park = rng.choice(parks) if rng.random() < 0.8 else None
            total = Decimal(rng.choice([800, 1500, 3000, 5000, 8000, 12000, 20000, 50000, 100000])) + rng.randint(0, 99)
            codes[signed_on.year] += 1
            project_id = next_id("project")
            # How the project goes: most on time, some late, a fifth stalled at some node (签而不动).
            profile = rng.random()
            delay_range = (-5, 15) if profile < 0.55 else (20, 120)
            stuck_at = rng.randint(1, len(items) - 1) if profile >= 0.85 else None
            done: dict[str, date] = {}
            for position, item in enumerate(items):
                predecessors = [p.key for p in item.predecessors.all()]
                actual = None
                if item.milestone == Milestone.SIGNED:
                    actual = signed_on
                elif (stuck_at is None or position < stuck_at) and all(p in done for p in predecessors):
                    floor = max(done[p] for p in predecessors)
                    candidate = max(planned[item.key] + timedelta(days=rng.randint(*delay_range)), floor)
                    actual = candidate if candidate <= today else None
                if actual is not None:
                    done[item.key] = actual
                kind_key = (item.responsible_unit_kind, unit.pk, park.pk if park else None)
                if kind_key not in responsible:
                    responsible[kind_key] = responsible_unit_for(item.responsible_unit_kind, county=county.code,
                                                                 introducing_unit=unit, park=park, units=units)
                answering = responsible[kind_key]
                node_id = next_id("node")
                nodes.append({
                    "id": node_id, "project_id": project_id, "template_item_id": item.pk, "key": item.key,
                    "name": item.name, "order": item.order, "milestone": item.milestone,
                    "responsible_unit_id": answering.pk, "responsible_person_id": None,
                    "required_evidence": list(item.required_evidence), "baseline_date": planned[item.key],
                    "planned_date": planned[item.key], "actual_date": actual,
                    "actual_entered_at": at(actual) if actual else None,
                    "actual_entered_by_id": clerks.get(answering.pk, bureau.pk) if actual else None,
                    "confirmed_at": at(actual, 16) if actual else None,
                    "confirmed_by_id": heads.get(answering.pk, bureau.pk) if actual else None})
                item_nodes = {n["key"]: n["id"] for n in nodes[-position - 1:]}
                links.extend({"id": next_id("link"), "from_node_id": node_id, "to_node_id": item_nodes[p]}
                             for p in predecessors)
                entries.append({"id": next_id("entry"), "version_id": project_id, "node_id": node_id,
                                "planned_date": planned[item.key]})
            started = done.get("start")
            stats = started + timedelta(days=rng.randint(20, 90)) if started and rng.random() < 0.8 else None
            projects.append({
                "id": project_id, "code": f"{county.code}-{signed_on.year}-{codes[signed_on.year]:04d}",
                "name": f"年产{rng.randint(1, 500)}万件{rng.choice(PRODUCTS)}项目（{number + 1}号）",
                "project_type": project_type, "investor_id": None,
                "investor_name": f"{rng.choice(ORIGINS)[:2]}{brand(rng)}{rng.choice(PRODUCTS)}有限公司",
                "investor_origin": rng.choice(ORIGINS), "industry_id": rng.choice(industries),
                "industry_group_id": rng.choice(groups), "park_id": park.pk if park else None,
                "division_id": county.code, "contracted_investment": total,
                "out_of_province_investment": (total * Decimal(rng.randint(0, 80)) / 100).quantize(Decimal("0.01")),
                "introducing_unit_id": unit.pk, "leader_id": leaders[county.code].pk,
                "contact_person_id": clerks.get(unit.pk), "referrer_id": None, "lead_id": None,
                "signed_on": signed_on, "template_id": template.pk,
                "stats_registered_on": stats if stats and stats <= today else None, "duplicate_state": "",
                "duplicate_of_id": None, "created_by_id": bureau.pk, "created_at": at(signed_on)})
            versions.append({"id": project_id, "project_id": project_id, "number": 1, "status": PlanVersion.Status.APPROVED,
                             "reason": "签约时按节点模板生成", "requested_by_id": bureau.pk, "requested_at": at(signed_on),
                             "decided_by_id": bureau.pk, "decided_at": at(signed_on, 17), "decision_note": ""})
            month = signed_on.replace(day=1)
            pace = total / Decimal(36)
            while month <= today:
                funds = (pace * Decimal(rng.randint(0, 150)) / 100).quantize(Decimal("0.01"))
                figures.append({"id": next_id("figure"), "project_id": project_id, "period": month,
                                "funds_in_place": funds,
                                "out_of_province_funds": (funds * Decimal(rng.randint(0, 70)) / 100).quantize(Decimal("0.01")),
                                "completed_investment": (funds * Decimal(rng.randint(60, 100)) / 100).quantize(Decimal("0.01")),
                                "entered_by_id": clerks.get(unit.pk, bureau.pk), "entered_at": at(month)})
                month = (month + timedelta(days=32)).replace(day=1)
        copier.copy(Project, projects)
        copier.copy(Node, nodes)
        copier.copy(Link, links)
        copier.copy(PlanVersion, versions)
        copier.copy(PlanEntry, entries)
        copier.copy(MonthlyFigure, figures)
        keep_node_summary(Project.objects.filter(division_id=county.code))
        for name, rows in (("projects", projects), ("nodes", nodes), ("links", links), ("plan entries", entries),
                           ("monthly figures", figures)):
            totals[name] += len(rows)
        if index % 10 == 9 or index == len(counties) - 1:
            print(f"  {index + 1} counties: " + ", ".join(f"{count:,} {name}" for name, count in totals.items()),
                  flush=True)
    with connection.cursor() as cursor:
        for model in (Project, Node, Link, PlanVersion, PlanEntry, MonthlyFigure):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM \"{table}\"))")
        step = time.perf_counter()
        # As autovacuum leaves a database in use: statistics, and the visibility map that lets an index-only
        # scan skip the table (freshly COPYed rows are not yet marked all-visible).
        cursor.execute("VACUUM ANALYZE")
        print(f"vacuumed and analyzed in {time.perf_counter() - step:.0f} s")
        cursor.execute("CREATE TABLE bench_meta (key text PRIMARY KEY, value text NOT NULL)")
        cursor.execute("INSERT INTO bench_meta VALUES ('build', %s), ('built_at', %s), ('totals', %s)",
                       [json.dumps(wanted), now.isoformat(), json.dumps(totals)])


if __name__ == "__main__":
    main()
