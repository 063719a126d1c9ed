import pytest
from django.test import override_settings

from .fakes import FakeDingTalk, FakeHTTP, FakeSMTP


@pytest.fixture(autouse=True)
def local_robot_hosts(settings):
    """The fake robots listen on loopback; let channels point there as they would at oapi.dingtalk.com."""
    settings.WEBHOOK_ALLOWED_HOSTS = [*settings.WEBHOOK_ALLOWED_HOSTS, "127.0.0.1", "localhost"]


@pytest.fixture
def smtp_server():
    with FakeSMTP() as server:
        yield server


@pytest.fixture
def robot():
    """A 企业微信-style robot / SMS gateway that answers errcode 0 unless told otherwise."""
    with FakeHTTP() as server:
        yield server


DINGTALK_SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"


@pytest.fixture
def dingtalk_robot():
    with FakeDingTalk(secret=DINGTALK_SECRET) as server:
        yield server


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def smtp_to_fake(smtp_server):
    """Mail through the fake SMTP server (the test environment otherwise keeps mail in memory)."""
    with override_settings(EMAIL_BACKEND=SMTP_BACKEND, EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp_server.port,
                           EMAIL_USE_TLS=False, EMAIL_HOST_USER="", DEFAULT_FROM_EMAIL="chengjie@qianshan.gov.cn"):
        yield smtp_server
