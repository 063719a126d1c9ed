"""An action item's colour, derived from its deadline on every read by the supervision deadline rule
(期限规则), as a node's is: green = done on time; blue = open and on track; yellow = due within the
county's N working days, or done late; red = overdue and not done.

An action item has a deadline, not a monthly pace, so it is always held to the deadline rule: a county
whose preset is the deadline rule (or the countdown variant, or the sticky rule over it) lends its
parameters; a county on the progress rule has the deadline rule's defaults. The sticky rule's history is
not kept for action items: their colour is today's."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from chengjie.supervision.models import WarningPreset
from chengjie.supervision.rules import DEADLINE_DEFAULTS, ColourResult, Evaluator, NodeFacts
from chengjie.supervision.selectors import preset_table

from .models import ActionItem

Rule = WarningPreset.Rule


def deadline_parameters(preset: WarningPreset) -> dict:
    parameters = dict(preset.parameters)
    base = parameters.pop("base", None) if preset.rule == Rule.STICKY else preset.rule
    return parameters if base == Rule.DEADLINE else dict(DEADLINE_DEFAULTS)


class ActionClock:
    """One evaluator per county preset, for a page of action items (one read of the presets in force)."""

    def __init__(self, *, today: date | None = None):
        self.today = today or timezone.localdate()
        self.table = preset_table()
        self.evaluators: dict[int | None, Evaluator] = {}

    def evaluator(self, division_code: str) -> Evaluator:
        preset = self.table.for_division(division_code)
        if preset.pk not in self.evaluators:
            self.evaluators[preset.pk] = Evaluator(Rule.DEADLINE, deadline_parameters(preset), self.today)
        return self.evaluators[preset.pk]

    def colour(self, item: ActionItem) -> ColourResult:
        """Needs `item.meeting` (select_related): the county comes from the meeting."""
        facts = NodeFacts(name=item.decision[:50], planned_date=item.deadline, actual_date=item.done_on)
        return self.evaluator(item.meeting.division_id).node_base(facts)


def with_colours(items, *, today: date | None = None) -> list[ActionItem]:
    """The items with `colour` and `colour_reason` set."""
    clock = ActionClock(today=today)
    items = list(items)
    for item in items:
        result = clock.colour(item)
        item.colour, item.colour_reason = result.colour, result.reason
    return items
