"""What the bench scripts share: which PostgreSQL databases they use, and Django set up against one.

    BENCH_PG   server URL without a database (default postgres://postgres@127.0.0.1:5432)
    BENCH_DB   the data set, built once by build.py (default chengjie_bench)

run.py measures on a copy (CREATE DATABASE … TEMPLATE chengjie_bench), so the sweep's notices and the
import's projects never change the data set and every run starts from the same state.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATA_SET = os.environ.get("BENCH_DB", "chengjie_bench")
RUN_COPY = f"{DATA_SET}_run"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def admin_execute(*statements: str) -> None:
    """CREATE/DROP DATABASE cannot run in a transaction: a separate autocommit connection."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def database_exists(name: str) -> bool:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def setup_django(database: str) -> None:
    """Django against `database`, with its own data directory (task queue, uploads) under var/bench."""
    sys.path.insert(0, str(ROOT))
    data_dir = ROOT / "var" / "bench"
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"{SERVER}/{database}"
    os.environ.setdefault("CHENGJIE_DATA_DIR", str(data_dir))
    # The audit chain is keyed by the secret; a fixed one keeps the data set's chain verifiable.
    os.environ.setdefault("SECRET_KEY", "bench-secret-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("CHENGJIE_STATIC_MANIFEST", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
