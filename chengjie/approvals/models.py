"""审批事项 and 办件: the county's catalogue of matters with their legal time limits, requests filed by a
firm or its agent (全程代理), the stops of each request's working-day clock, and the deemed approvals
(超时默认) recorded against the unit that let the clock run out.

What is stored is what a person or a rule decided at a moment: the filing, the acceptance, each stop and
its end, the decision, the deemed approval once recorded. The deadline, the working days used and the
derived state (办理中, 超时默认, 超期) are computed from these and the calendar (`clock.py`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StopEvent(models.TextChoices):
    """行政许可法第四十五条: time for hearing, expert review (and the like) is not counted in the limit;
    supplementing documents stops the clock by the county's rule (补正时间不计入办理时限)."""

    SUPPLEMENT = "supplement", _("补正材料")
    HEARING = "hearing", _("听证")
    EXPERT_REVIEW = "expert_review", _("专家评审")


class Matter(models.Model):
    """A matter of the county's catalogue (审批事项), maintained by the system administrator. Disabled,
    never deleted: requests keep pointing at it. Each change makes a new version (MatterVersion); a
    request keeps the limit and rules of the version it was filed under."""

    division = models.ForeignKey("org.Division", verbose_name=_("所属县（市、区）"), on_delete=models.PROTECT,
                                 related_name="+")
    name = models.CharField(_("事项名称"), max_length=100)
    code = models.CharField(_("事项编码"), max_length=40, blank=True,
                            help_text=_("行政许可事项清单中的编码，可不填"))
    handling_unit = models.ForeignKey("org.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT,
                                      related_name="approval_matters")
    legal_basis = models.CharField(_("设定和实施依据"), max_length=300, blank=True)
    time_limit_workdays = models.PositiveSmallIntegerField(_("法定办理时限（工作日）"))
    deemed_approval = models.BooleanField(_("适用超时默认"), default=True)
    exclusion_reason = models.CharField(
        _("不适用超时默认的法律依据"), max_length=300, blank=True,
        help_text=_("涉及公共安全、人身健康、生命财产安全的事项依法不适用超时默认，写明依据"))
    stop_events = models.JSONField(_("可暂停计时的情形"), default=list, blank=True)
    required_documents = models.JSONField(_("申请材料"), default=list, blank=True)
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="dependents",
                                           verbose_name=_("前置事项"))
    is_active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = _("审批事项")
        ordering = ["division_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="matter_name_unique_in_county"),
            models.CheckConstraint(condition=models.Q(time_limit_workdays__gte=1), name="matter_limit_at_least_one"),
            # A matter excluded from deemed approval carries the legal reason for it.
            models.CheckConstraint(condition=models.Q(deemed_approval=True) | ~models.Q(exclusion_reason=""),
                                   name="matter_exclusion_has_reason"),
        ]

    def __str__(self):
        return self.name

    @property
    def stop_event_labels(self) -> list[str]:
        return [StopEvent(value).label for value in self.stop_events]


