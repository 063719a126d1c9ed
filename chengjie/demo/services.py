"""Loading the demo county. Units, industry groups, parks and firms go through their apps' services, so
the demo's data passes the same checks and leaves the same audit rows as data a person enters."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from functools import cache

from django.contrib.auth.hashers import get_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc

from chengjie.accounts.models import User
from chengjie.accounts.services import USER_AUDIT_FIELDS
from chengjie.appeals.demo import load_demo_appeals
from chengjie.appraisal.demo import load_demo_appraisal
from chengjie.approvals.demo import load_demo_approvals
from chengjie.audit.services import audit_record, snapshot
from chengjie.bulletins.demo import load_demo_targets, publish_demo_bulletin
from chengjie.core.errors import DomainError
from chengjie.dispatch.demo import load_demo_meeting
from chengjie.inspections.demo import load_demo_inspections
from chengjie.org.models import Division, Unit
from chengjie.org.services import industry_group_create, unit_create
from chengjie.parks.models import Enterprise, Park
from chengjie.parks.services import enterprise_create, park_create
from chengjie.supervision.demo import sweep_last_month_end
from chengjie.supervision.sweep import warnings_sweep

from .clock import at
from .data import parks as park_data
from .data import people, units
from .selectors import demo_county_unit_count


@dataclass
class DemoSummary:
    departments: int = 0
    second_level: int = 0
    townships: int = 0
    park_committees: int = 0
    industry_groups: int = 0
    parks: int = 0
    enterprises: int = 0
    users: int = 0


@dataclass
class WorkSummary:
    year: int
    targets: int
    meeting: str
    action_items: int
    appraisal: str
    appraised_projects: int
    approvals: int
    appeals: int
    inspections: int
    month_end_notices: int
    answered: int
    bulletin: str
    notices: int


def demo_usernames() -> list[str]:
    return ([name for name, *_ in people.LEADERS] + [name for name, *_ in people.USERS]
            + [people.ENTERPRISE_USER[0]])


def demo_uscc(stem: str) -> str:
    """A valid 统一社会信用代码 for a demo firm: 9 (工商) 1 (企业), the county's code, an organisation
    code, and the check character GB 32100-2015 computes over the first 17."""
    body = f"91{units.COUNTY}MA2Q{stem}"
    return body + uscc.calc_check_digit(body)


@cache
def _demo_password_hash(algorithm: str) -> str:
    """The demo password hashed once per hasher: every demo account has the same published password, and
    PBKDF2's million rounds cost a third of a second a hash — most of the demo's load for 17 accounts. The
    accounts share the salt, which gives nothing away about a password that is public."""
    return make_password(people.DEMO_PASSWORD, hasher=algorithm)


def _user(*, username: str, full_name: str, role: str, title: str, division: Division, unit: Unit | None = None,
          enterprise: Enterprise | None = None) -> User:
    user = User(username=username, full_name=full_name, role=role, title=title, division=division, unit=unit,
                enterprise=enterprise)
    try:
        validate_password(people.DEMO_PASSWORD, user)
    except ValidationError as exc:
        raise DomainError(_("演示密码不符合当前的密码策略：%(reasons)s") % {"reasons": "；".join(exc.messages)}) from exc
    user.password = _demo_password_hash(get_hasher().algorithm)
    # The demo's password is published in the README, so it is not forced to change; administrators still
    # bind an authenticator at first login (等保).
    user.password_changed_at = timezone.now()
    user.save()
    audit_record(event="users.created", obj=user, after=snapshot(user, fields=USER_AUDIT_FIELDS),
                 note=_("chengjie demo 创建的演示账号"))
    return user


def _units(*, acting_user, county: Division, summary: DemoSummary) -> dict[str, Unit]:
    made: dict[str, Unit] = {}

    def make(name, short_name, kind, division_code, parent=None):
        made[name] = unit_create(acting_user=acting_user, name=name, short_name=short_name, kind=kind,
                                 division_code=division_code, parent=parent)
        return made[name]

    make(*units.LEADERSHIP, Unit.Kind.LEADERSHIP, county.code)
    for name, short_name, children in units.DEPARTMENTS:
        department = make(name, short_name, Unit.Kind.DEPARTMENT, county.code)
        summary.departments += 1
        for child in children:
            make(child, "", Unit.Kind.SECOND_LEVEL, county.code, parent=department)
            summary.second_level += 1
    for code, name in units.TOWNSHIPS:
        make(f"{name}人民政府", name, Unit.Kind.TOWNSHIP, code)
        summary.townships += 1
    for name, short_name, code in units.PARK_COMMITTEES:
        make(name, short_name, Unit.Kind.PARK, code)
        summary.park_committees += 1
    return made


def _parks(*, acting_user, unit_by_name: dict[str, Unit], summary: DemoSummary) -> dict[str, Park]:
    made = {}
    for name, kind, division_code, committee, facts in park_data.PARKS:
        made[name] = park_create(acting_user=acting_user, name=name, kind=kind, division_code=division_code,
                                 committee=unit_by_name[committee], **facts)
        summary.parks += 1
    return made


def _address(*, county: Division, park: Park) -> str:
    """The county, then the township unless the park's own name starts with it, then the park."""
    township = park.division.name if park.division.name.endswith(("镇", "乡")) else ""
    return f"{county.full_name}{'' if park.name.startswith(township) else township}{park.name}"


