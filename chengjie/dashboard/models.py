"""What the dashboard keeps: nothing a person decides, only counties' figures computed ahead for the
dashboards that compare counties."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CountySnapshot(models.Model):
    """A county's dashboard figures for one year, as that county's own dashboard computes them, kept for
    the city's and the province's dashboards: computing sixty counties' figures on every page would take
    seconds (bench/dashboard.py), so a job recomputes them every few minutes and the page reads one row
    per county. A county's own dashboard, and any view narrowed to one county, is always computed live."""

    county = models.ForeignKey("org.Division", verbose_name=_("县（市、区）"), on_delete=models.CASCADE,
                               related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    figures = models.JSONField(_("数据"))
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("县区数据快照")
        verbose_name_plural = _("县区数据快照")
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="county_snapshot_unique")]

    def __str__(self):
        return f"{self.county_id} {self.year}"
