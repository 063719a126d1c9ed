"""Names written in a ledger matched to what the importing user may see: units, parks, industry groups,
divisions, industries, people and referrers. Each list is read once for the whole file, so a 10,000-row
ledger costs a handful of queries here, whatever its size."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.core.scope import division_q
from chengjie.leads.models import Referrer
from chengjie.org.models import Division, Industry, Unit
from chengjie.org.selectors import divisions_for_user, industry_groups_for_user, units_for_user
from chengjie.parks.selectors import parks_for_user

from .values import CellError

T = TypeVar("T")
# How many candidates an "ambiguous" message names before saying "等".
SHOWN = 3


def fold(text: str) -> str:
    """Names as compared: full-width forms folded, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


class NameIndex(Generic[T]):
    """Finds one item by a name as a ledger writes it: the exact name, then a short name, then the one
    item whose name contains what is written or is contained in it. Several candidates are an error
    that names them, never a guess."""

    def __init__(self, items: Iterable[T], names: Callable[[T], Iterable[str]], *, what: str,
                 label: Callable[[T], str] = str, outside: Callable[[str], str | None] | None = None):
        self.what = what
        self.label = label
        self.outside = outside
        self.entries: list[tuple[T, tuple[str, ...]]] = []
        self.exact: dict[str, list[T]] = {}
        for item in items:
            keys = tuple(dict.fromkeys(fold(name) for name in names(item) if name))
            self.entries.append((item, keys))
            for key in keys:
                self.exact.setdefault(key, []).append(item)
        self.cache: dict[str, T | CellError] = {}

    def find(self, written: str) -> T:
        key = fold(written)
        if key not in self.cache:
            self.cache[key] = self._find(key, written)
        found = self.cache[key]
        if isinstance(found, CellError):
            raise found
        return found

    def _find(self, key: str, written: str) -> T | CellError:
        exact = self.exact.get(key, [])
        if len(exact) == 1:
            return exact[0]
        candidates = exact or [item for item, names in self.entries
                               if any(key in name or (len(name) >= 2 and name in key) for name in names)]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            shown = "、".join(self.label(item) for item in candidates[:SHOWN]) + ("等" if len(candidates) > SHOWN else "")
            return CellError(_("“%(written)s”可指多个%(what)s（%(shown)s），请写全称") % {
                "written": written, "what": self.what, "shown": shown})
        if self.outside and (reason := self.outside(written)):
            return CellError(reason)
        return CellError(_("您的数据范围内没有名为“%(written)s”的%(what)s") % {"written": written, "what": self.what})


_INDUSTRY_CODE = re.compile(r"^[A-Ta-t]?(\d{2,4})(?:\D|$)")


class Directory:
    """Everything a ledger's names may refer to, in the importing user's scope."""

    def __init__(self, user: User):
        self.user = user
        self.units = NameIndex(units_for_user(user=user).filter(is_active=True),
                               lambda unit: (unit.name, unit.short_name), what=_("单位"),
                               label=lambda unit: unit.name, outside=self._unit_outside)
        self.parks = NameIndex(parks_for_user(user=user).filter(is_active=True), lambda park: (park.name,),
                               what=_("园区"))
        self.industry_groups = NameIndex(industry_groups_for_user(user=user).filter(is_active=True),
                                         lambda group: (group.name,), what=_("产业工作组"))
        self.divisions = NameIndex(divisions_for_user(user=user).filter(is_active=True, level__gte=Division.Level.COUNTY),
                                   lambda division: (division.name,), what=_("行政区划"),
                                   label=lambda division: f"{division.name}（{division.code}）")
        people = User.objects.filter(division_q(user), is_active=True).exclude(role="").select_related("unit")
        self.people = NameIndex(people, lambda person: (person.full_name, person.username), what=_("用户"),
                                label=lambda person: f"{person.display_name}（{person.unit or person.get_role_display()}）")
        self.leaders = NameIndex([person for person in people if person.role == Role.LEADER],
                                 lambda person: (person.full_name, person.username), what=_("领导账号"),
                                 label=lambda person: person.display_name)
        self.referrers = NameIndex(Referrer.objects.filter(division_q(user), is_active=True),
                                   lambda referrer: (referrer.name,), what=_("已备案的引荐人"))
        self._industries: dict[str, Industry] | None = None

    def _unit_outside(self, written: str) -> str | None:
        """A unit that exists but that the user may not act for is named as such, not as unknown."""
        key = fold(written)
        for unit in Unit.objects.filter(name=written) | Unit.objects.filter(short_name=written):
            if fold(unit.name) == key or fold(unit.short_name) == key:
                if not unit.is_active and unit.division_id.startswith(self.user.scope_prefix or "-"):
                    return _("单位“%(name)s”已停用") % {"name": unit.name}
                return _("单位“%(name)s”不在您的数据范围内") % {"name": unit.name}
        return None

    def industry(self, written: str) -> Industry:
        """GB/T 4754-2017 by code ("3811", "C3811", "3811 电机制造") or by exact name."""
        if self._industries is None:
            self._industries = {}
            for industry in Industry.objects.filter(is_active=True):
                self._industries[industry.code] = industry
                self._industries.setdefault(fold(industry.name), industry)
        key = fold(written)
        match = _INDUSTRY_CODE.match(key)
        found = self._industries.get(match.group(1)) if match else self._industries.get(key)
        if found is None:
            raise CellError(_("“%(written)s”不是国民经济行业分类（GB/T 4754-2017）的代码或名称") % {"written": written})
        return found
