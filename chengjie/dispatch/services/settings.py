"""A county's dispatch settings."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text

from ..models import DispatchSetting
from ._common import county_of, require

SETTING_FIELDS = ["division", "stalled_months", "organ", "number_prefix"]


@transaction.atomic
def dispatch_setting_set(*, acting_user, division_code: str, stalled_months: int, organ: str,
                         number_prefix: str) -> DispatchSetting:
    require(acting_user, "dispatch.manage", _("只有招商主管部门可以修改季度调度设置。"))
    division = county_of(acting_user, division_code)
    if isinstance(stalled_months, bool) or not isinstance(stalled_months, int) or not 1 <= stalled_months <= 24:
        raise DomainError(_("签而不动认定月数应为 1 到 24 之间的整数，实际是“%(value)s”。") % {"value": stalled_months},
                          field="stalled_months")
    organ = clean_text(organ, label=_("纪要发文机关"), field="organ", max_length=60, required=True)
    number_prefix = clean_text(number_prefix, label=_("发文机关代字"), field="number_prefix", max_length=10, required=True)
    if number_prefix.endswith("第") or any(c in number_prefix for c in "〔〕[]（）()"):
        # GB/T 9704-2012 7.2.5: 发文字号 = 代字 + 〔year〕 + number 号, without 第.
        raise DomainError(_("发文机关代字只写代字本身，如“潜招”；年份、括号和“第”字不写。"), field="number_prefix")
    setting = DispatchSetting.objects.select_for_update().filter(division=division).first()
    before = snapshot(setting, fields=SETTING_FIELDS) if setting else None
    if setting is None:
        setting = DispatchSetting(division=division)
    setting.stalled_months, setting.organ, setting.number_prefix = stalled_months, organ, number_prefix
    setting.changed_by = acting_user
    setting.save()
    audit_record(event="dispatch.setting_changed", acting_user=acting_user, obj=setting,
                 object_repr=_("%(division)s 季度调度设置") % {"division": division.name},
                 before=before, after=snapshot(setting, fields=SETTING_FIELDS))
    return setting
