"""A county's appeal categories: the tree (often three levels, 市场监管->食品安全->无证经营), each node's
default unit and its working-day limits. Limits left empty are inherited (see clock.Limits); every open
appeal's clocks follow a change at once, since no deadline is stored."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.org.models import Division, Unit
from chengjie.org.services import division_in_scope

from ..models import AppealCategory
from .appeals import check_unit
from .common import require

LIMIT_FIELDS = {"accept_workdays": gettext_lazy("签收时限"), "reply_workdays": gettext_lazy("答复时限"),
                "resolve_workdays": gettext_lazy("办结时限"), "complex_workdays": gettext_lazy("复杂诉求办结时限")}
AUDIT_FIELDS = ["county", "parent", "name", "default_unit", *LIMIT_FIELDS, "is_active"]
EDITABLE = {"name", "parent", "default_unit", *LIMIT_FIELDS, "is_active"}
# The 12345 exports write a category path as 一级->二级->三级; a name may not contain the separator.
PATH_SEPARATOR = "->"
# A year of working days: anything longer is a typing error, not a limit.
MAX_WORKDAYS = 250


def county_for(user, code: str | None = None) -> Division:
    code = (code or "").strip() or (user.scope_prefix or "")[:6]
    division = division_in_scope(user=user, code=code, field="county")
    if division.level != Division.Level.COUNTY:
        raise DomainError(_("诉求分类按县（市、区）设置：“%(name)s”不是县级行政区划。") % {"name": division.name},
                          field="county")
    return division


def _check(category: AppealCategory) -> None:
    category.name = clean_text(category.name, label=_("分类名称"), field="name", max_length=50, required=True)
    if PATH_SEPARATOR in category.name:
        raise DomainError(_("分类名称不能含“->”（它用来分隔上下级分类）。"), field="name")
    parent = category.parent
    if parent is not None:
        if parent.county_id != category.county_id:
            raise DomainError(_("上级分类“%(name)s”不属于本县（市、区）。") % {"name": parent.name}, field="parent")
        node = parent
        while node is not None:
            if category.pk is not None and node.pk == category.pk:
                raise DomainError(_("上级分类不能是本分类或其下级分类。"), field="parent")
            node = node.parent
    if category.default_unit is not None:
        check_unit(category.default_unit, county=category.county_id, field="default_unit")
    for field, label in LIMIT_FIELDS.items():
        value = getattr(category, field)
        if value is not None and not 1 <= value <= MAX_WORKDAYS:
            raise DomainError(_("%(label)s应为 1 至 %(max)d 个工作日，或留空沿用上级分类的时限。")
                              % {"label": label, "max": MAX_WORKDAYS}, field=field)
    if (category.resolve_workdays and category.complex_workdays
            and category.complex_workdays < category.resolve_workdays):
        raise DomainError(_("复杂诉求的办结时限不能短于一般诉求的办结时限。"), field="complex_workdays")
    siblings = AppealCategory.objects.filter(county_id=category.county_id, parent=parent, name=category.name)
    if siblings.exclude(pk=category.pk).exists():
        raise DomainError(_("同一上级分类下已有名为“%(name)s”的分类。") % {"name": category.name}, field="name")


@transaction.atomic
def appeal_category_create(*, acting_user, name: str, parent: AppealCategory | None = None,
                           default_unit: Unit | None = None, accept_workdays: int | None = None,
                           reply_workdays: int | None = None, resolve_workdays: int | None = None,
                           complex_workdays: int | None = None, county_code: str | None = None) -> AppealCategory:
    require(acting_user, "appeals.manage", _("维护诉求分类"))
    county = county_for(acting_user, county_code or (parent.county_id if parent else None))
    category = AppealCategory(county=county, name=name, parent=parent, default_unit=default_unit,
                              accept_workdays=accept_workdays, reply_workdays=reply_workdays,
                              resolve_workdays=resolve_workdays, complex_workdays=complex_workdays)
    _check(category)
    category.save()
    audit_record(event="appeal_category.created", acting_user=acting_user, obj=category,
                 after=snapshot(category, fields=AUDIT_FIELDS))
    return category


@transaction.atomic
def appeal_category_update(*, acting_user, category: AppealCategory, **changes) -> AppealCategory:
    require(acting_user, "appeals.manage", _("维护诉求分类"))
    category = AppealCategory.objects.select_for_update().get(pk=category.pk)
    county_for(acting_user, category.county_id)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise DomainError(_("不能修改这些字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    before = snapshot(category, fields=AUDIT_FIELDS)
    for field, value in changes.items():
        setattr(category, field, value)
    _check(category)
    category.save()
    after = snapshot(category, fields=AUDIT_FIELDS)
    if after != before:
        audit_record(event="appeal_category.updated", acting_user=acting_user, obj=category, before=before,
                     after=after)
    return category
