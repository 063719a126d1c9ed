"""半年观摩: the half-year site appraisal. The bureau picks the projects to visit (by a rule with editable
parameters, plus manual picks) and their visiting order, sets weighted criteria and chooses the appraisers;
each appraiser fills one score sheet on a phone; when the bureau closes scoring the ranking and the results
document come out (ranking.py says how the scores are combined).

An appraiser sees only their own sheet until scoring closes: nobody — the bureau included — reads another
appraiser's scores before then, so no score can be made to fit another."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengjie.projects.models import Milestone

# The rule seen in practice: projects that started this half-year with at least 1亿元 contracted.
DEFAULT_RULE_MILESTONE = Milestone.STARTED
DEFAULT_RULE_MIN_INVESTMENT = Decimal(10000)
# The criteria a county starts from (weights sum to 100; each scored 0 to its weight).
DEFAULT_CRITERIA = [("投资强度", 30), ("建设进度", 30), ("产业带动", 20), ("亩均效益", 20)]


class Appraisal(models.Model):
    class Half(models.IntegerChoices):
        FIRST = 1, _("上半年")
        SECOND = 2, _("下半年")

    class Status(models.TextChoices):
        SETUP = "setup", _("筹备中")
        SCORING = "scoring", _("评分中")
        CLOSED = "closed", _("评分结束")

    division = models.ForeignKey("org.Division", verbose_name=_("县（市、区）"), on_delete=models.PROTECT,
                                 related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    half = models.PositiveSmallIntegerField(_("半年"), choices=Half.choices)
    title = models.CharField(_("名称"), max_length=100)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SETUP)
    rule_milestone = models.CharField(_("选取规则：本半年达到的节点"), max_length=20, choices=Milestone.choices,
                                      default=DEFAULT_RULE_MILESTONE)
    rule_min_investment = models.DecimalField(_("选取规则：协议投资不低于（万元）"), max_digits=14, decimal_places=2,
                                              default=DEFAULT_RULE_MIN_INVESTMENT,
                                              validators=[MinValueValidator(Decimal(0))])
    scoring_opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    close_note = models.TextField(_("提前结束评分的理由"), blank=True)
    results_seq = models.PositiveIntegerField(_("结果通报文号序号"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("半年观摩")
        verbose_name_plural = _("半年观摩")
        ordering = ["-year", "-half"]
        constraints = [
            models.UniqueConstraint(fields=["division", "year", "half"], name="appraisal_once_per_half"),
            models.CheckConstraint(condition=models.Q(rule_min_investment__gte=0), name="appraisal_rule_nonnegative"),
            models.CheckConstraint(condition=~models.Q(status="closed")
                                   | models.Q(closed_at__isnull=False, results_seq__isnull=False),
                                   name="appraisal_closed_has_time_and_number"),
        ]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    """A scoring criterion: scored 0 to `max_score`, worth `weight` of the 100 points."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("指标"), max_length=30)
    weight = models.PositiveSmallIntegerField(_("权重"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    max_score = models.PositiveSmallIntegerField(_("满分"), validators=[MinValueValidator(1), MaxValueValidator(100)])

    class Meta:
        ordering = ["appraisal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "position"], name="criterion_position_unique"),
            models.UniqueConstraint(fields=["appraisal", "name"], name="criterion_name_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_range"),
            models.CheckConstraint(condition=models.Q(max_score__gte=1, max_score__lte=100),
                                   name="criterion_max_range"),
        ]

    def __str__(self):
        return self.name


class Pick(models.Model):
    """A project to visit, at its place in the visiting order; picked by the rule or by hand (with why)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="picks")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("观摩顺序"))
    by_rule = models.BooleanField(_("按规则选取"), default=False)
    reason = models.CharField(_("人工选取理由"), max_length=200, blank=True)
    picked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["appraisal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "project"], name="pick_project_once"),
            models.UniqueConstraint(fields=["appraisal", "position"], name="pick_position_unique"),
            models.CheckConstraint(condition=models.Q(by_rule=True) | ~models.Q(reason=""), name="pick_manual_has_reason"),
        ]


class Sheet(models.Model):
    """One appraiser's score sheet for the whole appraisal."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="sheets")
    appraiser = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评委"), on_delete=models.PROTECT,
                                  related_name="appraisal_sheets")

    class Meta:
        ordering = ["appraisal", "id"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "appraiser"], name="sheet_once_per_appraiser")]


class Score(models.Model):
    """An appraiser's score of one project on one criterion (all of a project's criteria are saved at once)."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="scores")
    pick = models.ForeignKey(Pick, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("得分"), max_digits=4, decimal_places=1)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "pick", "criterion"], name="score_once"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="score_nonnegative"),
        ]
