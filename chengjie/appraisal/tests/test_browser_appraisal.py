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
