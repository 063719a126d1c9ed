"""Typed text as services store it: trimmed, required when the service says so, within the column."""

import pytest

from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text


def test_text_is_trimmed_and_may_be_left_empty_when_not_required():
    assert clean_text("  潜山市经信局 ", label="单位名称", field="name", max_length=10, required=True) == "潜山市经信局"
    assert clean_text(None, label="备注", field="note", max_length=10, required=False) == ""


def test_missing_or_too_long_text_names_the_field_and_the_reason():
    with pytest.raises(DomainError) as missing:
        clean_text("   ", label="退回理由", field="reason", max_length=500, required=True)
    assert (str(missing.value), missing.value.field) == ("请填写退回理由。", "reason")
    with pytest.raises(DomainError) as long:
        clean_text("一二三四五六", label="简称", field="short_name", max_length=5, required=False)
    assert (str(long.value), long.value.field) == ("简称不能超过 5 个字（现为 6 个）。", "short_name")
