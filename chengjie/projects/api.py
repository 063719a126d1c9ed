"""REST API for investment projects: projects (list with the page's filters, detail with its plan,
signing), nodes (entering an actual date with evidence, confirming, returning), monthly figures and the
stats-registration date, each with today's warning colour. The same selectors scope every read and the
same services make every write, so the pages' rules, refusals and audit rows are the API's."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengjie.accounts.models import User
from chengjie.core.access import AccessRule, get_for_user
from chengjie.core.errors import DomainError
from chengjie.leads.models import Referrer
from chengjie.leads.selectors import referrers_for_user
from chengjie.org.api import RuledViewSet, kind_field
from chengjie.org.models import Industry, IndustryGroup, Unit
from chengjie.org.selectors import industry_groups_for_user, units_for_user
from chengjie.parks.models import Enterprise, Park
from chengjie.parks.selectors import enterprises_for_user, parks_for_user
from chengjie.supervision import selectors as supervision
from chengjie.supervision.models import Colour

from . import selectors
from .forms import ProjectFilterForm, _people
from .models import Evidence, Milestone, MonthlyFigure, Node, NodeTemplate, Project, ProjectTransfer, ProjectType
from .selectors import AMOUNT_BANDS
from .services import (
    monthly_figure_set,
    node_complete,
    node_confirm,
    node_return,
    project_sign,
    project_transfer,
    stats_registration_set,
)

VIEW = AccessRule(capability="projects.view")

ColourField = kind_field("WarningColour", Colour.choices)
ProjectTypeField = kind_field("ProjectType", ProjectType.choices)
MilestoneField = kind_field("Milestone", Milestone.choices)


class ProjectApiViewSet(RuledViewSet):
    """A service's "your role may not" (DomainError code forbidden) is a 403 here, as on the pages."""

    def handle_exception(self, exc):
        if isinstance(exc, DomainError) and exc.code == "forbidden":
            exc = exceptions.PermissionDenied(exc.message)
        return super().handle_exception(exc)


def _colour_display(value: str | None) -> str | None:
    return Colour(value).label if value in Colour.values else None


# --- projects


class ProjectSerializer(serializers.ModelSerializer):
    project_type = ProjectTypeField(choices=ProjectType.choices, help_text="项目类型")
    division_name = serializers.CharField(source="division.name", read_only=True, help_text="所属地区")
    introducing_unit_name = serializers.CharField(source="introducing_unit.name", read_only=True, help_text="引进单位")
    park_name = serializers.CharField(source="park.name", read_only=True, default=None, help_text="落户园区")
    industry_group_name = serializers.CharField(source="industry_group.name", read_only=True, default=None,
                                                help_text="产业工作组")
    leader_name = serializers.CharField(source="leader.display_name", read_only=True, default=None,
                                        help_text="包保领导")
    reached_milestone = MilestoneField(choices=Milestone.choices, read_only=True, help_text="已达里程碑")
    colour = ColourField(choices=Colour.choices, read_only=True, help_text="今日预警颜色（按本县预警规则即时计算）")
    colour_display = serializers.SerializerMethodField(help_text="预警颜色名称")

    class Meta:
        model = Project
        fields = ["id", "code", "name", "project_type", "investor", "investor_name", "investor_origin", "division",
                  "division_name", "contracted_investment", "out_of_province_investment", "introducing_unit",
                  "introducing_unit_name", "park", "park_name", "industry", "industry_group", "industry_group_name",
                  "leader", "leader_name", "signed_on", "reached_milestone", "stats_registered_on", "duplicate_state",
                  "duplicate_of", "colour", "colour_display"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_colour_display(self, obj) -> str | None:
        return _colour_display(getattr(obj, "colour", None))


class EvidenceSerializer(serializers.ModelSerializer):
    uploaded_by_name = serializers.CharField(source="uploaded_by.display_name", read_only=True, help_text="上传人")

    class Meta:
        model = Evidence
        fields = ["id", "kind", "original_name", "content_type", "size", "sha256", "uploaded_by_name", "uploaded_at"]


class NodeSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True, help_text="项目名称")
    milestone = MilestoneField(choices=Milestone.choices, read_only=True, help_text="对应里程碑（细化节点为空）")
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", read_only=True, help_text="责任单位")
    responsible_person_name = serializers.CharField(source="responsible_person.display_name", read_only=True,
                                                    default=None, help_text="责任人")
    actual_entered_by_name = serializers.CharField(source="actual_entered_by.display_name", read_only=True,
                                                   default=None, help_text="填报人")
    confirmed_by_name = serializers.CharField(source="confirmed_by.display_name", read_only=True, default=None,
                                              help_text="确认人")
    colour = ColourField(choices=Colour.choices, read_only=True, help_text="今日预警颜色")
    colour_display = serializers.SerializerMethodField(help_text="预警颜色名称")

    class Meta:
        model = Node
        fields = ["id", "project", "project_name", "key", "name", "order", "milestone", "predecessors",
                  "responsible_unit", "responsible_unit_name", "responsible_person", "responsible_person_name",
                  "required_evidence", "baseline_date", "planned_date", "actual_date", "actual_entered_at",
                  "actual_entered_by_name", "confirmed_at", "confirmed_by_name", "colour", "colour_display"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_colour_display(self, obj) -> str | None:
        return _colour_display(getattr(obj, "colour", None))


class NodeDetailSerializer(NodeSerializer):
    colour_reason = serializers.CharField(read_only=True, help_text="预警颜色的理由")
    evidence = EvidenceSerializer(source="evidence_list", many=True, read_only=True,
                                  help_text="佐证材料（下载：GET /api/evidence/{id}/）")

    class Meta(NodeSerializer.Meta):
        fields = [*NodeSerializer.Meta.fields, "colour_reason", "evidence"]


class FigureSerializer(serializers.ModelSerializer):
    entered_by_name = serializers.CharField(source="entered_by.display_name", read_only=True, help_text="填报人")

    class Meta:
        model = MonthlyFigure
        fields = ["period", "funds_in_place", "out_of_province_funds", "completed_investment", "entered_by_name",
                  "entered_at"]


class TotalsSerializer(serializers.Serializer):
    funds_in_place = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="累计到位资金（万元）")
    out_of_province_funds = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="其中省外资金（万元）")
    completed_investment = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="累计完成投资（万元）")


