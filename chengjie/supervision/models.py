"""预警 and 督办: warning rules as data, the colour history per period, and supervision notices."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Colour(models.TextChoices):
    GREEN = "green", _("绿")
    BLUE = "blue", _("蓝")
    YELLOW = "yellow", _("黄")
    RED = "red", _("红")


COLOUR_SEVERITY = {Colour.GREEN: 0, Colour.BLUE: 1, Colour.YELLOW: 2, Colour.RED: 3}


class WarningPreset(models.Model):
    """A warning rule set. `rule` names the rule's code (deadline, progress, sticky); `parameters` hold
    its numbers, validated by that rule (e.g. {"yellow_workdays": 3}). Presets ship as data and an
    administrator may add variants."""

    class Rule(models.TextChoices):
        DEADLINE = "deadline", _("期限规则")
        PROGRESS = "progress", _("进度规则")
        STICKY = "sticky", _("红色销号规则")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    rule = models.CharField(_("规则"), max_length=20, choices=Rule.choices)
    parameters = models.JSONField(_("参数"), default=dict)
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    # The preset of every county that has not chosen one (the deadline rule, DOMAIN.md "Warnings").
    is_default = models.BooleanField(_("默认规则"), default=False)

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                    name="warning_preset_one_default"),
        ]

    def __str__(self):
        return self.name


DEFAULT_RESPONSE_WORKDAYS = 3


class WarningSetting(models.Model):
    """Which preset a county uses, and how many working days a unit has to report a rectification plan."""

    division = models.OneToOneField("org.Division", on_delete=models.PROTECT, related_name="+")
    preset = models.ForeignKey(WarningPreset, on_delete=models.PROTECT, related_name="+")
    response_workdays = models.PositiveSmallIntegerField(
        _("整改方案报送时限（工作日）"), default=DEFAULT_RESPONSE_WORKDAYS,
        validators=[MinValueValidator(1), MaxValueValidator(30)])
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)


class ColourRecord(models.Model):
    """The colour a rule gave a project (node is null) or a node for a period (month). History, not
    today's colour: sticky red needs last month's, and bulletins list the month's reds."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="colour_records")
    node = models.ForeignKey("projects.Node", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="colour_records")
    period = models.DateField(_("月份"))
    colour = models.CharField(_("颜色"), max_length=10, choices=Colour.choices)
    preset = models.ForeignKey(WarningPreset, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project", "period"]
        indexes = [
            # The sweep: one month's records of a county's projects (period = … AND project_id IN …).
            models.Index(fields=["period", "project"], name="colour_record_period_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["project", "node", "period"], name="colour_record_unique"),
            models.UniqueConstraint(fields=["project", "period"], condition=models.Q(node__isnull=True),
                                    name="colour_record_project_unique"),
        ]


class SupervisionNotice(models.Model):
    """督办单: issued for a red item to its responsible unit, copied to the project's 包保领导, with a
    deadline for a rectification plan. Unanswered past the deadline it escalates."""

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        ANSWERED = "answered", _("已报整改方案")
        CLOSED = "closed", _("已销号")

    class Tier(models.TextChoices):
        ON_SITE = "on_site", _("现场解决")
        JOINT = "joint", _("会商解决")
        COUNTY = "county", _("提交县政府")

    code = models.CharField(_("督办单号"), max_length=40)
    # The county that numbers its notices 潜督〔2026〕15号: one sequence per county and year.
    division = models.ForeignKey("org.Division", verbose_name=_("所属县（市、区）"), on_delete=models.PROTECT,
                                 related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("序号"))
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="notices")
    node = models.ForeignKey("projects.Node", on_delete=models.PROTECT, null=True, blank=True, related_name="notices")
    period = models.DateField(_("所属月份"))
    unit = models.ForeignKey("org.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="notices")
    reason = models.TextField(_("督办事由"))
    issued_at = models.DateTimeField(_("下发时间"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", help_text=_("为空表示由预警扫描自动下发"))
    response_due = models.DateField(_("整改方案报送期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    tier = models.CharField(_("处理层级"), max_length=10, choices=Tier.choices, default=Tier.ON_SITE)
    response = models.TextField(_("整改方案"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    escalation_level = models.PositiveSmallIntegerField(_("升级次数"), default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    closing_note = models.TextField(_("销号说明"), blank=True)

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_at", "-id"]
        indexes = [
            # The sweep's escalation pass: open notices by their deadline.
            models.Index(fields=["response_due"], condition=models.Q(status="open"), name="notice_open_due_idx"),
            # A unit's notice list and "notices to answer".
            models.Index(fields=["unit", "status"], name="notice_unit_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["division", "year", "number"], name="notice_number_unique_in_county"),
            models.CheckConstraint(condition=models.Q(escalation_level__lte=3), name="notice_escalation_at_most_3"),
            # One notice per red item per month: the sweep may run twice without issuing twice.
            models.UniqueConstraint(fields=["project", "node", "period"], name="notice_once_per_item_period"),
            models.UniqueConstraint(fields=["project", "period"], condition=models.Q(node__isnull=True),
                                    name="notice_once_per_project_period"),
        ]

    def __str__(self):
        return self.code
