import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The role cast hashes a password per account; PBKDF2's cost proves nothing about the API."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
