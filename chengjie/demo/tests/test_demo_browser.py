"""Each demo account's home page, then the pages of the county's work, in a real browser, with a
screenshot per role and per page to look at."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from chengjie.accounts.models import User
from chengjie.appraisal.models import Appraisal
from chengjie.bulletins.models import Bulletin
from chengjie.core.testing import login_as
from chengjie.demo.data.people import DEMO_PASSWORD
from chengjie.demo.services import demo_usernames
from chengjie.dispatch.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    """People sign in through the form with the README's password; administrators, whose first login
    binds an authenticator, get a session that has passed 2FA, as login_as gives it."""
    page.context.clear_cookies()
    if not user.needs_two_factor:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return
    client = Client()
    login_as(client, user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto("/")


def test_the_demo_county_in_a_browser(refdata, page, phone_page, live_server, screenshot):
    """One load for both walks: it takes a while, and a browser test's committed data is flushed after it."""
    call_command("demo")
    _home_page_of_every_demo_role(page, live_server, screenshot)
    _the_demo_county_work_pages_read_well(page, phone_page, live_server, screenshot)


def _home_page_of_every_demo_role(page, live_server, screenshot):
    seen_roles = set()
    for username in demo_usernames():
        user = User.objects.get(username=username)
        if user.role in seen_roles:
            continue
        seen_roles.add(user.role)
        _sign_in(page, live_server, user)
        assert page.url == f"{live_server.url}/", username
        assert user.display_name in page.locator("header.shell-header").inner_text()
        screenshot(page, f"{user.role}-{username}")
    assert len(seen_roles) == 12


def _the_demo_county_work_pages_read_well(page, phone_page, live_server, screenshot):
    """The pages the bureau, a leader and a unit's clerk open first, with the demo's work on them."""
    bureau, leader, clerk = (User.objects.get(username=name) for name in ("bureau", "leader", "clerk"))
    meeting, appraisal, published = Meeting.objects.get(), Appraisal.objects.get(), Bulletin.objects.get()
    month = timezone.localdate().strftime("%Y-%m")
    _sign_in(page, live_server, bureau)
    for step, url, text in [("bulletin", f"/bulletins/preview/{month}/", "占年度计划的"),
                            ("bulletin-published", f"/bulletins/{published.pk}/", published.number),
                            ("meeting", f"/dispatch/{meeting.pk}/", "已确认办结"),
                            ("approvals", "/approvals/", "超时默认"),
                            ("appeals", "/appeals/", "技改设备补助资金迟迟未兑现")]:
        page.goto(url)
        assert text in page.locator("main").inner_text(), step
        screenshot(page, step)
    _sign_in(page, live_server, leader)
    page.goto(f"/appraisal/{appraisal.pk}/results/")
    assert appraisal.title in page.locator("main").inner_text()
    screenshot(page, "appraisal-results")
    _sign_in(phone_page, live_server, clerk)
    phone_page.goto("/dispatch/actions/")
    assert "组织在建工业项目申报省级制造业技改专项资金" in phone_page.locator("main").inner_text()
    screenshot(phone_page, "clerk-actions-phone")
