import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo hashes a password per account; PBKDF2's cost proves nothing here and slows every load."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    call_command("demo")


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test's flush empties the divisions and industries the migrations loaded; put them
    back for browser tests that need the county."""
    from chengjie.org.models import Division, Industry
    from chengjie.org.refdata import load_reference_data

    if not Division.objects.exists():
        load_reference_data(Division, Industry)
