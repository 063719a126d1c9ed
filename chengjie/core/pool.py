"""Work split over a pool of processes, each with Django set up against the parent's database.

Spawned, not forked: a job may run inside the task queue's threaded consumer, and forking a threaded
process copies whatever locks its other threads held. This module imports no models, so a spawned
process can load it before Django is set up; the work itself is named by its dotted path."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from django.db import connection
from django.utils.module_loading import import_string


def process_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start, initargs=(connection.settings_dict["NAME"],))


def _start(database: str) -> None:
    import django

    django.setup()
    # The parent's database (a test run's own, say), not necessarily the one the settings name.
    connection.settings_dict["NAME"] = database


def call(path: str, *args):
    """What a pool's process runs: the function at `path` (pickled by name, imported after setup)."""
    return import_string(path)(*args)
