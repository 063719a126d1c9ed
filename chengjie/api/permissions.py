from rest_framework.permissions import BasePermission


class AccessRulePermission(BasePermission):
    """The API's half of deny-by-default: the view class's `access_rule` decides, as for pages."""

    message = "您的账号没有执行此操作的权限。"

    def has_permission(self, request, view):
        rule = getattr(view, "access_rule", None)
        return rule is not None and rule.allows(request.user)
