"""REST API for warnings and supervision notices: the red and yellow items in scope (computed live, as
the page does), counts by unit, a project's colour history, and notices (list, detail, the unit's answer,
the bureau's 销号 and routing). The pages' selectors scope every read and the same services make every
write, so refusals and audit rows are the pages' own."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengjie.core.access import AccessRule
from chengjie.core.errors import DomainError
from chengjie.org.api import RuledViewSet, kind_field
from chengjie.projects.api import ColourField  # one "WarningColour" enum in the OpenAPI document
from chengjie.projects.selectors import get_project_for_user

from . import selectors, services
from .forms import NoticeFilterForm, WarningFilterForm
from .models import Colour, ColourRecord, SupervisionNotice

VIEW = AccessRule(capability="supervision.view")
StatusField = kind_field("NoticeStatus", SupervisionNotice.Status.choices)
TierField = kind_field("NoticeTier", SupervisionNotice.Tier.choices)


class SupervisionViewSet(RuledViewSet):
    """A service's "your role may not" (DomainError code forbidden) is a 403 here, as on the pages."""

    def handle_exception(self, exc):
        if isinstance(exc, DomainError) and exc.code == "forbidden":
            exc = exceptions.PermissionDenied(exc.message)
        return super().handle_exception(exc)


# --- warnings


class WarnedNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="节点 ID")
    name = serializers.CharField(help_text="节点名称")
    project = serializers.IntegerField(source="project_id", help_text="项目 ID")
    project_code = serializers.CharField(source="project.code", help_text="项目编号")
    project_name = serializers.CharField(source="project.name", help_text="项目名称")
    unit = serializers.IntegerField(source="responsible_unit_id", help_text="责任单位 ID")
    unit_name = serializers.CharField(source="responsible_unit.name", help_text="责任单位")
    planned_date = serializers.DateField(allow_null=True, help_text="计划日期")
    actual_date = serializers.DateField(allow_null=True, help_text="实际完成日期")
    colour = ColourField(choices=Colour.choices, source="result.colour", help_text="颜色")
    reason = serializers.CharField(source="result.reason", help_text="原因")


class WarnedProjectSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project.pk", help_text="项目 ID")
    project_code = serializers.CharField(source="project.code", help_text="项目编号")
    project_name = serializers.CharField(source="project.name", help_text="项目名称")
    unit = serializers.IntegerField(source="project.introducing_unit_id", help_text="引进单位 ID")
    unit_name = serializers.CharField(source="project.introducing_unit.name", help_text="引进单位")
    colour = ColourField(choices=Colour.choices, source="result.colour", help_text="颜色")
    reason = serializers.CharField(source="result.reason", help_text="原因（投资进度滞后、未纳统）")


class UnitCountSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id", help_text="单位 ID")
    unit_name = serializers.CharField(help_text="单位")
    red = serializers.IntegerField(help_text="红色事项数")
    yellow = serializers.IntegerField(help_text="黄色事项数")


class ColourRecordSerializer(serializers.ModelSerializer):
    colour = ColourField(choices=Colour.choices, help_text="颜色")
    preset_name = serializers.CharField(source="preset.name", help_text="当月所用预警规则")

    class Meta:
        model = ColourRecord
        fields = ["period", "colour", "reason", "preset_name", "recorded_at"]


WARNING_FILTERS = [
    OpenApiParameter("colour", str, enum=[Colour.RED, Colour.YELLOW], description="只看红色或黄色；默认两者"),
    OpenApiParameter("unit", int, description="单位 ID"),
]


@extend_schema(tags=["预警与督办"])
class WarningViewSet(SupervisionViewSet):
    """红黄牌事项：按各县所选预警规则即时计算（不依赖每日扫描），范围与页面相同——招商主管部门和领导看本级数据范围，
    责任单位看本单位负责的节点和本单位引进项目的整体进度。需要 supervision.view。"""

    access_rule = VIEW
    queryset = SupervisionNotice.objects.none()

    def _filters(self) -> dict:
        return WarningFilterForm(self.request.query_params, user=self.request.user).values()

    @extend_schema(summary="红色和黄色节点（最严重的在前）", parameters=WARNING_FILTERS,
                   responses=WarnedNodeSerializer(many=True))
    @action(detail=False, methods=["get"])
    def nodes(self, request):
        today = timezone.localdate()
        page = self.paginate_queryset(selectors.warned_nodes(user=request.user, today=today, **self._filters()))
        results = selectors.node_results(page, today=today)
        for node in page:
            node.result = results[node.pk]
        return self.get_paginated_response(WarnedNodeSerializer(page, many=True).data)

    @extend_schema(summary="项目整体进度的红黄事项（进度规则：投资进度滞后、开工后未纳统）", parameters=WARNING_FILTERS,
                   responses=WarnedProjectSerializer(many=True))
    @action(detail=False, methods=["get"])
    def projects(self, request):
        today, filters = timezone.localdate(), self._filters()
        page = self.paginate_queryset(selectors.warned_projects(user=request.user, today=today, **filters))
        clauses = selectors.clause_results(page, today=today)
        rows = [{"project": project, "result": result} for project in page for result in clauses[project.pk]
                if result.colour == filters["colour"] or not filters["colour"]]
        return self.get_paginated_response(WarnedProjectSerializer(rows, many=True).data)

    @extend_schema(summary="各单位红黄事项数（红色多的在前）", responses=UnitCountSerializer(many=True))
    @action(detail=False, methods=["get"])
    def units(self, request):
        counts = selectors.warned_counts_by_unit(user=request.user, today=timezone.localdate())
        return Response(UnitCountSerializer(counts, many=True).data)

    @extend_schema(summary="一个项目按月记录的颜色（每日扫描留存，新月份在前）",
                   parameters=[OpenApiParameter("months", int, description="最近多少个月，默认 12，最多 60")],
                   responses=ColourRecordSerializer(many=True))
    @action(detail=False, methods=["get"], url_path=r"history/(?P<project_pk>\d+)")
    def history(self, request, project_pk=None):
        project = get_project_for_user(request.user, project_pk)
        months = request.query_params.get("months", "12")
        months = min(int(months), 60) if months.isdigit() and int(months) > 0 else 12
        return Response(ColourRecordSerializer(selectors.project_colour_history(project, months=months), many=True).data)


