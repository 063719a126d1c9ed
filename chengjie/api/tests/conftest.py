import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The role cast hashes a password per account; PBKDF2's cost proves nothing about the API."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test's flush empties the divisions and industries the migrations loaded; put them
    back for browser tests that need the county."""
    from chengjie.org.models import Division, Industry
    from chengjie.org.refdata import load_reference_data

    if not Division.objects.exists():
        load_reference_data(Division, Industry)
