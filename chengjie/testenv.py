"""pytest plugin (loaded with -p from pyproject.toml): fixes the environment before Django reads its
settings — a throw-away data directory, a fixed secret, tasks run inline."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("CHENGJIE_QUEUE_IMMEDIATE", "1")
os.environ.setdefault("CHENGJIE_DATA_DIR", tempfile.mkdtemp(prefix="chengjie-test-"))
os.environ.setdefault("CHENGJIE_STATIC_MANIFEST", "0")
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make beside it
# are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
