"""Uploaded ledgers and rejects workbooks kept for a day, so the bureau can choose "import only the valid
rows" after seeing the problems, and download the rows that were refused, without uploading again.

Files live under the data directory (outside the web root), one folder per user; a token names a file and
is looked up only in the folder of the user asking, so nobody reaches another person's upload."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.http import Http404

# Long enough to decide, fix a few rows and come back the same day; short enough not to keep ledgers around.
KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
UPLOAD, REJECTS = "upload", "rejects"


def _folder(user) -> Path:
    return Path(settings.DATA_DIR) / "imports" / str(user.pk)


def _clear_old(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.glob("*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def stage(user, content_chunks, *, token: str | None = None, kind: str = UPLOAD) -> str:
    """Keep a file for `user`; returns its token (a new one unless given)."""
    folder = _folder(user)
    folder.mkdir(parents=True, exist_ok=True)
    _clear_old(folder)
    token = token or secrets.token_hex(16)
    with (folder / f"{token}-{kind}.xlsx").open("wb") as out:
        for chunk in content_chunks:
            out.write(chunk)
    return token


def staged(user, token: str, *, kind: str = UPLOAD) -> Path:
    """The path of a file `user` staged; 404 for a malformed, unknown, expired or someone else's token."""
    if not _TOKEN.match(token or ""):
        raise Http404
    path = _folder(user) / f"{token}-{kind}.xlsx"
    if not path.is_file() or path.stat().st_mtime < time.time() - KEEP_SECONDS:
        raise Http404
    return path
