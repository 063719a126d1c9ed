"""Suite-wide fixtures. The test environment itself is set by the `chengjie.testenv` plugin, which
pytest loads before Django reads its settings."""

import os

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Django flushes test databases with TRUNCATE, which the audit table's trigger allows only to a
    session that says so; production connections never do."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        options = db.setdefault("OPTIONS", {})
        options["options"] = f'{options.get("options", "")} -c chengjie.audit_truncate=on'.strip()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """PBKDF2 at a million rounds costs seconds per cast on these machines; tests need no strength."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def refdata(db):
    """The data that ships with chengjie (divisions, industries, templates, presets). Migrations load
    it, but a transactional test's flush empties every table, so reload it when it is gone."""
    from chengjie.core.shipped import restore_shipped_data

    restore_shipped_data()


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def _uses_database(request) -> bool:
    return bool(request.node.get_closest_marker("django_db") or DATABASE_FIXTURES & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _shipped_data(request):
    """Every database test starts with the shipped data, whichever test ran before it on this worker."""
    if _uses_database(request):
        request.getfixturevalue("refdata")


@pytest.fixture(autouse=True)
def _node_summaries_in_step(request):
    """After every database test, each project's kept node summary equals what its nodes say: whatever
    path a test wrote nodes by (a service, the importer, a factory), it kept the summary."""
    if not _uses_database(request):
        yield
        return
    request.getfixturevalue("refdata")  # set up the database before this fixture, so it is checked before teardown
    yield
    from django.db import connection

    from chengjie.projects.testing import summaries_out_of_step

    if connection.needs_rollback:  # the test ended on a refused write (an IntegrityError it expected)
        return
    assert not (stale := summaries_out_of_step()), "node summaries out of step: " + "; ".join(stale[:5])


@pytest.fixture
def cast(refdata):
    from chengjie.core.testing import build_cast

    return build_cast()


# --- Browser tests: the playwright package driving Debian's chromium (never a downloaded browser).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]
SCREENSHOT_DIR = os.path.join(os.path.dirname(__file__), "test-artifacts", "screenshots")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _new_page(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page on the live server."""
    context, new_page = _new_page(browser, live_server, {"width": 1280, "height": 900})
    yield new_page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized page (375×812) on the live server."""
    context, new_page = _new_page(browser, live_server, {"width": 375, "height": 812})
    yield new_page
    context.close()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "step") saves test-artifacts/screenshots/<test>-<step>.png to look at."""
    os.makedirs(SCREENSHOT_DIR, exist_ok=True)

    def take(target_page, step: str) -> str:
        path = os.path.join(SCREENSHOT_DIR, f"{request.node.name}-{step}.png")
        target_page.screenshot(path=path, full_page=True)
        return path

    return take