class ProjectDetailSerializer(ProjectSerializer):
    colour_reason = serializers.CharField(read_only=True, help_text="预警颜色的理由")
    referrer_name = serializers.CharField(source="referrer.name", read_only=True, default=None, help_text="引荐人")
    contact_person_name = serializers.CharField(source="contact_person.display_name", read_only=True, default=None,
                                                help_text="联络员")
    nodes = NodeSerializer(many=True, read_only=True, help_text="节点计划：基线、当前计划和实际日期")
    totals = TotalsSerializer(read_only=True, help_text="月度数据累计")

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "colour_reason", "contact_person", "contact_person_name", "referrer",
                  "referrer_name", "template", "nodes", "totals"]


class ProjectSignSerializer(serializers.Serializer):
    """签约登记. Related objects are looked up within the caller's scope only: an id from elsewhere is a 400."""

    name = serializers.CharField(max_length=200, help_text="项目名称")
    investor = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none(), required=False, allow_null=True,
                                                  help_text="投资企业（已登记的企业 ID，可不填）")
    investor_name = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                          help_text="投资方（填了 investor 时可留空）")
    investor_origin = serializers.CharField(max_length=100, required=False, allow_blank=True, help_text="投资方所在地")
    project_type = ProjectTypeField(choices=ProjectType.choices, help_text="项目类型")
    division = serializers.CharField(max_length=12, help_text="所属地区（区划代码，县或乡镇，须在您的数据范围内）")
    contracted_investment = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="协议投资（万元）")
    out_of_province_investment = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                                          help_text="其中省外资金（万元）")
    introducing_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none(), help_text="引进单位 ID")
    signed_on = serializers.DateField(help_text="签约日期（YYYY-MM-DD，不晚于今天）")
    industry = serializers.CharField(max_length=5, required=False, allow_blank=True,
                                     help_text="行业代码（GB/T 4754-2017）")
    industry_group = serializers.PrimaryKeyRelatedField(queryset=IndustryGroup.objects.none(), required=False,
                                                        allow_null=True, help_text="产业工作组 ID")
    park = serializers.PrimaryKeyRelatedField(queryset=Park.objects.none(), required=False, allow_null=True,
                                              help_text="落户园区 ID")
    leader = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), required=False, allow_null=True,
                                                help_text="包保领导（用户 ID）")
    contact_person = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), required=False,
                                                        allow_null=True, help_text="联络员（用户 ID）")
    task_force = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), many=True, required=False,
                                                    help_text="专班成员（用户 ID 列表）")
    referrer = serializers.PrimaryKeyRelatedField(queryset=Referrer.objects.none(), required=False, allow_null=True,
                                                  help_text="引荐人 ID（须已在签约前备案）")
    template = serializers.PrimaryKeyRelatedField(queryset=NodeTemplate.objects.filter(is_active=True),
                                                  required=False, allow_null=True,
                                                  help_text="节点模板 ID（不填则按项目类型选用）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.context.get("user")
        if user is None:  # the OpenAPI generator describes the fields without a caller
            return
        people = _people(user)
        for name, queryset in (("investor", enterprises_for_user(user=user)), ("introducing_unit", units_for_user(user=user)),
                               ("industry_group", industry_groups_for_user(user=user)),
                               ("park", parks_for_user(user=user)), ("leader", people), ("contact_person", people),
                               ("referrer", referrers_for_user(user=user))):
            self.fields[name].queryset = queryset
        self.fields["task_force"].child_relation.queryset = people

    def signing(self) -> dict:
        data = dict(self.validated_data)
        if code := data.pop("industry", ""):
            data["industry"] = Industry.objects.filter(code=code, is_active=True).first()
            if data["industry"] is None:
                raise DomainError(_("行业代码“%(code)s”不在国民经济行业分类（GB/T 4754-2017）中。") % {"code": code},
                                  field="industry")
        return data


class FigureWriteSerializer(serializers.Serializer):
    period = serializers.DateField(input_formats=["%Y-%m", "%Y-%m-%d"],
                                   help_text="月份（YYYY-MM，或该月任一天 YYYY-MM-DD）")
    funds_in_place = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="当月到位资金（万元）")
    out_of_province_funds = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, default=0,
                                                     help_text="其中省外资金（万元）")
    completed_investment = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="当月完成投资（万元）")


