"""The working-day calendar's own data: imported holiday notices and days the system administrator set
by hand. Which day is a working day is computed in `workdays.py`; nothing here stores a computed day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayNotice(models.Model):
    """国务院办公厅关于某年部分节假日安排的通知, imported in holiday-cn's JSON format. The active notice of a
    year overrides the chinesecalendar package for that year; a re-import replaces it and the old one stays
    as history."""

    year = models.PositiveSmallIntegerField(_("年份"))
    papers = models.JSONField(_("通知网址"), default=list, blank=True)
    # Normalised entries: [{"date": "2026-10-01", "name": "国庆节", "is_off_day": true}, …] in date order.
    days = models.JSONField(_("日期"))
    raw = models.TextField(_("原始文件"))
    sha256 = models.CharField(_("文件 SHA-256"), max_length=64)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    is_active = models.BooleanField(_("生效"), default=True)
    imported_at = models.DateTimeField(_("导入时间"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("节假日安排通知")
        verbose_name_plural = _("节假日安排通知")
        ordering = ["-year", "-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["year"], condition=models.Q(is_active=True),
                                    name="holiday_notice_one_active_per_year"),
        ]

    def __str__(self):
        return _("%(year)s 年节假日安排") % {"year": self.year}


class DayOverride(models.Model):
    """One date the system administrator declared a rest day or a working day by hand, with the reason.
    It wins over the notice and the package for that date, until reverted."""

    day = models.DateField(_("日期"), unique=True)
    is_off_day = models.BooleanField(_("休息日"))
    name = models.CharField(_("名称"), max_length=50, blank=True)
    reason = models.CharField(_("修改原因"), max_length=200)
    set_at = models.DateTimeField(_("修改时间"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("人工调整的日期")
        verbose_name_plural = _("人工调整的日期")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="day_override_has_reason"),
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d}"


class CalendarRevision(models.Model):
    """One row whose token changes with every write to the calendar, so each process can tell cheaply
    whether its in-memory day tables are stale. A random token, not a counter: a rolled-back write must
    never leave a number that a later write reuses."""

    token = models.CharField(max_length=32)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="calendar_revision_single_row")]
