"""全程代理: a firm authorises a service agent (代办员) to file and follow its approvals. The authorisation
names who signed it, when, for which matters and until when, and carries the signed letter; it is
revoked, never deleted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.parks.models import Enterprise

from ..models import Authorisation, Matter
from ..selectors import active_authorisations
from .common import check_upload, require, save_upload

AUDIT_FIELDS = ["enterprise", "agent", "authorised_by", "authorised_on", "valid_until", "all_matters",
                "letter_name", "letter_sha256", "revoked_at", "revoke_reason"]


def _check_agent(agent: User, enterprise: Enterprise) -> None:
    if agent.role != Role.AGENT or not agent.is_active:
        raise DomainError(_("“%(name)s”不是在职的代办员。") % {"name": agent.display_name}, field="agent")
    prefix = agent.scope_prefix
    if prefix is None or not enterprise.division_id.startswith(prefix):
        raise DomainError(_("代办员“%(name)s”的服务范围不含“%(firm)s”所在地区。")
                          % {"name": agent.display_name, "firm": enterprise.name}, field="agent")


def _check_recorder(acting_user, *, enterprise: Enterprise, agent: User) -> None:
    """The firm records its own authorisation; an agent records one made out to them, letter in hand."""
    require(acting_user, "approvals.file", _("登记代办授权"))
    if acting_user.binds_enterprise:
        if acting_user.enterprise_id != enterprise.pk:
            raise DomainError(_("只能登记本企业的代办授权。"), field="enterprise")
    elif acting_user.role == Role.AGENT:
        if agent.pk != acting_user.pk:
            raise DomainError(_("代办员只能登记委托给自己的授权。"), field="agent")
    else:
        raise DomainError(_("您的角色不能登记代办授权。"), code="forbidden")


@transaction.atomic
def authorisation_record(*, acting_user, enterprise: Enterprise, agent: User, authorised_by: str,
                         authorised_on: date, letter: UploadedFile | None, valid_until: date | None = None,
                         all_matters: bool = True, matters: Iterable[Matter] = ()) -> Authorisation:
    _check_recorder(acting_user, enterprise=enterprise, agent=agent)
    if not enterprise.is_active:
        raise DomainError(_("企业“%(name)s”已不再存续。") % {"name": enterprise.name}, field="enterprise")
    _check_agent(agent, enterprise)
    authorised_by = clean_text(authorised_by, label=_("授权人"), field="authorised_by", max_length=100, required=True)
    today = timezone.localdate()
    if authorised_on is None or authorised_on > today:
        raise DomainError(_("授权日期不能晚于今天。"), field="authorised_on")
    if valid_until is not None and valid_until < today:
        raise DomainError(_("有效期至 %(day)s 已过，无需登记。") % {"day": valid_until.isoformat()}, field="valid_until")
    if valid_until is not None and valid_until < authorised_on:
        raise DomainError(_("有效期不能早于授权日期。"), field="valid_until")
    matters = [] if all_matters else list(matters)
    if not all_matters and not matters:
        raise DomainError(_("请选择委托办理的事项，或勾选“委托办理全部审批事项”。"), field="matters")
    for matter in matters:
        if not enterprise.division_id.startswith(matter.division_id) or not matter.is_active:
            raise DomainError(_("事项“%(name)s”不是企业所在县启用中的审批事项。") % {"name": matter.name}, field="matters")
    if Authorisation.objects.filter(active_authorisations(on=today), enterprise=enterprise, agent=agent).exists():
        raise DomainError(_("“%(firm)s”对“%(agent)s”已有有效的代办授权；如需变更范围，请先撤销原授权。")
                          % {"firm": enterprise.name, "agent": agent.display_name}, field="agent")
    content_type, extension = check_upload(letter, field="letter", label=_("授权委托书"))
    authorisation = Authorisation(enterprise=enterprise, agent=agent, authorised_by=authorised_by,
                                  authorised_on=authorised_on, valid_until=valid_until, all_matters=all_matters,
                                  letter_content_type=content_type, recorded_by=acting_user,
                                  recorded_at=timezone.now())
    facts = save_upload(authorisation.letter, letter, extension=extension)
    authorisation.letter_name, authorisation.letter_size = facts["original_name"], facts["size"]
    authorisation.letter_sha256 = facts["sha256"]
    authorisation.save()
    authorisation.matters.set(matters)
    audit_record(event="authorisation.recorded", acting_user=acting_user, obj=authorisation,
                 after={**snapshot(authorisation, fields=AUDIT_FIELDS), "matters": sorted(m.pk for m in matters)})
    return authorisation


@transaction.atomic
def authorisation_revoke(*, acting_user, authorisation: Authorisation, reason: str) -> Authorisation:
    """The firm withdraws its authorisation, or the agent gives it up. Requests already filed go on."""
    authorisation = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
    own_firm = acting_user.binds_enterprise and acting_user.enterprise_id == authorisation.enterprise_id
    own_agent = acting_user.role == Role.AGENT and acting_user.pk == authorisation.agent_id
    if not (acting_user.has_capability("approvals.file") and (own_firm or own_agent)):
        raise DomainError(_("只有委托企业或受托代办员本人可以撤销授权。"), code="forbidden")
    if authorisation.revoked_at is not None:
        raise DomainError(_("该授权已于 %(day)s 撤销。") % {"day": timezone.localdate(authorisation.revoked_at)})
    before = snapshot(authorisation, fields=AUDIT_FIELDS)
    authorisation.revoke_reason = clean_text(reason, label=_("撤销原因"), field="reason", max_length=200,
                                             required=True)
    authorisation.revoked_at, authorisation.revoked_by = timezone.now(), acting_user
    authorisation.save(update_fields=["revoke_reason", "revoked_at", "revoked_by"])
    audit_record(event="authorisation.revoked", acting_user=acting_user, obj=authorisation, before=before,
                 after=snapshot(authorisation, fields=AUDIT_FIELDS), note=authorisation.revoke_reason)
    return authorisation
