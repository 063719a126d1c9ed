"""季调度: the quarterly dispatch meeting. The bureau calls a meeting for a quarter; its agenda is built from
the county's red items, projects stalled after signing (签而不动) and escalated problems (see agenda.py),
adjusted by hand with reasons, each item routed to a tier; the meeting's decisions become action items
with an owner unit and a deadline, tracked by the clock like nodes until the bureau closes them.

Stored here is only what a person decided: the meeting, what went on its agenda and why, the tiers, the
decisions and their reports. Colours are derived from the deadline on every read (clock.py)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# DOMAIN.md "What users hate" 6 (签而不动): a project with no node reached this many months after signing
# goes to the quarterly dispatch, unless the county sets its own number.
DEFAULT_STALLED_MONTHS = 3


class DispatchSetting(models.Model):
    """A county's dispatch settings: when a signed project counts as stalled, and how its minutes are headed
    as an official document (GB/T 9704-2012 版头). A county without a row uses the defaults."""

    division = models.OneToOneField("org.Division", on_delete=models.PROTECT, related_name="+")
    stalled_months = models.PositiveSmallIntegerField(
        _("签而不动认定月数"), default=DEFAULT_STALLED_MONTHS, validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("签约后满这么多个月仍无任何节点进展的项目，列入季度调度议题。"))
    organ = models.CharField(_("纪要发文机关"), max_length=60)
    number_prefix = models.CharField(_("发文机关代字"), max_length=10)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("季度调度设置")
        verbose_name_plural = _("季度调度设置")
        constraints = [
            models.CheckConstraint(condition=models.Q(stalled_months__gte=1, stalled_months__lte=24),
                                   name="dispatch_stalled_months_range"),
        ]


class Tier(models.TextChoices):
    """The three tiers of DOMAIN.md "Warnings": solved on site; cross-unit → joint meeting; major → county."""

    ON_SITE = "on_site", _("现场解决")
    JOINT = "joint", _("会商解决")
    COUNTY = "county", _("提交县政府")


class Meeting(models.Model):
    class Status(models.TextChoices):
        PREPARING = "preparing", _("筹备中")
        HELD = "held", _("已召开")

    division = models.ForeignKey("org.Division", verbose_name=_("县（市、区）"), on_delete=models.PROTECT,
                                 related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    title = models.CharField(_("会议名称"), max_length=100)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PREPARING)
    agenda_built_on = models.DateField(_("议题生成日期"), null=True, blank=True)
    held_on = models.DateField(_("召开日期"), null=True, blank=True)
    venue = models.CharField(_("地点"), max_length=100, blank=True)
    chair = models.CharField(_("主持人"), max_length=100, blank=True)
    attendees = models.TextField(_("参会单位和人员"), blank=True)
    summary = models.TextField(_("会议概述"), blank=True)
    minutes_seq = models.PositiveIntegerField(_("纪要文号序号"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("季度调度会")
        verbose_name_plural = _("季度调度会")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["division", "year", "quarter"], name="meeting_once_per_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="meeting_quarter_1_4"),
            models.CheckConstraint(condition=~models.Q(status="held") | models.Q(held_on__isnull=False),
                                   name="meeting_held_has_date"),
        ]

    def __str__(self):
        return self.title


class AgendaItem(models.Model):
    """One item on a meeting's agenda: what the generator found (and why), or what the bureau added by
    hand (with its reason). A removed item stays, with who removed it and why."""

    class Source(models.TextChoices):
        RED = "red", _("红色预警")
        STALLED = "stalled", _("签而不动")
        NOTICE = "notice", _("督办单升级")
        APPEAL = "appeal", _("诉求升级")
        MANUAL = "manual", _("临时增列")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("序号"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    notice = models.ForeignKey("supervision.SupervisionNotice", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey("org.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    title = models.CharField(_("议题"), max_length=200)
    detail = models.TextField(_("情况"), blank=True)
    tier = models.CharField(_("处理层级"), max_length=10, choices=Tier.choices, default=Tier.ON_SITE)
    added_reason = models.TextField(_("增列理由"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", help_text=_("为空表示由议题生成自动列入"))
    removed_reason = models.TextField(_("撤下理由"), blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("调度议题")
        verbose_name_plural = _("调度议题")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position_unique"),
            # Generating the agenda again adds only what is new: one item per problem found.
            models.UniqueConstraint(fields=["meeting", "project"], condition=models.Q(source__in=["red", "stalled"]),
                                    name="agenda_item_project_once"),
            models.UniqueConstraint(fields=["meeting", "notice"], condition=models.Q(notice__isnull=False),
                                    name="agenda_item_notice_once"),
            models.UniqueConstraint(fields=["meeting", "appeal"], condition=models.Q(appeal__isnull=False),
                                    name="agenda_item_appeal_once"),
            models.CheckConstraint(condition=~models.Q(source="manual") | ~models.Q(added_reason=""),
                                   name="agenda_item_manual_has_reason"),
            models.CheckConstraint(condition=models.Q(removed_at__isnull=True) | ~models.Q(removed_reason=""),
                                   name="agenda_item_removed_has_reason"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class ActionItem(models.Model):
    """A decision of the meeting to be carried out: an owner unit (optionally a person) and a deadline.
    The unit reports it done with a note; the bureau confirms and closes it, or returns it."""

    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        REPORTED = "reported", _("已报办结待确认")
        CLOSED = "closed", _("已确认办结")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items")
    agenda_item = models.ForeignKey(AgendaItem, verbose_name=_("所属议题"), on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="action_items")
    decision = models.TextField(_("议定事项"))
    owner_unit = models.ForeignKey("org.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT,
                                   related_name="dispatch_actions")
    owner_person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="dispatch_actions")
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # The day the unit says the work was done: the "actual date" the deadline rule reads.
    done_on = models.DateField(_("办结日期"), null=True, blank=True)
    report_note = models.TextField(_("办理情况"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    closing_note = models.TextField(_("确认意见"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("调度议定事项")
        verbose_name_plural = _("调度议定事项")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status="open") | models.Q(done_on__isnull=False),
                                   name="action_item_reported_has_date"),
            models.CheckConstraint(condition=~models.Q(status="closed") | models.Q(closed_at__isnull=False),
                                   name="action_item_closed_has_time"),
        ]
        indexes = [
            # The reminder job: open action items by deadline.
            models.Index(fields=["deadline"], condition=models.Q(status="open"), name="action_item_open_due_idx"),
            # A unit's action item list.
            models.Index(fields=["owner_unit", "status"], name="action_item_unit_status_idx"),
        ]

    def __str__(self):
        return self.decision[:50]


class ActionReminder(models.Model):
    """That the owner of an action item was reminded once it came due soon, or once it was overdue. One
    row per item and kind, so the reminder job may run any number of times and remind once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("即将到期")
        OVERDUE = "overdue", _("已逾期")

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action_item", "kind"], name="action_reminder_once")]
