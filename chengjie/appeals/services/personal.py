"""The caller's phone number is personal data (个人信息保护法 art. 51: least exposure): every page, export and
API answer shows it masked; the full number only through the project's one audited reveal."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from chengjie.parks.services import personal_value_reveal

from ..models import Appeal
from .common import require_in_scope

PERSONAL_FIELDS = {"caller_phone": _("联系电话")}


@transaction.atomic
def appeal_reveal(*, acting_user, appeal: Appeal, field: str, purpose: str) -> str:
    require_in_scope(acting_user, appeal)
    return personal_value_reveal(acting_user=acting_user, obj=appeal, fields=PERSONAL_FIELDS, field=field,
                                 purpose=purpose)
