"""REST API for inspections: the same selectors, filters and services as the pages. Units register and
cancel (inspections.register); a firm confirms and reports (inspections.report); the county office reads
the flags (inspections.flags) and sets its limit (inspections.limits)."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from chengjie.core.access import AccessRule
from chengjie.org.api import RuledViewSet
from chengjie.org.models import Unit
from chengjie.parks.models import Enterprise

from . import selectors
from .forms import InspectionFilterForm, YearForm
from .models import Inspection, Inspector
from .periods import PeriodKind
from .services import (
    inspection_cancel,
    inspection_confirm,
    inspection_limit_set,
    inspection_register,
    inspection_report,
)

REGISTER = AccessRule(capability="inspections.register")
REPORT = AccessRule(capability="inspections.report")


class InspectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspector
        fields = ["name", "certificate_no"]


class InspectionSerializer(serializers.ModelSerializer):
    source_display = serializers.CharField(source="get_source_display", read_only=True, help_text="来源名称")
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, help_text="被检查企业名称")
    unit_name = serializers.CharField(source="unit.name", read_only=True, help_text="检查单位名称")
    inspection_date = serializers.DateField(read_only=True, help_text="实际检查日期，未确认时为计划检查日期")
    unregistered = serializers.BooleanField(source="is_unregistered", read_only=True,
                                            help_text="企业报告的未登记检查（已提示县招商主管部门）")
    inspectors = InspectorSerializer(many=True, read_only=True, help_text="检查人员和执法证号")

    class Meta:
        model = Inspection
        fields = ["id", "source", "source_display", "enterprise", "enterprise_name", "unit", "unit_name", "purpose",
                  "legal_basis", "planned_on", "occurred_on", "inspection_date", "description", "unregistered",
                  "inspectors", "created_at", "confirmed_at", "cancelled_at", "cancel_reason"]


class InspectionRegisterSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(),
                                                    help_text="被检查企业 ID（须在您的数据范围内）")
    planned_on = serializers.DateField(help_text="计划检查日期，不能早于今天")
    purpose = serializers.CharField(max_length=200, help_text="检查事项和目的")
    legal_basis = serializers.CharField(max_length=300, help_text="检查依据（法律、法规、规章及条款）")
    inspectors = InspectorSerializer(many=True, help_text="检查人员，至少两人，每人须有执法证号")


class InspectionCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, help_text="取消原因")


class InspectionConfirmSerializer(serializers.Serializer):
    occurred_on = serializers.DateField(help_text="实际检查日期")


class InspectionReportSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), help_text="检查单位 ID（本县单位）")
    occurred_on = serializers.DateField(help_text="检查日期，不能晚于今天")
    description = serializers.CharField(max_length=2000, help_text="情况说明：检查人员、检查内容、处理结果等")


@extend_schema_view(
    list=extend_schema(summary="涉企检查（数据范围内；企业只看本企业）", parameters=[
        OpenApiParameter("q", str, description="企业名称中的词或统一社会信用代码前缀"),
        OpenApiParameter("state", str, enum=list(selectors.STATE_CHOICES), description="状态"),
        OpenApiParameter("unit", int, description="检查单位 ID"),
        OpenApiParameter("start", str, description="检查日期起（YYYY-MM-DD）"),
        OpenApiParameter("end", str, description="检查日期止（YYYY-MM-DD）")]),
    retrieve=extend_schema(summary="一次检查"),
    create=extend_schema(summary="事前登记涉企检查", request=InspectionRegisterSerializer,
                         responses={201: InspectionSerializer}),
)
@extend_schema(tags=["涉企检查"])
class InspectionViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """涉企检查。读取需要 inspections.view（企业只看本企业，单位看本单位的检查）；登记、取消需要
    inspections.register；企业确认实施、报告未登记的检查需要 inspections.report。"""

    access_rule = AccessRule(capability="inspections.view")
    action_rules = {"create": REGISTER, "cancel": REGISTER, "confirm": REPORT, "report": REPORT}
    serializer_class = InspectionSerializer
    queryset = Inspection.objects.none()

    def get_queryset(self):
        if self.action == "list":
            filters = InspectionFilterForm(self.request.query_params, user=self.request.user)
            return selectors.inspection_list(user=self.request.user, **filters.values()).prefetch_related("inspectors")
        return selectors.with_day(selectors.inspections_for_user(user=self.request.user)).select_related(
            "enterprise", "unit").prefetch_related("inspectors")

    def create(self, request):
        body = InspectionRegisterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["inspectors"] = [(person["name"], person["certificate_no"]) for person in data["inspectors"]]
        return self.write_response(inspection_register(acting_user=request.user, **data), created=True)

    @extend_schema(summary="取消未实施的检查（登记单位）", request=InspectionCancelSerializer, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        body = InspectionCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.write_response(inspection_cancel(acting_user=request.user, inspection=self.get_object(),
                                                     reason=body.validated_data["reason"]))

    @extend_schema(summary="企业确认检查已实施", request=InspectionConfirmSerializer, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        body = InspectionConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.write_response(inspection_confirm(acting_user=request.user, inspection=self.get_object(),
                                                      occurred_on=body.validated_data["occurred_on"]))

    @extend_schema(summary="企业报告未登记的检查（提示县招商主管部门）", request=InspectionReportSerializer,
                   responses={201: InspectionSerializer})
    @action(detail=False, methods=["post"])
    def report(self, request):
        body = InspectionReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.write_response(inspection_report(acting_user=request.user, **body.validated_data), created=True)


class FlaggedInspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    inspection_date = serializers.DateField()
    unit_name = serializers.CharField(source="unit.name")
    unregistered = serializers.BooleanField(source="is_unregistered")


class FrequencyFlagSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(source="enterprise.pk", help_text="企业 ID")
    enterprise_name = serializers.CharField(source="enterprise.name")
    period = serializers.CharField(source="period.label", help_text="周期，如 2026年第2季度")
    period_start = serializers.DateField(source="period.start")
    period_end = serializers.DateField(source="period.end")
    count = serializers.IntegerField(help_text="本期检查次数（不含已取消的）")
    limit = serializers.IntegerField(help_text="本县上限")
    inspections = FlaggedInspectionSerializer(many=True, help_text="本期全部检查，按日期排列；第 limit 次之后的即超出上限")


class InspectionFlagsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    frequency = FrequencyFlagSerializer(many=True, help_text="检查过频的企业和周期")
    unregistered = InspectionSerializer(many=True, help_text="企业报告的未登记检查")


class FlagsView(APIView):
    """检查预警：当年检查过频的企业和企业报告的未登记检查，数据范围内。需要 inspections.flags。"""

    access_rule = AccessRule(capability="inspections.flags")

    @extend_schema(summary="检查预警", tags=["涉企检查"], responses=InspectionFlagsSerializer,
                   parameters=[OpenApiParameter("year", int, description="年度，默认今年")])
    def get(self, request):
        year = YearForm(request.query_params).chosen_year()
        unregistered = selectors.unregistered_inspections(user=request.user, year=year).prefetch_related("inspectors")
        return Response(InspectionFlagsSerializer({
            "year": year, "frequency": selectors.frequency_flags(user=request.user, year=year),
            "unregistered": unregistered}).data)


class InspectionLimitSerializer(serializers.Serializer):
    division = serializers.CharField(read_only=True, help_text="县（市、区）代码")
    period = serializers.ChoiceField(choices=PeriodKind.choices, help_text="统计周期")
    max_inspections = serializers.IntegerField(min_value=1, max_value=50, help_text="每家企业每周期检查次数上限")
    is_default = serializers.BooleanField(read_only=True, help_text="本县未设置，使用默认值")


class LimitView(APIView):
    """本县每家企业每周期的检查次数上限。读取需要 inspections.flags，修改需要 inspections.limits。"""

    access_rule = AccessRule(capability="inspections.flags")

    def _current(self, request) -> dict:
        county = (request.user.scope_prefix or "")[:6]
        limit = selectors.limit_for_county(county)
        return {"division": county, "period": limit.period, "max_inspections": limit.max_inspections,
                "is_default": limit.is_default}

    @extend_schema(summary="本县检查频次上限", tags=["涉企检查"], responses=InspectionLimitSerializer)
    def get(self, request):
        return Response(InspectionLimitSerializer(self._current(request)).data)

    @extend_schema(summary="设置本县检查频次上限", tags=["涉企检查"], request=InspectionLimitSerializer,
                   responses=InspectionLimitSerializer)
    def put(self, request):
        if not request.user.has_capability("inspections.limits"):
            raise exceptions.PermissionDenied(_("您的账号可以查看但不能修改检查频次上限。"))
        body = InspectionLimitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        inspection_limit_set(acting_user=request.user, **body.validated_data)
        return Response(InspectionLimitSerializer(self._current(request)).data)


router = SimpleRouter(use_regex_path=False)
router.register("inspections", InspectionViewSet, basename="inspection")
# Mounted under /api/ by one line in chengjie/api/urls.py; the fixed paths go before the router's <pk>.
urlpatterns = [
    path("inspections/flags/", FlagsView.as_view(), name="inspection-flags"),
    path("inspections/limit/", LimitView.as_view(), name="inspection-limit"),
    *router.urls,
]
