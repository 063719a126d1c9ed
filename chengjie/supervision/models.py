"""预警 and 督办: warning rules as data, the colour history per period, and supervision notices."""

from django.conf import settings
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

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["id"]

    def __str__(self):
        return self.name


class WarningSetting(models.Model):
    """Which preset a county uses."""

    division = models.OneToOneField("org.Division", on_delete=models.PROTECT, related_name="+")
    preset = models.ForeignKey(WarningPreset, on_delete=models.PROTECT, related_name="+")
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

    code = models.CharField(_("督办单号"), max_length=40, unique=True)
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

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_at"]
        constraints = [
            # One notice per red item per month: the sweep may run twice without issuing twice.
            models.UniqueConstraint(fields=["project", "node", "period"], name="notice_once_per_item_period"),
            models.UniqueConstraint(fields=["project", "period"], condition=models.Q(node__isnull=True),
                                    name="notice_once_per_project_period"),
        ]

    def __str__(self):
        return self.code
