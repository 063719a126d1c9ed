import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's cost is the point in production and only a delay here: the cast alone hashes 13
    passwords per test. The policy tests do not depend on the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def events():
    """The audit events written so far, oldest first, as (event, actor_username, object_repr)."""
    from chengjie.audit.models import AuditEvent

    def read(prefix: str = ""):
        rows = AuditEvent.objects.filter(event__startswith=prefix).order_by("seq")
        return [(row.event, row.actor_username, row.object_repr) for row in rows]

    return read


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test's flush empties the divisions the migrations loaded; put them back so the
    cast can be built in browser tests."""
    from chengjie.org.models import Division, Industry
    from chengjie.org.refdata import load_reference_data

    if not Division.objects.exists():
        load_reference_data(Division, Industry)
