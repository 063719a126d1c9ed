"""Measure chengjie on the province-scale data set (build it first with build.py) and print the figures:

  - the filtered project list page, p50/p95, for a county's bureau and for a province leader, with the
    time of the list's own SQL alone and the page/SQL ratio, and queries per page;
  - the project page, p50/p95;
  - a full warning sweep of every county (supervision's `warnings_sweep`), and a second run of it;
  - the import of a 10,000-row ledger (`projects_import`), with its peak memory.

    .venv/bin/python bench/run.py                       # everything, on a fresh copy of the data set
    .venv/bin/python bench/run.py --only pages          # pages | sweep | import
    .venv/bin/python bench/run.py --explain             # EXPLAIN ANALYZE of the slowest list query

Pages go through Django's test client in this process (the whole middleware stack, templates, session),
one request at a time. Every run works on a copy of the data set (CREATE DATABASE … TEMPLATE), dropped at
the end unless --keep, so the sweep's notices and the imported projects never accumulate."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402
import common  # noqa: E402

IMPORT_ROWS = 10_000
_DECLARE = re.compile(r'^\s*DECLARE\s+"[^"]+"\s+NO SCROLL CURSOR(?:\s+WITH(?:OUT)?\s+HOLD)?\s+FOR\s+', re.IGNORECASE)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page kind")
    parser.add_argument("--only", choices=["pages", "sweep", "import", "row-by-row"], action="append",
                        help="row-by-row: 200 ledger rows through project_sign one at a time (not run by default)")
    parser.add_argument("--keep", action="store_true", help="keep the run's copy of the data set")
    parser.add_argument("--reuse", action="store_true", help="measure on the copy a --keep run left")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest list query")
    parser.add_argument("--import-child", choices=["time", "memory"], help=argparse.SUPPRESS)
    return parser.parse_args()


# --- pages


def _list_urls(rng, *, units, parks, requests: int, county: str = "") -> list[str]:
    """Random filters as a reader sets them; `county` (for a reader above a county) is one more filter."""
    from chengjie.projects.models import Milestone
    from chengjie.projects.selectors import AMOUNT_BANDS
    from chengjie.supervision.models import Colour

    def one() -> str:
        filters = {}
        for _ in range(rng.choice([1, 1, 2, 3])):
            kind = rng.choice(["unit", "park", "reached", "colour", "amount", "period", "q", "none"]
                              + (["county"] if county else []))
            if kind == "county":
                filters["county"] = county
            elif kind == "unit":
                filters["unit"] = rng.choice(units)
            elif kind == "park":
                filters["park"] = rng.choice(parks)
            elif kind == "reached":
                filters["reached"] = rng.choice(Milestone.values)
            elif kind == "colour":
                filters["colour"] = rng.choice(Colour.values)
            elif kind == "amount":
                filters["amount"] = rng.choice([key for key, *_rest in AMOUNT_BANDS])
            elif kind == "period":
                year = rng.choice([2024, 2025, 2026])
                filters["signed_from"], filters["signed_to"] = f"{year}-01-01", f"{year}-06-30"
            elif kind == "q":
                filters["q"] = rng.choice(build.PRODUCTS)
        if rng.random() < 0.3:
            filters["page"] = rng.randint(2, 5)
        return "/projects/?" + "&".join(f"{key}={value}" for key, value in filters.items())

    return [one() for _ in range(requests)]


def _timed(client, urls: list[str]) -> tuple[list[float], list[int], list[float]]:
    """Each page's wall time, size, and the CPU time this process spent on it (steadier than the wall
    time on a machine shared with other work)."""
    times, sizes, cpus = [], [], []
    for url in urls:
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (url, response.status_code)
        sizes.append(len(response.content))
    return times, sizes, cpus


def _sql_alone(client, urls: list[str]) -> tuple[list[float], list[int], list[tuple[float, str]]]:
    """Each page's SQL, captured, then run again on its own: the time the database needs for the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    totals, counts, slowest = [], [], []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        # A choice field's options are read through a server-side cursor (DECLARE … FOR SELECT …): run the
        # SELECT inside it too, or the page's slowest query would count as overhead.
        statements = [_DECLARE.sub("", q["sql"]) for q in captured.captured_queries]
        statements = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
        counts.append(len(captured.captured_queries))
        total = 0.0
        with connection.cursor() as cursor:
            for sql in statements:
                start = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                spent = time.perf_counter() - start
                total += spent
                slowest.append((spent, sql))
        totals.append(total)
    return totals, counts, slowest


