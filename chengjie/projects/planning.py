"""Node plan arithmetic: order a node graph, refuse a cycle, and date each node in working days from its
predecessors (a node may start only when all of them are done, so it counts from the latest).

Pure functions over plain data, shared by template validation, signing and change requests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from chengjie.core.errors import DomainError
from chengjie.workcalendar.workdays import add_workdays

from .models import Milestone


@dataclass(frozen=True)
class PlanNode:
    key: str
    name: str
    predecessors: tuple[str, ...]
    duration_workdays: int
    milestone: str = ""


def topological_keys(nodes: Iterable[PlanNode]) -> list[str]:
    """Keys ordered so that every node comes after its predecessors (stable in the given order); a
    cycle is refused naming the nodes on it."""
    nodes = list(nodes)
    by_key = {node.key: node for node in nodes}
    for node in nodes:
        for predecessor in node.predecessors:
            if predecessor not in by_key:
                raise DomainError(f"节点“{node.name}”的前置节点“{predecessor}”不存在。", field="items")
            if predecessor == node.key:
                raise DomainError(f"节点“{node.name}”不能以自身为前置节点。", field="items")
    ordered: list[str] = []
    placed: set[str] = set()
    remaining = [node.key for node in nodes]
    while remaining:
        ready = [key for key in remaining if all(p in placed for p in by_key[key].predecessors)]
        if not ready:
            names = "、".join(by_key[key].name for key in remaining)
            raise DomainError(f"节点的前后顺序形成了循环，涉及：{names}。请检查前置节点。", field="items")
        for key in ready:
            ordered.append(key)
            placed.add(key)
        remaining = [key for key in remaining if key not in placed]
    return ordered


def ancestors(nodes: Mapping[str, PlanNode], key: str) -> set[str]:
    found: set[str] = set()
    stack = list(nodes[key].predecessors)
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(nodes[current].predecessors)
    return found


def validate_graph(nodes: list[PlanNode]) -> list[str]:
    """The rules every template obeys, checked before it is saved: unique keys, non-negative durations,
    no cycle, each of the five milestones exactly once and in their order, and every node reachable from
    签约 (the only node without a predecessor). Returns the keys in plan order."""
    if not nodes:
        raise DomainError("模板至少要有一个节点。", field="items")
    seen: set[str] = set()
    for node in nodes:
        if node.key in seen:
            raise DomainError(f"节点代码“{node.key}”重复。", field="items")
        seen.add(node.key)
        if node.duration_workdays < 0:
            raise DomainError(f"节点“{node.name}”的计划工期不能为负数。", field="items")
    by_key = {node.key: node for node in nodes}
    by_milestone: dict[str, list[PlanNode]] = {}
    for node in nodes:
        if node.milestone:
            by_milestone.setdefault(node.milestone, []).append(node)
    for milestone in Milestone:
        found = by_milestone.get(milestone.value, [])
        if not found:
            raise DomainError(f"模板缺少里程碑节点“{milestone.label}”：五个里程碑（签约、供地、开工、竣工投产、达产达效）"
                              "都必须有对应节点。", field="items")
        if len(found) > 1:
            raise DomainError(f"里程碑“{milestone.label}”对应了多个节点（{'、'.join(n.name for n in found)}），只能对应一个。",
                              field="items")
    sign = by_milestone[Milestone.SIGNED][0]
    if sign.predecessors:
        raise DomainError(f"签约节点“{sign.name}”不能有前置节点：计划从签约日起算。", field="items")
    for node in nodes:
        if node.key != sign.key and not node.predecessors:
            raise DomainError(f"节点“{node.name}”没有前置节点：除签约外，每个节点都要接在某个节点之后。", field="items")
    order = topological_keys(nodes)
    milestones = list(Milestone)
    for earlier, later in zip(milestones, milestones[1:]):
        later_node = by_milestone[later.value][0]
        if by_milestone[earlier.value][0].key not in ancestors(by_key, later_node.key):
            raise DomainError(f"里程碑“{later.label}”（节点“{later_node.name}”）必须排在“{earlier.label}”之后。",
                              field="items")
    return order


def plan_dates(nodes: list[PlanNode], *, start: date) -> dict[str, date]:
    """Planned date of each node: the root on `start`, every other node `duration_workdays` working days
    after the latest of its predecessors."""
    by_key = {node.key: node for node in nodes}
    dates: dict[str, date] = {}
    for key in topological_keys(nodes):
        node = by_key[key]
        base = max((dates[p] for p in node.predecessors), default=start)
        dates[key] = add_workdays(base, node.duration_workdays)
    return dates