class StatsRegistrationSerializer(serializers.Serializer):
    registered_on = serializers.DateField(allow_null=True, help_text="纳统日期（YYYY-MM-DD）；null 撤销误填")


class TransferWriteSerializer(serializers.Serializer):
    """移交. The receiving unit is looked up within the caller's scope only: an id from elsewhere is a 400."""

    to_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none(), help_text="移交给（新的引进单位 ID，本县在用单位）")
    moved_on = serializers.DateField(help_text="移交日期（YYYY-MM-DD，不晚于今天、不早于签约和上一次移交）")
    reason = serializers.CharField(max_length=200, help_text="移交原因")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (user := self.context.get("user")) is not None:
            self.fields["to_unit"].queryset = units_for_user(user=user).filter(is_active=True)


class TransferSerializer(serializers.ModelSerializer):
    from_unit_name = serializers.CharField(source="from_unit.name", read_only=True)
    to_unit_name = serializers.CharField(source="to_unit.name", read_only=True)
    nodes = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True,
                                         help_text="随项目改由新单位负责的节点（key）")

    class Meta:
        model = ProjectTransfer
        fields = ["id", "project", "from_unit", "from_unit_name", "to_unit", "to_unit_name", "moved_on", "reason",
                  "nodes", "recorded_by", "recorded_at"]


PROJECT_FILTERS = [
    OpenApiParameter("q", str, description="项目名称、投资方中的词或项目编号前缀"),
    OpenApiParameter("unit", int, description="引进单位 ID"),
    OpenApiParameter("park", int, description="园区 ID"),
    OpenApiParameter("industry_group", int, description="产业工作组 ID"),
    OpenApiParameter("reached", str, enum=Milestone.values, description="已达里程碑"),
    OpenApiParameter("colour", str, enum=Colour.values, description="今日预警颜色"),
    OpenApiParameter("amount", str, enum=[key for key, *_rest in AMOUNT_BANDS], description="协议投资区间"),
    OpenApiParameter("signed_from", OpenApiTypes.DATE, description="签约日期自"),
    OpenApiParameter("signed_to", OpenApiTypes.DATE, description="签约日期至"),
]


