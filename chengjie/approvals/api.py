"""REST API for approvals: the matter catalogue (read) and requests (list, read, file, accept, return,
resubmit, stop and resume the clock, decide). Same selectors, scope and services as the pages, so the same
rules hold and the same audit rows are written; every request carries its working-day clock and its
derived state (超时默认 and 超期 show as soon as the clock runs out, whether or not the job has run)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengjie.core.access import AccessRule
from chengjie.org.api import STATUS_PARAMETER, RuledViewSet, kind_field
from chengjie.parks.models import Enterprise
from chengjie.projects.models import Project
from chengjie.workcalendar import workdays

from . import selectors
from .clock import STATUS_LABELS, Status
from .forms import MatterFilterForm, RequestFilterForm
from .models import ApprovalRequest, Matter, RequestFile, StopEvent
from .services import (
    request_accept,
    request_decide,
    request_file,
    request_resubmit,
    request_resume,
    request_return,
    request_stop,
)

FILE = AccessRule(capability="approvals.file")
HANDLE = AccessRule(capability="approvals.handle")
UNIT_STOPS = [(StopEvent.HEARING, StopEvent.HEARING.label), (StopEvent.EXPERT_REVIEW, StopEvent.EXPERT_REVIEW.label)]
StopEventField = kind_field("ApprovalStopEvent", StopEvent.choices)
UnitStopEventField = kind_field("ApprovalUnitStopEvent", UNIT_STOPS)

# --- matters


class MatterSerializer(serializers.ModelSerializer):
    handling_unit_name = serializers.CharField(source="handling_unit.name", read_only=True, help_text="承办单位名称")
    stop_events = serializers.ListField(child=StopEventField(choices=StopEvent.choices),
                                        help_text="可暂停计时的情形：supplement 补正材料、hearing 听证、expert_review 专家评审")
    required_documents = serializers.ListField(child=serializers.CharField(),
                                               help_text="申请材料，申报时按此顺序以 document_0、document_1… 上传")
    prerequisites = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="前置事项 ID")

    class Meta:
        model = Matter
        fields = ["id", "name", "code", "division", "handling_unit", "handling_unit_name", "legal_basis",
                  "time_limit_workdays", "deemed_approval", "exclusion_reason", "stop_events", "required_documents",
                  "prerequisites", "is_active", "version"]


@extend_schema_view(
    list=extend_schema(summary="审批事项目录", parameters=[
        OpenApiParameter("q", str, description="事项名称中的词或编码前缀"),
        OpenApiParameter("unit", int, description="承办单位 ID"), STATUS_PARAMETER]),
    retrieve=extend_schema(summary="一个审批事项"),
)
@extend_schema(tags=["审批服务"])
class MatterViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """审批事项目录（只读），需要 approvals.matters。目录由系统管理员在网页上维护，每次修改生成新版本。"""

    access_rule = AccessRule(capability="approvals.matters")
    serializer_class = MatterSerializer
    queryset = Matter.objects.none()

    def get_queryset(self):
        if self.action == "list":
            filters = MatterFilterForm(self.request.query_params, user=self.request.user)
            return selectors.matter_list(user=self.request.user, **filters.values())
        return selectors.matters_for_user(user=self.request.user).prefetch_related("prerequisites")


# --- requests


class StopSerializer(serializers.Serializer):
    event = StopEventField(choices=StopEvent.choices, help_text="情形")
    started_on = serializers.DateField(help_text="开始日期")
    ended_on = serializers.DateField(allow_null=True, help_text="结束日期；进行中为 null")
    before_acceptance = serializers.BooleanField(help_text="受理前一次告知补正（只重置收件日期，不扣减时限）")
    counted_workdays = serializers.IntegerField(help_text="不计入办理时限的工作日数")
    reason = serializers.CharField(help_text="原因")


class ClockSerializer(serializers.Serializer):
    received_on = serializers.DateField(help_text="收件日期")
    acceptance_due_on = serializers.DateField(help_text="应受理日期（收件后 5 个工作日，行政许可法第三十二条）")
    started_on = serializers.DateField(allow_null=True, help_text="开始计时日期；未开始为 null")
    deemed_accepted = serializers.BooleanField(help_text="逾期未受理，自收件之日起计时")
    limit = serializers.IntegerField(help_text="办理时限（工作日）")
    deadline = serializers.DateField(allow_null=True, help_text="截止日期；未开始或暂停中为 null")
    used = serializers.IntegerField(help_text="已用工作日")
    left = serializers.IntegerField(allow_null=True, help_text="剩余工作日（负数为超过时限）")
    overdue_by = serializers.IntegerField(help_text="超过时限的工作日")
    document_due_on = serializers.DateField(allow_null=True, help_text="超时默认后审批文件应出具日期")
    stopped = serializers.SerializerMethodField(help_text="当前暂停计时的情形；未暂停为 null")
    periods = StopSerializer(many=True, help_text="暂停计时记录")
    missing_years = serializers.ListField(child=serializers.IntegerField(),
                                          help_text="计算涉及的、尚未导入节假日安排的年份（按周一至周五计算）")
    warning = serializers.SerializerMethodField(help_text="缺少节假日安排时的提示")

    @extend_schema_field(OpenApiTypes.STR)
    def get_stopped(self, clock) -> str | None:
        return clock.stopped_by.event if clock.stopped_by else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_warning(self, clock) -> str:
        years = clock.missing_years
        return workdays.missing_years_message(years) if years else ""


class DeemedSerializer(serializers.Serializer):
    deemed_on = serializers.DateField(help_text="超时默认准予许可的日期（截止日）")
    recorded_at = serializers.DateTimeField(help_text="系统登记时间")
    document_due_on = serializers.DateField(help_text="审批文件应出具日期")
    document_issued_at = serializers.DateTimeField(allow_null=True, help_text="审批文件出具时间")


class FileSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequestFile
        fields = ["id", "purpose", "kind", "original_name", "content_type", "size", "uploaded_at"]


class RequestSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True, help_text="办件编号")
    matter_name = serializers.CharField(source="matter.name", read_only=True, help_text="审批事项")
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, help_text="申请企业")
    handling_unit_name = serializers.CharField(source="handling_unit.name", read_only=True, help_text="承办单位")
    status = serializers.ChoiceField(choices=[(s.value, str(label)) for s, label in STATUS_LABELS.items()],
                                     read_only=True, help_text="当前状态（由计时推算，含超时默认、超期未办结）")
    status_display = serializers.CharField(source="status_label", read_only=True, help_text="状态名称")
    clock = ClockSerializer(read_only=True, help_text="办理时限")
    deemed = serializers.SerializerMethodField(help_text="已登记的超时默认；未登记为 null（状态仍按计时显示）")

    class Meta:
        model = ApprovalRequest
        fields = ["id", "reference", "matter", "matter_name", "matter_version", "enterprise", "enterprise_name",
                  "handling_unit", "handling_unit_name", "project", "subject", "filed_at", "authorisation", "state",
                  "status", "status_display", "received_on", "accepted_on", "decided_on", "decision_reason",
                  "refusal_ground", "time_limit_workdays", "deemed_approval_applies", "clock", "deemed"]

    @extend_schema_field(DeemedSerializer(allow_null=True))
    def get_deemed(self, request) -> dict | None:
        deemed = getattr(request, "deemed_approval", None)
        return DeemedSerializer(deemed).data if deemed is not None else None


class RequestDetailSerializer(RequestSerializer):
    files = FileSerializer(many=True, read_only=True, help_text="材料")

    class Meta(RequestSerializer.Meta):
        fields = [*RequestSerializer.Meta.fields, "files"]


class FileRequestSerializer(serializers.Serializer):
    matter = serializers.PrimaryKeyRelatedField(queryset=Matter.objects.all(), help_text="审批事项 ID")
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(),
                                                    help_text="申请企业 ID（企业用户为本企业；代办员为授权企业）")
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False, allow_null=True,
                                                 help_text="关联的招商项目 ID（须为该企业投资的项目）")
    subject = serializers.CharField(max_length=200, help_text="申请内容")
    document_0 = serializers.FileField(required=False,
                                       help_text="申请材料，按事项 required_documents 的顺序以 document_0、document_1… 上传；"
                                                 "PDF、JPEG 或 PNG（按内容判断），每个不超过 10 MB")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="需要补正的全部内容（一次告知）")


class ResubmitSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, help_text="补正说明")
    documents = serializers.ListField(child=serializers.FileField(), help_text="补正材料（可多个）")


class StopRequestSerializer(serializers.Serializer):
    event = UnitStopEventField(choices=UNIT_STOPS, help_text="暂停计时的情形")
    reason = serializers.CharField(max_length=2000, help_text="原因")


class ResumeSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, help_text="结果说明")


class DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true 准予许可；false 不予许可（超时默认后只能为 true，即出具审批文件）")
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                   help_text="决定理由；不予许可的必填（行政许可法第三十八条）")
    refusal_ground = serializers.ChoiceField(choices=ApprovalRequest.RefusalGround.choices, required=False,
                                             allow_blank=True, help_text="不予许可的理由类别")
    result_document = serializers.FileField(help_text="决定书或证照：PDF、JPEG 或 PNG")


REQUEST_FILTERS = [
    OpenApiParameter("q", str, description="企业名称、事项或申请内容中的词"),
    OpenApiParameter("status", str, enum=[s.value for s in Status], description="状态（由计时推算）"),
    OpenApiParameter("matter", int, description="审批事项 ID"),
    OpenApiParameter("unit", int, description="承办单位 ID（领导和招商主管部门可用）"),
]


@extend_schema_view(
    list=extend_schema(summary="审批办件（数据范围内）", parameters=REQUEST_FILTERS),
    retrieve=extend_schema(summary="一个办件及其计时", responses=RequestDetailSerializer),
    create=extend_schema(summary="申报（企业或受托代办员）", request={"multipart/form-data": FileRequestSerializer},
                         responses={201: RequestDetailSerializer}),
)
@extend_schema(tags=["审批服务"])
class ApprovalRequestViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """审批办件。读取需要 approvals.view：企业只看本企业的，代办员看授权企业的，承办单位看本单位承办的，领导和招商
    主管部门看数据范围内的；范围外的办件返回 404。申报、补正需要 approvals.file；受理、退回补正、暂停和恢复计时、
    作出决定需要 approvals.handle（本单位承办的办件）。规则与网页相同，违反时返回 400 和原因，每次操作记入审计日志。"""

    access_rule = AccessRule(capability="approvals.view")
    action_rules = {"create": FILE, "resubmit": FILE, "accept": HANDLE, "return_for_supplements": HANDLE,
                    "stop": HANDLE, "resume": HANDLE, "decide": HANDLE}
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    serializer_class = RequestSerializer
    queryset = ApprovalRequest.objects.none()

    def get_serializer_class(self):
        return RequestSerializer if self.action == "list" else RequestDetailSerializer

    def get_queryset(self):
        user, today = self.request.user, timezone.localdate()
        if self.action == "list":
            filters = RequestFilterForm(self.request.query_params, user=user)
            return selectors.request_list(user=user, today=today, **filters.values())
        return selectors.requests_for_user(user=user).select_related(*selectors.LIST_RELATED).prefetch_related(
            "stops", "files")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.with_clocks(page, today=timezone.localdate())
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def get_object(self):
        item = super().get_object()
        return selectors.with_clocks([item], today=timezone.localdate())[0]

    def _fresh(self, item, *, created: bool = False) -> Response:
        self.kwargs["pk"] = item.pk
        return self.write_response(self.get_object(), created=created)

    def create(self, request):
        body = FileRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        matter = selectors.get_matter_for_user(request.user, data["matter"].pk)
        documents = {name: request.FILES.get(f"document_{index}")
                     for index, name in enumerate(matter.required_documents)}
        item = request_file(acting_user=request.user, matter=matter, enterprise=data["enterprise"],
                            project=data.get("project"), subject=data["subject"], documents=documents)
        return self._fresh(item, created=True)

    @extend_schema(summary="受理（承办单位）", request=None, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._fresh(request_accept(acting_user=request.user, request=self.get_object()))

    @extend_schema(summary="退回补正（受理前为一次告知；受理后暂停计时）", request=ReasonSerializer,
                   responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_supplements(self, request, pk=None):
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._fresh(request_return(acting_user=request.user, request=self.get_object(), **body.validated_data))

    @extend_schema(summary="提交补正材料（企业或受托代办员）", request={"multipart/form-data": ResubmitSerializer},
                   responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        body = ResubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._fresh(request_resubmit(acting_user=request.user, request=self.get_object(),
                                            note=body.validated_data.get("note", ""),
                                            documents=body.validated_data["documents"]))

    @extend_schema(summary="因听证或专家评审暂停计时", request=StopRequestSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def stop(self, request, pk=None):
        body = StopRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._fresh(request_stop(acting_user=request.user, request=self.get_object(), **body.validated_data))

    @extend_schema(summary="结束听证或专家评审，恢复计时", request=ResumeSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        body = ResumeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._fresh(request_resume(acting_user=request.user, request=self.get_object(),
                                          note=body.validated_data.get("note", "")))

    @extend_schema(summary="作出决定并上传决定书或证照", request={"multipart/form-data": DecideSerializer},
                   responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        body = DecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        return self._fresh(request_decide(acting_user=request.user, request=self.get_object(), approve=data["approve"],
                                          reason=data.get("reason", ""), refusal_ground=data.get("refusal_ground", ""),
                                          result_document=data["result_document"]))


router = SimpleRouter(use_regex_path=False)
router.register("approval-matters", MatterViewSet, basename="approval-matter")
router.register("approvals", ApprovalRequestViewSet, basename="approval")
urlpatterns = router.urls
