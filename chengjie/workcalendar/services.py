"""Writes on the working-day calendar: importing a notice, setting or reverting one day. Each is audited
in its own transaction and changes the revision token, so every process rebuilds its day tables."""

from __future__ import annotations

import hashlib
from datetime import date
from uuid import uuid4

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError

from . import workdays
from .models import CalendarRevision, DayOverride, HolidayNotice
from .notices import FIRST_YEAR, LAST_YEAR, notice_parse

NOTICE_AUDIT_FIELDS = ["year", "papers", "days", "sha256", "file_name", "is_active"]
OVERRIDE_AUDIT_FIELDS = ["day", "is_off_day", "name", "reason"]


def _person(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _lock_calendar() -> CalendarRevision:
    """Calendar writes queue one behind another on the revision row: two imports of one year at once
    would otherwise both find the same old notice and both insert an active one."""
    revision, _created = CalendarRevision.objects.select_for_update().get_or_create(pk=1, defaults={"token": ""})
    return revision


def _calendar_changed(revision: CalendarRevision) -> None:
    revision.token = uuid4().hex
    revision.save(update_fields=["token"])
    workdays.invalidate()
    transaction.on_commit(workdays.invalidate)


@transaction.atomic
def holiday_notice_import(*, acting_user, content: bytes, file_name: str = "") -> HolidayNotice:
    """Import a notice in holiday-cn JSON; it replaces the year's active notice, if any. A malformed or
    contradictory file raises DomainError naming each problem, and nothing is written."""
    parsed = notice_parse(content)
    revision = _lock_calendar()
    previous = HolidayNotice.objects.filter(year=parsed.year, is_active=True).first()
    before = None
    if previous is not None:
        before = snapshot(previous, fields=NOTICE_AUDIT_FIELDS)
        previous.is_active = False
        previous.save(update_fields=["is_active"])
    notice = HolidayNotice.objects.create(
        year=parsed.year, papers=parsed.papers, days=[day.as_json() for day in parsed.days], raw=parsed.text,
        sha256=hashlib.sha256(content).hexdigest(), file_name=file_name[:200], imported_at=timezone.now(),
        imported_by=_person(acting_user),
    )
    audit_record(event="calendar.notice_imported", acting_user=acting_user, obj=notice, before=before,
                 after=snapshot(notice, fields=NOTICE_AUDIT_FIELDS),
                 note=_("替换了此前导入的通知 #%(id)s") % {"id": previous.pk} if previous else "")
    _calendar_changed(revision)
    return notice


@transaction.atomic
def day_override_set(*, acting_user, day: date, is_off_day: bool, reason: str, name: str = "") -> DayOverride:
    """Declare `day` a rest day or a working day by hand (a local holiday, a late or corrected notice)."""
    revision = _lock_calendar()
    reason, name = reason.strip(), name.strip()
    if not reason:
        raise DomainError(_("请写明修改原因，例如依据的文件。"), field="reason")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DomainError(_("只能修改 %(first)d–%(last)d 年的日期。") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                          field="day")
    existing = DayOverride.objects.filter(day=day).first()
    workdays.invalidate()  # compare with what is committed now, not with this process's tables
    source_off, source_name = workdays.source_day(day)
    if is_off_day == source_off and name in ("", source_name):
        message = _("%(day)s 按该年的节假日来源本来就是%(kind)s，不需要人工调整。") % {
            "day": day.isoformat(), "kind": _("休息日") if is_off_day else _("工作日")}
        if existing is not None:
            message += _("如要撤销已有的人工调整，请使用“恢复”。")
        raise DomainError(message, field="is_off_day")
    if existing is not None and (existing.is_off_day, existing.name, existing.reason) == (is_off_day, name, reason):
        raise DomainError(_("%(day)s 已按此调整，没有变化。") % {"day": day.isoformat()}, field="is_off_day")
    before = snapshot(existing, fields=OVERRIDE_AUDIT_FIELDS) if existing else None
    override = existing or DayOverride(day=day)
    override.is_off_day, override.name, override.reason = is_off_day, name, reason
    override.set_at, override.set_by = timezone.now(), _person(acting_user)
    override.save()
    audit_record(event="calendar.day_set", acting_user=acting_user, obj=override, before=before,
                 after=snapshot(override, fields=OVERRIDE_AUDIT_FIELDS))
    _calendar_changed(revision)
    return override


@transaction.atomic
def day_override_revert(*, acting_user, day: date) -> None:
    """Drop the hand-set value of `day`; the year's notice or package decides it again."""
    revision = _lock_calendar()
    override = DayOverride.objects.filter(day=day).first()
    if override is None:
        raise DomainError(_("%(day)s 没有人工调整，无需恢复。") % {"day": day.isoformat()}, field="day")
    audit_record(event="calendar.day_reverted", acting_user=acting_user, obj=override,
                 before=snapshot(override, fields=OVERRIDE_AUDIT_FIELDS), after=None)
    override.delete()
    _calendar_changed(revision)
