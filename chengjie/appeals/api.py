"""REST API for appeals: the list and one appeal with its working-day clocks and escalation level, a firm
filing one, the handling unit accepting, replying and closing, and the rating. Same selectors, rules and
services as the pages, so scope (a firm sees only its own: 404), refusals (403) and audit rows are the
pages' own. The caller's phone is always masked; `reveal` shows it with a stated purpose, audited."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengjie.core.access import AccessRule
from chengjie.org.api import RuledViewSet, kind_field
from chengjie.parks.api import RevealedSerializer
from chengjie.parks.masking import mask_phone

from . import rules, selectors
from .forms import AppealFilterForm
from .models import Appeal, AppealCategory, AppealEvent, AppealRating
from .services import appeal_accept, appeal_close, appeal_file, appeal_rate, appeal_reply, appeal_reveal
from .services.personal import PERSONAL_FIELDS

VIEW = AccessRule(capability="appeals.view")
AppealKindField = kind_field("AppealKind", Appeal.Kind.choices)
SatisfactionField = kind_field("AppealSatisfaction", AppealRating.Satisfaction.choices)
AppealStatusField = kind_field("AppealStatus", Appeal.Status.choices)
AppealChannelField = kind_field("AppealChannel", Appeal.Channel.choices)
AppealEventKindField = kind_field("AppealEventKind", AppealEvent.Kind.choices)
RatingViaField = kind_field("AppealRatingVia", AppealRating.Via.choices)


class AppealClockSerializer(serializers.Serializer):
    step = serializers.CharField(help_text="环节：accept 签收、reply 答复企业、resolve 办结")
    label = serializers.CharField(help_text="环节名称")
    started_on = serializers.DateField(help_text="起算日（受理日或本轮办理开始日）")
    limit = serializers.IntegerField(help_text="时限（工作日）")
    due_on = serializers.DateField(help_text="应完成日（按工作日历推算，自起算日次日起算）")
    done_on = serializers.DateField(allow_null=True, help_text="完成日")
    overdue_by = serializers.IntegerField(help_text="超时工作日数（已完成的按完成日计，未完成的按今天计）")


class AppealSerializer(serializers.ModelSerializer):
    kind = AppealKindField(choices=Appeal.Kind.choices, help_text="诉求类型")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="诉求类型名称")
    status = AppealStatusField(choices=Appeal.Status.choices, read_only=True, help_text="状态")
    channel = AppealChannelField(choices=Appeal.Channel.choices, read_only=True, help_text="来源渠道")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    channel_display = serializers.CharField(source="get_channel_display", read_only=True, help_text="来源渠道名称")
    category_name = serializers.CharField(source="category.name", read_only=True, default=None, help_text="问题分类")
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None, help_text="承办单位名称")
    caller_phone = serializers.SerializerMethodField(help_text="联系电话（脱敏，如 139****5678）")
    clocks = AppealClockSerializer(many=True, read_only=True, help_text="本轮的签收、答复、办结时限")
    level = serializers.IntegerField(read_only=True, help_text="已提级层级：0 未提级，1 承办单位负责人，2 包保领导或县诉求受理机构")

    class Meta:
        model = Appeal
        fields = ["id", "ticket_no", "channel", "channel_display", "kind", "kind_display", "status", "status_display",
                  "subject", "content", "company_name", "enterprise", "category", "category_name", "source_category",
                  "unit", "unit_name", "is_complex", "caller_name", "caller_phone", "received_at", "routed_at",
                  "accepted_at", "cycle", "cycle_started_at", "replied_at", "closed_at", "result", "resolved",
                  "return_count", "extension_count", "redo_count", "platform_status", "platform_due_at", "clocks",
                  "level"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_caller_phone(self, obj) -> str:
        return mask_phone(obj.caller_phone)


class AppealEventSerializer(serializers.ModelSerializer):
    kind = AppealEventKindField(choices=AppealEvent.Kind.choices, help_text="事项")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    by_name = serializers.CharField(source="by.display_name", read_only=True, default=None)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)

    class Meta:
        model = AppealEvent
        fields = ["kind", "kind_display", "cycle", "at", "by_name", "unit_name", "text"]


class AppealRatingSerializer(serializers.ModelSerializer):
    satisfaction = SatisfactionField(choices=AppealRating.Satisfaction.choices, help_text="满意度")
    via = RatingViaField(choices=AppealRating.Via.choices, help_text="评价方式")

    class Meta:
        model = AppealRating
        fields = ["cycle", "satisfaction", "via", "comment", "rated_at"]


class AppealDetailSerializer(AppealSerializer):
    events = AppealEventSerializer(many=True, read_only=True, help_text="办理记录（时间顺序）")
    ratings = AppealRatingSerializer(many=True, read_only=True, help_text="各轮评价")

    class Meta(AppealSerializer.Meta):
        fields = [*AppealSerializer.Meta.fields, "events", "ratings"]


class AppealFileSerializer(serializers.Serializer):
    kind = AppealKindField(choices=Appeal.Kind.choices, help_text="诉求类型")
    category = serializers.PrimaryKeyRelatedField(queryset=AppealCategory.objects.all(), required=False,
                                                  allow_null=True, help_text="问题分类 ID（本县的、启用的）")
    subject = serializers.CharField(max_length=200, help_text="诉求主题")
    content = serializers.CharField(max_length=5000, help_text="诉求内容")
    caller_phone = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                         help_text="联系电话（只写）；不填用账号登记的手机号")


class AppealReplySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000, help_text="答复内容（企业可见）")


class AppealCloseSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=5000, help_text="处理结果")
    resolved = serializers.BooleanField(help_text="问题是否解决")


class AppealRateSerializer(serializers.Serializer):
    satisfaction = SatisfactionField(choices=AppealRating.Satisfaction.choices, help_text="满意度")
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True,
                                    help_text="评价意见；不满意时必填（诉求将重新办理并提级督办）")


class AppealRevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=list(PERSONAL_FIELDS), help_text="要查看的字段")
    purpose = serializers.CharField(max_length=200, help_text="查看用途（至少 4 个字），记入审计日志")


@extend_schema_view(
    list=extend_schema(summary="诉求（数据范围内：企业只看本企业的，单位只看本单位承办的）", parameters=[
        OpenApiParameter("q", str, description="主题、企业名称中的词或工单编号"),
        OpenApiParameter("status", str, enum=["open", *Appeal.Status.values], description="状态；open 为未办结的"),
        OpenApiParameter("kind", str, enum=Appeal.Kind.values, description="诉求类型"),
        OpenApiParameter("channel", str, enum=Appeal.Channel.values, description="来源渠道"),
        OpenApiParameter("unit", int, description="承办单位 ID"),
        OpenApiParameter("overdue", bool, description="只列今天有环节超时的")]),
    retrieve=extend_schema(summary="一件诉求，含时限、提级层级、办理记录和评价", responses=AppealDetailSerializer),
    create=extend_schema(summary="企业网上提交诉求（以本企业名义）", request=AppealFileSerializer,
                         responses={201: AppealDetailSerializer}),
)
@extend_schema(tags=["诉求"])
class AppealViewSet(RuledViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """诉求。读取需要 appeals.view；企业提交需要 appeals.file；签收、答复、办结限承办单位（appeals.handle）；
    评价限本企业（appeals.file）或电话回访人员（appeals.follow_up）。时限按工作日历计算，不存储期限。"""

    access_rule = VIEW
    action_rules = {"create": AccessRule(capability="appeals.file"), "accept": VIEW, "reply": VIEW, "close": VIEW,
                    "rate": VIEW, "reveal": AccessRule(capability="personal.reveal")}
    queryset = Appeal.objects.none()

    def get_serializer_class(self):
        return AppealSerializer if self.action == "list" else AppealDetailSerializer

    def get_queryset(self):
        if self.action == "list":
            filters = AppealFilterForm(self.request.query_params, user=self.request.user)
            return selectors.appeal_list(user=self.request.user, **filters.values())
        return selectors.appeals_for_user(user=self.request.user).prefetch_related("events__by", "events__unit",
                                                                                 "ratings")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(selectors.with_clocks(page), many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(selectors.with_clocks([self.get_object()])[0]).data)

    def _detail(self, appeal, *, status: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=appeal.pk)
        return Response(self.get_serializer(selectors.with_clocks([fresh])[0]).data, status=status)

    def _allowed(self, name: str) -> Appeal:
        appeal = self.get_object()
        if name not in rules.allowed_actions(self.request.user, appeal):
            raise exceptions.PermissionDenied(_("该诉求当前（%(status)s）不能由您执行此操作。")
                                              % {"status": appeal.get_status_display()})
        return appeal

    def create(self, request):
        body = AppealFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._detail(appeal_file(acting_user=request.user, **body.validated_data), status=201)

    @extend_schema(summary="签收（承办单位）", request=None, responses=AppealDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._detail(appeal_accept(acting_user=request.user, appeal=self._allowed(rules.ACCEPT)))

    @extend_schema(summary="答复企业（承办单位；第一次答复停止答复时限）", request=AppealReplySerializer,
                   responses=AppealDetailSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        body = AppealReplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._detail(appeal_reply(acting_user=request.user, appeal=self._allowed(rules.REPLY),
                                         **body.validated_data))

    @extend_schema(summary="办结（承办单位；须已答复企业）", request=AppealCloseSerializer, responses=AppealDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        body = AppealCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._detail(appeal_close(acting_user=request.user, appeal=self._allowed(rules.CLOSE),
                                         **body.validated_data))

    @extend_schema(summary="评价（企业本身，或电话回访人员记录）；不满意则重新办理并提级一级", request=AppealRateSerializer,
                   responses=AppealDetailSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        body = AppealRateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._detail(appeal_rate(acting_user=request.user, appeal=self._allowed(rules.RATE),
                                        **body.validated_data))

    @extend_schema(summary="说明用途后查看诉求人的完整电话（记入审计日志）", request=AppealRevealSerializer,
                   responses=RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        body = AppealRevealSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        value = appeal_reveal(acting_user=request.user, appeal=self.get_object(), **body.validated_data)
        return Response({"field": body.validated_data["field"], "value": value})


router = SimpleRouter(use_regex_path=False)
router.register("appeals", AppealViewSet, basename="appeal")
urlpatterns = router.urls