def pages(args, report: dict) -> None:
    from django.test import Client

    from chengjie.accounts.models import User
    from chengjie.core.testing import login_as
    from chengjie.org.models import Unit
    from chengjie.parks.models import Park
    from chengjie.projects.models import Project

    rng = random.Random(7)
    counties = sorted(set(Project.objects.values_list("division_id", flat=True).distinct()))
    client = Client()
    worst: list[tuple[float, str]] = []
    for label, user_for, above in (
            ("county bureau", lambda code: User.objects.get(username=f"bureau_{code}"), False),
            ("province leader", lambda code: User.objects.get(username="province_leader"), True)):
        urls_by_county = {}
        for _ in range(args.requests):
            code = rng.choice(counties)
            units = list(Unit.objects.filter(division_id=code, introduced_projects__isnull=False)
                         .values_list("pk", flat=True).distinct()[:40])
            parks = list(Park.objects.filter(division_id=code).values_list("pk", flat=True))
            urls_by_county.setdefault(code, []).extend(
                _list_urls(rng, units=units, parks=parks, requests=1, county=code if above else ""))
        times, sql_times, query_counts, sizes, cpus = [], [], [], [], []
        for code, urls in urls_by_county.items():
            login_as(client, user_for(code))
            _timed(client, urls[:1])  # warm the session, presets and calendar caches
            page_times, page_sizes, page_cpus = _timed(client, urls)
            sql, counts, slow = _sql_alone(client, urls)
            times += page_times
            sizes += page_sizes
            cpus += page_cpus
            sql_times += sql
            query_counts += counts
            worst += slow
        report[f"list ({label})"] = {
            "requests": len(times), "p50": common.percentile(times, .5), "p95": common.percentile(times, .95),
            "sql_p50": common.percentile(sql_times, .5), "sql_p95": common.percentile(sql_times, .95),
            "ratio_p50": statistics.median(t / s for t, s in zip(times, sql_times)),
            "queries_max": max(query_counts), "kb": statistics.median(sizes) / 1024,
            "cpu_p50": common.percentile(cpus, .5), "cpu_p95": common.percentile(cpus, .95)}
        print_row(f"list ({label})", report[f"list ({label})"])
    # The project page, for projects of random counties, as that county's bureau.
    times, sql_times, query_counts, cpus = [], [], [], []
    ids = list(Project.objects.values_list("pk", "division_id"))
    for pk, code in rng.sample(ids, args.requests):
        login_as(client, User.objects.get(username=f"bureau_{code}"))
        page_times, _sizes, page_cpus = _timed(client, [f"/projects/{pk}/"])
        sql, counts, slow = _sql_alone(client, [f"/projects/{pk}/"])
        times += page_times
        cpus += page_cpus
        sql_times += sql
        query_counts += counts
    report["project page"] = {"requests": len(times), "p50": common.percentile(times, .5), "p95": common.percentile(times, .95),
                              "sql_p50": common.percentile(sql_times, .5), "sql_p95": common.percentile(sql_times, .95),
                              "ratio_p50": statistics.median(t / s for t, s in zip(times, sql_times)),
                              "queries_max": max(query_counts),
                              "cpu_p50": common.percentile(cpus, .5), "cpu_p95": common.percentile(cpus, .95)}
    print_row("project page", report["project page"])
    worst.sort(key=lambda item: -item[0])
    report["slowest list query"] = {"ms": worst[0][0] * 1000, "sql": worst[0][1][:4000]}
    if args.explain:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + worst[0][1])
            print("\nslowest list query, EXPLAIN ANALYZE:\n" + "\n".join(row[0] for row in cursor.fetchall()))


def print_row(label: str, row: dict) -> None:
    print(f"{label:<24} p50 {common.ms(row['p50']):>8}  p95 {common.ms(row['p95']):>8}   SQL alone p50 {common.ms(row['sql_p50']):>7} "
          f"p95 {common.ms(row['sql_p95']):>7}   page/SQL {row['ratio_p50']:.1f}×   ≤{row['queries_max']} queries   "
          f"Python CPU p50 {common.ms(row['cpu_p50'])} p95 {common.ms(row['cpu_p95'])}", flush=True)


# --- sweep


def sweep(args, report: dict) -> None:
    from django.conf import settings
    from django.utils import timezone

    from chengjie.supervision.sweep import warnings_sweep

    for label in ("sweep (first run)", "sweep (again, same day)"):
        start = time.perf_counter()
        result = warnings_sweep(today=timezone.localdate())
        spent = time.perf_counter() - start
        report[label] = {"seconds": spent, "counties": result.counties, "projects": result.projects,
                         "records_created": result.records_created, "records_updated": result.records_updated,
                         "notices_issued": len(result.notices_issued), "workers": settings.SWEEP_WORKERS}
        print(f"{label:<24} {spent:7.1f} s   {settings.SWEEP_WORKERS} processes, {result.counties} counties, "
              f"{result.projects:,} projects, "
              f"{result.records_created:,} colour records written, {len(result.notices_issued):,} notices issued",
              flush=True)


