"""What each role's home page shows, read from real data in the user's scope."""

from __future__ import annotations

from chengjie.accounts.roles import Role


def home_context(user) -> dict:
    from chengjie.org.selectors import org_summary
    from chengjie.parks.selectors import parks_summary

    role = user.role
    context: dict = {"template": "default", "scope_name": user.division.full_name if user.division_id else ""}
    if role in {Role.UNIT_CLERK, Role.UNIT_HEAD}:
        from chengjie.projects.selectors import my_tasks

        # A unit's 经办人 and 负责人 start from what they have to do: nodes due, entries to confirm, notices.
        context.update(template="unit", tasks=my_tasks(user=user), org=org_summary(user=user),
                       parks=parks_summary(user=user))
    elif role in {Role.LEADER, Role.BUREAU, Role.PARK, Role.AGENT, Role.UNIT_ADMIN}:
        # A leader starts from the dashboard (DOMAIN.md: sees the dashboard, the red list, the units' ranking).
        context.update(template="staff", org=org_summary(user=user), parks=parks_summary(user=user),
                       dashboard_entry=role == Role.LEADER)
    elif role == Role.ENTERPRISE:
        from chengjie.service.selectors import firm_overview

        # A firm sees its own requests, appeals, inspections and the people who serve it, nothing of others.
        context.update(template="enterprise", enterprise=user.enterprise, overview=firm_overview(user=user))
    elif role == Role.SYS_ADMIN:
        from chengjie.workcalendar.selectors import calendar_years_status

        context.update(template="sys_admin", org=org_summary(user=user), calendar_years=calendar_years_status())
    elif role == Role.SEC_ADMIN:
        from chengjie.accounts.selectors import security_summary

        context.update(template="sec_admin", security=security_summary(user=user))
    elif role == Role.AUDIT_ADMIN:
        from chengjie.audit.models import AuditEvent

        context.update(template="audit_admin", recent_events=list(AuditEvent.objects.all()[:20]))
    return context
