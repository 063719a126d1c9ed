"""The `chengjie` console script: Django's management commands with chengjie's settings.

    chengjie serve            the production server (gunicorn) with the task worker beside it
    chengjie worker           the task worker alone, for deployments that scale it separately
    chengjie demo             load the demo county (潜山)
    chengjie calendar …       working-day calendar
    chengjie audit verify     check the audit hash chain
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chengjie", *sys.argv[1:]])


if __name__ == "__main__":
    main()