# --- import


def ledger(county_code: str, rows: int, *, seed: int = 11) -> bytes:
    """A county's ledger as the bench imports it: headers worded as counties word them, amounts in 万元
    and 亿元, dates in four spellings, a total row and blank rows; more than half the projects already started
    (实际开工时间, which closes 供地 too) and most of those in the statistics (纳统时间)."""
    from django.utils import timezone
    from openpyxl.utils.datetime import to_excel

    from chengjie.org.models import Division, Unit
    from chengjie.parks.models import Park
    from chengjie.projects.importer.testing import ledger_bytes

    rng = random.Random(seed)
    county = Division.objects.get(code=county_code)
    units = list(Unit.objects.filter(division=county, kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.TOWNSHIP])
                 .values_list("name", "short_name"))
    parks = [name.removeprefix(county.name) for name in Park.objects.filter(division=county).values_list("name", flat=True)]
    today = timezone.localdate()
    headers = ["序号", "项目名称", "投资主体", "客商来源地", "项目类型", "总投资（万元）", "其中：省外资金", "签约日期", "责任单位",
               "落户园区", "产业工作组", "行业代码", "包保县领导", "实际开工时间", "纳统时间", "项目进展"]
    body = []
    for number in range(1, rows + 1):
        day = today - build.timedelta(days=rng.randint(0, 1000))
        written_day = rng.choice([day.isoformat(), f"{day.year}年{day.month}月{day.day}日", f"{day.year}.{day.month}",
                                  to_excel(build.datetime.combine(day, build.clock()))])
        total = rng.choice([800, 1500, 3000, 5000, 12000, 50000])
        written_total = rng.choice([total, f"{total / 10000:g}亿"])
        name, short = rng.choice(units)
        product = rng.choice(build.PRODUCTS)
        firm = build.brand(rng) + rng.choice(build.BRAND_CHARS)
        started = day + build.timedelta(days=rng.randint(60, 300))
        started = started if started <= today and rng.random() < 0.7 else None
        stats = started + build.timedelta(days=rng.randint(20, 90)) if started else None
        stats = stats if stats and stats <= today else None
        body.append([number, f"{firm}年产{rng.randint(1, 999)}{rng.choice(['万件', '万套', '吨', '台'])}{product}"
                             f"{rng.choice(['项目', '建设项目', '生产线项目', '扩建项目'])}",
                     f"{firm}{product}有限公司", rng.choice(build.ORIGINS),
                     rng.choice(["工业", "工业项目", "服务业", "农业"]), written_total, round(total * rng.random() * 0.8, 2),
                     written_day, short or name, rng.choice(parks) if rng.random() < 0.8 else None,
                     rng.choice(build.GROUPS), rng.choice(["3811", "C3562", "2710 化学药品原料药制造", None]),
                     f"{county.name}县领导", started, stats, rng.choice(["已签约", "前期手续办理中", "在建"])])
        if number % 500 == 0:
            body.append([None] * len(headers))
    body.append(["合计"] + [None] * (len(headers) - 1))
    return ledger_bytes(headers, body, title=f"{county.name}招商引资项目台账")


