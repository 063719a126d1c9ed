"""An appraiser scores the visited projects on a phone, one form per project, and sees only their own sheet."""

import pytest

from chengjie.appraisal.models import Score
from chengjie.core.testing import PASSWORD

from .conftest import score, sheet_of
from .test_scoring import HEAD_A, LEADER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_an_appraiser_scores_on_a_phone(phone_page, cast, scoring, three, screenshot):
    page = phone_page
    score(scoring, cast.leader, three[0], LEADER[0])  # another appraiser's scores, never shown to this one
    log_in(page, cast.head_a)
    page.goto("/appraisal/")
    page.click(f"text={scoring.title}")
    page.wait_for_url(f"**/appraisal/{scoring.pk}/")
    assert "已评" not in page.locator("main").inner_text()  # no one's progress for an appraiser
    page.click("text=我的评分表")
    mine = sheet_of(scoring, cast.head_a)
    page.wait_for_url(f"**/appraisal/{scoring.pk}/sheets/{mine.pk}/")
    assert "已评 0 / 3 个项目" in page.locator("main").inner_text()
    screenshot(page, "sheet")
    page.locator("div.sheet article").first.locator("text=打分").click()
    for index, values in enumerate(HEAD_A):
        page.wait_for_url(f"**/projects/{three[index].pk}/")
        assert three[index].project.name in page.locator("h1").inner_text()
        inputs = page.locator("form.score-form input[type=number]")
        assert inputs.count() == 4
        if index == 0:
            inputs.nth(0).fill("31")  # above 投资强度's 30: the phone refuses it before it is sent
            assert not inputs.nth(0).evaluate("input => input.checkValidity()")
        for n, value in enumerate(values):
            inputs.nth(n).fill(str(value))
        if index == 0:
            screenshot(page, "form")
            # A full-page screenshot leaves Chromium's scroll state stale; start the click from the top.
            page.evaluate("window.scrollTo(0, 0)")
        with page.expect_navigation():
            page.click("button:has-text('保存，下一个')")
    assert "已评 3 / 3 个项目" in page.locator("main").inner_text()
    assert "投资强度 22.5 · 建设进度 21 · 产业带动 15 · 亩均效益 14.5" in page.locator("div.sheet").inner_text()
    assert "合计 73" in page.locator("div.sheet").inner_text()
    screenshot(page, "done")
    assert Score.objects.filter(sheet=mine).count() == 12
    other = sheet_of(scoring, cast.leader)
    response = page.goto(f"/appraisal/{scoring.pk}/sheets/{other.pk}/")
    assert response.status == 404


def test_the_bureau_sets_up_and_closes_an_appraisal(page, cast, today, screenshot):
    from datetime import date
    from decimal import Decimal

    from chengjie.appraisal.models import Appraisal
    from chengjie.projects.testing import make_project

    make_project(cast=cast, name="三月开工项目", stage="started", signed_on=date(2025, 8, 1),
                 actual_dates={"start": date(2026, 3, 10)}, contracted_investment=Decimal(25000))
    make_project(cast=cast, name="小而精项目", signed_on=date(2026, 2, 1), contracted_investment=Decimal(3000))
    log_in(page, cast.bureau)
    page.click("nav.shell-nav >> text=半年观摩")
    page.click("text=组织观摩")
    page.fill("input[name=year]", "2026")
    page.select_option("select[name=half]", "1")
    with page.expect_navigation():
        page.click("main form button:has-text('建立')")
    with page.expect_navigation():
        page.click("button:has-text('按规则选取')")
    assert "按规则新增观摩项目 1 个" in page.locator(".flash").inner_text()
    page.select_option("select[name=project]", label="小而精项目")
    page.fill("input[name=reason]", "亩均效益突出")
    with page.expect_navigation():
        page.click("button:has-text('加入名单')")
    with page.expect_navigation():
        page.locator("#picks tbody tr").nth(1).locator("button[value=up]").click()
    rows = page.locator("#picks tbody tr")
    assert "小而精项目" in rows.nth(0).inner_text() and "三月开工项目" in rows.nth(1).inner_text()
    page.click("text=选定评委")
    page.check(f"input[name=appraisers][value='{cast.leader.pk}']")
    page.check(f"input[name=appraisers][value='{cast.head_a.pk}']")
    with page.expect_navigation():
        page.click("main form button:has-text('保存')")
    screenshot(page, "setup")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("button:has-text('开始评分')")
    assert "评分已开始" in page.locator(".flash").inner_text()
    appraisal = Appraisal.objects.get()
    first, second = appraisal.picks.order_by("position")
    for user, one, two in ((cast.leader, (25, 28, 15, 18), (28, 27, 18, 16)),
                           (cast.head_a, (27, 26, 16, 17), (26, 25, 17, 16))):
        score(appraisal, user, first, one)   # 86, 86 → 86.00
        score(appraisal, user, second, two)  # 89, 84 → 86.50
    page.reload()
    assert page.locator("#appraisers").inner_text().count("已打完") == 2
    page.fill("input[name=results_seq]", "15")
    with page.expect_navigation():
        page.click("button:has-text('结束评分并生成结果')")
    assert "评分已结束" in page.locator(".flash").inner_text()
    ranking = page.locator("table tbody tr")
    assert "三月开工项目" in ranking.nth(0).inner_text() and "86.50" in ranking.nth(0).inner_text()
    assert "小而精项目" in ranking.nth(1).inner_text() and "86.00" in ranking.nth(1).inner_text()
    screenshot(page, "results")
