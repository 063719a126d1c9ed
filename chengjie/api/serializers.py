from rest_framework import serializers


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DivisionRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="数据范围：行政区划代码前缀")
    name = serializers.CharField(source="full_name")


class EnterpriseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    uscc = serializers.CharField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    """Who the caller is and what they may do: the API's counterpart of the profile page."""

    username = serializers.CharField()
    full_name = serializers.CharField()
    role = serializers.CharField(help_text="角色代码，如 unit_clerk；未分配角色时为空")
    role_display = serializers.CharField(source="get_role_display")
    unit = UnitRefSerializer(allow_null=True)
    division = DivisionRefSerializer(allow_null=True)
    enterprise = EnterpriseRefSerializer(allow_null=True)
    capabilities = serializers.SerializerMethodField()
    authentication = serializers.SerializerMethodField()

    def get_capabilities(self, user) -> list[str]:
        return sorted(user.capabilities)

    def get_authentication(self, user) -> str:
        """`token` for a bearer token, `session` for a browser session."""
        return "token" if self.context["request"].auth is not None else "session"
