"""Test helpers for inspections, shared with the service app's tests.

    firm_b = second_firm(cast)                      # another firm of the county, with its own user
    inspection = register(cast, planned_on=day)     # registered by unit A's clerk, two inspectors
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.parks.models import Enterprise

from .models import Inspection
from .services import inspection_register, inspection_report

USCC_B = "91340882MA2N0C1Y24"
INSPECTORS = [("张卫东", "3408001001"), ("李晓梅", "3408001002")]


@dataclass
class SecondFirm:
    firm: Enterprise
    user: User


def second_firm(cast) -> SecondFirm:
    from chengjie.core.testing import make_user

    firm = Enterprise.objects.create(uscc=USCC_B, name="潜山源潭毛刷厂", division_id="340882101")
    user = make_user("firm_b", role=Role.ENTERPRISE, enterprise=firm, division="340882101", full_name="毛刷厂用户")
    return SecondFirm(firm=firm, user=user)


def register(cast, *, planned_on: date, enterprise: Enterprise | None = None, by: User | None = None,
             purpose: str = "安全生产检查") -> Inspection:
    return inspection_register(acting_user=by or cast.clerk_a, enterprise=enterprise or cast.firm,
                               planned_on=planned_on, purpose=purpose, legal_basis="《安全生产法》第六十五条",
                               inspectors=INSPECTORS)


def report(cast, *, occurred_on: date, unit=None, by: User | None = None,
           description: str = "两名执法人员未出示执法证，检查了消防通道。") -> Inspection:
    return inspection_report(acting_user=by or cast.enterprise, unit=unit or cast.unit_b, occurred_on=occurred_on,
                             description=description)
