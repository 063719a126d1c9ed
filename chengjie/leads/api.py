"""REST API for leads and referrers: the pages' selectors, rules and services. Read for leads.view; a unit
registers and reports with leads.register, the bureau runs the loop with leads.manage. A referrer's ID
number and phone come back masked unless revealed with a stated purpose (personal.reveal)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengjie.accounts.models import User
from chengjie.core.access import AccessRule
from chengjie.org.api import RuledViewSet, kind_field, service_kwargs
from chengjie.org.models import Industry, IndustryGroup, Unit
from chengjie.parks.api import RevealedSerializer
from chengjie.parks.models import Enterprise, Park
from chengjie.projects.models import ProjectType

from . import rules, selectors
from .clock import NEXT_STEP, Limits, lead_clock
from .forms import LeadFilterForm, ReferrerFilterForm
from .masking import PERSONAL_FIELDS, masked
from .models import Agency, Lead, Referrer
from .services import (
    lead_advance,
    lead_convert,
    lead_drop,
    lead_follow_up,
    lead_register,
    lead_update,
    referrer_register,
    referrer_reveal,
)

REGISTER = AccessRule(capability="leads.register")
MANAGE = AccessRule(capability="leads.manage")
ChannelField = kind_field("LeadChannel", Lead.Channel.choices)
StepField = kind_field("LeadStep", Lead.Step.choices)
NextStepField = kind_field("LeadNextStep", [(step, Lead.Step(step).label) for step in NEXT_STEP.values()])


class LeadClockSerializer(serializers.Serializer):
    step = serializers.CharField(help_text="环节")
    entered_on = serializers.DateField(help_text="进入环节的日期（跟踪期间为最近一次报告的日期）")
    limit = serializers.IntegerField(help_text="时限（工作日）")
    due_on = serializers.DateField(help_text="应完成日期")
    ended_on = serializers.DateField(allow_null=True, help_text="完成日期；仍在本环节时为空")
    overdue_by = serializers.IntegerField(help_text="超时的工作日数，0 表示未超时")


class LeadSerializer(serializers.ModelSerializer):
    channel = ChannelField(choices=Lead.Channel.choices, help_text="来源渠道")
    channel_display = serializers.CharField(source="get_channel_display", read_only=True, help_text="来源渠道名称")
    step = StepField(choices=Lead.Step.choices, help_text="当前环节")
    step_display = serializers.CharField(source="get_step_display", read_only=True, help_text="当前环节名称")
    agency_name = serializers.CharField(source="agency.name", read_only=True, default=None, help_text="委托招商机构")
    referrer_name = serializers.CharField(source="referrer.name", read_only=True, default=None, help_text="引荐人")
    unit_name = serializers.CharField(source="unit.name", read_only=True, help_text="跟进单位")
    source_unit_name = serializers.CharField(source="source_unit.name", read_only=True, help_text="登记单位")
    clock = serializers.SerializerMethodField(help_text="当前环节的时限；已签约或已终止时为空")
    project = serializers.SerializerMethodField(help_text="签约后的项目 ID")

    class Meta:
        model = Lead
        fields = ["id", "title", "investor_name", "channel", "channel_display", "agency", "agency_name", "referrer",
                  "referrer_name", "industry", "industry_group", "estimated_investment", "division", "unit",
                  "unit_name", "source_unit", "source_unit_name", "step", "step_display", "step_entered_at", "clock",
                  "project", "description", "created_at"]

    @extend_schema_field(LeadClockSerializer(allow_null=True))
    def get_clock(self, lead):
        clock = lead.clock if hasattr(lead, "clock") else lead_clock(lead, Limits.for_county(lead.division_id))
        return LeadClockSerializer(clock).data if clock else None

    @extend_schema_field(OpenApiTypes.INT)
    def get_project(self, lead) -> int | None:
        project = getattr(lead, "project", None) if lead.step == Lead.Step.CONVERTED else None
        return project.pk if project else None


class LeadStepLogSerializer(serializers.Serializer):
    step = serializers.CharField(source="row.step", help_text="环节")
    is_report = serializers.BooleanField(source="row.is_report", help_text="是否为跟踪报告")
    entered_at = serializers.DateTimeField(source="row.entered_at", help_text="进入时间")
    by = serializers.CharField(source="row.by.display_name", help_text="办理人")
    unit = serializers.CharField(source="row.unit.name", default=None, help_text="交办的跟进单位")
    note = serializers.CharField(source="row.note", help_text="意见或情况")
    clock = LeadClockSerializer(allow_null=True, help_text="这一环节的时限")


class LeadDetailSerializer(LeadSerializer):
    history = serializers.SerializerMethodField(help_text="闭环记录（含每个环节的时限）")

    class Meta(LeadSerializer.Meta):
        fields = [*LeadSerializer.Meta.fields, "history"]

    @extend_schema_field(LeadStepLogSerializer(many=True))
    def get_history(self, lead):
        return LeadStepLogSerializer(selectors.lead_history(lead=lead), many=True).data


class LeadWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, help_text="线索名称")
    investor_name = serializers.CharField(max_length=200, help_text="投资方")
    channel = ChannelField(choices=Lead.Channel.choices, help_text="来源渠道")
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False, allow_null=True,
                                                help_text="委托招商机构 ID（来源渠道为委托招商时必填）")
    referrer = serializers.PrimaryKeyRelatedField(queryset=Referrer.objects.all(), required=False, allow_null=True,
                                                  help_text="引荐人 ID（须已在本县备案）")
    industry = serializers.CharField(max_length=5, required=False, allow_blank=True,
                                     help_text="行业代码（GB/T 4754-2017）")
    industry_group = serializers.PrimaryKeyRelatedField(queryset=IndustryGroup.objects.all(), required=False,
                                                        allow_null=True, help_text="产业工作组 ID")
    estimated_investment = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True,
                                                    help_text="预计投资（万元）")
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, help_text="线索内容")
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), help_text="登记单位 ID（登记时必填）")


class LeadAdvanceSerializer(serializers.Serializer):
    to_step = NextStepField(choices=[(step, Lead.Step(step).label) for step in NEXT_STEP.values()],
                            help_text="下一环节：只能按 筛选→研判→交办→跟踪 的顺序推进")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                 help_text="意见；研判意见和首次反馈必填")
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True,
                                              help_text="交办时的跟进单位 ID")


class LeadReportSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text="跟踪情况")


class LeadDropSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="终止原因")


class LeadConvertSerializer(serializers.Serializer):
    """The signing; what is left out is taken from the lead (name, investor, amount, industry, unit)."""

    signed_on = serializers.DateField(help_text="签约日期（引荐人须在此日期或之前备案）")
    project_type = serializers.ChoiceField(choices=ProjectType.choices, default=ProjectType.INDUSTRIAL,
                                           help_text="项目类型")
    name = serializers.CharField(max_length=200, required=False, help_text="项目名称，默认为线索名称")
    investor_name = serializers.CharField(max_length=200, required=False, help_text="投资方，默认取自线索")
    investor = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False,
                                                  allow_null=True, help_text="已登记的投资企业 ID")
    investor_origin = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                            help_text="投资方所在地")
    division = serializers.CharField(max_length=12, required=False, help_text="项目所属区划代码，默认为线索所属县")
    contracted_investment = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                                     help_text="协议投资（万元），默认为线索的预计投资")
    out_of_province_investment = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                                          help_text="其中省外资金（万元）")
    industry = serializers.PrimaryKeyRelatedField(queryset=Industry.objects.all(), required=False, allow_null=True,
                                                  help_text="行业代码，默认取自线索")
    industry_group = serializers.PrimaryKeyRelatedField(queryset=IndustryGroup.objects.all(), required=False,
                                                        allow_null=True, help_text="产业工作组 ID，默认取自线索")
    park = serializers.PrimaryKeyRelatedField(queryset=Park.objects.all(), required=False, allow_null=True,
                                              help_text="落户园区 ID")
    introducing_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False,
                                                          help_text="引进单位 ID，默认为线索的跟进单位")
    leader = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True,
                                                help_text="包保领导（用户 ID）")
    contact_person = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                                        allow_null=True, help_text="联络员（用户 ID）")
    task_force = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False,
                                                    help_text="专班成员（用户 ID 列表）")

    def project_fields(self, lead: Lead) -> dict:
        defaults = {"name": lead.title, "investor_name": lead.investor_name, "division": lead.division_id,
                    "contracted_investment": lead.estimated_investment, "industry": lead.industry,
                    "industry_group": lead.industry_group, "introducing_unit": lead.unit}
        return defaults | dict(self.validated_data)


class LeadProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="项目 ID")
    code = serializers.CharField(help_text="项目编号")
    name = serializers.CharField(help_text="项目名称")


LEAD_RENAMES = {"industry": "industry_code"}


@extend_schema_view(
    list=extend_schema(summary="招商线索（数据范围内）", responses=LeadSerializer(many=True), parameters=[
        OpenApiParameter("q", str, description="线索名称或投资方中的词"),
        OpenApiParameter("step", str, enum=["open", *Lead.Step.values], description="环节；open 为在办的全部环节"),
        OpenApiParameter("channel", str, enum=Lead.Channel.values, description="来源渠道"),
        OpenApiParameter("unit", int, description="跟进单位 ID"),
        OpenApiParameter("overdue", bool, description="只列当前环节已超时的线索")]),
    retrieve=extend_schema(summary="一条线索及其闭环记录", responses=LeadDetailSerializer),
    create=extend_schema(summary="登记线索（收集）", request=LeadWriteSerializer, responses={201: LeadSerializer}),
    partial_update=extend_schema(summary="修改线索信息", request=LeadWriteSerializer, responses=LeadSerializer),
)
@extend_schema(tags=["招商线索"])
class LeadViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """招商线索：收集→筛选→研判→交办→跟踪，按工作日计时。读取需要 leads.view：单位只看本单位登记或跟进的线索，
    招商主管部门和领导看全县。单位登记线索、反馈和报告跟踪情况（leads.register）；筛选、研判、交办、终止和签约
    由招商主管部门办理（leads.manage）。"""

    access_rule = AccessRule(capability="leads.view")
    write_rule = REGISTER
    action_rules = {"drop": MANAGE, "convert": MANAGE}
    queryset = Lead.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return LeadDetailSerializer if self.action == "retrieve" else LeadSerializer

    def get_queryset(self):
        if self.action == "list":
            filters = LeadFilterForm(self.request.query_params, user=self.request.user)
            return selectors.lead_list(user=self.request.user, **filters.values()).select_related("project")
        return selectors.leads_for_user(user=self.request.user).select_related("project")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        leads = selectors.with_clocks(page, user=request.user)
        return self.get_paginated_response(self.get_serializer(leads, many=True).data)

    def _lead_for(self, action_name: str) -> Lead:
        lead = self.get_object()
        if action_name not in rules.allowed_actions(self.request.user, lead):
            raise PermissionDenied("您不能对这条线索办理这一步：可能是环节不对，或应由招商主管部门或跟进单位办理。")
        return lead

    def create(self, request):
        body = LeadWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lead = lead_register(acting_user=request.user, **service_kwargs(body.validated_data, LEAD_RENAMES))
        return self.write_response(lead, created=True)

    def partial_update(self, request, pk=None):
        lead = self._lead_for(rules.EDIT)
        body = LeadWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        changes = service_kwargs(body.validated_data, LEAD_RENAMES)
        changes.pop("unit", None)
        return self.write_response(lead_update(acting_user=request.user, lead=lead, **changes))

    @extend_schema(summary="推进到下一环节（筛选、研判、交办或首次反馈）", request=LeadAdvanceSerializer,
                   responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        body = LeadAdvanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lead = self._lead_for(body.validated_data["to_step"])
        return self.write_response(lead_advance(acting_user=request.user, lead=lead, **body.validated_data))

    @extend_schema(summary="报告跟踪情况（重新计算两周时限）", request=LeadReportSerializer, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        body = LeadReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lead = self._lead_for(rules.REPORT)
        return self.write_response(lead_follow_up(acting_user=request.user, lead=lead, **body.validated_data))

    @extend_schema(summary="终止线索", request=LeadDropSerializer, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        body = LeadDropSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lead = self._lead_for(rules.DROP)
        return self.write_response(lead_drop(acting_user=request.user, lead=lead, **body.validated_data))

    @extend_schema(summary="签约转为项目（引荐人取自线索）", request=LeadConvertSerializer,
                   responses={201: LeadProjectSerializer})
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        body = LeadConvertSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lead = self._lead_for(rules.CONVERT)
        project = lead_convert(acting_user=request.user, lead=lead, **body.project_fields(lead))
        return Response(LeadProjectSerializer(project).data, status=201)


# --- referrers


class ReferrerSerializer(serializers.ModelSerializer):
    kind = kind_field("ReferrerKind", Referrer.Kind.choices)(choices=Referrer.Kind.choices, help_text="类型")
    id_number = serializers.SerializerMethodField(help_text="身份证号（脱敏）或单位的统一社会信用代码")
    phone = serializers.SerializerMethodField(help_text="联系电话（脱敏，如 138****5678）")
    registered_by_name = serializers.CharField(source="registered_by.display_name", read_only=True,
                                               help_text="备案人")

    class Meta:
        model = Referrer
        fields = ["id", "name", "kind", "division", "id_number", "phone", "registered_on", "registered_by_name",
                  "note", "is_active"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_id_number(self, obj) -> str:
        return masked(obj, "id_number")

    @extend_schema_field(OpenApiTypes.STR)
    def get_phone(self, obj) -> str:
        return masked(obj, "phone")


class ReferrerWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="姓名或单位名称")
    kind = serializers.ChoiceField(choices=Referrer.Kind.choices, help_text="类型")
    id_number = serializers.CharField(max_length=30, help_text="个人的身份证号或单位的统一社会信用代码（只写）")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="联系电话（只写）")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, help_text="备注")
    division = serializers.CharField(max_length=6, required=False, help_text="备案的县级区划代码，默认为本人所在县")


class ReferrerRevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=list(PERSONAL_FIELDS), help_text="要查看的字段")
    purpose = serializers.CharField(max_length=200, help_text="查看用途（至少 4 个字），记入审计日志")


@extend_schema_view(
    list=extend_schema(summary="已备案的引荐人（数据范围内）", parameters=[
        OpenApiParameter("q", str, description="姓名或名称中的词"),
        OpenApiParameter("kind", str, enum=Referrer.Kind.values, description="类型"),
        OpenApiParameter("status", str, enum=["active", "disabled", "all"], description="备案状态，默认只列有效的")]),
    retrieve=extend_schema(summary="一名引荐人"),
    create=extend_schema(summary="备案引荐人（备案日期为当天）", request=ReferrerWriteSerializer,
                         responses={201: ReferrerSerializer}),
)
@extend_schema(tags=["招商线索"])
class ReferrerViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """引荐人备案。读取需要 leads.view；备案需要 leads.manage。身份证号和电话一律脱敏返回；查看完整信息用 reveal
    并说明用途（需要 personal.reveal），每次查看记入审计日志。"""

    access_rule = AccessRule(capability="leads.view")
    write_rule = MANAGE
    action_rules = {"reveal": AccessRule(capability="personal.reveal")}
    serializer_class = ReferrerSerializer
    queryset = Referrer.objects.none()

    def get_queryset(self):
        if self.action == "list":
            filters = ReferrerFilterForm(self.request.query_params)
            return selectors.referrer_list(user=self.request.user, **filters.values())
        return selectors.referrers_for_user(user=self.request.user)

    def create(self, request):
        body = ReferrerWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        referrer = referrer_register(acting_user=request.user,
                                     **service_kwargs(body.validated_data, {"division": "division_code"}))
        return self.write_response(referrer, created=True)

    @extend_schema(summary="说明用途后查看完整的个人信息（记入审计日志）", request=ReferrerRevealSerializer,
                   responses=RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        body = ReferrerRevealSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        value = referrer_reveal(acting_user=request.user, referrer=self.get_object(), **body.validated_data)
        return Response({"field": body.validated_data["field"], "value": value})


router = SimpleRouter(use_regex_path=False)
router.register("leads", LeadViewSet, basename="lead")
router.register("referrers", ReferrerViewSet, basename="referrer")
urlpatterns = router.urls
