"""Checks the project services share: who may act on a project or a node, and value cleaning."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

from chengjie.core.errors import DomainError

from ..models import Project


def require_capability(user, capability: str, action: str) -> None:
    if not user.is_authenticated or not user.has_capability(capability):
        raise DomainError(f"您的角色不能{action}。", code="forbidden")


def in_scope(user, division_code: str) -> bool:
    prefix = user.scope_prefix
    return prefix is not None and division_code.startswith(prefix)


def require_project_in_scope(user, project: Project) -> None:
    if not in_scope(user, project.division_id):
        raise DomainError("该项目不在您的数据范围内，未作任何修改。", code="forbidden")


def require_bureau(user, project: Project, action: str) -> None:
    """招商主管部门 actions: signing, plans, approvals, duplicate checks."""
    require_capability(user, "projects.manage", action)
    require_project_in_scope(user, project)


def in_unit(user, unit_id: int | None) -> bool:
    return unit_id is not None and user.unit_id is not None and unit_id in user.unit_and_descendant_ids()


def require_introducing_unit_or_bureau(user, project: Project, *, capability: str, action: str) -> None:
    """谁引进、谁服务: the introducing unit (or the bureau) keeps a project's plan and figures."""
    require_capability(user, capability, action)
    require_project_in_scope(user, project)
    if user.has_capability("projects.manage"):
        return
    if not in_unit(user, project.introducing_unit_id):
        raise DomainError(f"只有引进单位（{project.introducing_unit}）或招商主管部门可以{action}。", code="forbidden")




def clean_amount(value, *, label: str, field: str, required: bool = True) -> Decimal:
    """万元, two decimals, not negative."""
    if value is None or value == "":
        if required:
            raise DomainError(f"请填写{label}。", field=field)
        return Decimal(0)
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise DomainError(f"{label}“{value}”不是数字。", field=field) from None
    if not amount.is_finite():
        raise DomainError(f"{label}“{value}”不是数字。", field=field)
    if amount < 0:
        raise DomainError(f"{label}不能为负数。", field=field)
    if amount >= Decimal("1e12"):
        raise DomainError(f"{label}超出可记录的范围（单位为万元）。", field=field)
    # Stored with two decimals; quantising here keeps the audit row equal to what the database holds.
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def not_future(value: date, *, label: str, field: str) -> date:
    today = timezone.localdate()
    if value > today:
        raise DomainError(f"{label}（{value:%Y-%m-%d}）晚于今天（{today:%Y-%m-%d}），不能填报将来的日期。", field=field)
    return value