class MatterVersion(models.Model):
    """The matter as it stood after each change: who changed it, when, and every rule it carried."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    content = models.JSONField(_("内容"))
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("修改时间"))

    class Meta:
        ordering = ["matter", "-number"]
        constraints = [models.UniqueConstraint(fields=["matter", "number"], name="matter_version_unique")]


def _letter_path(instance, filename: str) -> str:
    return f"approvals/authorisations/{filename}"


def _request_file_path(instance, filename: str) -> str:
    return f"approvals/requests/{filename}"


class Authorisation(models.Model):
    """全程代理: a firm's authorisation of a service agent (代办员) to file and follow its approvals, with
    the signed letter. Revoked, never deleted: requests filed under it keep pointing at it."""

    enterprise = models.ForeignKey("parks.Enterprise", verbose_name=_("委托企业"), on_delete=models.PROTECT,
                                   related_name="agent_authorisations")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("代办员"), on_delete=models.PROTECT,
                              related_name="agent_authorisations")
    authorised_by = models.CharField(_("授权人"), max_length=100,
                                     help_text=_("签署委托书的人及其职务，如：王某（法定代表人）"))
    authorised_on = models.DateField(_("授权日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    all_matters = models.BooleanField(_("委托办理全部审批事项"), default=True)
    matters = models.ManyToManyField(Matter, verbose_name=_("委托办理的事项"), blank=True, related_name="+")
    letter = models.FileField(_("授权委托书"), upload_to=_letter_path)
    letter_name = models.CharField(max_length=200)
    letter_content_type = models.CharField(max_length=50)
    letter_size = models.PositiveIntegerField()
    letter_sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("全程代理授权")
        verbose_name_plural = _("全程代理授权")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__isnull=True)
                                   | models.Q(valid_until__gte=models.F("authorised_on")),
                                   name="authorisation_valid_after_signing"),
        ]
        indexes = [
            # "Firms I act for": an agent's authorisations still in force.
            models.Index(fields=["agent", "enterprise"], condition=models.Q(revoked_at__isnull=True),
                         name="authorisation_active_idx"),
        ]

    def __str__(self):
        return f"{self.enterprise} → {self.agent}"


class ApprovalRequest(models.Model):
    """办件: one request of a firm for one matter. The matter's limit, deemed-approval flag and stop
    events are copied at filing: a later change to the catalogue does not move a running clock."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")
        RETURNED = "returned", _("退回补正")
        ACCEPTED = "accepted", _("已受理")
        APPROVED = "approved", _("准予许可")
        REFUSED = "refused", _("不予许可")

    class RefusalGround(models.TextChoices):
        CONDITIONS = "conditions", _("不符合法定条件、标准")
        PREREQUISITE = "prerequisite", _("缺少前置审批文件")

    matter = models.ForeignKey(Matter, verbose_name=_("审批事项"), on_delete=models.PROTECT, related_name="requests")
    matter_version = models.PositiveIntegerField(_("事项版本"))
    enterprise = models.ForeignKey("parks.Enterprise", verbose_name=_("申请企业"), on_delete=models.PROTECT,
                                   related_name="approval_requests")
    division = models.ForeignKey("org.Division", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                                 related_name="+")
    handling_unit = models.ForeignKey("org.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT,
                                      related_name="approval_requests")
    project = models.ForeignKey("projects.Project", verbose_name=_("关联项目"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="approval_requests")
    subject = models.CharField(_("申请内容"), max_length=200)
    prerequisite_requests = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="+",
                                                   verbose_name=_("前置事项办件"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT,
                                 related_name="+")
    filed_at = models.DateTimeField(_("申报时间"))
    authorisation = models.ForeignKey(Authorisation, verbose_name=_("代办授权"), on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="requests")
    time_limit_workdays = models.PositiveSmallIntegerField(_("办理时限（工作日）"))
    deemed_approval_applies = models.BooleanField(_("适用超时默认"))
    stop_events = models.JSONField(_("可暂停计时的情形"), default=list)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.SUBMITTED)
    # The day the unit received the complete application: filing, or the resubmission after a return
    # made before acceptance (行政许可法第三十二条).
    received_on = models.DateField(_("收件日期"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decision_reason = models.TextField(_("决定理由"), blank=True)
    refusal_ground = models.CharField(_("不予许可的理由类别"), max_length=20, choices=RefusalGround.choices,
                                      blank=True)

    class Meta:
        verbose_name = _("审批办件")
        verbose_name_plural = _("审批办件")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(time_limit_workdays__gte=1), name="request_limit_at_least_one"),
            models.CheckConstraint(condition=models.Q(accepted_on__isnull=True)
                                   | models.Q(accepted_on__gte=models.F("received_on")),
                                   name="request_accepted_after_received"),
            # A decision is there exactly when the state says so; a refusal always states its ground.
            models.CheckConstraint(condition=models.Q(state__in=["approved", "refused"], decided_on__isnull=False,
                                                      decided_by__isnull=False)
                                   | models.Q(~models.Q(state__in=["approved", "refused"]), decided_on__isnull=True),
                                   name="request_decision_matches_state"),
            models.CheckConstraint(condition=~models.Q(state="refused") | ~models.Q(refusal_ground=""),
                                   name="request_refusal_has_ground"),
        ]
        indexes = [
            # The deemed-approval sweep and the overdue filters: undecided requests only.
            models.Index(fields=["handling_unit", "received_on"], condition=models.Q(decided_on__isnull=True),
                         name="request_open_by_unit_idx"),
            # A unit's list and its statistics by decision date.
            models.Index(fields=["handling_unit", "decided_on"], name="request_unit_decided_idx"),
            # A firm's own requests, newest first.
            models.Index(fields=["enterprise", "filed_at"], name="request_enterprise_idx"),
        ]

    def __str__(self):
        return f"{self.matter.name} · {self.enterprise.name}"

    @property
    def reference(self) -> str:
        return f"SP{self.filed_at:%Y}-{self.pk:06d}"


