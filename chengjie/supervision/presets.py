"""The warning presets chengjie ships (DOMAIN.md "Warnings"). Installed by a data migration; a county's
bureau picks one, and the default one applies to every county that has not."""

from __future__ import annotations

SHIPPED_PRESETS = [
    {
        "name": "期限规则（默认）",
        "rule": "deadline",
        "parameters": {"yellow_workdays": 3},
        "is_default": True,
        "description": "按节点计划日期预警：按期完成为绿；未到期为蓝；3 个工作日内到期或逾期完成为黄；"
                       "逾期未完成为红。项目颜色取各节点中最严重的颜色。",
    },
    {
        "name": "期限规则（48小时倒计时）",
        "rule": "deadline",
        "parameters": {"yellow_hours": 48},
        "is_default": False,
        "description": "与期限规则相同，但黄色预警为计划日期前 48 小时倒计时（含节假日）。",
    },
    {
        "name": "进度规则（银川）",
        "rule": "progress",
        "parameters": {"lag_yellow_points": 10, "lag_red_points": 30, "due_red_months": 3,
                       "stats_yellow_months": 1, "stats_red_months": 2},
        "is_default": False,
        "description": "按月预警：投资进度滞后计划进度 10–30 个百分点为黄，超过 30 个百分点为红；"
                       "节点（如开工）当月到期未完成为黄，满三个月未完成为红；开工满一个月未纳统为黄，满两个月为红。",
    },
    {
        "name": "红色销号规则（瓯海）",
        "rule": "sticky",
        "parameters": {"base": "progress", "lag_yellow_points": 10, "lag_red_points": 30, "due_red_months": 3,
                       "stats_yellow_months": 1, "stats_red_months": 2},
        "is_default": False,
        "description": "以进度规则为基础，颜色按月留存：某月为红，差距补齐后次月转黄，不直接转绿。",
    },
]


def install_presets(preset_model) -> int:
    """Create the shipped presets that are missing (by name); returns how many were created. Takes the
    model so the data migration can pass its historical one."""
    existing = set(preset_model.objects.values_list("name", flat=True))
    has_default = preset_model.objects.filter(is_default=True).exists()
    created = 0
    for entry in SHIPPED_PRESETS:
        if entry["name"] in existing:
            continue
        preset_model.objects.create(**{**entry, "is_default": entry["is_default"] and not has_default})
        created += 1
    return created
