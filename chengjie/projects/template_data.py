"""The node plan templates shipped with the system (loaded by a data migration; a county's bureau edits
them into its own versions).

The default follows the seed's four handovers: 签约 → 供地 → 开工 → 竣工投产 → 达产达效. The finer one
follows the approval chain Anhui counties plan between land and start (项目备案, 规划许可, 环评, 节能审查,
施工许可), with 备案 running beside 供地 and the three approvals after them in parallel.

A node's responsible unit is named by a keyword: 引进单位 (the introducing unit: 谁引进、谁服务), 园区 (the
committee of the project's park), or a word of a county department's name (自然资源, 住建, 生态环境, 发改)
that signing resolves to the county's unit of that name.
"""

from __future__ import annotations

INTRODUCING_UNIT = "引进单位"
PARK_COMMITTEE = "园区"

# (key, name, milestone, predecessor keys, working days after the predecessors, responsible keyword, evidence)
DEFAULT_TEMPLATE = {
    "name": "标准五节点计划",
    "is_default": True,
    "items": [
        ("sign", "签约", "signed", [], 0, INTRODUCING_UNIT, []),
        ("land", "供地", "land", ["sign"], 60, "自然资源", ["国有建设用地使用权出让合同或成交确认书"]),
        ("start", "开工", "started", ["land"], 40, INTRODUCING_UNIT, ["施工许可证或开工报告"]),
        ("production", "竣工投产", "production", ["start"], 250, INTRODUCING_UNIT, ["竣工验收备案表或投产证明"]),
        ("capacity", "达产达效", "capacity", ["production"], 250, INTRODUCING_UNIT, ["达产情况说明（产值、税收）"]),
    ],
}

FINE_TEMPLATE = {
    "name": "工业项目细化节点计划",
    "is_default": False,
    "items": [
        ("sign", "签约", "signed", [], 0, INTRODUCING_UNIT, []),
        ("filing", "项目备案", "", ["sign"], 10, "发改", ["项目备案证明"]),
        ("land", "供地", "land", ["sign"], 60, "自然资源", ["国有建设用地使用权出让合同或成交确认书"]),
        ("planning", "建设工程规划许可", "", ["land"], 20, "自然资源", ["建设工程规划许可证"]),
        ("eia", "环评批复", "", ["filing", "land"], 30, "生态环境", ["环境影响评价批复文件"]),
        ("energy", "节能审查", "", ["filing"], 20, "发改", ["节能审查意见"]),
        ("permit", "施工许可", "", ["planning", "eia", "energy"], 15, "住建", ["建筑工程施工许可证"]),
        ("start", "开工", "started", ["permit"], 5, INTRODUCING_UNIT, ["开工现场照片"]),
        ("topping", "主体封顶", "", ["start"], 120, INTRODUCING_UNIT, ["主体封顶现场照片"]),
        ("acceptance", "竣工验收", "", ["topping"], 90, "住建", ["竣工验收备案表"]),
        ("production", "竣工投产", "production", ["acceptance"], 20, INTRODUCING_UNIT, ["投产证明"]),
        ("capacity", "达产达效", "capacity", ["production"], 250, INTRODUCING_UNIT, ["达产情况说明（产值、税收）"]),
    ],
}

SHIPPED_TEMPLATES = [DEFAULT_TEMPLATE, FINE_TEMPLATE]


def load_shipped_templates(NodeTemplate, NodeTemplateItem) -> int:
    """Create the shipped templates that are missing (by name, as province-wide version 1). Takes the
    model classes so the data migration can pass its historical models. Returns how many it made."""
    made = 0
    for spec in SHIPPED_TEMPLATES:
        if NodeTemplate.objects.filter(name=spec["name"], division__isnull=True).exists():
            continue
        template = NodeTemplate.objects.create(name=spec["name"], project_type="", division=None, version=1,
                                               is_active=True, is_default=spec["is_default"])
        by_key = {}
        for order, (key, name, milestone, predecessors, days, responsible, evidence) in enumerate(spec["items"], 1):
            item = NodeTemplateItem.objects.create(template=template, key=key, name=name, order=order,
                                                   milestone=milestone, duration_workdays=days,
                                                   responsible_unit_kind=responsible, required_evidence=evidence)
            item.predecessors.set([by_key[p] for p in predecessors])
            by_key[key] = item
        made += 1
    return made
