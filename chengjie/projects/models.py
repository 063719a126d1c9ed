"""招商项目 from signing to full production, under time-node supervision (招商项目节点计划督查制度)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Milestone(models.TextChoices):
    """The seed's four handovers after signing; finer templates hang their nodes between these."""

    SIGNED = "signed", _("签约")
    LAND = "land", _("供地")
    STARTED = "started", _("开工")
    PRODUCTION = "production", _("竣工投产")
    CAPACITY = "capacity", _("达产达效")


MILESTONE_ORDER = {value: index for index, value in enumerate(Milestone.values)}


class ProjectType(models.TextChoices):
    INDUSTRIAL = "industrial", _("工业项目")
    SERVICE = "service", _("服务业项目")
    AGRICULTURE = "agriculture", _("农业项目")
    INFRASTRUCTURE = "infrastructure", _("基础设施项目")


class NodeTemplate(models.Model):
    """A node plan template, per project type. Versioned: editing an approved template makes a new
    version; projects keep the version they were planned with."""

    name = models.CharField(_("模板名称"), max_length=100)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices, blank=True,
                                    help_text=_("留空表示适用于所有类型"))
    division = models.ForeignKey("org.Division", verbose_name=_("适用地区"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", help_text=_("留空表示全省通用的预置模板"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    is_active = models.BooleanField(_("启用"), default=True)
    # The template signing uses when neither the project type nor the county has its own.
    is_default = models.BooleanField(_("默认模板"), default=False)
    change_note = models.CharField(_("修订说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", help_text=_("为空表示随系统预置"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("节点模板")
        verbose_name_plural = _("节点模板")
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "division", "version"], name="node_template_version_unique")]

    def __str__(self):
        return f"{self.name} v{self.version}"


class NodeTemplateItem(models.Model):
    template = models.ForeignKey(NodeTemplate, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("节点代码"), max_length=40)
    name = models.CharField(_("节点名称"), max_length=50)
    order = models.PositiveSmallIntegerField(_("顺序"))
    milestone = models.CharField(_("对应里程碑"), max_length=20, choices=Milestone.choices, blank=True)
    predecessors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="successors",
                                          verbose_name=_("前置节点"))
    duration_workdays = models.PositiveSmallIntegerField(_("计划工期（工作日，自前置节点完成起）"), default=0)
    responsible_unit_kind = models.CharField(_("责任单位类型"), max_length=50, blank=True,
                                             help_text=_("如 自然资源、住建、生态环境、园区"))
    required_evidence = models.JSONField(_("所需佐证材料"), default=list, blank=True)

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="node_template_item_key_unique"),
            models.UniqueConstraint(fields=["template", "order"], name="node_template_item_order_unique"),
        ]

    def __str__(self):
        return self.name


