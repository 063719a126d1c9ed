"""Suite-wide fixtures. The test environment itself is set by the `chengjie.testenv` plugin, which
pytest loads before Django reads its settings."""

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Django flushes test databases with TRUNCATE, which the audit table's trigger allows only to a
    session that says so; production connections never do."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        db.setdefault("OPTIONS", {})["options"] = "-c chengjie.audit_truncate=on"


@pytest.fixture
def cast(db):
    from chengjie.core.testing import build_cast

    return build_cast()
