from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Division(models.Model):
    """行政区划 (统计用区划代码). The code is the key: codes are prefixes of each other
    (34 → 3408 → 340882 → 340882400), so a data scope is a prefix."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省")
        CITY = 2, _("市")
        COUNTY = 3, _("县")
        TOWNSHIP = 4, _("乡镇")

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$"),
                                   name="division_code_shape"),
        ]

    def __str__(self):
        return self.name

    @property
    def full_name(self) -> str:
        names, node = [], self
        while node is not None:
            if node.name != "市辖区":
                names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


class Industry(models.Model):
    """国民经济行业分类 GB/T 4754-2017: 门类 (letter), 大类 (2 digits), 中类 (3), 小类 (4)."""

    class Level(models.IntegerChoices):
        SECTION = 1, _("门类")
        DIVISION = 2, _("大类")
        GROUP = 3, _("中类")
        CLASS = 4, _("小类")

    code = models.CharField(_("行业代码"), max_length=5, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    section = models.CharField(_("门类"), max_length=1)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("行业")
        verbose_name_plural = _("行业")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Unit(models.Model):
    """单位 / 二级机构: county departments, townships, park committees and their second-level bodies.
    Disabled, never deleted (history points at them)."""

    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("领导机构")
        DEPARTMENT = "department", _("县直单位")
        SECOND_LEVEL = "second_level", _("二级机构")
        TOWNSHIP = "township", _("乡镇")
        PARK = "park", _("园区管委会")
        OTHER = "other", _("其他")

    name = models.CharField(_("单位名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级单位"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children")
    division = models.ForeignKey(Division, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="units")
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["division_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="unit_name_unique_in_division"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self):
        return self.short_name or self.name


class IndustryGroup(models.Model):
    """产业工作组: one per leading industry of a county, led by a county leader."""

    name = models.CharField(_("名称"), max_length=50)
    division = models.ForeignKey(Division, verbose_name=_("行政区划"), on_delete=models.PROTECT,
                                 related_name="industry_groups")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("牵头领导"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="led_industry_groups")
    lead_unit = models.ForeignKey(Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    industries = models.ManyToManyField(Industry, verbose_name=_("所含行业"), blank=True, related_name="+")
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("产业工作组")
        verbose_name_plural = _("产业工作组")
        ordering = ["division_id", "id"]
        constraints = [models.UniqueConstraint(fields=["division", "name"], name="industry_group_unique")]

    def __str__(self):
        return self.name
