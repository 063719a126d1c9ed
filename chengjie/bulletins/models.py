"""月通报: the annual targets units are measured against, the signing thresholds that make a signing count,
the published (frozen, versioned) bulletins and the project facts each one counted.

How the figures are worked out is written in `compute.py`; what is stored here is only what a person
decided (a target, a threshold, a publication) and what a publication froze. Which unit held a project in
a month is the projects app's record (`ProjectTransfer`), read through its selectors."""

from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    """The bulletin's figures that carry an annual target (DOMAIN.md "Monthly bulletin")."""

    SIGNED_COUNT = "signed_count", _("新签约项目（个）")
    SIGNED_AMOUNT = "signed_amount", _("新签约项目协议投资（万元）")
    OUT_OF_PROVINCE_FUNDS = "out_of_province_funds", _("省外资金到位（万元）")
    COMPLETED_INVESTMENT = "completed_investment", _("完成固定资产投资（万元）")
    NEW_STARTS = "new_starts", _("新开工项目（个）")
    NEW_PRODUCTION = "new_production", _("新竣工投产项目（个）")


COUNT_INDICATORS = frozenset({Indicator.SIGNED_COUNT, Indicator.NEW_STARTS, Indicator.NEW_PRODUCTION})

# The thresholds seen in practice (DOMAIN.md): a signing counts from 3,000万元 for an industrial project and
# from 1亿元 for any other, unless the county sets its own for the year.
DEFAULT_INDUSTRIAL_THRESHOLD = Decimal(3000)
DEFAULT_OTHER_THRESHOLD = Decimal(10000)


class AnnualTarget(models.Model):
    """One unit's annual target for one indicator; a unit without a row has no target for it."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="annual_targets")
    year = models.PositiveSmallIntegerField(_("年度"))
    indicator = models.CharField(_("指标"), max_length=30, choices=Indicator.choices)
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["year", "unit", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "indicator"], name="annual_target_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="annual_target_nonnegative"),
        ]


class SigningThreshold(models.Model):
    """The contracted investment from which a county's signing counts as a new signed project, per year."""

    division = models.ForeignKey("org.Division", verbose_name=_("县（市、区）"), on_delete=models.PROTECT,
                                 related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    industrial = models.DecimalField(_("工业项目（万元）"), max_digits=14, decimal_places=2,
                                     default=DEFAULT_INDUSTRIAL_THRESHOLD)
    other = models.DecimalField(_("其他项目（万元）"), max_digits=14, decimal_places=2, default=DEFAULT_OTHER_THRESHOLD)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("签约项目计入标准")
        verbose_name_plural = _("签约项目计入标准")
        constraints = [
            models.UniqueConstraint(fields=["division", "year"], name="signing_threshold_unique"),
            models.CheckConstraint(condition=models.Q(industrial__gte=0) & models.Q(other__gte=0),
                                   name="signing_threshold_nonnegative"),
        ]


class BulletinSetting(models.Model):
    """How a division's bulletins are headed as official documents (GB/T 9704-2012 版头 and 版记)."""

    division = models.OneToOneField("org.Division", on_delete=models.PROTECT, related_name="+")
    organ = models.CharField(_("发文机关"), max_length=60)
    number_prefix = models.CharField(_("发文字号前缀"), max_length=10, help_text=_("如“潜招”，文号为 潜招〔2026〕12号"))
    cc = models.TextField(_("抄送"), blank=True, help_text=_("每行一个机关"))
    printer = models.CharField(_("印发机关"), max_length=60, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("通报发文设置")
        verbose_name_plural = _("通报发文设置")


def _file_path(bulletin: "Bulletin", extension: str) -> str:
    folder = f"bulletins/{bulletin.division_id}/{bulletin.period:%Y-%m}"
    return f"{folder}/v{bulletin.version}-{bulletin.number_slug}{extension}"


def document_path(bulletin, filename):
    return _file_path(bulletin, ".docx")


def annex_path(bulletin, filename):
    return _file_path(bulletin, ".xlsx")


class Bulletin(models.Model):
    """A published bulletin: the computed content frozen as JSON with the fingerprint of the data it was
    computed from, and the Word document and Excel annex rendered at publication. Never edited: a
    correction is the next version, which lists what changed."""

    division = models.ForeignKey("org.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                                 related_name="+")
    period = models.DateField(_("月份"), help_text=_("该月第一天"))
    version = models.PositiveSmallIntegerField(_("版本"))
    issued_year = models.PositiveSmallIntegerField(_("发文年度"))
    sequence = models.PositiveIntegerField(_("发文序号"))
    number = models.CharField(_("发文字号"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    content = models.JSONField(_("内容"), encoder=DjangoJSONEncoder)
    data_fingerprint = models.CharField(_("数据版本"), max_length=64)
    correction_note = models.TextField(_("更正说明"), blank=True)
    document = models.FileField(_("正式文件（Word）"), upload_to=document_path)
    annex = models.FileField(_("附表（Excel）"), upload_to=annex_path)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("发布时间"))

    class Meta:
        verbose_name = _("月通报")
        verbose_name_plural = _("月通报")
        ordering = ["-period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["division", "period", "version"], name="bulletin_version_unique"),
            models.UniqueConstraint(fields=["division", "issued_year", "sequence"], name="bulletin_number_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="bulletin_version_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def number_slug(self) -> str:
        return f"{self.issued_year}-{self.sequence}"


class BulletinFact(models.Model):
    """One project as a published bulletin counted it (dates, amounts, month figures, the row it was
    credited to): what the bulletin's figures link to, frozen with it."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="facts")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    row_key = models.CharField(max_length=20)
    data = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bulletin", "project"], name="bulletin_fact_unique")]
        indexes = [
            # A figure's drill-down: the facts of one row of one bulletin.
            models.Index(fields=["bulletin", "row_key"], name="bulletin_fact_row_idx"),
        ]
