"""委托招商机构: the chambers, associations and intermediaries a county has an agreement with. Disabled,
never deleted: leads keep pointing at them."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.core.updates import check_editable

from ..models import Agency, Lead
from .common import county_in_scope, require

AGENCY_AUDIT_FIELDS = ["name", "kind", "division", "agreement_from", "agreement_to", "contact", "is_active"]
AGENCY_EDITABLE = set(AGENCY_AUDIT_FIELDS) - {"division"}


def _check_agency(agency: Agency) -> None:
    agency.name = clean_text(agency.name, label=_("机构名称"), field="name", max_length=100, required=True)
    if agency.kind not in Agency.Kind.values:
        raise DomainError(_("机构类型“%(kind)s”无效。") % {"kind": agency.kind}, field="kind")
    agency.contact = clean_text(agency.contact, label=_("联系人"), field="contact", max_length=50, required=False)
    if agency.agreement_from and agency.agreement_to and agency.agreement_to < agency.agreement_from:
        raise DomainError(_("协议截止日期（%(to)s）早于起始日期（%(from)s）。")
                          % {"to": f"{agency.agreement_to:%Y-%m-%d}", "from": f"{agency.agreement_from:%Y-%m-%d}"},
                          field="agreement_to")
    clash = Agency.objects.filter(division_id=agency.division_id, name=agency.name).exclude(pk=agency.pk)
    if clash.exists():
        raise DomainError(_("本县（市、区）已登记名为“%(name)s”的委托招商机构。") % {"name": agency.name}, field="name")


@transaction.atomic
def agency_create(*, acting_user, name: str, kind: str, division_code: str | None = None,
                  agreement_from: date | None = None, agreement_to: date | None = None, contact: str = "") -> Agency:
    require(acting_user, "leads.manage", _("登记委托招商机构"))
    agency = Agency(name=name, kind=kind, division=county_in_scope(user=acting_user, code=division_code),
                    agreement_from=agreement_from, agreement_to=agreement_to, contact=contact)
    _check_agency(agency)
    agency.save()
    audit_record(event="agency.created", acting_user=acting_user, obj=agency,
                 after=snapshot(agency, fields=AGENCY_AUDIT_FIELDS))
    return agency


@transaction.atomic
def agency_update(*, acting_user, agency: Agency, **changes) -> Agency:
    """Change any of the agency's fields; `is_active=False` ends its use for new leads."""
    require(acting_user, "leads.manage", _("修改委托招商机构"))
    check_editable(changes, AGENCY_EDITABLE)
    agency = Agency.objects.select_for_update(of=("self",)).get(pk=agency.pk)
    prefix = acting_user.scope_prefix
    if prefix is None or not agency.division_id.startswith(prefix):
        raise DomainError(_("该机构不在您的数据范围内，未作任何修改。"), field="agency")
    before = snapshot(agency, fields=AGENCY_AUDIT_FIELDS)
    for field, value in changes.items():
        setattr(agency, field, value)
    _check_agency(agency)
    agency.save()
    audit_record(event="agency.updated", acting_user=acting_user, obj=agency, before=before,
                 after=snapshot(agency, fields=AGENCY_AUDIT_FIELDS))
    return agency


def check_agency(agency: Agency | None, *, channel: str, county: str, on: date) -> None:
    """A lead from the entrusted-agency channel names the agency, which must be in force on `on`."""
    if agency is None:
        if channel == Lead.Channel.AGENCY:
            raise DomainError(_("来源渠道为委托招商时，请选择委托招商机构。"), field="agency")
        return
    if agency.division_id[:6] != county:
        raise DomainError(_("委托招商机构“%(name)s”不属于本县（市、区）。") % {"name": agency.name}, field="agency")
    if not agency.is_active:
        raise DomainError(_("委托招商机构“%(name)s”已停用，不能选用。") % {"name": agency.name}, field="agency")
    if agency.agreement_to is not None and agency.agreement_to < on:
        raise DomainError(_("委托招商机构“%(name)s”的协议已于 %(date)s 到期。")
                          % {"name": agency.name, "date": f"{agency.agreement_to:%Y-%m-%d}"}, field="agency")
    if agency.agreement_from is not None and agency.agreement_from > on:
        raise DomainError(_("委托招商机构“%(name)s”的协议自 %(date)s 起才生效。")
                          % {"name": agency.name, "date": f"{agency.agreement_from:%Y-%m-%d}"}, field="agency")