class ClockStop(models.Model):
    """A period the clock did not run. A return before acceptance is the unit's 一次告知 under 行政许可法
    第三十二条: it ends when the firm resubmits, and the acceptance window starts again from that day."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.PROTECT, related_name="stops")
    event = models.CharField(_("情形"), max_length=20, choices=StopEvent.choices)
    before_acceptance = models.BooleanField(_("受理前退回"), default=False)
    reason = models.TextField(_("原因"))
    started_on = models.DateField(_("开始日期"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    end_note = models.TextField(_("结束说明"), blank=True)

    class Meta:
        ordering = ["request", "started_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True)
                                   | models.Q(ended_on__gte=models.F("started_on")),
                                   name="clock_stop_ends_after_start"),
            # The clock is stopped for one reason at a time.
            models.UniqueConstraint(fields=["request"], condition=models.Q(ended_on__isnull=True),
                                    name="clock_stop_one_open"),
        ]


class RequestFile(models.Model):
    """A file of a request: application materials, supplements, or the unit's result document. PDF,
    JPEG or PNG by content, stored outside the web root under a random name, served through a view that
    checks the reader's scope."""

    class Purpose(models.TextChoices):
        APPLICATION = "application", _("申请材料")
        SUPPLEMENT = "supplement", _("补正材料")
        RESULT = "result", _("审批结果文件")

    request = models.ForeignKey(ApprovalRequest, on_delete=models.PROTECT, related_name="files")
    purpose = models.CharField(_("用途"), max_length=12, choices=Purpose.choices)
    kind = models.CharField(_("材料名称"), max_length=100)
    file = models.FileField(upload_to=_request_file_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["request", "uploaded_at", "id"]


class DeemedApproval(models.Model):
    """超时默认, as recorded: the request counts as approved at its deadline; the late unit owes its
    document within 1 working day of it, and the default counts against the unit. One per request, so a
    job run twice records it once."""

    request = models.OneToOneField(ApprovalRequest, on_delete=models.PROTECT, related_name="deemed_approval")
    unit = models.ForeignKey("org.Unit", verbose_name=_("超时单位"), on_delete=models.PROTECT,
                             related_name="deemed_approvals")
    deemed_on = models.DateField(_("默认批准日期"))
    rule = models.TextField(_("依据"))
    recorded_at = models.DateTimeField(_("记录时间"))
    document = models.ForeignKey(RequestFile, verbose_name=_("补发的审批文件"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    document_issued_at = models.DateTimeField(_("文件出具时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("超时默认")
        verbose_name_plural = _("超时默认")
        ordering = ["-deemed_on", "-id"]
        indexes = [
            # The 约谈 / 通报批评 lists: defaults per unit per year.
            models.Index(fields=["unit", "deemed_on"], name="deemed_unit_day_idx"),
        ]

    @property
    def document_due_on(self):
        from chengjie.workcalendar.workdays import add_workdays

        from .clock import DOCUMENT_DUE_WORKDAYS

        return add_workdays(self.deemed_on, DOCUMENT_DUE_WORKDAYS)

    @property
    def document_late(self) -> bool:
        from django.utils import timezone

        issued_on = timezone.localdate(self.document_issued_at) if self.document_issued_at else timezone.localdate()
        return issued_on > self.document_due_on
