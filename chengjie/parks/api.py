"""REST API for the park and enterprise registries: read for parks.view, write for parks.manage, personal
data masked unless revealed with a stated purpose (personal.reveal). Same selectors, filter forms and
services as the pages."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengjie.core.access import AccessRule
from chengjie.org.api import STATUS_PARAMETER, RuledViewSet, kind_field, service_kwargs
from chengjie.org.models import Unit

from . import selectors
from .forms import EnterpriseFilterForm, ParkFilterForm
from .masking import PERSONAL_FIELDS, mask_phone
from .models import Enterprise, Park
from .services import (
    enterprise_create,
    enterprise_disable,
    enterprise_update,
    park_create,
    park_disable,
    park_update,
    personal_reveal,
)

MANAGE = AccessRule(capability="parks.manage")

# --- parks


ParkKindField = kind_field("ParkKind", Park.Kind.choices)


class ParkSerializer(serializers.ModelSerializer):
    kind = ParkKindField(choices=Park.Kind.choices, help_text="类型")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="类型名称")
    division_name = serializers.CharField(source="division.name", read_only=True, help_text="所在区划名称")
    committee_name = serializers.CharField(source="committee.name", read_only=True, default=None,
                                           help_text="管理机构名称")

    class Meta:
        model = Park
        fields = ["id", "name", "kind", "kind_display", "division", "division_name", "committee", "committee_name",
                  "catalogue_code", "approved_by", "approved_on", "approved_area_ha", "planned_area_km2",
                  "built_area_km2", "leading_industries", "is_active"]


class ParkListSerializer(ParkSerializer):
    enterprise_count = serializers.IntegerField(read_only=True, help_text="存续企业数")

    class Meta(ParkSerializer.Meta):
        fields = [*ParkSerializer.Meta.fields, "enterprise_count"]


class ParkWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="园区名称")
    kind = ParkKindField(choices=Park.Kind.choices, help_text="类型")
    division = serializers.CharField(max_length=12, help_text="所在区划代码（须在您的数据范围内）")
    committee = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True,
                                                   help_text="管理机构（单位 ID，须在您的数据范围内）")
    catalogue_code = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                           help_text="《中国开发区审核公告目录》（2018年版）代码")
    approved_by = serializers.CharField(max_length=50, required=False, allow_blank=True, help_text="批准机关")
    approved_on = serializers.DateField(required=False, allow_null=True, help_text="批准时间")
    approved_area_ha = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True,
                                                help_text="核准面积（公顷）")
    planned_area_km2 = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True,
                                                help_text="规划面积（平方公里）")
    built_area_km2 = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True,
                                              help_text="建成面积（平方公里）")
    leading_industries = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text="主导产业")


@extend_schema_view(
    list=extend_schema(summary="园区（数据范围内）", responses=ParkListSerializer(many=True), parameters=[
        OpenApiParameter("q", str, description="园区名称中的词"),
        OpenApiParameter("kind", str, enum=Park.Kind.values, description="类型"),
        OpenApiParameter("division", str, description="所在区划代码（含下级）"),
        STATUS_PARAMETER]),
    retrieve=extend_schema(summary="一个园区"),
    create=extend_schema(summary="登记园区", request=ParkWriteSerializer, responses={201: ParkSerializer}),
    update=extend_schema(summary="修改园区", request=ParkWriteSerializer, responses=ParkSerializer),
    partial_update=extend_schema(summary="修改园区的部分字段", request=ParkWriteSerializer, responses=ParkSerializer),
)
@extend_schema(tags=["园区与企业"])
class ParkViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """园区。读取需要 parks.view；登记、修改、停用需要 parks.manage。园区用户只能看到和修改本单位管理的园区。"""

    access_rule = AccessRule(capability="parks.view")
    write_rule = MANAGE
    queryset = Park.objects.none()

    def get_serializer_class(self):
        return ParkListSerializer if self.action == "list" else ParkSerializer

    def get_queryset(self):
        if self.action == "list":
            filters = ParkFilterForm(self.request.query_params, user=self.request.user)
            return selectors.park_list(user=self.request.user, **filters.values())
        return selectors.parks_for_user(user=self.request.user)

    def create(self, request):
        body = ParkWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        park = park_create(acting_user=request.user,
                           **service_kwargs(body.validated_data, {"division": "division_code"}))
        return self.write_response(park, created=True)

    def update(self, request, pk=None, partial: bool = False):
        park = self.get_object()
        body = ParkWriteSerializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        park = park_update(acting_user=request.user, park=park,
                           **service_kwargs(body.validated_data, {"division": "division_code"}))
        return self.write_response(park)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(summary="停用园区（园区内须已无存续企业）", request=None, responses=ParkSerializer)
    @action(detail=True, methods=["post"])
    def disable(self, request, pk=None):
        return self.write_response(park_disable(acting_user=request.user, park=self.get_object()))


# --- enterprises


class EnterpriseSerializer(serializers.ModelSerializer):
    division_name = serializers.CharField(source="division.name", read_only=True, help_text="所在区划名称")
    park_name = serializers.CharField(source="park.name", read_only=True, default=None, help_text="所在园区名称")
    industry_name = serializers.CharField(source="industry.name", read_only=True, default=None,
                                          help_text="所属行业名称")
    legal_representative_phone = serializers.SerializerMethodField(help_text="法定代表人电话（脱敏，如 139****5678）")
    contact_phone = serializers.SerializerMethodField(help_text="联系电话（脱敏，如 139****5678）")

    class Meta:
        model = Enterprise
        fields = ["id", "uscc", "name", "division", "division_name", "park", "park_name", "industry",
                  "industry_name", "legal_representative", "legal_representative_phone", "contact_name",
                  "contact_phone", "address", "registered_capital", "established_on", "is_active"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_legal_representative_phone(self, obj) -> str:
        return mask_phone(obj.legal_representative_phone)

    @extend_schema_field(OpenApiTypes.STR)
    def get_contact_phone(self, obj) -> str:
        return mask_phone(obj.contact_phone)


class EnterpriseWriteSerializer(serializers.Serializer):
    uscc = serializers.CharField(max_length=30, help_text="统一社会信用代码（18 位，校验位按 GB 32100-2015 核验）")
    name = serializers.CharField(max_length=200, help_text="企业名称")
    division = serializers.CharField(max_length=12, help_text="所在区划代码（须在您的数据范围内）")
    park = serializers.PrimaryKeyRelatedField(queryset=Park.objects.all(), required=False, allow_null=True,
                                              help_text="所在园区 ID；园区用户只能选本园区")
    industry = serializers.CharField(max_length=5, required=False, allow_blank=True,
                                     help_text="行业代码（GB/T 4754-2017），宜填小类")
    legal_representative = serializers.CharField(max_length=50, required=False, allow_blank=True,
                                                 help_text="法定代表人")
    legal_representative_phone = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                                       help_text="法定代表人电话（只写，读取时脱敏）")
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, help_text="联系人")
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                          help_text="联系电话（只写，读取时脱敏）")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text="地址")
    registered_capital = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True,
                                                  help_text="注册资本（万元）")
    established_on = serializers.DateField(required=False, allow_null=True, help_text="成立日期")


ENTERPRISE_RENAMES = {"division": "division_code", "industry": "industry_code"}


class DisableSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, help_text="原因：注销、吊销或迁出（写明去向）")


class RevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=list(PERSONAL_FIELDS), help_text="要查看的字段")
    purpose = serializers.CharField(max_length=200, help_text="查看用途（至少 4 个字），记入审计日志")


class RevealedSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="字段")
    value = serializers.CharField(help_text="完整值")


@extend_schema_view(
    list=extend_schema(summary="企业（数据范围内）", parameters=[
        OpenApiParameter("q", str, description="企业名称中的词或统一社会信用代码前缀"),
        OpenApiParameter("park", int, description="所在园区 ID"),
        OpenApiParameter("industry", str, description="门类字母（C）或行业代码前缀（41、4111）"),
        OpenApiParameter("status", str, enum=["active", "disabled", "all"], description="存续状态，默认只列存续的")]),
    retrieve=extend_schema(summary="一企一档：一家企业"),
    create=extend_schema(summary="登记企业", request=EnterpriseWriteSerializer, responses={201: EnterpriseSerializer}),
    update=extend_schema(summary="修改企业", request=EnterpriseWriteSerializer, responses=EnterpriseSerializer),
    partial_update=extend_schema(summary="修改企业的部分字段", request=EnterpriseWriteSerializer,
                                 responses=EnterpriseSerializer),
)
@extend_schema(tags=["园区与企业"])
class EnterpriseViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """企业（一企一档），以统一社会信用代码为键。读取需要 parks.view：园区用户只看本园区企业，企业用户只看本企业；
    登记、修改需要 parks.manage。电话号码一律脱敏返回；查看完整号码用 reveal 并说明用途（需要 personal.reveal），
    每次查看记入审计日志。"""

    access_rule = AccessRule(capability="parks.view")
    write_rule = MANAGE
    action_rules = {"reveal": AccessRule(capability="personal.reveal")}
    serializer_class = EnterpriseSerializer
    queryset = Enterprise.objects.none()

    def get_queryset(self):
        if self.action == "list":
            filters = EnterpriseFilterForm(self.request.query_params, user=self.request.user)
            return selectors.enterprise_list(user=self.request.user, **filters.values())
        return selectors.enterprises_for_user(user=self.request.user)

    def create(self, request):
        body = EnterpriseWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        enterprise = enterprise_create(acting_user=request.user,
                                       **service_kwargs(body.validated_data, ENTERPRISE_RENAMES))
        return self.write_response(enterprise, created=True)

    def update(self, request, pk=None, partial: bool = False):
        enterprise = self.get_object()
        body = EnterpriseWriteSerializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        enterprise = enterprise_update(acting_user=request.user, enterprise=enterprise,
                                       **service_kwargs(body.validated_data, ENTERPRISE_RENAMES))
        return self.write_response(enterprise)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(summary="标记为不再存续（注销、吊销或迁出）", request=DisableSerializer,
                   responses=EnterpriseSerializer)
    @action(detail=True, methods=["post"])
    def disable(self, request, pk=None):
        body = DisableSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        enterprise = enterprise_disable(acting_user=request.user, enterprise=self.get_object(),
                                        reason=body.validated_data["reason"])
        return self.write_response(enterprise)

    @extend_schema(summary="说明用途后查看完整的个人信息（记入审计日志）", request=RevealSerializer,
                   responses=RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        body = RevealSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        value = personal_reveal(acting_user=request.user, enterprise=self.get_object(), **body.validated_data)
        return Response({"field": body.validated_data["field"], "value": value})


router = SimpleRouter(use_regex_path=False)
router.register("parks", ParkViewSet, basename="park")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
