"""Every page a demo user can reach by clicking opens: from the home page, each link the user is shown, and
from those pages one link of every kind (one project page for all forty, one node page …). A link that
answers 500, or 404/403 to the person it was shown to, is a broken page."""

import re
from html.parser import HTMLParser

import pytest

from chengjie.accounts.models import User
from chengjie.core.testing import login_as
from chengjie.demo.services import demo_usernames

pytestmark = pytest.mark.django_db

# Links that do something other than show a page: signing out, downloads the export tests open.
SKIP = re.compile(r"^/(accounts/logout|static/|media/|api/)|[?&](export|format)=|/export|/download|\.(docx|xlsx|pdf)$")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not SKIP.search(href):
            self.links.append(href.split("#")[0])


def links(content: str) -> list[str]:
    parser = _Links()
    parser.feed(content)
    return list(dict.fromkeys(parser.links))


def kind(url: str) -> str:
    """/projects/12/nodes/40/ and /projects/13/nodes/41/ are the same kind of page."""
    return re.sub(r"\d+", "N", url.split("?")[0]) + ("?" if "?" in url else "")


def broken_pages(client, user) -> list[str]:
    client.logout()
    login_as(client, user)
    home = client.get("/")
    assert home.status_code == 200, user.username
    seen_kinds, found = set(), []
    level = links(home.content.decode())
    for depth in (1, 2):
        following = []
        for url in level:
            if kind(url) in seen_kinds:
                continue
            seen_kinds.add(kind(url))
            response = client.get(url)
            if response.status_code in (301, 302):
                continue
            if response.status_code != 200:
                found.append(f"{url} → {response.status_code}")
            elif depth == 1 and "text/html" in response["Content-Type"]:
                following += links(response.content.decode())
        level = following
    return found


def test_every_page_a_demo_user_is_shown_a_link_to_opens(client, demo):
    users = User.objects.filter(username__in=demo_usernames(), is_active=True).select_related(
        "unit", "enterprise").order_by("username")
    broken = {user.username: pages for user in users if (pages := broken_pages(client, user))}
    assert broken == {}
