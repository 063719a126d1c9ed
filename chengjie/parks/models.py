from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Park(models.Model):
    """园区: 国家级/省级开发区, 旅游度假区, 乡镇工业聚集区."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("国家级开发区")
        PROVINCIAL = "provincial", _("省级开发区")
        RESORT = "resort", _("旅游度假区")
        CLUSTER = "cluster", _("乡镇工业聚集区")

    name = models.CharField(_("园区名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    division = models.ForeignKey("org.Division", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                                 related_name="parks")
    committee = models.ForeignKey("org.Unit", verbose_name=_("管理机构"), on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="parks")
    catalogue_code = models.CharField(_("开发区目录代码"), max_length=20, blank=True,
                                      help_text=_("《中国开发区审核公告目录》中的代码，如 S347081"))
    approved_by = models.CharField(_("批准机关"), max_length=50, blank=True)
    approved_on = models.DateField(_("批准时间"), null=True, blank=True)
    approved_area_ha = models.DecimalField(_("核准面积（公顷）"), max_digits=10, decimal_places=2, null=True,
                                           blank=True, validators=[MinValueValidator(Decimal(0))])
    planned_area_km2 = models.DecimalField(_("规划面积（平方公里）"), max_digits=8, decimal_places=2, null=True,
                                           blank=True, validators=[MinValueValidator(Decimal(0))])
    built_area_km2 = models.DecimalField(_("建成面积（平方公里）"), max_digits=8, decimal_places=2, null=True,
                                         blank=True, validators=[MinValueValidator(Decimal(0))])
    leading_industries = models.CharField(_("主导产业"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        ordering = ["division_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="park_name_unique_in_division"),
            models.CheckConstraint(condition=models.Q(approved_area_ha__gte=0) | models.Q(approved_area_ha__isnull=True),
                                   name="park_approved_area_nonnegative"),
            models.CheckConstraint(condition=models.Q(planned_area_km2__gte=0) | models.Q(planned_area_km2__isnull=True),
                                   name="park_planned_area_nonnegative"),
            models.CheckConstraint(condition=models.Q(built_area_km2__gte=0) | models.Q(built_area_km2__isnull=True),
                                   name="park_built_area_nonnegative"),
        ]

    def __str__(self):
        return self.name


class Enterprise(models.Model):
    """企业, keyed by 统一社会信用代码 (GB 32100-2015). 一企一档: later modules hang their records here."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("企业名称"), max_length=200)
    division = models.ForeignKey("org.Division", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                                 related_name="enterprises")
    park = models.ForeignKey(Park, verbose_name=_("所在园区"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="enterprises")
    industry = models.ForeignKey("org.Industry", verbose_name=_("所属行业"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    legal_representative_phone = models.CharField(_("法定代表人电话"), max_length=20, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    registered_capital = models.DecimalField(_("注册资本（万元）"), max_digits=14, decimal_places=2, null=True,
                                             blank=True, validators=[MinValueValidator(Decimal(0))])
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    is_active = models.BooleanField(_("存续"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(uscc__regex=r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"),
                                   name="enterprise_uscc_shape"),
            models.CheckConstraint(condition=models.Q(registered_capital__gte=0) | models.Q(registered_capital__isnull=True),
                                   name="enterprise_capital_nonnegative"),
        ]

    def __str__(self):
        return self.name