def _enterprises(*, acting_user, county: Division, park_by_name: dict[str, Park],
                 summary: DemoSummary) -> dict[str, Enterprise]:
    made = {}
    for park, stem, name, industry, legal_representative, capital, established in park_data.ENTERPRISES:
        park_obj = park_by_name[park]
        made[name] = enterprise_create(
            acting_user=acting_user, uscc=demo_uscc(stem), name=name, division_code=park_obj.division_id,
            park=park_obj, industry_code=industry, legal_representative=legal_representative,
            contact_name=legal_representative, address=_address(county=county, park=park_obj),
            registered_capital=capital, established_on=established)
        summary.enterprises += 1
    return made


def _account(username: str, *, county: Division, unit_by_name: dict[str, Unit]) -> User:
    full_name, role, unit, title = next(row[1:] for row in people.USERS if row[0] == username)
    return _user(username=username, full_name=full_name, role=role, title=title, division=county,
                 unit=unit_by_name[unit] if unit else None)


@transaction.atomic
def demo_load() -> DemoSummary:
    """Load 潜山市's demo data in one transaction, into a county that has no units yet."""
    if existing := demo_county_unit_count():
        raise DomainError(_("潜山市（%(code)s）已有 %(count)d 个单位，演示数据只加载到没有单位的县，未作任何修改。")
                          % {"code": units.COUNTY, "count": existing})
    if taken := list(User.objects.filter(username__in=demo_usernames()).values_list("username", flat=True)):
        raise DomainError(_("用户名 %(names)s 已被使用，演示数据未加载。") % {"names": "、".join(sorted(taken))})
    county = Division.objects.get(code=units.COUNTY)
    summary = DemoSummary()
    # The 系统管理员 keeps the organisation data; the 招商主管部门 registers parks and firms.
    sysadmin = _account("sysadmin", county=county, unit_by_name={})
    unit_by_name = _units(acting_user=sysadmin, county=county, summary=summary)
    leaders = {username: _user(username=username, full_name=full_name, role="leader", title=title, division=county,
                               unit=unit_by_name[units.LEADERSHIP[0]])
               for username, full_name, title in people.LEADERS}
    for name, leader, lead_unit, codes in people.INDUSTRY_GROUPS:
        industry_group_create(acting_user=sysadmin, name=name, division_code=county.code, leader=leaders[leader],
                              lead_unit=unit_by_name[lead_unit], industry_codes=codes)
        summary.industry_groups += 1
    bureau = _account("bureau", county=county, unit_by_name=unit_by_name)
    park_by_name = _parks(acting_user=bureau, unit_by_name=unit_by_name, summary=summary)
    firm_by_name = _enterprises(acting_user=bureau, county=county, park_by_name=park_by_name, summary=summary)
    for username, *_rest in people.USERS:
        if username not in {"sysadmin", "bureau"}:
            _account(username, county=county, unit_by_name=unit_by_name)
    username, full_name, firm, title = people.ENTERPRISE_USER
    _user(username=username, full_name=full_name, role="enterprise", title=title,
          division=firm_by_name[firm].division, enterprise=firm_by_name[firm])
    summary.users = len(demo_usernames())
    audit_record(event="demo.loaded", object_type="org.division", object_id=county.code,
                 object_repr=county.full_name, after=asdict(summary), note=_("chengjie demo 加载潜山市演示数据"))
    return summary


def demo_load_work(*, today: date) -> WorkSummary:
    """The county's work around its projects, each part replayed by its app at the moments it happened, in
    the order it happened: the year's targets, the last half-year appraisal and quarterly dispatch meeting,
    the approvals, appeals and inspections of firms in hand, last month-end's warning sweep with the plans
    units reported and the bulletin published from it, and last night's warning sweep (as the worker runs
    it at 01:30)."""
    people = {user.username: user for user in User.objects.filter(username__in=demo_usernames())}
    # Targets are handed down after the county's annual economic work meeting, in February.
    with at(date(today.year, 2, 15), 10):
        targets = load_demo_targets(acting_user=people["bureau"], year=today.year)
    appraisal = load_demo_appraisal(people=people, today=today)
    meeting = load_demo_meeting(people=people, today=today)
    approvals = load_demo_approvals(people=people, today=today)
    appeals = load_demo_appeals(people=people, today=today)
    inspections = load_demo_inspections(people=people, today=today)
    month_end, answered = sweep_last_month_end(people=people, today=today)
    bulletin = publish_demo_bulletin(acting_user=people["bureau"], today=today)
    with at(today, 1, 30):
        swept = warnings_sweep(today=today)
    return WorkSummary(year=today.year, targets=targets, meeting=meeting.title,
                       action_items=meeting.action_items.count(), appraisal=appraisal.title,
                       appraised_projects=appraisal.picks.count(), approvals=len(approvals), appeals=len(appeals),
                       inspections=len(inspections), month_end_notices=len(month_end.notices_issued),
                       answered=len(answered), bulletin=bulletin.title, notices=len(swept.notices_issued))
