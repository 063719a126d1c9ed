import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The role cast creates a dozen accounts per test; the production hasher's work factor is for
    attackers, not for fixtures."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
