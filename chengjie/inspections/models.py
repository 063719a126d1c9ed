"""涉企检查: inspections of firms registered by the inspecting unit before they happen, confirmed by the
firm; inspections a firm reports that nobody registered; the county's limit on how often one firm may
be inspected. Flags (unregistered, too frequent) are derived from these rows when read, never stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .periods import PeriodKind

# The county's default when it has set no limit: two inspections of one firm per quarter.
DEFAULT_PERIOD = PeriodKind.QUARTER
DEFAULT_MAX_INSPECTIONS = 2


class InspectionLimit(models.Model):
    """How many inspections of one firm a county allows per period; more are flagged to the county office.
    One row per county, edited by the bureau; a county without a row uses the default."""

    division = models.OneToOneField("org.Division", verbose_name=_("县（市、区）"), on_delete=models.PROTECT,
                                    related_name="+")
    period = models.CharField(_("统计周期"), max_length=20, choices=PeriodKind.choices, default=DEFAULT_PERIOD)
    max_inspections = models.PositiveSmallIntegerField(_("每家企业每周期检查次数上限"),
                                                       default=DEFAULT_MAX_INSPECTIONS)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("涉企检查频次上限")
        verbose_name_plural = _("涉企检查频次上限")
        constraints = [
            models.CheckConstraint(condition=Q(max_inspections__gte=1), name="inspection_limit_at_least_one"),
        ]

    def __str__(self):
        return f"{self.division}: {self.max_inspections}/{self.get_period_display()}"


class Inspection(models.Model):
    """One inspection of one firm by one unit. Registered by the unit before it happens (purpose, legal
    basis, planned date, inspectors), or reported by the firm after the fact when nobody registered it."""

    class Source(models.TextChoices):
        REGISTERED = "registered", _("事前登记")
        REPORTED = "reported", _("企业报告（未登记）")

    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    enterprise = models.ForeignKey("parks.Enterprise", verbose_name=_("被检查企业"), on_delete=models.PROTECT,
                                   related_name="inspections")
    unit = models.ForeignKey("org.Unit", verbose_name=_("检查单位"), on_delete=models.PROTECT,
                             related_name="inspections")
    purpose = models.CharField(_("检查事项和目的"), max_length=200, blank=True)
    legal_basis = models.CharField(_("检查依据"), max_length=300, blank=True)
    planned_on = models.DateField(_("计划检查日期"), null=True, blank=True)
    occurred_on = models.DateField(_("实际检查日期"), null=True, blank=True)
    description = models.TextField(_("情况说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("企业确认人"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(_("企业确认时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("取消人"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("涉企检查")
        verbose_name_plural = _("涉企检查")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="registered") | (Q(planned_on__isnull=False) & ~Q(purpose="") & ~Q(legal_basis="")),
                name="inspection_registered_has_plan"),
            models.CheckConstraint(
                condition=~Q(source="reported") | (Q(occurred_on__isnull=False) & ~Q(description="")),
                name="inspection_reported_has_facts"),
            models.CheckConstraint(condition=Q(confirmed_at__isnull=True) | Q(cancelled_at__isnull=True),
                                   name="inspection_not_confirmed_and_cancelled"),
        ]
        indexes = [
            # The frequency count and the firm's own list: one firm's inspections by date.
            models.Index(fields=["enterprise", "planned_on"], name="inspection_firm_planned_idx"),
            models.Index(fields=["enterprise", "occurred_on"], name="inspection_firm_occurred_idx"),
            # The statistics page: a unit's inspections in a period.
            models.Index(fields=["unit", "created_at"], name="inspection_unit_created_idx"),
        ]

    def __str__(self):
        return f"{self.unit} → {self.enterprise} {self.inspection_date:%Y-%m-%d}"

    @property
    def inspection_date(self):
        """The day it happened as the firm confirmed or reported it, else the day it is planned for."""
        return self.occurred_on or self.planned_on

    @property
    def is_unregistered(self) -> bool:
        return self.source == self.Source.REPORTED

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Inspector(models.Model):
    """A law-enforcement officer on a registered inspection, with the number of their 行政执法证."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="inspectors")
    name = models.CharField(_("姓名"), max_length=50)
    certificate_no = models.CharField(_("执法证号"), max_length=30)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("检查人员")
        verbose_name_plural = _("检查人员")
        ordering = ["inspection_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "certificate_no"], name="inspector_once_per_inspection"),
        ]

    def __str__(self):
        return f"{self.name}（{self.certificate_no}）"
