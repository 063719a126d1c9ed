"""Files people upload (佐证材料, appeal attachments, approval documents): what a file is, known by its first
bytes (a name or a browser's claimed type proves nothing), and the name it is shown under."""

from __future__ import annotations

import os

from django.core.files.uploadedfile import UploadedFile

# File signatures (ISO 32000 "%PDF-", JFIF/EXIF start-of-image, the PNG 8-byte signature).
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) by the file's first bytes, or None for anything else."""
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def display_name(upload: UploadedFile) -> str:
    """The name the file came with, without any path, for showing only (never a path on disk)."""
    name = os.path.basename((upload.name or "").replace("\\", "/")).strip() or "file"
    return name[-200:]
