import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo hashes a password per account; PBKDF2's cost proves nothing here and slows every load."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    call_command("demo")
