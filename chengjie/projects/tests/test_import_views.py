"""The ledger upload page, the rejects download and the export in the ledger layout."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.projects.importer.testing import ledger_bytes
from chengjie.projects.models import Project
from chengjie.projects.testing import ensure_shipped_templates, make_project

from .test_import_plan import HEADERS, ledger_row

pytestmark = pytest.mark.django_db

URL = "/projects/import/"


@pytest.fixture(autouse=True)
def templates(db):
    ensure_shipped_templates()


def upload(rows, name="2025年台账.xlsx"):
    return SimpleUploadedFile(name, ledger_bytes(HEADERS, rows))


def test_the_bureau_sees_the_upload_form_and_others_are_refused(client, cast):
    login_as(client, cast.bureau)
    response = client.get(URL)
    assert response.status_code == 200 and "检查并导入" in response.content.decode()
    for user in (cast.leader, cast.clerk_a, cast.outsider):
        login_as(client, user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"file": upload([ledger_row(1)])}).status_code == 403
    assert not Project.objects.exists()


def test_a_clean_ledger_is_imported_from_the_page(client, cast):
    login_as(client, cast.bureau)
    response = client.post(URL, {"file": upload([ledger_row(1), ledger_row(2)])})
    page = response.content.decode()
    assert response.status_code == 200
    assert "已从“2025年台账.xlsx”导入 2 个项目" in page and "下载有问题的行" not in page
    assert Project.objects.count() == 2
    assert AuditEvent.objects.get(event="projects.imported").channel == "web"


def test_problems_are_listed_nothing_is_written_then_the_valid_rows_on_request(client, cast):
    login_as(client, cast.bureau)
    response = client.post(URL, {"file": upload([ledger_row(1), ledger_row(2, 责任单位="商务局")])})
    page = response.content.decode()
    assert "“2025年台账.xlsx”有 1 个问题，未导入任何项目。其余 1 行无误。" in page
    assert "<td>项目台账</td><td class=\"num\">4</td>" in page and "您的数据范围内没有名为“商务局”的单位" in page
    assert not Project.objects.exists()
    token = response.context["token"]
    rejects = client.get(f"{URL}{token}/rejects.xlsx")
    assert rejects.status_code == 200
    rows = list(load_workbook(BytesIO(b"".join(rejects.streaming_content))).active.iter_rows(values_only=True))
    assert rows[-1][-2] == 4

    response = client.post(URL, {"staged": token})
    assert "已从“2025年台账.xlsx”导入 1 个项目，1 行有问题未导入" in response.content.decode()
    assert list(Project.objects.values_list("name", flat=True)) == ["年产1万套刷具项目"]
    assert AuditEvent.objects.get(event="projects.imported").object_repr == "2025年台账.xlsx"


def test_the_valid_rows_box_imports_them_at_once(client, cast):
    login_as(client, cast.bureau)
    response = client.post(URL, {"file": upload([ledger_row(1), ledger_row(2, 责任单位="商务局")]), "valid_only": "on"})
    assert "导入 1 个项目，1 行有问题未导入" in response.content.decode()
    assert Project.objects.count() == 1


def test_uploads_and_rejects_are_private_to_who_uploaded_them(client, cast):
    from chengjie.accounts.roles import Role
    from chengjie.core.testing import make_user

    login_as(client, cast.bureau)
    token = client.post(URL, {"file": upload([ledger_row(1, 责任单位="商务局")])}).context["token"]
    colleague = make_user("bureau_2", role=Role.BUREAU, unit=cast.bureau.unit)
    login_as(client, colleague)
    assert client.get(f"{URL}{token}/rejects.xlsx").status_code == 404
    assert client.post(URL, {"staged": token}).status_code == 404
    assert client.get(f"{URL}{'0' * 32}/rejects.xlsx").status_code == 404
    assert client.post(URL, {"staged": "../../secret_key"}).status_code == 404


@pytest.mark.parametrize(("name", "content", "error"), [
    ("台账.xls", b"\xd0\xcf\x11\xe0", "请上传 .xlsx 格式的工作簿"),
    ("台账.xlsx", b"not a zip", "文件不是 Excel 工作簿（.xlsx）"),
])
def test_a_file_that_is_not_a_ledger_is_refused_on_the_form(client, cast, name, content, error):
    login_as(client, cast.bureau)
    response = client.post(URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and error in response.content.decode()


def _export(client, query=""):
    response = client.get(f"{URL}ledger.xlsx{query}")
    assert response.status_code == 200
    return [row for row in load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True)]


def test_the_export_is_the_filtered_list_in_the_ledger_layout_within_scope(client, cast, django_assert_max_num_queries):
    mine = make_project(cast=cast, stage="draft", name="经信局引进的项目")
    make_project(cast=cast, stage="draft", name="自然资源局引进的项目", introducing_unit=cast.unit_b, park=None,
                 division="340882")
    login_as(client, cast.leader)
    # However many projects: session, user, presets, calendar, the projects, the audit row and savepoints.
    with django_assert_max_num_queries(14):
        rows = _export(client)
    assert sorted(row[2] for row in rows) == ["经信局引进的项目", "自然资源局引进的项目"]
    assert [row[2] for row in _export(client, f"?unit={cast.unit_a.pk}")] == ["经信局引进的项目"]
    assert AuditEvent.objects.filter(event="export", object_type="projects.project").count() == 2
    login_as(client, cast.clerk_a)
    assert [row[1] for row in _export(client)] == [mine.code]
    login_as(client, cast.outsider)
    assert _export(client) == []
    login_as(client, cast.sys_admin)
    assert client.get(f"{URL}ledger.xlsx").status_code == 403
