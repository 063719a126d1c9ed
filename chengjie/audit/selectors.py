"""Reading the audit trail: verification and the audit administrator's search."""

from __future__ import annotations

from dataclasses import dataclass

from .chain import GENESIS, HASHED_FIELDS, row_hash
from .models import AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def audit_verify(*, batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return how many rows were checked and the first break, if any."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    rows = AuditEvent.objects.order_by("seq").values(*HASHED_FIELDS, "hash")
    for row in rows.iterator(chunk_size=batch_size):
        if row["seq"] != expected_seq:
            return checked, ChainBreak(expected_seq, f"第 {expected_seq} 条记录缺失（下一条是第 {row['seq']} 条）")
        if row["prev_hash"] != expected_prev:
            return checked, ChainBreak(row["seq"], "前序哈希与上一条记录不符（上一条被修改或删除）")
        if row_hash(row) != row["hash"]:
            return checked, ChainBreak(row["seq"], "记录内容与其哈希不符（记录被修改）")
        expected_prev, expected_seq, checked = row["hash"], expected_seq + 1, checked + 1
    return checked, None
