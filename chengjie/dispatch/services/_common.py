"""Checks the dispatch services share."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chengjie.core.errors import DomainError
from chengjie.org.models import Division


def require(user, capability: str, message: str) -> None:
    if not user.is_authenticated or not user.has_capability(capability):
        raise DomainError(message, code="forbidden")


def in_scope(user, division_code: str) -> bool:
    prefix = user.scope_prefix
    return prefix is not None and division_code.startswith(prefix)


def require_in_scope(user, division_code: str) -> None:
    if not in_scope(user, division_code):
        raise DomainError(_("该季度调度会不在您的数据范围内，未作任何修改。"), code="forbidden")


def county_of(user, division_code: str) -> Division:
    """A county-level division (县、市、区) in the user's scope: meetings and settings are a county's."""
    division = Division.objects.filter(code=division_code).first()
    if division is None or division.level != Division.Level.COUNTY:
        raise DomainError(_("“%(code)s”不是县级行政区划，季度调度按县（市、区）组织。") % {"code": division_code},
                          field="division")
    if not in_scope(user, division.code):
        raise DomainError(_("行政区划“%(name)s”不在您的数据范围内。") % {"name": division.name}, field="division")
    return division


