"""佐证材料: the file that proves a node. Only PDF, JPEG and PNG, known by their first bytes (a name or a
browser's claimed type proves nothing), at most 10 MB each, stored under DATA_DIR/files (outside the web
root) with a random name, and served only through a view that checks the reader's scope."""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from chengjie.core.errors import DomainError
from chengjie.core.uploads import display_name, sniff

from ..models import Evidence, Node

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
OTHER_KIND = "其他材料"


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """Refuse a file that is too big, empty or not a PDF/JPEG/PNG by content, naming it and the reason."""
    name = display_name(upload)
    if upload.size is None or upload.size == 0:
        raise DomainError(f"文件“{name}”是空文件。", field="evidence")
    if upload.size > MAX_BYTES:
        raise DomainError(f"文件“{name}”有 {upload.size / 1024 / 1024:.2f} MB，超过 {MAX_BYTES // 1024 // 1024} MB 的上限。",
                          field="evidence")
    upload.seek(0)
    found = sniff(upload.read(16))
    upload.seek(0)
    if found is None:
        raise DomainError(f"文件“{name}”不是 PDF、JPEG 或 PNG 文件（按文件内容判断，与扩展名无关）。", field="evidence")
    return found


def match_kinds(node: Node, uploads: list[UploadedFile], kinds: list[str] | None) -> list[str]:
    """The kind of each file. Without explicit kinds the files are taken in the order the node lists
    its required materials. Every required material needs at least one file."""
    if len(uploads) > MAX_FILES:
        raise DomainError(f"一次最多上传 {MAX_FILES} 个文件。", field="evidence")
    required = list(node.required_evidence)
    if kinds is None:
        kinds = [required[i] if i < len(required) else OTHER_KIND for i in range(len(uploads))]
    if len(kinds) != len(uploads):
        raise DomainError("材料类型与文件数量不一致。", field="evidence")
    missing = [kind for kind in required if kind not in kinds]
    if missing and not node.evidence.filter(kind__in=missing).exists():
        raise DomainError(f"节点“{node.name}”需要上传佐证材料：{'、'.join(missing)}。", field="evidence")
    return [(kind or OTHER_KIND)[:50] for kind in kinds]


def missing_kinds(node: Node) -> list[str]:
    """The materials the node requires that none of its files is: what still lacks before it is confirmed (a
    date taken from a ledger comes without any)."""
    held = set(node.evidence.values_list("kind", flat=True))
    return [kind for kind in node.required_evidence if kind not in held]


def store(*, node: Node, upload: UploadedFile, kind: str, content_type: str, extension: str,
          acting_user) -> Evidence:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(node=node, kind=kind, original_name=display_name(upload), content_type=content_type,
                        size=upload.size, sha256=digest.hexdigest(), uploaded_by=acting_user)
    # A random stored name: the original name is only ever shown, never used as a path.
    evidence.file.save(f"{timezone.localdate():%Y%m%d}-{uuid.uuid4().hex}.{extension}", upload, save=False)
    evidence.save()
    return evidence
