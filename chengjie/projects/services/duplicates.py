"""Duplicate signings (DOMAIN.md "What users hate", 3): the same project signed again at a later event
inflates the county's figures. A signing whose investor and name closely match a project of the same
county signed within 24 months is flagged for the bureau to confirm as distinct or merge."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from django.db import transaction

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.org.models import Division

from ..models import Project
from ._common import require_bureau

WINDOW_MONTHS = 24
# Ratios of difflib's matching blocks on the normalised names. Chosen on real pairs: "安徽恒丰刷业有限公司" vs
# "恒丰刷业（安徽）有限公司" match; "潜山恒丰刷业" vs "潜山恒泰电子" do not.
INVESTOR_SIMILAR = 0.8
NAME_SIMILAR = 0.75
_NOISE = re.compile(r"[\s\W_]+|有限责任公司|股份有限公司|有限公司|集团|公司|项目|工程|一期|建设")
# "恒丰刷业（苏州）有限公司": a bracketed place or branch is how the same firm is written another way.
_BRACKETED = re.compile(r"\([^)]*\)")
_DIVISION_SUFFIX = re.compile(r"(省|市|县|区|自治州|自治县)$")


def place_names(division_code: str) -> tuple[str, ...]:
    """The names of the project's province, city and county without their suffix (安徽, 安庆, 潜山): every
    local investor and project carries them, so they say nothing about which one it is."""
    codes = [division_code[:n] for n in (2, 4, 6) if n <= len(division_code)]
    names = Division.objects.filter(code__in=codes).values_list("name", flat=True)
    return tuple(stem for name in names if len(stem := _DIVISION_SUFFIX.sub("", name)) >= 2)


def normalise(name: str, places: tuple[str, ...] = ()) -> str:
    """Full-width to half-width, bracketed parts, punctuation, company suffixes and the local place names
    removed: what is left is the part that tells two investors or projects apart."""
    text = _NOISE.sub("", _BRACKETED.sub("", unicodedata.normalize("NFKC", name or "").lower()))
    for place in places:
        text = text.replace(place, "")
    return text


def similar(a: str, b: str, threshold: float, places: tuple[str, ...] = ()) -> bool:
    a, b = normalise(a, places), normalise(b, places)
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    return SequenceMatcher(None, a, b).ratio() >= threshold


def months_before(day: date, months: int) -> date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_after(day: date, months: int) -> date:
    return months_before(day, -months)


@dataclass(frozen=True)
class DuplicateMatch:
    project_id: int
    name: str
    investor_name: str
    signed_on: date


def find_duplicates(*, division_code: str, name: str, investor_name: str, investor_id: int | None,
                    signed_on: date, exclude_pk: int | None = None) -> list[DuplicateMatch]:
    """Projects of the same county signed within 24 months either side whose investor (the same registered
    firm, or a similar name) and project name are similar. Closest signing date first."""
    rows = (Project.objects.filter(division__code__startswith=division_code[:6],
                                   signed_on__range=(months_before(signed_on, WINDOW_MONTHS),
                                                     months_after(signed_on, WINDOW_MONTHS)))
            .exclude(duplicate_state=Project.DuplicateState.MERGED)
            .values_list("pk", "name", "investor_name", "investor_id", "signed_on"))
    places = place_names(division_code)
    matches = []
    for pk, other_name, other_investor, other_investor_id, other_signed in rows:
        if pk == exclude_pk:
            continue
        same_investor = (investor_id is not None and investor_id == other_investor_id) or similar(
            investor_name, other_investor, INVESTOR_SIMILAR, places)
        if same_investor and similar(name, other_name, NAME_SIMILAR, places):
            matches.append(DuplicateMatch(pk, other_name, other_investor, other_signed))
    return sorted(matches, key=lambda m: (abs((m.signed_on - signed_on).days), m.project_id))


DUPLICATE_FIELDS = ["duplicate_state", "duplicate_of"]


@transaction.atomic
def project_duplicate_resolve(*, acting_user, project: Project, decision: str, note: str = "") -> Project:
    """The bureau's answer to a suspected duplicate: `distinct` (two real projects) or `merged` (the later
    signing is the same project: it leaves every list and count, and points at the one it repeats)."""
    require_bureau(acting_user, project, "核查重复签约")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.duplicate_state != Project.DuplicateState.SUSPECTED:
        raise DomainError(f"项目“{project.name}”不是待核查的疑似重复签约（当前：{project.get_duplicate_state_display()}）。",
                          field="decision")
    note = clean_text(note, label="核查说明", field="note", max_length=500, required=decision == "merged")
    before = snapshot(project, fields=DUPLICATE_FIELDS)
    if decision == "distinct":
        project.duplicate_state = Project.DuplicateState.DISTINCT
    elif decision == "merged":
        if project.duplicate_of_id is None:
            raise DomainError("没有记录与之重复的项目，无法合并。", field="decision")
        project.duplicate_state = Project.DuplicateState.MERGED
    else:
        raise DomainError(f"核查结论“{decision}”无效：应为“确认不重复”或“合并”。", field="decision")
    project.save(update_fields=["duplicate_state"])
    audit_record(event=f"projects.duplicate_{decision}", acting_user=acting_user, obj=project, before=before,
                 after=snapshot(project, fields=DUPLICATE_FIELDS), note=note)
    return project