@extend_schema_view(
    list=extend_schema(summary="招商项目（数据范围内，与项目列表页相同的筛选）", parameters=PROJECT_FILTERS),
    retrieve=extend_schema(summary="一个项目：节点计划（基线、当前计划、实际）、预警颜色和月度数据累计",
                           responses=ProjectDetailSerializer),
    create=extend_schema(summary="签约登记项目（生成节点计划草案，检查重复签约）", request=ProjectSignSerializer,
                         responses={201: ProjectDetailSerializer}),
)
@extend_schema(tags=["招商项目"])
class ProjectViewSet(ProjectApiViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """招商项目。读取需要 projects.view：领导和招商主管部门看本级数据范围内的项目，责任单位看本单位引进或负责节点的项目，
    园区还看落户本园区的项目。签约登记需要 projects.manage；月度数据和纳统日期由引进单位或招商主管部门填报
    （projects.figures）。颜色按本县的预警规则即时计算，不依赖每日巡检。"""

    access_rule = VIEW
    write_rule = AccessRule(capability="projects.manage")
    action_rules = {"figure_set": AccessRule(capability="projects.figures"),
                    "stats_registration": AccessRule(capability="projects.figures"),
                    "transfer": AccessRule(capability="projects.manage")}
    queryset = Project.objects.none()

    def get_serializer_class(self):
        return ProjectSerializer if self.action == "list" else ProjectDetailSerializer

    def get_queryset(self):
        filters = ProjectFilterForm(self.request.query_params, user=self.request.user)
        return selectors.project_list(user=self.request.user, **filters.values())

    def _detail(self, pk) -> Project:
        project = self._project(pk)
        nodes = list(supervision.nodes_with_colour(
            project.nodes.select_related("responsible_unit", "responsible_person", "actual_entered_by",
                                         "confirmed_by", "project").prefetch_related("predecessors")).order_by("order"))
        project._prefetched_objects_cache = {"nodes": nodes}
        result = supervision.project_colour(project)
        project.colour, project.colour_reason = result.colour, result.reason
        project.totals = selectors.figures_to_date(selectors.monthly_figures(project=project))
        return project

    def retrieve(self, request, pk=None):
        return Response(ProjectDetailSerializer(self._detail(pk)).data)

    def _project(self, pk, *, write_capability: str | None = None) -> Project:
        if write_capability:
            return selectors.get_project_for_user(self.request.user, pk, write=True, write_capability=write_capability)
        return selectors.get_project_for_user(self.request.user, pk)

    def create(self, request):
        body = ProjectSignSerializer(data=request.data, context={"user": request.user})
        body.is_valid(raise_exception=True)
        project = project_sign(acting_user=request.user, **body.signing())
        return Response(ProjectDetailSerializer(self._detail(project.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="项目的月度数据（到位资金、完成投资），新月份在前", responses=FigureSerializer(many=True))
    @action(detail=True, methods=["get"])
    def figures(self, request, pk=None):
        return Response(FigureSerializer(selectors.monthly_figures(project=self._project(pk)), many=True).data)

    @extend_schema(summary="填报或更正某月的月度数据（引进单位或招商主管部门）", request=FigureWriteSerializer,
                   responses=FigureSerializer)
    @figures.mapping.post
    def figure_set(self, request, pk=None):
        project = self._project(pk, write_capability="projects.figures")
        body = FigureWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        figure = monthly_figure_set(acting_user=request.user, project=project, **body.validated_data)
        return Response(FigureSerializer(figure).data)

    @extend_schema(summary="填报（或撤销误填的）纳统日期", request=StatsRegistrationSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"], url_path="stats-registration")
    def stats_registration(self, request, pk=None):
        project = self._project(pk, write_capability="projects.figures")
        body = StatsRegistrationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        stats_registration_set(acting_user=request.user, project=project, **body.validated_data)
        return Response(ProjectDetailSerializer(self._detail(project.pk)).data)

    @extend_schema(summary="项目的移交记录（月通报按月底时的引进单位计数），先移交的在前",
                   responses=TransferSerializer(many=True))
    @action(detail=True, methods=["get"])
    def transfers(self, request, pk=None):
        project = self._project(pk)
        return Response(TransferSerializer(selectors.project_transfers(project=project), many=True).data)

    @extend_schema(summary="移交项目给另一引进单位（招商主管部门）：引进单位负责的未完成节点和待报整改方案的督办单随之移交",
                   request=TransferWriteSerializer, responses={201: TransferSerializer})
    @transfers.mapping.post
    def transfer(self, request, pk=None):
        project = self._project(pk, write_capability="projects.manage")
        body = TransferWriteSerializer(data=request.data, context={"user": request.user})
        body.is_valid(raise_exception=True)
        transfer = project_transfer(acting_user=request.user, project=project, **body.validated_data)
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


# --- nodes


class NodeCompleteSerializer(serializers.Serializer):
    actual_date = serializers.DateField(help_text="实际完成日期（YYYY-MM-DD）：不得晚于今天，不得早于前置节点的完成日期")
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                     help_text="佐证材料（PDF/JPEG/PNG，按内容核验类型，可多个）")
    evidence_kinds = serializers.ListField(child=serializers.CharField(max_length=50), required=False,
                                           help_text="每个文件对应的材料名称（与 evidence 一一对应）；不填则按节点所需材料的顺序")


class NodeReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="退回理由")


NODE_FILTERS = [
    OpenApiParameter("project", int, description="项目 ID"),
    OpenApiParameter("unit", int, description="责任单位 ID"),
    OpenApiParameter("open", bool, description="true：只列尚未完成的节点；false：只列已完成的"),
    OpenApiParameter("colour", str, enum=Colour.values, description="今日预警颜色"),
]


@extend_schema_view(
    list=extend_schema(summary="节点（数据范围内项目的节点计划）", parameters=NODE_FILTERS),
    retrieve=extend_schema(summary="一个节点：计划与实际、预警颜色和理由、佐证材料", responses=NodeDetailSerializer),
)
@extend_schema(tags=["招商项目"])
class NodeViewSet(ProjectApiViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """节点。读取需要 projects.view。责任单位的经办人填报实际完成日期并上传佐证材料（nodes.update，multipart/form-data），
    负责人确认或退回（nodes.confirm）；服务器记录填报人和时间。将来的日期、早于前置节点完成日期的日期会被拒绝（400，说明理由）。"""

    access_rule = VIEW
    action_rules = {"complete": AccessRule(capability="nodes.update"),
                    "confirm": AccessRule(capability="nodes.confirm"),
                    "send_back": AccessRule(capability="nodes.confirm")}
    serializer_class = NodeSerializer
    queryset = Node.objects.none()

    def get_queryset(self):
        params = self.request.query_params
        nodes = selectors.nodes_for_user(user=self.request.user).filter(project__in=selectors.projects_for_user(
            user=self.request.user).filter(selectors.LIVE).values("pk"))
        if params.get("project", "").isdigit():
            nodes = nodes.filter(project_id=int(params["project"]))
        if params.get("unit", "").isdigit():
            nodes = nodes.filter(responsible_unit_id=int(params["unit"]))
        if params.get("open") in ("true", "false"):
            nodes = nodes.filter(actual_date__isnull=params["open"] == "true")
        nodes = supervision.nodes_with_colour(nodes.select_related(
            "project", "responsible_unit", "responsible_person", "actual_entered_by", "confirmed_by"
        ).prefetch_related("predecessors"))
        if params.get("colour") in Colour.values:
            nodes = nodes.filter(colour=params["colour"])
        return nodes.order_by("project_id", "order")

    def _node(self, pk, *, write_capability: str | None = None) -> Node:
        return selectors.get_node_for_user(self.request.user, pk, write=write_capability is not None,
                                           write_capability=write_capability or "nodes.update")

    def _detail(self, node: Node) -> Response:
        node = self._node(node.pk)
        node.evidence_list = list(node.evidence.select_related("uploaded_by").order_by("uploaded_at"))
        result = supervision.node_colour(node)
        node.colour, node.colour_reason = result.colour, result.reason
        return Response(NodeDetailSerializer(node).data)

    def retrieve(self, request, pk=None):
        return self._detail(self._node(pk))

    @extend_schema(summary="填报实际完成日期并上传佐证材料（责任单位经办人）",
                   request={"multipart/form-data": NodeCompleteSerializer}, responses=NodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        node = self._node(pk, write_capability="nodes.update")
        body = NodeCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        node = node_complete(acting_user=request.user, node=node, actual_date=body.validated_data["actual_date"],
                             evidence_files=body.validated_data["evidence"],
                             evidence_kinds=body.validated_data.get("evidence_kinds") or None)
        return self._detail(node)

    @extend_schema(summary="确认本单位填报的节点完成情况（责任单位负责人）", request=None, responses=NodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._detail(node_confirm(acting_user=request.user, node=self._node(pk, write_capability="nodes.confirm")))

    @extend_schema(summary="退回未确认的填报（责任单位负责人），经办人重新填报", request=NodeReturnSerializer,
                   responses=NodeDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        node = self._node(pk, write_capability="nodes.confirm")
        body = NodeReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._detail(node_return(acting_user=request.user, node=node, reason=body.validated_data["reason"]))


@extend_schema(tags=["招商项目"])
class EvidenceViewSet(ProjectApiViewSet):
    """佐证材料文件，只提供给能看到该项目的用户（projects.view）。"""

    access_rule = VIEW
    queryset = Evidence.objects.none()

    @extend_schema(summary="下载一份佐证材料", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def retrieve(self, request, pk=None):
        evidence = get_for_user(request.user, selectors.evidence_for_user(user=request.user), pk=pk)
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=evidence.content_type, as_attachment=True,
                                filename=evidence.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


router = SimpleRouter(use_regex_path=False)
router.register("projects", ProjectViewSet, basename="project")
router.register("nodes", NodeViewSet, basename="node")
router.register("evidence", EvidenceViewSet, basename="evidence")
