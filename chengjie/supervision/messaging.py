"""Who hears of a supervision notice, and what they read. Messages go through the foundation's `notify`
(inbox + each person's channels, queued after commit). A person who receives several notices at once
gets one message listing them, not one per notice: a county's first sweep can issue dozens."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.notifications.services import notify

from .models import SupervisionNotice

# The unit's own people who answer a notice: its clerks, its head, and a park committee's staff.
UNIT_ROLES = (Role.UNIT_CLERK, Role.UNIT_HEAD, Role.PARK)
LISTED_IN_DIGEST = 30


def unit_people(unit_ids: Iterable[int], *, roles=UNIT_ROLES) -> dict[int, list[User]]:
    people: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(unit_id__in=set(unit_ids), role__in=roles, is_active=True).order_by("pk"):
        people[user.unit_id].append(user)
    return people


def users_by_id(user_ids: Iterable[int]) -> dict[int, User]:
    return {user.pk: user for user in User.objects.filter(pk__in={pk for pk in user_ids if pk}, is_active=True)}


def bureau_people(county_codes: Iterable[str]) -> dict[str, list[User]]:
    """The bureau's staff of each county (the office that owns the pipeline and takes the last escalation)."""
    people: dict[str, list[User]] = defaultdict(list)
    for user in User.objects.filter(role=Role.BUREAU, division_id__in=set(county_codes), is_active=True).order_by("pk"):
        people[user.division_id].append(user)
    return people


def notice_line(notice: SupervisionNotice) -> str:
    return _("%(code)s %(project)s：%(reason)s") % {"code": notice.code, "project": notice.project.name,
                                                    "reason": notice.reason}


def tell(*, recipients: list[User], notice: SupervisionNotice, kind: str, title: str, body: str = "") -> None:
    """One message about one notice, linking to it."""
    if recipients:
        notify(recipients=recipients, kind=kind, title=title[:200], body=body,
               link=reverse("supervision:notice_detail", args=[notice.pk]))


def announce(*, recipients: list[User], notices: list[SupervisionNotice], kind: str, title_one: Callable,
             title_many: Callable, body_one: Callable) -> None:
    """One message to `recipients` about `notices`: the notice itself when there is one, else a list."""
    if not recipients or not notices:
        return
    if len(notices) == 1:
        tell(recipients=recipients, notice=notices[0], kind=kind, title=title_one(notices[0]), body=body_one(notices[0]))
        return
    lines = [notice_line(notice) for notice in notices[:LISTED_IN_DIGEST]]
    if len(notices) > LISTED_IN_DIGEST:
        lines.append(_("……共 %(count)d 份，请在督办单列表查看。") % {"count": len(notices)})
    notify(recipients=recipients, kind=kind, title=title_many(len(notices))[:200], body="\n".join(lines),
           link=reverse("supervision:notice_list"))


Pairs = Iterable[tuple[list[User], SupervisionNotice]]


def group_by_recipients(pairs: Pairs) -> list[tuple[list[User], list[SupervisionNotice]]]:
    """(people, notice) pairs → one entry per distinct group of people, with all their notices."""
    groups: dict[tuple[int, ...], tuple[list[User], list[SupervisionNotice]]] = {}
    for people, notice in pairs:
        if not people:
            continue
        key = tuple(sorted(user.pk for user in people))
        groups.setdefault(key, (people, []))[1].append(notice)
    return list(groups.values())
