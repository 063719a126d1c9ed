"""Appeals (诉求/投诉) from firms: filed on the web, entered from hotline calls or imported from a 12345
export; routed to a unit, handled against working-day limits, replied to, closed, followed up and rated.

Deadlines are never stored: they are derived from when a step's clock started, the category's limits and
the working-day calendar (see clock.py). What is stored is what a person or a rule decided at a moment:
who accepted it when, the reply, the result, the rating, an escalation the sweep recorded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealCategory(models.Model):
    """A county's appeal categories, usually three levels (市场监管->食品安全->无证经营). Limits left empty
    are inherited from the parent, then from the defaults (签收 1 / 答复 3 / 办结 15, 复杂 30 working days).
    Disabled, never deleted: appeals point at them."""

    county = models.ForeignKey("org.Division", verbose_name=_("所属县（市、区）"), on_delete=models.PROTECT,
                               related_name="+")
    parent = models.ForeignKey("self", verbose_name=_("上级分类"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children")
    name = models.CharField(_("分类名称"), max_length=50)
    default_unit = models.ForeignKey("org.Unit", verbose_name=_("默认承办单位"), on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    accept_workdays = models.PositiveSmallIntegerField(_("签收时限（工作日）"), null=True, blank=True)
    reply_workdays = models.PositiveSmallIntegerField(_("答复时限（工作日）"), null=True, blank=True)
    resolve_workdays = models.PositiveSmallIntegerField(_("办结时限（工作日）"), null=True, blank=True)
    complex_workdays = models.PositiveSmallIntegerField(_("复杂诉求办结时限（工作日）"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("诉求分类")
        verbose_name_plural = _("诉求分类")
        ordering = ["county_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "parent", "name"], name="appeal_category_unique_name"),
            models.UniqueConstraint(fields=["county", "name"], condition=models.Q(parent__isnull=True),
                                    name="appeal_category_unique_top_name"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="appeal_category_not_own_parent"),
            models.CheckConstraint(condition=models.Q(accept_workdays__gte=1) | models.Q(accept_workdays__isnull=True),
                                   name="appeal_category_accept_positive"),
            models.CheckConstraint(condition=models.Q(reply_workdays__gte=1) | models.Q(reply_workdays__isnull=True),
                                   name="appeal_category_reply_positive"),
            models.CheckConstraint(condition=models.Q(resolve_workdays__gte=1) | models.Q(resolve_workdays__isnull=True),
                                   name="appeal_category_resolve_positive"),
            models.CheckConstraint(condition=models.Q(complex_workdays__gte=1) | models.Q(complex_workdays__isnull=True),
                                   name="appeal_category_complex_positive"),
        ]

    def __str__(self):
        return self.name


class Appeal(models.Model):
    class Kind(models.TextChoices):
        CONSULT = "consult", _("咨询")
        HELP = "help", _("求助")
        COMPLAINT = "complaint", _("投诉")
        REPORT = "report", _("举报")
        SUGGESTION = "suggestion", _("建议")
        THANKS = "thanks", _("感谢")

    class Channel(models.TextChoices):
        WEB = "web", _("网上提交")
        HOTLINE = "hotline", _("热线电话")
        PLATFORM_12345 = "12345", _("12345 热线平台")

    class Status(models.TextChoices):
        NEW = "new", _("待分派")
        ASSIGNED = "assigned", _("待签收")
        ACCEPTED = "accepted", _("办理中")
        CLOSED = "closed", _("已办结待回访")
        FINISHED = "finished", _("已回访")

    county = models.ForeignKey("org.Division", verbose_name=_("所属县（市、区）"), on_delete=models.PROTECT,
                               related_name="+")
    division = models.ForeignKey("org.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("parks.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="appeals")
    company_name = models.CharField(_("企业名称"), max_length=200, blank=True)
    channel = models.CharField(_("来源渠道"), max_length=10, choices=Channel.choices)
    source_channel = models.CharField(_("受理渠道（导入原文）"), max_length=50, blank=True)
    kind = models.CharField(_("诉求类型"), max_length=20, choices=Kind.choices)
    category = models.ForeignKey(AppealCategory, verbose_name=_("问题分类"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="appeals")
    source_category = models.CharField(_("问题分类（导入原文）"), max_length=200, blank=True)
    subject = models.CharField(_("诉求主题"), max_length=200)
    content = models.TextField(_("诉求内容"))
    caller_name = models.CharField(_("诉求人"), max_length=50, blank=True)
    # Personal data (个人信息保护法): shown masked; revealing is audited with a purpose.
    caller_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_complex = models.BooleanField(_("复杂诉求"), default=False)
    unit = models.ForeignKey("org.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="appeals")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NEW)
    received_at = models.DateTimeField(_("受理时间"))
    routed_at = models.DateTimeField(_("派发时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    # A dissatisfied rating starts a new round of handling: its reply and resolve clocks count from here.
    cycle = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    cycle_started_at = models.DateTimeField(_("本轮起算时间"))
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    result = models.TextField(_("处理结果"), blank=True)
    resolved = models.BooleanField(_("是否解决"), null=True, blank=True)
    # Escalation levels carried into this round: a dissatisfied rating adds one on top of the levels the
    # round before had reached (a rule's decision at that moment, kept so later rounds start from it).
    base_level = models.PositiveSmallIntegerField(_("起始升级层级"), default=0)
    return_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    extension_count = models.PositiveSmallIntegerField(_("延期次数"), default=0)
    redo_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    # From a 12345 export: the platform's own ticket and what it said of it.
    ticket_no = models.CharField(_("工单编号"), max_length=50, blank=True)
    platform_status = models.CharField(_("办件状态（平台）"), max_length=20, blank=True)
    platform_due_at = models.DateTimeField(_("承诺完成时间（平台）"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-received_at", "-id"]
        constraints = [
            # Re-importing a 12345 export updates its tickets instead of adding them again.
            models.UniqueConstraint(fields=["county", "ticket_no"], condition=~models.Q(ticket_no=""),
                                    name="appeal_ticket_unique_in_county"),
            models.CheckConstraint(condition=models.Q(closed_at__isnull=True)
                                   | models.Q(closed_at__gte=models.F("received_at")),
                                   name="appeal_closed_after_received"),
            models.CheckConstraint(condition=models.Q(status__in=["closed", "finished"], closed_at__isnull=False)
                                   | (~models.Q(status__in=["closed", "finished"]) & models.Q(closed_at__isnull=True)),
                                   name="appeal_closed_status_has_time"),
            models.CheckConstraint(condition=~models.Q(status__in=["assigned", "accepted", "closed", "finished"])
                                   | models.Q(unit__isnull=False), name="appeal_handled_has_unit"),
            models.CheckConstraint(condition=models.Q(base_level__lte=2), name="appeal_base_level_at_most_2"),
        ]
        indexes = [
            # The sweep and every "overdue" filter: open appeals by when their clocks started.
            models.Index(fields=["received_at"], condition=models.Q(status__in=["new", "assigned", "accepted"]),
                         name="appeal_open_received_idx"),
            # A unit's appeal list and the unit statistics.
            models.Index(fields=["unit", "received_at"], name="appeal_unit_received_idx"),
            # A county's list by date.
            models.Index(fields=["county", "received_at"], name="appeal_county_received_idx"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_mirror(self) -> bool:
        """A 12345 ticket is handled on the platform; here it is mirrored by import."""
        return self.channel == self.Channel.PLATFORM_12345


OPEN_STATUSES = frozenset({Appeal.Status.NEW, Appeal.Status.ASSIGNED, Appeal.Status.ACCEPTED})


class AppealEvent(models.Model):
    """Append-only: what happened to an appeal, in order — the firm's timeline (with the replies it was
    given) and the record the hotline metrics are counted from."""

    class Kind(models.TextChoices):
        FILED = "filed", _("提交")
        REGISTERED = "registered", _("登记")
        IMPORTED = "imported", _("导入")
        UPDATED = "updated", _("导入更新")
        ROUTED = "routed", _("派发")
        ACCEPTED = "accepted", _("签收")
        RETURNED = "returned", _("退回")
        REPLIED = "replied", _("答复")
        CLOSED = "closed", _("办结")
        RATED = "rated", _("评价")
        REOPENED = "reopened", _("重新办理")
        ESCALATED = "escalated", _("升级")
        MARKED_COMPLEX = "complex", _("标记复杂")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    cycle = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           related_name="+", help_text=_("为空表示由系统按规则记录"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class AppealRating(models.Model):
    """The satisfaction rating of one round of handling: by the firm on the web, by staff from a phone
    follow-up (回访), or as a 12345 export states it. One per round; a dissatisfied one reopens."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

    class Via(models.TextChoices):
        WEB = "web", _("企业网上评价")
        PHONE = "phone", _("电话回访")
        PLATFORM_12345 = "12345", _("12345 平台回访")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="ratings")
    cycle = models.PositiveSmallIntegerField()
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices)
    via = models.CharField(_("评价方式"), max_length=10, choices=Via.choices)
    comment = models.TextField(_("评价意见"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ["cycle"]
        constraints = [models.UniqueConstraint(fields=["appeal", "cycle"], name="appeal_rating_once_per_cycle")]


class AppealEscalation(models.Model):
    """An escalation the sweep (or a dissatisfied rating) recorded and announced. The level itself is
    derived from the clock on every read; this row only says that the people at that level were told.
    One per appeal, round and level, so a sweep run twice records and notifies once."""

    class Cause(models.TextChoices):
        ACCEPT = "accept", _("超过签收时限")
        REPLY = "reply", _("超过答复时限")
        RESOLVE = "resolve", _("超过办结时限")
        DISSATISFIED = "dissatisfied", _("企业不满意")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="escalations")
    cycle = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    cause = models.CharField(max_length=20, choices=Cause.choices)
    target = models.CharField(_("升级至"), max_length=200)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["cycle", "level"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "cycle", "level"], name="appeal_escalation_once_per_level"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=2), name="appeal_escalation_level_1_2"),
        ]


class AppealAttachment(models.Model):
    """A file the firm attached: PDF/JPEG/PNG known by content, stored outside the web root, served only
    through a view that checks the reader's scope."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="appeals/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class AppealImport(models.Model):
    """One 12345 export taken in: what it held and, when only the valid rows were imported, the refused
    rows as a workbook the importer downloads, corrects and imports again."""

    county = models.ForeignKey("org.Division", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    created = models.PositiveIntegerField()
    updated = models.PositiveIntegerField()
    rejected = models.PositiveIntegerField()
    rejects = models.BinaryField(null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["-imported_at", "-id"]
