"""Role-based navigation: each entry shows only to users whose role holds its capability.
Apps add entries here when they add pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    capability: str | None = None


NAVIGATION: list[NavEntry] = [
    NavEntry("首页", "core:home"),
    NavEntry("驾驶舱", "dashboard:dashboard", "dashboard.view"),
    NavEntry("我的待办", "projects:my_tasks", "nodes.update"),
    NavEntry("我的待办", "projects:my_tasks", "nodes.confirm"),
    NavEntry("我的待办", "projects:my_tasks", "projects.manage"),
    NavEntry("招商项目", "projects:project_list", "projects.view"),
    NavEntry("导入台账", "projects:importer:ledger_import", "projects.manage"),
    NavEntry("招商线索", "leads:lead_list", "leads.view"),
    NavEntry("红黄牌", "supervision:warning_list", "supervision.view"),
    NavEntry("督办单", "supervision:notice_list", "supervision.view"),
    NavEntry("季度调度", "dispatch:meeting_list", "dispatch.view"),
    NavEntry("调度议定事项", "dispatch:action_list", "dispatch.respond"),
    NavEntry("半年观摩", "appraisal:appraisal_list", "appraisal.view"),
    NavEntry("半年观摩", "appraisal:appraisal_list", "appraisal.score"),
    NavEntry("月通报", "bulletins:index", "bulletins.view"),
    NavEntry("预警规则", "supervision:settings", "supervision.manage"),
    NavEntry("单位", "org:unit_list", "org.view"),
    NavEntry("产业工作组", "org:industry_group_list", "org.view"),
    NavEntry("园区", "parks:park_list", "parks.view"),
    NavEntry("企业", "parks:enterprise_list", "parks.view"),
    NavEntry("行业分类", "org:industry_list", "org.view"),
    NavEntry("行政区划", "org:division_list", "org.view"),
    NavEntry("涉企检查", "inspections:inspection_list", "inspections.view"),
    NavEntry("审批办件", "approvals:request_list", "approvals.view"),
    NavEntry("审批事项", "approvals:matter_list", "approvals.matters"),
    NavEntry("超时默认通报", "approvals:default_lists", "approvals.oversee"),
    NavEntry("企业诉求", "appeals:appeal_list", "appeals.view"),
    NavEntry("服务统计", "service:stats", "service.stats"),
    NavEntry("工作日历", "workcalendar:calendar", "calendar.view"),
    NavEntry("用户与角色", "accounts:user_list", "users.manage"),
    NavEntry("本单位账号", "accounts:user_list", "users.manage_unit"),
    NavEntry("审计日志", "audit:event_list", "audit.view"),
]


def navigation_for(user, current_path: str) -> list[dict]:
    items, seen = [], set()
    for entry in NAVIGATION:
        if entry.capability and not user.has_capability(entry.capability):
            continue
        url = reverse(entry.url_name)
        if url in seen:
            continue
        seen.add(url)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": entry.label, "url": url, "active": active})
    # Nested sections (/parks/ and /parks/enterprises/): only the most specific match is current.
    longest = max((len(item["url"]) for item in items if item["active"]), default=0)
    for item in items:
        item["active"] = item["active"] and len(item["url"]) == longest
    return items
