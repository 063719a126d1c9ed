"""REST API for organisation data: divisions and industries (reference tables), units (read; write for
org.manage) and industry groups (read). Querysets and filters are the pages' selectors and filter forms;
writes go through the same services, so scope checks and audit rows are the pages' own."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengjie.core.access import AccessRule

from . import selectors
from .forms import UnitFilterForm
from .models import Division, Industry, IndustryGroup, Unit
from .services import unit_create, unit_disable, unit_enable, unit_update


class ActionRulePermission(BasePermission):
    """Writes need more than reads: an unsafe method is allowed only by the view's rule for that action
    (`action_rules`) or its `write_rule`; a view that states neither refuses every write."""

    message = gettext_lazy("您的账号可以查看但不能修改这些数据。")

    def has_permission(self, request, view):
        rule = getattr(view, "action_rules", {}).get(getattr(view, "action", None))
        if rule is None and request.method not in SAFE_METHODS:
            rule = getattr(view, "write_rule", None)
            if rule is None:
                return False
        return rule is None or rule.allows(request.user)


class RuledViewSet(viewsets.GenericViewSet):
    """`access_rule` admits readers (checked by AccessRulePermission); `write_rule` and `action_rules`
    decide writes."""

    write_rule: AccessRule | None = None
    action_rules: dict[str, AccessRule] = {}

    def get_permissions(self):
        return [*super().get_permissions(), ActionRulePermission()]

    def write_response(self, instance, *, created: bool = False) -> Response:
        data = self.get_serializer(instance).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def service_kwargs(validated: dict, renames: dict[str, str]) -> dict:
    """A write serializer's data as a service's keywords (body `division` → `division_code`, …)."""
    return {renames.get(key, key): value for key, value in validated.items()}


STATUS_PARAMETER = OpenApiParameter("status", str, enum=["active", "disabled", "all"],
                                    description="启用状态，默认只列启用的")


# --- reference tables


class DivisionSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True, help_text="级别名称")

    class Meta:
        model = Division
        fields = ["code", "name", "level", "level_display", "parent", "is_active"]


@extend_schema_view(
    list=extend_schema(summary="行政区划（数据范围内）", parameters=[
        OpenApiParameter("parent", str, description="上级区划代码：只列其直接下级"),
        OpenApiParameter("level", int, description="级别：1 省、2 市、3 县、4 乡镇")]),
    retrieve=extend_schema(summary="一个行政区划"),
)
@extend_schema(tags=["组织"])
class DivisionViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """行政区划（统计用区划代码）。只列调用者数据范围（区划代码前缀）内的区划。需要 org.view。"""

    access_rule = AccessRule(capability="org.view")
    serializer_class = DivisionSerializer
    queryset = Division.objects.none()
    lookup_field = "code"

    def get_queryset(self):
        divisions = selectors.divisions_for_user(user=self.request.user)
        if parent := self.request.query_params.get("parent"):
            divisions = divisions.filter(parent_id=parent)
        if (level := self.request.query_params.get("level", "")).isdigit():
            divisions = divisions.filter(level=int(level))
        return divisions.order_by("code")


class IndustrySerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True, help_text="门类/大类/中类/小类")

    class Meta:
        model = Industry
        fields = ["code", "name", "level", "level_display", "section", "parent"]


@extend_schema_view(
    list=extend_schema(summary="国民经济行业分类 GB/T 4754-2017", parameters=[
        OpenApiParameter("q", str, description="代码前缀（4111、C41）或名称中的词"),
        OpenApiParameter("parent", str, description="上级代码：只列其直接下级"),
        OpenApiParameter("level", int, description="级别：1 门类、2 大类、3 中类、4 小类")]),
    retrieve=extend_schema(summary="一个行业代码"),
)
@extend_schema(tags=["组织"])
class IndustryViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """国民经济行业分类（GB/T 4754-2017）代码表，只读。需要 org.view。"""

    access_rule = AccessRule(capability="org.view")
    serializer_class = IndustrySerializer
    queryset = Industry.objects.none()
    lookup_field = "code"

    def get_queryset(self):
        params = self.request.query_params
        industries = (selectors.industry_search(q=params["q"]) if params.get("q")
                      else Industry.objects.filter(is_active=True).order_by("code"))
        if parent := params.get("parent"):
            industries = industries.filter(parent_id=parent.upper())
        if params.get("level", "").isdigit():
            industries = industries.filter(level=int(params["level"]))
        return industries


# --- units


def kind_field(name: str, choices):
    """A choice field that appears in the OpenAPI document as its own named enum (units and parks both
    have a `kind`, which would otherwise collide)."""
    description = "；".join(f"{value} {label}" for value, label in choices)
    schema = {"type": "string", "enum": [value for value, _label in choices], "description": description}
    return extend_schema_field(schema, component_name=name)(type(name, (serializers.ChoiceField,), {}))


UnitKindField = kind_field("UnitKind", Unit.Kind.choices)


class UnitSerializer(serializers.ModelSerializer):
    kind = UnitKindField(choices=Unit.Kind.choices, help_text="类型")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="类型名称")
    division_name = serializers.CharField(source="division.name", read_only=True, help_text="行政区划名称")
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None, help_text="上级单位名称")

    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "kind_display", "division", "division_name", "parent",
                  "parent_name", "is_active"]


class UnitWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="单位名称")
    short_name = serializers.CharField(max_length=30, required=False, allow_blank=True, help_text="简称")
    kind = UnitKindField(choices=Unit.Kind.choices, help_text="类型")
    division = serializers.CharField(max_length=12, help_text="行政区划代码（须在您的数据范围内）")
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True,
                                                help_text="上级单位 ID（须与本单位同属一个县）")


UNIT_FILTERS = [
    OpenApiParameter("q", str, description="单位名称或简称中的词"),
    OpenApiParameter("kind", str, enum=Unit.Kind.values, description="类型"),
    OpenApiParameter("division", str, description="行政区划代码（含下级）"),
    STATUS_PARAMETER,
]


@extend_schema_view(
    list=extend_schema(summary="单位（数据范围内）", parameters=UNIT_FILTERS),
    retrieve=extend_schema(summary="一个单位"),
    create=extend_schema(summary="新增单位（系统管理员）", request=UnitWriteSerializer, responses={201: UnitSerializer}),
    update=extend_schema(summary="修改单位", request=UnitWriteSerializer, responses=UnitSerializer),
    partial_update=extend_schema(summary="修改单位的部分字段", request=UnitWriteSerializer, responses=UnitSerializer),
)
@extend_schema(tags=["组织"])
class UnitViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """单位与二级机构。读取需要 org.view，范围为调用者的数据范围；新增、修改、停用需要 org.manage，
    行政区划和上级单位必须在调用者的数据范围内且同属一个县，否则返回 400 且不写入任何数据。单位只停用、不删除。"""

    access_rule = AccessRule(capability="org.view")
    write_rule = AccessRule(capability="org.manage")
    serializer_class = UnitSerializer
    queryset = Unit.objects.none()

    def get_queryset(self):
        if self.action == "list":
            filters = UnitFilterForm(self.request.query_params, user=self.request.user)
            return selectors.unit_list(user=self.request.user, **filters.values())
        return selectors.units_for_user(user=self.request.user)

    def create(self, request):
        body = UnitWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        unit = unit_create(acting_user=request.user,
                           **service_kwargs(body.validated_data, {"division": "division_code"}))
        return self.write_response(unit, created=True)

    def update(self, request, pk=None, partial: bool = False):
        unit = self.get_object()
        body = UnitWriteSerializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        unit = unit_update(acting_user=request.user, unit=unit,
                           **service_kwargs(body.validated_data, {"division": "division_code"}))
        return self.write_response(unit)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(summary="停用单位（不删除）", request=None, responses=UnitSerializer)
    @action(detail=True, methods=["post"])
    def disable(self, request, pk=None):
        return self.write_response(unit_disable(acting_user=request.user, unit=self.get_object()))

    @extend_schema(summary="重新启用单位", request=None, responses=UnitSerializer)
    @action(detail=True, methods=["post"])
    def enable(self, request, pk=None):
        return self.write_response(unit_enable(acting_user=request.user, unit=self.get_object()))


# --- industry groups


class IndustryGroupSerializer(serializers.ModelSerializer):
    leader_name = serializers.CharField(source="leader.display_name", read_only=True, default=None,
                                        help_text="牵头领导姓名")
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True, default=None,
                                           help_text="牵头单位名称")
    industries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True,
                                              help_text="所含行业代码（GB/T 4754-2017）")

    class Meta:
        model = IndustryGroup
        fields = ["id", "name", "division", "leader", "leader_name", "lead_unit", "lead_unit_name", "industries",
                  "is_active"]


@extend_schema_view(
    list=extend_schema(summary="产业工作组（数据范围内）", parameters=[STATUS_PARAMETER]),
    retrieve=extend_schema(summary="一个产业工作组"),
)
@extend_schema(tags=["组织"])
class IndustryGroupViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """产业工作组，只读。需要 org.view，范围为调用者的数据范围。"""

    access_rule = AccessRule(capability="org.view")
    serializer_class = IndustryGroupSerializer
    queryset = IndustryGroup.objects.none()

    def get_queryset(self):
        status_ = self.request.query_params.get("status") if self.action == "list" else selectors.STATUS_ALL
        return selectors.industry_group_list(user=self.request.user, status=status_ or selectors.STATUS_ACTIVE)


router = SimpleRouter(use_regex_path=False)
router.register("divisions", DivisionViewSet, basename="division")
router.register("industries", IndustryViewSet, basename="industry")
router.register("units", UnitViewSet, basename="unit")
router.register("industry-groups", IndustryGroupViewSet, basename="industry-group")