# --- notices


class NoticeSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True, help_text="项目名称")
    node_name = serializers.CharField(source="node.name", read_only=True, default=None, help_text="节点名称")
    unit_name = serializers.CharField(source="unit.name", read_only=True, help_text="责任单位")
    status = StatusField(choices=SupervisionNotice.Status.choices, help_text="状态")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    tier = TierField(choices=SupervisionNotice.Tier.choices, help_text="处理层级")
    tier_display = serializers.CharField(source="get_tier_display", read_only=True, help_text="处理层级名称")
    overdue = serializers.SerializerMethodField(help_text="已过整改方案报送期限且未报送")

    class Meta:
        model = SupervisionNotice
        fields = ["id", "code", "project", "project_name", "node", "node_name", "unit", "unit_name", "period",
                  "reason", "issued_at", "response_due", "overdue", "status", "status_display", "tier",
                  "tier_display", "escalation_level", "escalated_at", "response", "responded_at", "closed_at",
                  "closing_note"]

    def get_overdue(self, notice) -> bool:
        return notice.status == SupervisionNotice.Status.OPEN and notice.response_due < timezone.localdate()


class AnswerSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=2000, help_text="整改方案：问题原因、整改措施、责任人和完成时限")


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, help_text="销号说明（整改结果或核实情况）")


class RouteSerializer(serializers.Serializer):
    tier = TierField(choices=SupervisionNotice.Tier.choices, help_text="转交到的处理层级")
    note = serializers.CharField(max_length=1000, help_text="转交理由")


NOTICE_FILTERS = [
    OpenApiParameter("status", str, enum=SupervisionNotice.Status.values, description="状态"),
    OpenApiParameter("tier", str, enum=SupervisionNotice.Tier.values, description="处理层级"),
    OpenApiParameter("unit", int, description="责任单位 ID"),
    OpenApiParameter("q", str, description="项目名称或督办单号中的词"),
]


@extend_schema_view(
    list=extend_schema(summary="督办单（数据范围内，新下发的在前）", parameters=NOTICE_FILTERS),
    retrieve=extend_schema(summary="一份督办单"),
)
@extend_schema(tags=["预警与督办"])
class NoticeViewSet(SupervisionViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """督办单：红色事项由每日预警扫描自动下发给责任单位并抄送包保领导。读取需要 supervision.view（责任单位只看本单位的，
    招商主管部门和领导看本级数据范围）；责任单位报送整改方案需要 supervision.answer；销号和转交处理层级需要
    supervision.manage。范围外的督办单返回 404。"""

    access_rule = VIEW
    action_rules = {"answer": AccessRule(capability="supervision.answer"),
                    "close": AccessRule(capability="supervision.manage"),
                    "route": AccessRule(capability="supervision.manage")}
    serializer_class = NoticeSerializer
    queryset = SupervisionNotice.objects.none()

    def get_queryset(self):
        if self.action == "list":
            values = NoticeFilterForm(self.request.query_params, user=self.request.user).values()
            return selectors.notice_list(user=self.request.user, **values)
        return selectors.notices_for_user(user=self.request.user).select_related("project", "node", "unit")

    def _notice(self, pk, capability: str) -> SupervisionNotice:
        return selectors.get_notice_for_user(self.request.user, pk, write=True, write_capability=capability)

    @extend_schema(summary="报送或修改整改方案（责任单位）", request=AnswerSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        notice = self._notice(pk, "supervision.answer")
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        notice = services.notice_answer(acting_user=request.user, notice=notice, response=body.validated_data["response"])
        return self.write_response(notice)

    @extend_schema(summary="销号（招商主管部门）", request=CloseSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        notice = self._notice(pk, "supervision.manage")
        body = CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.write_response(services.notice_close(acting_user=request.user, notice=notice,
                                                         note=body.validated_data["note"]))

    @extend_schema(summary="转交处理层级：现场解决、会商解决、提交县政府（招商主管部门）", request=RouteSerializer,
                   responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        notice = self._notice(pk, "supervision.manage")
        body = RouteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.write_response(services.notice_route(acting_user=request.user, notice=notice,
                                                         **body.validated_data))


router = SimpleRouter()
router.register("warnings", WarningViewSet, basename="warning")
router.register("notices", NoticeViewSet, basename="notice")
urlpatterns = router.urls
