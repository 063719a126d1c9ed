"""Every demo account can sign in and reach a home page that shows the demo county's data."""

import pytest

from chengjie.accounts.models import User
from chengjie.core.testing import login_as
from chengjie.demo.data.people import DEMO_PASSWORD
from chengjie.demo.services import demo_usernames

pytestmark = pytest.mark.django_db


def test_every_demo_user_reaches_their_home_page(client, demo):
    for user in User.objects.filter(username__in=demo_usernames()).select_related("unit", "enterprise"):
        client.logout()
        login_as(client, user)
        response = client.get("/")
        assert response.status_code == 200, user.username
        content = response.content.decode()
        if user.role in {"leader", "bureau", "unit_clerk", "unit_head", "unit_admin", "park", "agent"}:
            assert "安徽省安庆市潜山市" in content, user.username
        if user.role == "enterprise":
            assert user.enterprise.uscc in content


def test_the_documented_password_signs_a_clerk_straight_in(client, demo):
    response = client.post("/accounts/login/", {"username": "clerk", "password": DEMO_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "潜山市经济和信息化局" in response.content.decode()


def test_an_administrator_is_sent_to_bind_an_authenticator_first(client, demo):
    response = client.post("/accounts/login/", {"username": "sysadmin", "password": DEMO_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/enrol/"
