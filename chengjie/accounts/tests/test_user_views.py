"""Account management pages: the security administrator for the county, a unit administrator for their
own unit's clerks and heads only (404 elsewhere), everybody else refused."""

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from chengjie.accounts.models import User
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Initial#Pass2026"


def _lock(username, ip="203.0.113.10"):
    AccessAttempt.objects.create(username=username, ip_address=ip, user_agent="test", failures_since_start=5,
                                 attempt_time=timezone.now(), get_data="", post_data="", http_accept="",
                                 path_info="/accounts/login/")


def _usernames(response) -> set[str]:
    return {user.username for user in response.context["page"].object_list}


# --- who may reach the pages

@pytest.mark.parametrize("who", ["clerk_a", "head_a", "leader", "bureau", "park", "enterprise", "sys_admin",
                                 "audit_admin", "outsider", "no_role"])
@pytest.mark.parametrize("path", ["/accounts/users/", "/accounts/users/new/", "/accounts/lockouts/"])
def test_people_without_account_powers_are_refused(client, cast, who, path):
    login_as(client, getattr(cast, who))
    assert client.get(path).status_code == 403


def test_an_anonymous_visitor_is_sent_to_login(client, cast):
    assert client.get("/accounts/users/")["Location"].startswith("/accounts/login/")


# --- the list

def test_security_admin_lists_every_account_of_the_county_with_masked_phones(client, cast,
                                                                           django_assert_max_num_queries):
    cast.clerk_a.phone = "13812345678"
    cast.clerk_a.save(update_fields=["phone"])
    login_as(client, cast.sec_admin)
    with django_assert_max_num_queries(10):
        response = client.get("/accounts/users/")
    assert response.status_code == 200
    names = _usernames(response)
    assert {"clerk_a", "clerk_b", "unit_admin_a", "firm", "sysadmin", "secadmin", "norole"} <= names
    assert "outsider" not in names
    page = response.content.decode()
    assert "138****5678" in page and "13812345678" not in page


def test_the_list_query_count_does_not_grow_with_accounts(client, cast, django_assert_max_num_queries):
    for number in range(30):
        make_user(f"extra{number}", role="unit_clerk", unit=cast.unit_b, phone="13900000000")
    login_as(client, cast.sec_admin)
    with django_assert_max_num_queries(10):
        assert client.get("/accounts/users/").status_code == 200


@pytest.mark.parametrize(("query", "expected"), [
    ("q=clerk", {"clerk_a", "clerk_b"}),
    ("q=经信局", {"clerk_a", "head_a", "unit_admin_a"}),
    ("role=unit_head", {"head_a"}),
    ("active=0", {"retired"}),
    ("locked=on", {"clerk_b"}),
])
def test_the_list_filters(client, cast, query, expected):
    make_user("retired", role="leader", is_active=False)
    _lock("clerk_b")
    login_as(client, cast.sec_admin)
    assert _usernames(client.get(f"/accounts/users/?{query}")) == expected


def test_the_list_filters_by_unit(client, cast):
    login_as(client, cast.sec_admin)
    assert _usernames(client.get(f"/accounts/users/?unit={cast.unit_b.pk}")) == {"clerk_b"}


def test_unit_admin_lists_only_their_units_clerks_and_heads(client, cast):
    login_as(client, cast.unit_admin_a)
    response = client.get("/accounts/users/")
    assert response.status_code == 200
    assert _usernames(response) == {"clerk_a", "head_a"}
    assert "本单位账号" in response.content.decode()


# --- creating

