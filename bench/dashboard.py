"""Measure the leader dashboard on the province-scale data set (build it first with build.py) and print,
for a county leader and for the province leader: the page's p50/p95, the p50/p95 of the aggregate SQL
alone (the statements the dashboard's selectors ran, captured and run again on their own), the ratio of
the two, the queries per page, and the CPU time this process spent on the page (what the wall-clock
figures are made of on a machine other work keeps busy: the load average is printed too).

    .venv/bin/python bench/dashboard.py                   # 40 timed requests per reader
    .venv/bin/python bench/dashboard.py --requests 100
    .venv/bin/python bench/dashboard.py --explain         # EXPLAIN ANALYZE of the slowest aggregate

The pages go through Django's test client in this process (the whole middleware stack, templates,
session), one request at a time, inside a transaction rolled back at the end, so the logins' sessions,
the counties' snapshots (which the province's page reads; the refresh the job runs every ten minutes is
timed first) and any migration the data set lacked never stay in it. Half the requests are the default page (this year,
the whole scope), half carry filters (a unit, a park or an industry group; for the province leader, a
county, which is computed live)."""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402
import common  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="timed requests per reader")
    parser.add_argument("--reader", choices=["county", "province"], action="append",
                        help="measure only this reader (default: both)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest aggregate query")
    return parser.parse_args()


def _urls(rng, *, reader: str, requests: int) -> list[tuple[str, str]]:
    """(county the reader is, address) pairs: half the default page, half filtered."""
    from chengjie.org.models import IndustryGroup, Unit
    from chengjie.parks.models import Park
    from chengjie.projects.models import Project

    counties = sorted(Project.objects.values_list("division_id", flat=True).distinct())
    urls = []
    for number in range(requests):
        county = rng.choice(counties)
        if number % 2 == 0:
            urls.append((county, "/dashboard/"))
            continue
        if reader == "province":
            urls.append((county, f"/dashboard/?county={county}"))
            continue
        kind = rng.choice(["unit", "park", "industry_group"])
        if kind == "unit":
            choices = Unit.objects.filter(division_id=county, introduced_projects__isnull=False).distinct()
        elif kind == "park":
            choices = Park.objects.filter(division_id=county)
        else:
            choices = IndustryGroup.objects.filter(division_id=county)
        urls.append((county, f"/dashboard/?{kind}={rng.choice(list(choices.values_list('pk', flat=True)))}"))
    return urls


def _aggregate_sql(user, url: str) -> list[str]:
    """The statements the dashboard's selectors run for this address (not the session's nor the
    template's), as the database received them."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from chengjie.dashboard import board
    from chengjie.dashboard.forms import DashboardFilterForm

    query = DashboardFilterForm(QueryDict(url.partition("?")[2]), user=user).query()
    with CaptureQueriesContext(connection) as captured:
        board.build(query)
    return [q["sql"] for q in captured.captured_queries]


def measure(reader: str, urls, *, user_for, explain: bool) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chengjie.core.testing import login_as

    client = Client()
    pages, cpus, sql_alone, ratios, counts, slowest = [], [], [], [], [], []
    for county, url in urls:
        user = user_for(county)
        login_as(client, user)
        client.get(url)  # warm: the session, the presets in force, the calendar
        with CaptureQueriesContext(connection) as captured:
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get(url)
            spent, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(captured.captured_queries))
        total = 0.0
        with connection.cursor() as cursor:
            for sql in _aggregate_sql(user, url):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                took = time.perf_counter() - started
                total += took
                slowest.append((took, sql))
        pages.append(spent)
        cpus.append(cpu)
        sql_alone.append(total)
        ratios.append(spent / total)
    row = {"requests": len(pages), "p50": common.percentile(pages, .5), "p95": common.percentile(pages, .95),
           "cpu_p50": common.percentile(cpus, .5), "cpu_p95": common.percentile(cpus, .95),
           "sql_p50": common.percentile(sql_alone, .5), "sql_p95": common.percentile(sql_alone, .95),
           "ratio": statistics.median(ratios), "queries": max(counts)}
    print(f"dashboard ({reader:<8}) p50 {common.ms(row['p50']):>8}  p95 {common.ms(row['p95']):>8}   aggregate SQL alone "
          f"p50 {common.ms(row['sql_p50']):>7} p95 {common.ms(row['sql_p95']):>7}   page/SQL {row['ratio']:.2f}×   "
          f"≤{row['queries']} queries   (Python CPU p50 {common.ms(row['cpu_p50'])} p95 {common.ms(row['cpu_p95'])})", flush=True)
    if explain:
        slowest.sort(key=lambda item: -item[0])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0][1])
            print(f"\nslowest aggregate ({slowest[0][0] * 1000:.0f} ms), EXPLAIN ANALYZE:\n"
                  + "\n".join(line for (line,) in cursor.fetchall()) + "\n")
    return row


def main():
    args = parse_args()
    found = build.complete(common.DATA_SET)
    if found is None:
        sys.exit(f"{common.DATA_SET} is not built: run .venv/bin/python bench/build.py first")
    common.setup_django(common.DATA_SET)
    from django.core.management import call_command
    from django.db import connection, transaction

    from chengjie.accounts.models import User
    from chengjie.dashboard.services import county_snapshots_refresh_all


    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'totals'")
        totals = cursor.fetchone()[0]
    print(f"data set {common.DATA_SET}: {found}, {totals}")
    print(f"{platform.node()}: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, PostgreSQL "
          f"{connection.cursor().connection.info.server_version}, {args.requests} timed requests per reader\n")
    rng = random.Random(11)
    with transaction.atomic():
        # The data set may predate tables the dashboard reads (its county snapshots, the bulletins'
        # annual targets): migrate inside the transaction, rolled back with the rest.
        call_command("migrate", verbosity=0)
        leaders = {u.division_id: u for u in User.objects.filter(username__startswith="leader_")}
        province = User.objects.get(username="province_leader")
        readers = args.reader or ["county", "province"]
        if "province" in readers:
            # What the job does every ten minutes: the province's page compares these snapshots.
            start = time.perf_counter()
            written = county_snapshots_refresh_all()
            print(f"county snapshots: {written} counties refreshed in {time.perf_counter() - start:.1f} s "
                  f"(the job, every 10 minutes)", flush=True)
        if "county" in readers:
            measure("county", _urls(rng, reader="county", requests=args.requests), user_for=leaders.__getitem__,
                    explain=args.explain)
        if "province" in readers:
            measure("province", _urls(rng, reader="province", requests=args.requests), user_for=lambda _c: province,
                    explain=args.explain)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
