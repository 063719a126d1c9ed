"""Before signing: leads worked in a closed loop, the referrers and entrusted agencies behind them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """委托招商机构: a chamber of commerce, association or hometown association under agreement."""

    class Kind(models.TextChoices):
        CHAMBER = "chamber", _("商会")
        ASSOCIATION = "association", _("协会")
        HOMETOWN = "hometown", _("老乡会")
        COMPANY = "company", _("中介机构")

    name = models.CharField(_("机构名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    division = models.ForeignKey("org.Division", verbose_name=_("签约地区"), on_delete=models.PROTECT, related_name="+")
    agreement_from = models.DateField(_("协议起始"), null=True, blank=True)
    agreement_to = models.DateField(_("协议截止"), null=True, blank=True)
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("委托招商机构")
        verbose_name_plural = _("委托招商机构")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(agreement_to__gte=models.F("agreement_from"))
                                   | models.Q(agreement_to__isnull=True) | models.Q(agreement_from__isnull=True),
                                   name="agency_agreement_period_ordered"),
        ]

    def __str__(self):
        return self.name


class Referrer(models.Model):
    """引荐人 / 引荐单位. Only a referrer registered (备案) before a project is signed may earn a reward."""

    class Kind(models.TextChoices):
        PERSON = "person", _("个人")
        ORGANISATION = "organisation", _("单位")

    name = models.CharField(_("姓名或名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    division = models.ForeignKey("org.Division", verbose_name=_("备案地区"), on_delete=models.PROTECT, related_name="+")
    # Personal data (个人信息保护法): shown masked; revealing is audited with a purpose.
    id_number = models.CharField(_("身份证号或统一社会信用代码"), max_length=18)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    registered_on = models.DateField(_("备案日期"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("备注"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("引荐人")
        verbose_name_plural = _("引荐人")
        ordering = ["name"]
        constraints = [
            # One registration per person or organisation in a county.
            models.UniqueConstraint(fields=["division", "id_number"], condition=models.Q(is_active=True),
                                    name="referrer_id_number_unique_in_division"),
        ]

    def __str__(self):
        return self.name


class Lead(models.Model):
    """招商线索: collect → screen → assess → assign → follow up; becomes a project when signed."""

    class Channel(models.TextChoices):
        AGENCY = "agency", _("委托招商")
        CHAMBER = "chamber", _("商会")
        HOMETOWN = "hometown", _("老乡会")
        BUSINESS = "business", _("以商招商")
        VISIT = "visit", _("主动拜访")
        OTHER = "other", _("其他")

    class Step(models.TextChoices):
        COLLECTED = "collected", _("收集")
        SCREENED = "screened", _("筛选")
        ASSESSED = "assessed", _("研判")
        ASSIGNED = "assigned", _("交办")
        FOLLOWING = "following", _("跟踪")
        CONVERTED = "converted", _("已签约")
        DROPPED = "dropped", _("已终止")

    title = models.CharField(_("线索名称"), max_length=200)
    investor_name = models.CharField(_("投资方"), max_length=200)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices)
    agency = models.ForeignKey(Agency, verbose_name=_("委托招商机构"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="leads")
    referrer = models.ForeignKey(Referrer, verbose_name=_("引荐人"), on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="leads")
    industry = models.ForeignKey("org.Industry", verbose_name=_("行业"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    industry_group = models.ForeignKey("org.IndustryGroup", verbose_name=_("产业工作组"), on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="leads")
    estimated_investment = models.DecimalField(_("预计投资（万元）"), max_digits=14, decimal_places=2, null=True,
                                               blank=True, validators=[MinValueValidator(Decimal(0))])
    division = models.ForeignKey("org.Division", verbose_name=_("所属地区"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", verbose_name=_("跟进单位"), on_delete=models.PROTECT, related_name="leads")
    # The unit that registered the lead keeps seeing it after the bureau assigns it elsewhere.
    source_unit = models.ForeignKey("org.Unit", verbose_name=_("登记单位"), on_delete=models.PROTECT,
                                    related_name="+")
    step = models.CharField(_("当前环节"), max_length=20, choices=Step.choices, default=Step.COLLECTED)
    step_entered_at = models.DateTimeField(_("进入当前环节时间"))
    description = models.TextField(_("线索内容"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("招商线索")
        verbose_name_plural = _("招商线索")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(estimated_investment__gte=0)
                                   | models.Q(estimated_investment__isnull=True), name="lead_investment_nonnegative"),
        ]
        indexes = [
            # The lead list's "overdue" filter: open leads of a step entered before a cut-off date.
            models.Index(fields=["step", "step_entered_at"], name="lead_step_clock_idx"),
        ]

    def __str__(self):
        return self.title


class LeadStepLog(models.Model):
    """Append-only: one row each time a lead enters a step, for the loop's timing reports."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="step_log")
    step = models.CharField(max_length=20, choices=Lead.Step.choices)
    entered_at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    # The unit following the lead from this row on (the one chosen when assigning).
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # A follow-up report re-enters 跟踪 and restarts its two-week clock.
    is_report = models.BooleanField(default=False)

    class Meta:
        ordering = ["entered_at", "id"]


class LeadStepLimit(models.Model):
    """Working days allowed in a step before it shows overdue; per county, with DOMAIN.md's defaults
    (acknowledge 1, assess 3, feed back 5–7, report every two weeks) when a county sets none."""

    division = models.ForeignKey("org.Division", on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=20, choices=Lead.Step.choices)
    workdays = models.PositiveSmallIntegerField(_("时限（工作日）"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["division", "step"], name="lead_step_limit_unique")]
