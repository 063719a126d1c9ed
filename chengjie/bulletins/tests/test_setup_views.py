"""The targets grid, the thresholds and document header, as pages."""

from decimal import Decimal

from django.urls import reverse

from chengjie.audit.models import AuditEvent
from chengjie.bulletins.models import AnnualTarget, BulletinSetting, SigningThreshold
from chengjie.core.testing import login_as


def grid_url(year=2026):
    return f"{reverse('bulletins:targets')}?division=340882&year={year}"


def test_bureau_sets_targets_on_the_grid(client, cast, today, django_assert_max_num_queries):
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(12):
        page = client.get(grid_url())
    assert page.status_code == 200
    a, b = cast.unit_a.pk, cast.unit_b.pk
    response = client.post(grid_url(), {f"t_{a}_completed_investment": "12000", f"t_{a}_new_starts": "3",
                                        f"t_{b}_signed_amount": "50000"})
    assert response.status_code == 302
    assert {(t.unit_id, t.indicator): t.value for t in AnnualTarget.objects.filter(year=2026)} == {
        (a, "completed_investment"): Decimal(12000), (a, "new_starts"): Decimal(3),
        (b, "signed_amount"): Decimal(50000)}
    event = AuditEvent.objects.get(event="bulletins.targets_set")
    assert event.after == {"潜山市经济和信息化局": {"completed_investment": "12000.00", "new_starts": "3.00"},
                           "潜山市自然资源和规划局": {"signed_amount": "50000.00"}}
    # Clearing a cell removes that target; a count must be whole.
    response = client.post(grid_url(), {f"t_{a}_completed_investment": "12000", f"t_{a}_new_starts": "2.5",
                                        f"t_{b}_signed_amount": ""})
    assert response.status_code == 200 and AnnualTarget.objects.count() == 3
    client.post(grid_url(), {f"t_{a}_completed_investment": "12000", f"t_{a}_new_starts": "3"})
    assert AnnualTarget.objects.count() == 2


def test_targets_are_read_only_for_readers(client, cast, today):
    login_as(client, cast.leader)
    page = client.get(grid_url()).content.decode()
    assert "潜山市经济和信息化局" in page and "保存年度目标" not in page and 'name="t_' not in page
    assert client.post(grid_url(), {f"t_{cast.unit_a.pk}_new_starts": "3"}).status_code == 403
    for user in (cast.enterprise, cast.sys_admin):
        login_as(client, user)
        assert client.get(grid_url()).status_code == 403
    assert not AnnualTarget.objects.exists()


def test_thresholds_and_document_header(client, cast, today):
    url = f"{reverse('bulletins:settings')}?division=340882&year=2026"
    login_as(client, cast.bureau)
    page = client.get(url).content.decode()
    assert 'value="3000"' in page and 'value="10000"' in page and "潜山市招商引资工作领导小组办公室" in page
    assert client.post(url, {"form": "thresholds", "industrial": "2000", "other": "8000"}).status_code == 302
    threshold = SigningThreshold.objects.get()
    assert (threshold.division_id, threshold.year, threshold.industrial, threshold.other) == (
        "340882", 2026, Decimal(2000), Decimal(8000))
    response = client.post(url, {"form": "setting", "organ": "潜山市招商引资工作领导小组办公室",
                                 "number_prefix": "潜招第", "cc": "", "printer": ""})
    assert response.status_code == 200 and "不加“第”" in response.content.decode()
    client.post(url, {"form": "setting", "organ": "潜山市投资促进中心", "number_prefix": "潜投", "cc": "市委办公室\n\n市政府办公室",
                      "printer": "潜山市投资促进中心"})
    setting = BulletinSetting.objects.get()
    assert (setting.organ, setting.number_prefix, setting.cc) == ("潜山市投资促进中心", "潜投", "市委办公室\n市政府办公室")
    assert {e.event for e in AuditEvent.objects.filter(event__startswith="bulletins.")} == {
        "bulletins.threshold_set", "bulletins.setting_set"}
    for user in (cast.leader, cast.clerk_a):
        login_as(client, user)
        assert client.get(url).status_code == 403
