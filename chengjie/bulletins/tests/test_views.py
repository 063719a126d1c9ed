"""The bulletin pages: who sees what (published to every member of staff in the county, the preview the
bureau's, other counties 404), the figures' links to the rows behind them, a page that stays the same after a
correction, and the query counts."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from chengjie.bulletins.models import Bulletin
from chengjie.bulletins.services import bulletin_publish
from chengjie.bulletins.testing import pipeline, targets
from chengjie.accounts.roles import Role
from chengjie.core.testing import login_as
from chengjie.org.models import Unit
from chengjie.projects.services import monthly_figure_set, project_transfer
from chengjie.projects.testing import unit_user
from chengjie.supervision.sweep import warnings_sweep

OCTOBER = date(2026, 10, 1)


@pytest.fixture
def project(cast, today):
    targets(cast, {(cast.unit_a.pk, "completed_investment"): 12000})
    return pipeline(cast, unit=cast.unit_a, signed_on=date(2026, 2, 10), contracted=12000,
                    start_plan=date(2026, 5, 1), production_plan=date(2027, 3, 1), started_on=date(2026, 5, 20),
                    figures={"2026-03": (3000, 2000, 1000), "2026-10": (0, 0, 2000)}, name="年产10万台智能装备项目")


@pytest.fixture
def bulletin(cast, project):
    return bulletin_publish(acting_user=cast.bureau, period=OCTOBER)


def main(response) -> str:
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def test_index_lists_published_bulletins_in_scope(client, cast, bulletin):
    for user in (cast.leader, cast.clerk_a, cast.clerk_b, cast.unit_admin_a, cast.park):
        login_as(client, user)
        response = client.get(reverse("bulletins:index"))
        assert response.status_code == 200
        assert bulletin.title in response.content.decode()
        assert "预览" not in main(response).split("已发布的通报")[0]
    login_as(client, cast.outsider)
    response = client.get(reverse("bulletins:index"))
    assert response.status_code == 200 and bulletin.title not in response.content.decode()
    for user in (cast.enterprise, cast.sys_admin, cast.sec_admin, cast.audit_admin, cast.no_role):
        login_as(client, user)
        assert client.get(reverse("bulletins:index")).status_code == 403


def test_bureau_picks_a_month_to_preview(client, cast, project):
    login_as(client, cast.bureau)
    response = client.get(reverse("bulletins:index"), {"period": "2026-10"})
    assert response.status_code == 302 and response.url == reverse("bulletins:preview", args=["2026-10"])


def test_preview_is_the_bureaus(client, cast, project, django_assert_max_num_queries):
    url = reverse("bulletins:preview", args=["2026-10"])
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(22):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "1-10月累计完成投资3,000万元，占年度计划的25.0%，落后序时进度58.3个百分点。" in page
    assert "发布后文号为 潜招〔2026〕1号" in page and "发布通报" in page
    for user in (cast.leader, cast.clerk_a, cast.outsider, cast.sys_admin):
        login_as(client, user)
        assert client.get(url).status_code == 403
    login_as(client, cast.bureau)
    assert client.get(reverse("bulletins:preview", args=["2026-13"])).status_code == 404
    assert client.get(reverse("bulletins:preview", args=["2027-01"])).status_code == 404


def test_publish_from_the_preview(client, cast, project):
    url = reverse("bulletins:publish", args=["2026-10"])
    login_as(client, cast.leader)
    assert client.post(url).status_code == 403
    login_as(client, cast.bureau)
    response = client.post(url, {"note": ""})
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response.url == reverse("bulletins:detail", args=[bulletin.pk])
    # Publishing again with nothing changed is refused on the preview, with the reason.
    response = client.post(url, {"note": "再发一次"})
    assert response.status_code == 200 and "无需发布更正" in response.content.decode()
    assert Bulletin.objects.count() == 1


def test_published_page_is_everyones_in_the_county_and_frozen(client, cast, project, bulletin,
                                                              django_assert_max_num_queries):
    url = reverse("bulletins:detail", args=[bulletin.pk])
    login_as(client, cast.clerk_b)
    with django_assert_max_num_queries(7):
        before = client.get(url)
    assert before.status_code == 200
    assert "潜招〔2026〕1号" in before.content.decode()
    monthly_figure_set(acting_user=cast.bureau, project=project, period=OCTOBER, funds_in_place=0,
                       out_of_province_funds=0, completed_investment=Decimal(2500))
    after = client.get(url)
    assert main(after) == main(before)
    for user in (cast.outsider, cast.enterprise):
        login_as(client, user)
        assert client.get(url).status_code in (403, 404)
    login_as(client, cast.outsider)
    assert client.get(url).status_code == 404


def test_every_figure_links_to_the_rows_behind_it(client, cast, project, bulletin, django_assert_max_num_queries):
    login_as(client, cast.clerk_b)
    page = client.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    row = f"u{cast.unit_a.pk}"
    ytd = reverse("bulletins:rows", args=[bulletin.pk, f"{row}.completed_investment.ytd"])
    assert f'<a href="{ytd}">3,000.00</a>' in page
    assert f'<a href="{reverse("bulletins:targets")}?division=340882&amp;year=2026#{row}">12,000.00</a>' in page
    with django_assert_max_num_queries(8):
        response = client.get(ytd)
    rows = response.content.decode()
    assert response.status_code == 200
    assert "经信局 · 完成固定资产投资（万元） · 2026年1-10月" in rows
    assert "年产10万台智能装备项目" in rows and "2026年3月" in rows and "2026年10月" in rows
    assert "1,000.00" in rows and "2,000.00" in rows and "合计：3,000.00" in rows
    # Another unit's clerk reads the same rows but may not open 经信局's project page: listed, not linked.
    assert reverse("projects:project_detail", args=[project.pk]) in rows
    commerce = Unit.objects.create(name="潜山市商务局", short_name="商务局", kind=Unit.Kind.DEPARTMENT, division_id="340882")
    login_as(client, unit_user(commerce, Role.UNIT_CLERK))
    rows = client.get(ytd).content.decode()
    assert "年产10万台智能装备项目" in rows
    assert reverse("projects:project_detail", args=[project.pk]) not in rows
    login_as(client, cast.clerk_a)
    assert reverse("projects:project_detail", args=[project.pk]) in client.get(ytd).content.decode()
    start = client.get(reverse("bulletins:rows", args=[bulletin.pk, f"{row}.start_rate.ytd"])).content.decode()
    assert "2026-05-01" in start and "2026-05-20" in start and "1 / 1，开工率100.0%" in start
    assert client.get(reverse("bulletins:rows", args=[bulletin.pk, "u999.completed_investment.ytd"])).status_code == 404
    assert client.get(reverse("bulletins:rows", args=[bulletin.pk, f"{row}.nothing.ytd"])).status_code == 404
    login_as(client, cast.outsider)
    assert client.get(ytd).status_code == 404


def test_preview_rows_follow_live_data(client, cast, project, bulletin):
    monthly_figure_set(acting_user=cast.bureau, project=project, period=OCTOBER, funds_in_place=0,
                       out_of_province_funds=0, completed_investment=Decimal(2500))
    key = f"u{cast.unit_a.pk}.completed_investment.ytd"
    login_as(client, cast.bureau)
    live = client.get(reverse("bulletins:preview_rows", args=["2026-10", key])).content.decode()
    frozen = client.get(reverse("bulletins:rows", args=[bulletin.pk, key])).content.decode()
    assert "合计：3,500.00" in live and "合计：3,000.00" in frozen
    preview = client.get(reverse("bulletins:preview", args=["2026-10"])).content.decode()
    assert "与第1版相比，有" in preview and "发布更正（第2版）" in preview
    login_as(client, cast.clerk_a)
    assert client.get(reverse("bulletins:preview_rows", args=["2026-10", key])).status_code == 403


def test_files_download(client, cast, bulletin):
    login_as(client, cast.clerk_a)
    for kind, extension in (("document", "docx"), ("annex", "xlsx")):
        response = client.get(reverse("bulletins:file", args=[bulletin.pk, kind]))
        assert response.status_code == 200
        with getattr(bulletin, kind).open("rb") as handle:
            assert b"".join(response.streaming_content) == handle.read()
        assert f".{extension}" in response["Content-Disposition"]
    login_as(client, cast.bureau)
    response = client.get(reverse("bulletins:preview_file", args=["2026-10", "document"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    login_as(client, cast.outsider)
    assert client.get(reverse("bulletins:file", args=[bulletin.pk, "document"])).status_code == 404


def test_pages_cost_the_same_with_more_units_and_projects(client, cast, project, django_assert_max_num_queries):
    """Six more projects over three units, warned nodes and a transfer: no page reads per row."""
    for unit in (cast.unit_a, cast.unit_b, cast.park_unit):
        for signed in (date(2026, 3, 2), date(2026, 6, 1)):
            pipeline(cast, unit=unit, signed_on=signed, start_plan=date(2026, 9, 1), production_plan=date(2027, 9, 1),
                     figures={"2026-07": (100, 50, 100)})
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.unit_b, moved_on=date(2026, 8, 3),
                     reason="调整包联单位")
    warnings_sweep(today=date(2026, 10, 31))
    bulletin = bulletin_publish(acting_user=cast.bureau, period=OCTOBER)
    assert len(bulletin.content["warnings"]) >= 6 and len(bulletin.content["rows"]) == 3
    key = "total.completed_investment.ytd"
    login_as(client, cast.bureau)
    for url, budget in ((reverse("bulletins:index"), 7), (reverse("bulletins:preview", args=["2026-10"]), 22),
                        (reverse("bulletins:detail", args=[bulletin.pk]), 7),
                        (reverse("bulletins:rows", args=[bulletin.pk, key]), 8),
                        (reverse("bulletins:preview_rows", args=["2026-10", key]), 22),
                        (reverse("bulletins:targets"), 9)):
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
