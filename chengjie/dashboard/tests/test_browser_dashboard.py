"""A county leader at a desk: opens the dashboard from the home page, every chart draws (a canvas, no
console error under the CSP), a click on a bar opens the project list filtered to that bar's rows, a
click on a funnel stage opens the rows behind it, and a filter redraws the panels in place."""

import pytest

from chengjie.core.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ["funnel", "trend", "by_key", "by_park", "ranking", "speed", "red"]


def _login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def _click_item(page, chart: str, *, series: int, index: int) -> None:
    """Click, with the mouse, where ECharts drew item `index` of `series` (the middle of its bar)."""
    page.locator(f"#panel-{chart}").scroll_into_view_if_needed()
    point = page.evaluate(
        """([id, series, index]) => {
            const element = document.querySelector(`#${id} [data-chart]`);
            const chart = echarts.getInstanceByDom(element);
            const layout = chart.getModel().getSeriesByIndex(series).getData().getItemLayout(index);
            const box = element.getBoundingClientRect();
            if (layout.points) {  // funnel: a trapezoid's corners
                const xs = layout.points.map((p) => p[0]), ys = layout.points.map((p) => p[1]);
                return [box.left + (Math.min(...xs) + Math.max(...xs)) / 2, box.top + (Math.min(...ys) + Math.max(...ys)) / 2];
            }
            return [box.left + layout.x + layout.width / 2, box.top + layout.y + layout.height / 2];
        }""", [f"panel-{chart}", series, index])
    page.mouse.click(point[0], point[1])


def test_a_leader_reads_the_charts_and_clicks_down_to_the_rows(cast, pipeline, page, screenshot):
    errors = []
    # The browser's own request for /favicon.ico is the one 404 allowed.
    page.on("console", lambda message: errors.append(message.text) if message.type == "error"
            and not message.location["url"].endswith("/favicon.ico") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    _login(page, cast.leader)
    page.click("main a[href='/dashboard/']")
    page.wait_for_url("**/dashboard/")
    page.select_option("select[name=year]", str(pipeline.year))
    page.wait_for_url(f"**/dashboard/?year={pipeline.year}*")
    for chart in CHARTS:
        page.wait_for_selector(f"#panel-{chart} canvas")
    screenshot(page, "board")
    assert errors == []

    labels = page.evaluate("JSON.parse(document.querySelector('#panel-by_key [data-chart]').dataset.chart).categories")
    _click_item(page, "by_key", series=0, index=labels.index(cast.unit_a.short_name))
    page.wait_for_url(f"**/projects/?unit={cast.unit_a.pk}&signed_from={pipeline.year}-01-01*")
    assert page.locator("table.project-table tbody tr").count() == 3
    screenshot(page, "bar-to-project-list")

    page.go_back()
    page.wait_for_selector("#panel-funnel canvas")
    _click_item(page, "funnel", series=0, index=2)  # 开工
    page.wait_for_url("**/dashboard/rows/?*figure=pipeline*stage=started*")
    assert page.locator("table.project-table tbody tr").count() == 2
    assert "共 2 个项目" in page.locator("#figure-total").inner_text()
    screenshot(page, "funnel-to-rows")

    page.go_back()
    page.wait_for_selector("#panel-funnel canvas")
    page.select_option("select[name=unit]", str(cast.unit_b.pk))
    page.wait_for_url(f"**/dashboard/?*unit={cast.unit_b.pk}*")
    page.wait_for_function("document.querySelector('.dashboard-headline .value').textContent.trim() === '1'")
    for chart in ("funnel", "trend", "ranking"):
        page.wait_for_selector(f"#panel-{chart} canvas")
    screenshot(page, "filtered")
    assert errors == []


def test_a_leader_reads_the_dashboard_on_a_phone(cast, pipeline, phone_page, screenshot):
    _login(phone_page, cast.leader)
    phone_page.goto(f"/dashboard/?year={pipeline.year}")
    for chart in CHARTS:
        phone_page.wait_for_selector(f"#panel-{chart} canvas")
    # One column: the page never scrolls sideways (a wide table scrolls inside its own box).
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone_page, "phone")
