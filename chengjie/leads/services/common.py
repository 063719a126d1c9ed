"""Checks the lead services share: text, the county a registry belongs to, capabilities."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from chengjie.core.errors import DomainError
from chengjie.org.models import Division, Industry, IndustryGroup
from chengjie.org.services import division_in_scope

NOTE_MAX = 2000




def same_name(a: str, b: str) -> bool:
    """Names compared as people type them: full-width and half-width alike, spaces ignored."""
    def norm(value: str) -> str:
        return "".join(unicodedata.normalize("NFKC", value or "").split()).casefold()

    return bool(norm(a)) and norm(a) == norm(b)


def require(user, capability: str, what: str) -> None:
    if not user.has_capability(capability):
        raise DomainError(_("您的角色不能%(what)s。") % {"what": what}, code="forbidden")


def county_in_scope(*, user, code: str | None, field: str = "division") -> Division:
    """The county (县级) a registry row belongs to: the one named, else the user's own county."""
    code = (code or "").strip() or (user.scope_prefix or "")[:6]
    division = division_in_scope(user=user, code=code, field=field)
    if division.level != Division.Level.COUNTY:
        raise DomainError(_("请选择县（市、区）：“%(name)s”不是县级行政区划。") % {"name": division.name}, field=field)
    return division


def industry_of(code: str | None) -> Industry | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    industry = Industry.objects.filter(code=code, is_active=True).first()
    if industry is None:
        raise DomainError(_("行业代码“%(code)s”不在国民经济行业分类（GB/T 4754-2017）中。") % {"code": code},
                          field="industry")
    return industry


def check_industry_group(group: IndustryGroup | None, *, county: str) -> None:
    if group is None:
        return
    if group.division_id[:6] != county:
        raise DomainError(_("产业工作组“%(name)s”不属于本县（市、区）。") % {"name": group.name}, field="industry_group")
    if not group.is_active:
        raise DomainError(_("产业工作组“%(name)s”已停用，不能选用。") % {"name": group.name}, field="industry_group")
