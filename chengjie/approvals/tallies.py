"""The defaults counted against each unit in a year (超时默认制): the first means a formal talk (约谈), two
or more mean public criticism (通报批评). Counted from the recorded deemed approvals and, so that the lists
are right even before the job has run, from undecided requests whose clock has already run out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from chengjie.org.models import Unit

from .clock import Status, request_clock, status_of
from .models import ApprovalRequest, DeemedApproval

TALK = "talk"
CRITICISM = "criticism"
CONSEQUENCE_LABELS = {TALK: _("约谈"), CRITICISM: _("通报批评")}


@dataclass(frozen=True)
class Default:
    request: ApprovalRequest
    deemed_on: date
    recorded: bool


@dataclass
class UnitTally:
    unit: Unit
    defaults: list[Default] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.defaults)

    @property
    def consequence(self) -> str:
        return CRITICISM if self.count >= 2 else TALK

    @property
    def consequence_label(self) -> str:
        return CONSEQUENCE_LABELS[self.consequence]


def default_tallies(*, requests, year: int, today: date) -> list[UnitTally]:
    """Units with at least one default in `year` among `requests` (already scoped to the reader), most
    defaults first."""
    by_unit: dict[int, list[Default]] = defaultdict(list)
    recorded = (DeemedApproval.objects.filter(request__in=requests.values("pk"), deemed_on__year=year)
                .select_related("request__matter", "request__enterprise"))
    for deemed in recorded:
        by_unit[deemed.unit_id].append(Default(deemed.request, deemed.deemed_on, True))
    pending = (requests.filter(deemed_approval_applies=True, decided_on__isnull=True, deemed_approval__isnull=True)
               .select_related("matter", "enterprise").prefetch_related("stops"))
    for request in pending:
        clock = request_clock(request, today=today, stops=request.stops.all())
        if status_of(request, clock) == Status.DEEMED and clock.deadline.year == year:
            by_unit[request.handling_unit_id].append(Default(request, clock.deadline, False))
    units = Unit.objects.in_bulk(list(by_unit))
    tallies = [UnitTally(units[pk], sorted(items, key=lambda item: item.deemed_on)) for pk, items in by_unit.items()]
    return sorted(tallies, key=lambda tally: (-tally.count, tally.unit.name))
