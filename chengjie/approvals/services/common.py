"""Checks the approval services share: text, capabilities, and the files people upload."""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.uploadedfile import UploadedFile
from django.db.models import FileField
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.core.errors import DomainError
from chengjie.core.uploads import display_name, sniff

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
REASON_MAX = 2000




def require(user, capability: str, what: str) -> None:
    if not user.has_capability(capability):
        raise DomainError(_("您的角色不能%(what)s。") % {"what": what}, code="forbidden")


def check_upload(upload: UploadedFile | None, *, field: str, label: str) -> tuple[str, str]:
    """(content type, extension) of a PDF, JPEG or PNG known by its first bytes (a name or a browser's
    claimed type proves nothing); anything else, empty or over 10 MB is refused naming the file."""
    if upload is None:
        raise DomainError(_("请上传%(label)s。") % {"label": label}, field=field)
    name = display_name(upload)
    if not upload.size:
        raise DomainError(_("文件“%(name)s”是空文件。") % {"name": name}, field=field)
    if upload.size > MAX_UPLOAD_BYTES:
        raise DomainError(_("文件“%(name)s”有 %(size).1f MB，超过 10 MB 的上限。")
                          % {"name": name, "size": upload.size / 1024 / 1024}, field=field)
    upload.seek(0)
    found = sniff(upload.read(16))
    upload.seek(0)
    if found is None:
        raise DomainError(_("文件“%(name)s”不是 PDF、JPEG 或 PNG 文件（按文件内容判断，与扩展名无关）。")
                          % {"name": name}, field=field)
    return found


def save_upload(file_field: FileField, upload: UploadedFile, *, extension: str) -> dict:
    """Store the upload under a random name (the original name is only ever shown, never a path) and
    return the facts the model keeps about it."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    file_field.save(f"{timezone.localdate():%Y%m%d}-{uuid.uuid4().hex}.{extension}", upload, save=False)
    return {"size": upload.size, "sha256": digest.hexdigest(), "original_name": display_name(upload)}
