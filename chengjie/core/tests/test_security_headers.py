import os
import secrets
import subprocess
import sys

import pytest
from django.test import override_settings

from chengjie.core.testing import login_as

pytestmark = pytest.mark.django_db


def test_pages_carry_csp_and_security_headers(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert len(response["X-Request-ID"]) == 32


def test_not_found_page_is_generic_and_chinese(client, cast):
    login_as(client, cast.bureau)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and "Traceback" not in body


@override_settings(DEBUG=False)
def test_server_error_page_is_generic_and_chinese(client, cast, monkeypatch):
    from chengjie.core import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom: secret internals")

    monkeypatch.setattr(views, "home_context", explode)
    client.raise_request_exception = False
    login_as(client, cast.bureau)
    response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统错误" in body and "secret internals" not in body


def test_deploy_check_reports_nothing_under_production_settings(tmp_path):
    env = {**os.environ, "CHENGJIE_PRODUCTION": "1", "SECRET_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "chengjie.example.gov.cn", "CHENGJIE_DATA_DIR": str(tmp_path),
           "CHENGJIE_STATIC_MANIFEST": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    for test_only in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "CHENGJIE_QUEUE_IMMEDIATE"):
        env.pop(test_only, None)
    result = subprocess.run([sys.executable, "-m", "chengjie.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