class Project(models.Model):
    """招商项目, from signing on. One project, one responsible leader, one task force, one contact person."""

    class DuplicateState(models.TextChoices):
        NONE = "", _("—")
        SUSPECTED = "suspected", _("疑似重复签约")
        DISTINCT = "distinct", _("已确认不重复")
        MERGED = "merged", _("已合并")

    code = models.CharField(_("项目编号"), max_length=30, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices,
                                    default=ProjectType.INDUSTRIAL)
    investor = models.ForeignKey("parks.Enterprise", verbose_name=_("投资企业（已登记）"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="projects")
    investor_name = models.CharField(_("投资方"), max_length=200)
    investor_origin = models.CharField(_("投资方所在地"), max_length=100, blank=True)
    industry = models.ForeignKey("org.Industry", verbose_name=_("行业"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    industry_group = models.ForeignKey("org.IndustryGroup", verbose_name=_("产业工作组"), on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="projects")
    park = models.ForeignKey("parks.Park", verbose_name=_("落户园区"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="projects")
    division = models.ForeignKey("org.Division", verbose_name=_("所属地区"), on_delete=models.PROTECT,
                                 related_name="projects")
    contracted_investment = models.DecimalField(_("协议投资（万元）"), max_digits=14, decimal_places=2,
                                                validators=[MinValueValidator(Decimal(0))])
    out_of_province_investment = models.DecimalField(_("其中省外资金（万元）"), max_digits=14, decimal_places=2,
                                                     default=Decimal(0), validators=[MinValueValidator(Decimal(0))])
    introducing_unit = models.ForeignKey("org.Unit", verbose_name=_("引进单位（谁引进、谁服务）"),
                                         on_delete=models.PROTECT, related_name="introduced_projects")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("包保领导"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="led_projects")
    task_force = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("专班成员"), blank=True,
                                        related_name="task_force_projects")
    contact_person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("联络员"), on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="contact_projects")
    referrer = models.ForeignKey("leads.Referrer", verbose_name=_("引荐人"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="projects")
    lead = models.OneToOneField("leads.Lead", verbose_name=_("来源线索"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="project")
    signed_on = models.DateField(_("签约日期"))
    template = models.ForeignKey(NodeTemplate, verbose_name=_("节点模板"), on_delete=models.PROTECT,
                                 related_name="projects")
    # The furthest milestone whose node has an actual date. Kept by the node services so the list can
    # filter "node reached" at province scale without walking every node; a decision recorded, not a clock.
    reached_milestone = models.CharField(_("已达里程碑"), max_length=20, choices=Milestone.choices,
                                         default=Milestone.SIGNED)
    # What the deadline warning rule reads of the nodes, kept beside `reached_milestone` by the same writes
    # (services/summary.py) so a colour filter over a province reads these columns instead of testing each
    # project's nodes. Facts, not colours: the colour still comes from the clock when the list is read.
    open_nodes = models.PositiveIntegerField(_("未完成节点数"), default=0)
    done_nodes = models.PositiveIntegerField(_("已完成节点数"), default=0)
    late_nodes = models.PositiveIntegerField(_("逾期完成节点数"), default=0)
    next_due_on = models.DateField(_("最近计划日期（未完成节点）"), null=True, blank=True)
    stats_registered_on = models.DateField(_("纳统日期"), null=True, blank=True)
    duplicate_state = models.CharField(_("重复签约核查"), max_length=20, choices=DuplicateState.choices,
                                       blank=True, default="")
    duplicate_of = models.ForeignKey("self", verbose_name=_("疑似重复于"), on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("招商项目")
        verbose_name_plural = _("招商项目")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(contracted_investment__gte=0), name="project_investment_nonnegative"),
            models.CheckConstraint(condition=models.Q(out_of_province_investment__gte=0)
                                   & models.Q(out_of_province_investment__lte=models.F("contracted_investment")),
                                   name="project_out_of_province_within_total"),
        ]
        indexes = [
            # The project list: a county's projects by signing date, filtered by unit and stage.
            models.Index(fields=["division", "signed_on"], name="project_division_signed_idx"),
            models.Index(fields=["introducing_unit", "signed_on"], name="project_unit_signed_idx"),
            # The list's order: a city's or the province's first page without walking every project
            # (568 → 43 ms at 120,000 projects).
            models.Index(fields=["-signed_on", "-id"], name="project_signed_order_idx"),
            # The same order for the projects with every node done and none late (green whatever the day):
            # few, and the oldest, so the first page would otherwise walk the whole list (290 → ? ms).
            models.Index(fields=["-signed_on", "-id"], condition=models.Q(open_nodes=0, late_nodes=0),
                         name="project_finished_on_time_idx"),
        ]

    def __str__(self):
        return self.name


class Node(models.Model):
    """One node of a project's plan: planned date (current approved plan), baseline date (first approved
    plan), actual date with evidence, responsible unit and person."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="nodes")
    template_item = models.ForeignKey(NodeTemplateItem, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    key = models.SlugField(max_length=40)
    name = models.CharField(_("节点"), max_length=50)
    order = models.PositiveSmallIntegerField()
    milestone = models.CharField(_("里程碑"), max_length=20, choices=Milestone.choices, blank=True)
    predecessors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="successors")
    responsible_unit = models.ForeignKey("org.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT,
                                         related_name="nodes")
    responsible_person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"),
                                           on_delete=models.PROTECT, null=True, blank=True, related_name="nodes")
    required_evidence = models.JSONField(_("所需佐证材料"), default=list, blank=True)
    baseline_date = models.DateField(_("基线日期"), null=True, blank=True)
    planned_date = models.DateField(_("计划日期"), null=True, blank=True)
    actual_date = models.DateField(_("实际完成日期"), null=True, blank=True)
    actual_entered_at = models.DateTimeField(_("填报时间"), null=True, blank=True)
    actual_entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["project", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="node_key_unique_in_project"),
            models.CheckConstraint(condition=models.Q(confirmed_at__isnull=True) | models.Q(actual_date__isnull=False),
                                   name="node_confirmed_only_when_done"),
        ]
        indexes = [
            # The warning sweep and "my tasks": open nodes by planned date, per responsible unit.
            models.Index(fields=["responsible_unit", "planned_date"], condition=models.Q(actual_date__isnull=True),
                         name="node_open_by_unit_idx"),
            # Open nodes by date, with their project: the colour filters' "has an overdue node" is then read
            # from the index alone (a province's red projects: 228 → 96 ms).
            models.Index(fields=["planned_date", "project"], condition=models.Q(actual_date__isnull=True),
                         name="node_open_by_date_idx"),
            # The colour filters' "has an open node" and "finished a node late", project by project (a
            # province's green projects: 2.5 → 0.9 s, blue 0.9 → 0.5 s).
            models.Index(fields=["project"], condition=models.Q(actual_date__isnull=True), name="node_open_by_project_idx"),
            models.Index(fields=["project"], condition=models.Q(actual_date__gt=models.F("planned_date")),
                         name="node_late_by_project_idx"),
        ]

    def __str__(self):
        return f"{self.project} · {self.name}"


class PlanVersion(models.Model):
    """A version of a project's node plan. Version 1, once approved, is the baseline; later versions come
    from change requests (reason, requester, approver)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草拟")
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("已驳回")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    reason = models.TextField(_("调整理由"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="plan_version_number_unique"),
            # At most one plan awaiting a decision per project.
            models.UniqueConstraint(fields=["project"], condition=models.Q(status__in=["draft", "pending"]),
                                    name="plan_version_one_open_per_project"),
        ]


class PlanEntry(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="entries")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="plan_entries")
    planned_date = models.DateField(_("计划日期"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "node"], name="plan_entry_unique")]


class Evidence(models.Model):
    """佐证材料 for a node: PDF/JPEG/PNG, type checked by content, stored outside the web root and served
    only through a view that checks the user's scope."""

    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("材料类型"), max_length=50)
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at"]