def test_security_admin_creates_an_account(client, cast):
    login_as(client, cast.sec_admin)
    response = client.post("/accounts/users/new/", {
        "username": "zhangsan", "full_name": "张三", "role": "unit_clerk", "division": "340882",
        "unit": cast.unit_b.pk, "title": "科员", "phone": "13955556666",
        "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    user = User.objects.get(username="zhangsan")
    assert response["Location"] == f"/accounts/users/{user.pk}/"
    assert (user.unit, user.role, user.password_expired) == (cast.unit_b, "unit_clerk", True)
    assert AuditEvent.objects.filter(event="users.created", object_id=str(user.pk)).exists()


def test_a_bad_new_account_is_refused_in_chinese_and_nothing_is_created(client, cast):
    login_as(client, cast.sec_admin)
    response = client.post("/accounts/users/new/", {
        "username": "zhangsan", "full_name": "张三", "role": "unit_clerk", "division": "340882",
        "password": "zhangsan1", "password_again": "zhangsan1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "角色“责任单位经办人”必须指定所属单位。" in page
    assert not User.objects.filter(username="zhangsan").exists()


def test_mismatched_initial_passwords_are_refused(client, cast):
    login_as(client, cast.sec_admin)
    response = client.post("/accounts/users/new/", {
        "username": "zhangsan", "full_name": "张三", "role": "leader", "division": "340882",
        "password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"})
    assert "两次输入的密码不一致。" in response.content.decode()
    assert not User.objects.filter(username="zhangsan").exists()


def test_unit_admin_creates_a_clerk_in_their_unit(client, cast):
    login_as(client, cast.unit_admin_a)
    form_page = client.get("/accounts/users/new/")
    assert [value for value, _label in form_page.context["form"].fields["role"].choices] == [
        "", "unit_clerk", "unit_head"]
    client.post("/accounts/users/new/", {"username": "lisi", "full_name": "李四", "role": "unit_clerk",
                                         "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    user = User.objects.get(username="lisi")
    assert (user.unit, user.division_id) == (cast.unit_a, "340882")


def test_unit_admin_cannot_create_an_administrator(client, cast):
    login_as(client, cast.unit_admin_a)
    response = client.post("/accounts/users/new/", {"username": "boss", "full_name": "某人", "role": "sec_admin",
                                                    "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="boss").exists()


# --- editing

def _edit_data(user, **changes):
    data = {"full_name": user.full_name, "role": user.role, "division": user.division_id or "",
            "unit": user.unit_id or "", "enterprise": user.enterprise_id or "", "title": user.title,
            "phone": user.phone}
    data.update(changes)
    return data


def test_security_admin_changes_a_role_and_it_is_audited(client, cast):
    login_as(client, cast.sec_admin)
    page = client.get(f"/accounts/users/{cast.clerk_a.pk}/")
    assert page.status_code == 200
    response = client.post(f"/accounts/users/{cast.clerk_a.pk}/", _edit_data(cast.clerk_a, role="unit_head"))
    assert response["Location"] == f"/accounts/users/{cast.clerk_a.pk}/"
    cast.clerk_a.refresh_from_db()
    assert cast.clerk_a.role == "unit_head"
    assert AuditEvent.objects.filter(event="users.permission_changed", actor_username="secadmin").count() == 1


def test_security_admin_cannot_change_their_own_role(client, cast):
    login_as(client, cast.sec_admin)
    page = client.get(f"/accounts/users/{cast.sec_admin.pk}/").content.decode()
    assert "这是您自己的账号" in page and "停用账号" not in page
    response = client.post(f"/accounts/users/{cast.sec_admin.pk}/", _edit_data(cast.sec_admin, role="audit_admin"))
    assert response.status_code == 200
    assert "不能修改自己的角色、数据范围、单位或企业" in response.content.decode()
    cast.sec_admin.refresh_from_db()
    assert cast.sec_admin.role == "sec_admin"


def test_an_account_outside_the_scope_is_404(client, cast):
    login_as(client, cast.sec_admin)
    for path in ["", "password/"]:
        assert client.get(f"/accounts/users/{cast.outsider.pk}/{path}").status_code == 404
    assert client.post(f"/accounts/users/{cast.outsider.pk}/active/", {"active": "0"}).status_code == 404


def test_unit_admin_edits_their_clerk_but_another_units_account_is_404(client, cast):
    login_as(client, cast.unit_admin_a)
    response = client.post(f"/accounts/users/{cast.clerk_a.pk}/", {"full_name": "经信局小王", "role": "unit_head",
                                                                   "title": "", "phone": ""})
    assert response.status_code == 302
    cast.clerk_a.refresh_from_db()
    assert (cast.clerk_a.full_name, cast.clerk_a.role, cast.clerk_a.unit) == ("经信局小王", "unit_head", cast.unit_a)
    for who in (cast.clerk_b, cast.unit_admin_a, cast.sec_admin):
        assert client.get(f"/accounts/users/{who.pk}/").status_code == 404
        assert client.post(f"/accounts/users/{who.pk}/active/", {"active": "0"}).status_code == 404
    cast.clerk_b.refresh_from_db()
    assert cast.clerk_b.is_active


# --- password reset, deactivation, lockouts

def test_security_admin_resets_a_password(client, cast):
    login_as(client, cast.sec_admin)
    response = client.post(f"/accounts/users/{cast.clerk_a.pk}/password/",
                           {"password": "Temporary#Pass7", "password_again": "Temporary#Pass7"})
    assert response.status_code == 302
    cast.clerk_a.refresh_from_db()
    assert cast.clerk_a.check_password("Temporary#Pass7") and cast.clerk_a.password_expired


def test_a_weak_reset_password_is_refused_in_chinese(client, cast):
    login_as(client, cast.sec_admin)
    response = client.post(f"/accounts/users/{cast.clerk_a.pk}/password/",
                           {"password": "Password1", "password_again": "Password1"})
    assert "这是常见密码，容易被猜中，请换一个。" in response.content.decode()
    cast.clerk_a.refresh_from_db()
    assert not cast.clerk_a.password_expired


def test_deactivating_ends_the_accounts_sessions(client, cast):
    from django.test import Client

    clerk_client = Client()
    login_as(clerk_client, cast.clerk_a)
    login_as(client, cast.sec_admin)
    client.post(f"/accounts/users/{cast.clerk_a.pk}/active/", {"active": "0"})
    assert clerk_client.get("/")["Location"].startswith("/accounts/login/")
    client.post(f"/accounts/users/{cast.clerk_a.pk}/active/", {"active": "1"})
    cast.clerk_a.refresh_from_db()
    assert cast.clerk_a.is_active


def test_lockouts_are_listed_and_released_with_an_audit_row(client, cast):
    _lock("clerk_a")
    _lock("outsider")
    login_as(client, cast.sec_admin)
    response = client.get("/accounts/lockouts/")
    assert [row["username"] for row in response.context["lockouts"]] == ["clerk_a"]
    assert "当前锁定（1）" in client.get("/accounts/users/").content.decode()
    response = client.post("/accounts/lockouts/release/", {"username": "clerk_a", "ip": "203.0.113.10"})
    assert response["Location"] == "/accounts/lockouts/"
    assert not AccessAttempt.objects.filter(username="clerk_a").exists()
    assert AuditEvent.objects.filter(event="auth.lockout_cleared", actor_username="secadmin").count() == 1


def test_releasing_an_account_outside_the_scope_changes_nothing(client, cast):
    _lock("outsider")
    login_as(client, cast.sec_admin)
    response = client.post("/accounts/lockouts/release/", {"username": "outsider", "ip": "203.0.113.10"}, follow=True)
    assert "账号“outsider”不在您的管理范围内。" in response.content.decode()
    assert AccessAttempt.objects.filter(username="outsider").exists()


def test_lockout_of_a_user_shows_on_their_page_and_releases_there(client, cast):
    _lock("clerk_a")
    login_as(client, cast.unit_admin_a)
    page = client.get(f"/accounts/users/{cast.clerk_a.pk}/").content.decode()
    assert "锁定记录" in page and "203.0.113.10" in page
    response = client.post("/accounts/lockouts/release/", {"username": "clerk_a", "ip": "203.0.113.10",
                                                           "back": "user"})
    assert response["Location"] == f"/accounts/users/{cast.clerk_a.pk}/"
    assert not AccessAttempt.objects.exists()


def test_profile_shows_ones_own_details_and_the_api_token_link(client, cast):
    cast.clerk_a.phone = "13812345678"
    cast.clerk_a.save(update_fields=["phone"])
    login_as(client, cast.clerk_a)
    page = client.get("/accounts/profile/").content.decode()
    assert "138****5678" in page and 'href="/api/tokens/"' in page
    login_as(client, cast.audit_admin)
    assert 'href="/api/tokens/"' not in client.get("/accounts/profile/").content.decode()


def test_security_admin_resets_a_lost_authenticator(client, cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=cast.sys_admin, name="旧手机", confirmed=True)
    login_as(client, cast.sec_admin)
    assert "重置双因素认证" in client.get(f"/accounts/users/{cast.sys_admin.pk}/").content.decode()
    client.post(f"/accounts/users/{cast.sys_admin.pk}/2fa-reset/")
    assert not TOTPDevice.objects.filter(user=cast.sys_admin).exists()
    assert AuditEvent.objects.filter(event="users.2fa_reset", object_id=str(cast.sys_admin.pk)).count() == 1


def test_nobody_resets_their_own_authenticator(client, cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    login_as(client, cast.sec_admin)
    response = client.post(f"/accounts/users/{cast.sec_admin.pk}/2fa-reset/", follow=True)
    assert "不能重置自己的双因素认证" in response.content.decode()
    assert TOTPDevice.objects.filter(user=cast.sec_admin).exists()


def test_unit_admin_cannot_reset_an_administrators_authenticator(client, cast):
    login_as(client, cast.unit_admin_a)
    assert client.post(f"/accounts/users/{cast.sys_admin.pk}/2fa-reset/").status_code == 404


def test_an_account_of_a_disabled_unit_can_still_be_edited_but_nobody_new_is_bound_to_it(client, cast):
    cast.unit_b.is_active = False
    cast.unit_b.save(update_fields=["is_active"])
    login_as(client, cast.sec_admin)
    response = client.post(f"/accounts/users/{cast.clerk_b.pk}/", _edit_data(cast.clerk_b, full_name="老王"))
    assert response.status_code == 302
    cast.clerk_b.refresh_from_db()
    assert cast.clerk_b.full_name == "老王"
    response = client.post(f"/accounts/users/{cast.clerk_a.pk}/", _edit_data(cast.clerk_a, unit=cast.unit_b.pk))
    assert "选择一个有效的选项" in response.content.decode()
    cast.clerk_a.refresh_from_db()
    assert cast.clerk_a.unit == cast.unit_a
