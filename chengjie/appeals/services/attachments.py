"""Files a firm attaches to its appeal (a photo of the problem, a letter): PDF, JPEG or PNG known by their
first bytes, at most 10 MB each and 5 per appeal, stored under a random name outside the web root."""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.core.errors import DomainError
from chengjie.core.uploads import display_name, sniff

from ..models import Appeal, AppealAttachment

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5


def check_uploads(uploads: list[UploadedFile]) -> list[tuple[str, str]]:
    """(content type, extension) of each file; refuses the first that is empty, too big or not a
    PDF/JPEG/PNG by content, naming it."""
    if len(uploads) > MAX_FILES:
        raise DomainError(_("附件最多 %(max)d 个，现为 %(count)d 个。") % {"max": MAX_FILES, "count": len(uploads)},
                          field="attachments")
    found = []
    for upload in uploads:
        name = display_name(upload)
        if not upload.size:
            raise DomainError(_("附件“%(name)s”是空文件。") % {"name": name}, field="attachments")
        if upload.size > MAX_BYTES:
            raise DomainError(_("附件“%(name)s”有 %(size).1f MB，超过 10 MB 的上限。")
                              % {"name": name, "size": upload.size / 1024 / 1024}, field="attachments")
        upload.seek(0)
        kind = sniff(upload.read(16))
        upload.seek(0)
        if kind is None:
            raise DomainError(_("附件“%(name)s”不是 PDF、JPEG 或 PNG 文件（按文件内容判断，与扩展名无关）。")
                              % {"name": name}, field="attachments")
        found.append(kind)
    return found


def store(*, appeal: Appeal, uploads: list[UploadedFile], kinds: list[tuple[str, str]],
          acting_user) -> list[AppealAttachment]:
    stored = []
    for upload, (content_type, extension) in zip(uploads, kinds):
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = AppealAttachment(appeal=appeal, original_name=display_name(upload), content_type=content_type,
                                      size=upload.size, sha256=digest.hexdigest(), uploaded_by=acting_user)
        # A random stored name: the original name is only ever shown, never used as a path.
        attachment.file.save(f"{timezone.localdate():%Y%m%d}-{uuid.uuid4().hex}.{extension}", upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