def import_child(mode: str) -> None:
    """Run in a fresh process, so the peak memory is the import's: one import, its figures on stdout."""
    import tracemalloc
    from io import BytesIO

    from django.db import transaction

    from chengjie.accounts.models import User
    from chengjie.core.request_context import acting_as
    from chengjie.projects.importer.services import projects_import
    from chengjie.projects.models import Project

    county_code = os.environ["BENCH_IMPORT_COUNTY"]
    content = ledger(county_code, IMPORT_ROWS)
    user = User.objects.get(username=f"bureau_{county_code}")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if mode == "memory":
        tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()

    class Rollback(Exception):
        pass

    try:
        with acting_as("cli", user_id=user.pk), transaction.atomic():
            result = projects_import(acting_user=user, source=BytesIO(content), file_name="bench.xlsx")
            suspected = Project.objects.filter(pk__in=result.created,
                                               duplicate_state=Project.DuplicateState.SUSPECTED).count()
            if mode == "memory":
                raise Rollback
    except Rollback:
        pass
    # Measured past the commit: a transaction of 10,000 projects is not done until it is durable.
    spent, cpu = time.perf_counter() - start, time.process_time() - cpu
    figures = {"seconds": spent, "cpu_seconds": cpu, "created": len(result.created),
               "problems": len(result.problems), "suspected_duplicates": suspected,
               "file_kb": len(content) / 1024,
               "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               "rss_before_mb": baseline / 1024}
    if mode == "memory":
        figures["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    print(json.dumps(figures))


def importing(args, report: dict) -> None:
    from chengjie.projects.models import Project

    county_code = Project.objects.values_list("division_id", flat=True).order_by("division_id").first()
    env = {**os.environ, "BENCH_IMPORT_COUNTY": county_code}
    for mode, label in (("memory", "import (tracemalloc, rolled back)"), ("time", "import 10,000 rows")):
        done = subprocess.run([sys.executable, __file__, "--import-child", mode, "--reuse"], env=env, check=True,
                              capture_output=True, text=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        report[label] = figures
        extra = f"   Python peak (tracemalloc) {figures['tracemalloc_peak_mb']:.0f} MB" if mode == "memory" else ""
        print(f"{label:<24} {figures['seconds']:7.1f} s (this process's CPU {figures['cpu_seconds']:.1f} s)   "
              f"{figures['created']:,} projects ({figures['suspected_duplicates']} flagged as possible duplicates), "
              f"{figures['problems']} problems, "
              f"process peak RSS {figures['rss_peak_mb']:.0f} MB (before the import {figures['rss_before_mb']:.0f} MB)"
              + extra, flush=True)


def row_by_row(args, report: dict) -> None:
    """Why the import signs in bulk: the first rows of the same ledger through `project_sign`, one call
    per row (each with its duplicate check against the county), rolled back."""
    from io import BytesIO

    from django.db import transaction

    from chengjie.accounts.models import User
    from chengjie.core.request_context import acting_as
    from chengjie.projects.importer.plan import build_plan
    from chengjie.projects.importer.reader import read_ledger
    from chengjie.projects.models import Project
    from chengjie.projects.services import project_sign

    county_code = Project.objects.values_list("division_id", flat=True).order_by("division_id").first()
    user = User.objects.get(username=f"bureau_{county_code}")
    rows = 200

    class Rollback(Exception):
        pass

    with acting_as("cli", user_id=user.pk):
        # Rows of their own (another seed): the import step may already have signed the first ledger.
        plan = build_plan(read_ledger(BytesIO(ledger(county_code, rows, seed=12))), user=user)
        assert len(plan.rows) == rows, plan.problems[:3]
        start = time.perf_counter()
        try:
            with transaction.atomic():
                for row in plan.rows:
                    project_sign(acting_user=user, **row.sign)
                raise Rollback
        except Rollback:
            pass
    spent = time.perf_counter() - start
    report["project_sign row by row"] = {"rows": rows, "seconds": spent, "per_row_ms": spent / rows * 1000}
    print(f"{'project_sign row by row':<24} {spent:7.1f} s for {rows} rows ({spent / rows * 1000:.0f} ms a row; "
          f"the duplicate check grows with the county)", flush=True)


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'totals'")
        totals = json.loads(cursor.fetchone()[0])
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    return {"date": time.strftime("%Y-%m-%d %H:%M"), "cpu": cpu, "cores": os.cpu_count(), "postgresql": version,
            "python": platform.python_version(), "data_set": totals, "database_size": size}


def main():
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args()
    if args.import_child:
        common.setup_django(common.RUN_COPY)
        import_child(args.import_child)
        return
    built = build.complete(common.DATA_SET)
    if built is None:
        sys.exit(f"{common.DATA_SET} is not built: run bench/build.py first")
    if not args.reuse:
        start = time.perf_counter()
        common.admin_execute(f'DROP DATABASE IF EXISTS "{common.RUN_COPY}"',
                             f'CREATE DATABASE "{common.RUN_COPY}" TEMPLATE "{common.DATA_SET}"')
        print(f"copied {common.DATA_SET} to {common.RUN_COPY} in {time.perf_counter() - start:.0f} s")
    common.setup_django(common.RUN_COPY)
    from django.core.management import call_command

    # The code measured may have migrations the data set was built without (an index, say).
    call_command("migrate", verbosity=0)
    info = machine()
    print(f"{info['date']} · {info['cpu']} · {info['cores']} cores · PostgreSQL {info['postgresql']} · "
          f"data set {info['database_size']}: " + ", ".join(f"{v:,} {k}" for k, v in info["data_set"].items()))
    report = {"machine": info, "build": built}
    steps = args.only or ["pages", "sweep", "import"]
    try:
        if "pages" in steps:
            pages(args, report)
        if "sweep" in steps:
            sweep(args, report)
        if "import" in steps:
            importing(args, report)
        if "row-by-row" in steps:
            row_by_row(args, report)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            common.admin_execute(f'DROP DATABASE IF EXISTS "{common.RUN_COPY}"')
    out = common.ROOT / "var" / "bench" / f"report-{time.strftime('%Y%m%d-%H%M')}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    print(f"report: {out}")


if __name__ == "__main__":
    main()