class MonthlyFigure(models.Model):
    """A project's figures for one month, entered once by the responsible unit: 到位资金 and 完成投资."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="monthly_figures")
    period = models.DateField(_("月份"), help_text=_("该月第一天"))
    funds_in_place = models.DecimalField(_("当月到位资金（万元）"), max_digits=14, decimal_places=2,
                                         default=Decimal(0), validators=[MinValueValidator(Decimal(0))])
    out_of_province_funds = models.DecimalField(_("其中省外资金（万元）"), max_digits=14, decimal_places=2,
                                                default=Decimal(0), validators=[MinValueValidator(Decimal(0))])
    completed_investment = models.DecimalField(_("当月完成投资（万元）"), max_digits=14, decimal_places=2,
                                               default=Decimal(0), validators=[MinValueValidator(Decimal(0))])
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("月度数据")
        verbose_name_plural = _("月度数据")
        ordering = ["project", "period"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="monthly_figure_unique"),
            models.CheckConstraint(condition=models.Q(out_of_province_funds__lte=models.F("funds_in_place")),
                                   name="monthly_figure_out_of_province_within_funds"),
        ]


class ProjectTransfer(models.Model):
    """A project handed from one introducing unit to another (谁引进、谁服务 moves with it). Kept dated so a
    bulletin credits a project to the unit that held it at the end of the bulletin's month."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="transfers")
    from_unit = models.ForeignKey("org.Unit", verbose_name=_("原引进单位"), on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("org.Unit", verbose_name=_("移交给"), on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField(_("移交日期"))
    reason = models.CharField(_("移交原因"), max_length=200)
    # The open nodes the old unit held as the introducing unit, handed over with the project: until
    # `moved_on` they were the old unit's, which the bulletin's red and yellow list needs for earlier months.
    nodes = models.ManyToManyField(Node, verbose_name=_("随之改派的节点"), blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("项目移交")
        verbose_name_plural = _("项目移交")
        ordering = ["project", "moved_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(from_unit=models.F("to_unit")), name="transfer_changes_unit"),
        ]
