import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo county, loaded once per test module (a load takes seconds) in a transaction rolled back
    after the module's last test. Each test's own transaction nests in it as a savepoint, so every test
    starts from the county as loaded. A module that uses it holds only tests that want the county: the
    county stays loaded between its tests. Browser tests, which need it committed, load it themselves."""
    from chengjie.core.shipped import restore_shipped_data

    with django_db_blocker.unblock(), transaction.atomic():
        restore_shipped_data()
        call_command("demo")
        yield
        transaction.set_rollback(True)
