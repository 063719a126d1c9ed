"""Appeal pages for each kind of user: the firm (its own appeals only; another firm's is a 404), the handling
unit, a read-only leader, another unit and an outsider; masked phones and the audited reveal; the list's
query count."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chengjie.accounts.roles import Role
from chengjie.appeals.models import Appeal, AppealCategory
from chengjie.appeals.testing import at, file_appeal
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as, make_user
from chengjie.parks.models import Enterprise
from chengjie.projects.testing import pdf_upload

pytestmark = pytest.mark.django_db
Status = Appeal.Status


@pytest.fixture
def other_firm_user(cast):
    firm = Enterprise.objects.create(uscc="91340882MA2N0D2K0F", name="安徽另一家机电有限公司",
                                     division_id="340882400", park=cast.park_obj)
    return make_user("firm2", role=Role.ENTERPRISE, enterprise=firm, division="340882400", full_name="另一企业用户")


def _get(client, user, url):
    login_as(client, user)
    return client.get(url)


def test_the_firm_sees_only_its_own_appeals(client, cast, other_firm_user):
    mine = file_appeal(cast, subject="本企业的诉求")
    theirs = file_appeal(cast, subject="别家的诉求")
    Appeal.objects.filter(pk=theirs.pk).update(enterprise=other_firm_user.enterprise, company_name="别家")
    page = _get(client, cast.enterprise, "/appeals/").content.decode()
    assert "本企业的诉求" in page and "别家的诉求" not in page
    assert client.get(f"/appeals/{theirs.pk}/").status_code == 404
    assert client.get(f"/appeals/{mine.pk}/").status_code == 200
    assert _get(client, other_firm_user, f"/appeals/{mine.pk}/").status_code == 404


def test_units_see_what_they_handle_and_outsiders_nothing(client, cast):
    appeal = file_appeal(cast, stage="routed")
    assert _get(client, cast.clerk_a, f"/appeals/{appeal.pk}/").status_code == 200
    assert _get(client, cast.head_a, "/appeals/").content.decode().count(f"/appeals/{appeal.pk}/") == 1
    assert _get(client, cast.clerk_b, f"/appeals/{appeal.pk}/").status_code == 404
    assert _get(client, cast.outsider, f"/appeals/{appeal.pk}/").status_code == 404
    assert f"/appeals/{appeal.pk}/" not in _get(client, cast.outsider, "/appeals/").content.decode()
    assert _get(client, cast.leader, f"/appeals/{appeal.pk}/").status_code == 200
    assert _get(client, cast.sys_admin, "/appeals/").status_code == 403  # 三员: no business data


def test_a_read_only_leader_cannot_act(client, cast):
    appeal = file_appeal(cast, stage="routed")
    login_as(client, cast.leader)
    assert client.post(f"/appeals/{appeal.pk}/accept/").status_code == 403
    assert client.post(f"/appeals/{appeal.pk}/route/", {"unit": cast.unit_b.pk}).status_code == 403
    login_as(client, cast.clerk_b)
    assert client.post(f"/appeals/{appeal.pk}/accept/").status_code == 404
    login_as(client, cast.enterprise)
    assert client.post(f"/appeals/{appeal.pk}/accept/").status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == Status.ASSIGNED


def test_the_unit_handles_and_the_firm_rates_through_the_pages(client, cast):
    appeal = file_appeal(cast)
    login_as(client, cast.bureau)
    assert client.post(f"/appeals/{appeal.pk}/route/", {"unit": cast.unit_a.pk, "note": "请尽快"}).status_code == 302
    login_as(client, cast.clerk_a)
    assert "id=\"accept\"" in client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert client.post(f"/appeals/{appeal.pk}/accept/").status_code == 302
    response = client.post(f"/appeals/{appeal.pk}/close/", {"result": "已处理", "resolved": "1"})
    assert response.status_code == 403  # closing is offered only after a reply
    assert client.post(f"/appeals/{appeal.pk}/reply/", {"text": ""}).status_code == 400
    assert client.post(f"/appeals/{appeal.pk}/reply/", {"text": "已安排疏通。"}).status_code == 302
    assert client.post(f"/appeals/{appeal.pk}/close/", {"result": "已疏通。", "resolved": "1"}).status_code == 302
    login_as(client, cast.enterprise)
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "已安排疏通。" in page and "评价办理结果" in page
    response = client.post(f"/appeals/{appeal.pk}/rate/", {"satisfaction": "dissatisfied", "comment": ""})
    assert response.status_code == 400 and "请填写不满意的原因" in response.content.decode()
    assert client.post(f"/appeals/{appeal.pk}/rate/", {"satisfaction": "satisfied"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Status.FINISHED


def test_the_firm_files_with_an_attachment_and_reads_it_back(client, cast, other_firm_user):
    category = AppealCategory.objects.create(county_id="340882", name="基础设施", default_unit=cast.unit_a)
    login_as(client, cast.enterprise)
    form = client.get("/appeals/new/").content.decode()
    assert "基础设施" in form and 'enctype="multipart/form-data"' in form
    response = client.post("/appeals/new/", {"kind": "help", "category": category.pk, "subject": "道路积水",
                                             "content": "厂门口积水", "attachments": [pdf_upload("现场说明.pdf")]})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/appeals/{appeal.pk}/"
    assert appeal.unit == cast.unit_a and appeal.status == Status.ASSIGNED
    attachment = appeal.attachments.get()
    response = client.get(f"/appeals/attachments/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert _get(client, other_firm_user, f"/appeals/attachments/{attachment.pk}/").status_code == 404
    assert _get(client, cast.clerk_b, f"/appeals/attachments/{attachment.pk}/").status_code == 404


def test_staff_enter_a_hotline_call(client, cast):
    login_as(client, cast.clerk_a)
    form = client.get("/appeals/hotline/new/").content.decode()
    assert 'name="unit"' not in form  # routing is the county office's
    with at("2026-10-09 11:00"):
        response = client.post("/appeals/hotline/new/", {
            "received_at": "2026-10-09T10:30", "caller_name": "刘女士", "caller_phone": "13700001234",
            "enterprise": cast.firm.pk, "kind": "consult", "subject": "技改补贴申报", "content": "询问申报条件"})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and appeal.channel == "hotline" and appeal.unit == cast.unit_a
    assert _get(client, cast.enterprise, "/appeals/hotline/new/").status_code == 403


def test_the_caller_s_phone_is_masked_and_revealed_only_with_a_purpose(client, cast):
    appeal = file_appeal(cast, stage="routed", caller_phone="13912345678")
    page = _get(client, cast.clerk_a, f"/appeals/{appeal.pk}/").content.decode()
    assert "139****5678" in page and "13912345678" not in page and "<summary>查看完整号码</summary>" not in page
    assert client.post(f"/appeals/{appeal.pk}/reveal/caller_phone/",
                       {"caller_phone-purpose": "回访核实"}).status_code == 403
    login_as(client, cast.bureau)
    response = client.post(f"/appeals/{appeal.pk}/reveal/caller_phone/", {"caller_phone-purpose": "看"},
                           HTTP_HX_REQUEST="true")
    assert "请说明查看用途" in response.content.decode() and not AuditEvent.objects.filter(
        event="personal.revealed").exists()
    response = client.post(f"/appeals/{appeal.pk}/reveal/caller_phone/",
                           {"caller_phone-purpose": "电话回访诉求人核实办理结果"}, HTTP_HX_REQUEST="true")
    assert "<strong>13912345678</strong>" in response.content.decode()
    audit = AuditEvent.objects.get(event="personal.revealed")
    assert audit.note == "电话回访诉求人核实办理结果" and audit.object_type == "appeals.appeal"
    assert "13912345678" not in str(audit.after)
    assert _get(client, cast.outsider, f"/appeals/{appeal.pk}/").status_code == 404


def test_the_list_s_query_count_does_not_grow_with_its_rows(client, cast, django_assert_max_num_queries):
    category = AppealCategory.objects.create(county_id="340882", name="用工", accept_workdays=2)
    for number in range(30):
        file_appeal(cast, stage="routed" if number % 2 else "filed", subject=f"诉求{number}",
                    category=category if number % 3 else None)
    for user in (cast.bureau, cast.enterprise, cast.clerk_a):
        login_as(client, user)
        with django_assert_max_num_queries(14):
            response = client.get("/appeals/?overdue=")
        assert response.status_code == 200
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(14):
        assert client.get("/appeals/?status=open&overdue=on", HTTP_HX_REQUEST="true").status_code == 200


def test_the_overdue_filter_shows_only_late_appeals(client, cast):
    with at("2026-09-30 10:00"):
        late = file_appeal(cast, subject="没人签收的诉求", stage="routed")
    with at("2026-10-09 10:00"):
        fresh = file_appeal(cast, subject="今天的诉求", stage="routed")
        login_as(client, cast.bureau)
        page = client.get("/appeals/?overdue=on").content.decode()
    assert f"/appeals/{late.pk}/" in page and f"/appeals/{fresh.pk}/" not in page
    assert "签收超时 1 个工作日" in page


def test_categories_page_is_the_county_office_s(client, cast):
    login_as(client, cast.bureau)
    response = client.post("/appeals/categories/new/", {"name": "市场监管", "default_unit": cast.unit_b.pk,
                                                         "resolve_workdays": "10"})
    assert response.status_code == 302
    top = AppealCategory.objects.get(name="市场监管")
    response = client.post("/appeals/categories/new/", {"name": "食品安全", "parent": top.pk, "accept_workdays": "0"})
    assert response.status_code == 200 and "确保该值大于或等于1" in response.content.decode()
    client.post("/appeals/categories/new/", {"name": "食品安全", "parent": top.pk})
    page = client.get("/appeals/categories/").content.decode()
    assert "市场监管-&gt;食品安全" in page
    response = client.post(f"/appeals/categories/{top.pk}/", {"name": "市场监管", "parent": "",
                                                               "resolve_workdays": "12", "complex_workdays": "8",
                                                               "is_active": "on"})
    assert "复杂诉求的办结时限不能短于一般诉求的办结时限" in response.content.decode()
    child = AppealCategory.objects.get(name="食品安全")
    response = client.post(f"/appeals/categories/{top.pk}/", {"name": "市场监管", "parent": child.pk,
                                                               "is_active": "on"})
    assert response.status_code == 200 and AppealCategory.objects.get(pk=top.pk).parent is None
    assert AuditEvent.objects.filter(event="appeal_category.created").count() == 2
    assert _get(client, cast.clerk_a, "/appeals/categories/").status_code == 403
    assert _get(client, cast.leader, "/appeals/categories/").status_code == 403
    other_office = make_user("bureau_tc", role=Role.BUREAU, unit=cast.outsider.unit, division="340881",
                             full_name="桐城招商局干部")
    assert _get(client, other_office, f"/appeals/categories/{top.pk}/").status_code == 404
    assert "市场监管" not in client.get("/appeals/categories/").content.decode()


def test_import_page_and_its_rejects_are_the_uploader_s(client, cast):
    from .exports import xlsx_export, xlsx_row

    other_bureau = make_user("bureau2", role=Role.BUREAU, unit=cast.bureau.unit, full_name="招商局另一干部")
    login_as(client, cast.bureau)
    upload = xlsx_export([xlsx_row("QS001"), xlsx_row("QS002", 承办单位="不存在的局")])
    response = client.post("/appeals/import/", {"file": upload})
    assert response.status_code == 400 and "未导入任何数据" in response.content.decode()
    assert "第 5 行 L 列（承办单位）" in response.content.decode() and not Appeal.objects.exists()
    upload = xlsx_export([xlsx_row("QS001"), xlsx_row("QS002", 承办单位="不存在的局")])
    response = client.post("/appeals/import/", {"file": upload, "valid_only": "on"})
    assert response.status_code == 200 and Appeal.objects.count() == 1
    record = cast.bureau.pk and response.context["result"].record
    rejects = client.get(f"/appeals/import/{record.pk}/rejects.xlsx")
    assert rejects.status_code == 200 and rejects["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _get(client, other_bureau, f"/appeals/import/{record.pk}/rejects.xlsx").status_code == 404
    assert _get(client, cast.clerk_a, "/appeals/import/").status_code == 403
    assert _get(client, cast.clerk_a, f"/appeals/import/{record.pk}/rejects.xlsx").status_code == 403


def test_an_imported_ticket_is_shown_as_a_mirror_with_no_actions(client, cast):
    from chengjie.appeals.importer.services import appeals_import

    from .exports import csv_export, csv_row

    appeals_import(acting_user=cast.bureau, source=csv_export([csv_row("T1")]), file_name="t.csv")
    appeal = Appeal.objects.get()
    page = _get(client, cast.clerk_b, f"/appeals/{appeal.pk}/").content.decode()
    assert "该工单在 12345 热线平台办理" in page and "答复企业</h3>" not in page
    login_as(client, cast.clerk_b)
    assert client.post(f"/appeals/{appeal.pk}/reply/", {"text": "x"}).status_code == 403


def test_a_file_that_is_not_a_picture_is_refused_on_the_form(client, cast):
    login_as(client, cast.enterprise)
    fake = SimpleUploadedFile("x.png", b"MZ not a picture", content_type="image/png")
    response = client.post("/appeals/new/", {"kind": "help", "subject": "s", "content": "c", "attachments": [fake]})
    assert response.status_code == 200 and "不是 PDF、JPEG 或 PNG 文件" in response.content.decode()
    assert not Appeal.objects.exists()
