"""An appeal's way through its unit: filing and hotline entry, routing (by the county office or the category's
default unit), accepting, returning, replying, closing only after a reply, the follow-up rating, and a
dissatisfied rating that reopens the appeal and escalates it one level. Every step audited."""

from datetime import date

import pytest

from chengjie.appeals.models import Appeal, AppealEscalation, AppealEvent, AppealRating
from chengjie.appeals.selectors import with_clocks
from chengjie.appeals.services import (
    appeal_accept,
    appeal_category_create,
    appeal_close,
    appeal_file,
    appeal_rate,
    appeal_register,
    appeal_reply,
    appeal_return,
    appeal_route,
)
from chengjie.appeals.testing import at, file_appeal
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.notifications.models import Notification
from chengjie.projects.testing import PNG_BYTES, pdf_upload

pytestmark = pytest.mark.django_db
Status = Appeal.Status


def test_a_firm_files_for_its_own_firm_and_the_county_office_is_told(cast):
    appeal = file_appeal(cast)
    assert appeal.enterprise == cast.firm and appeal.company_name == cast.firm.name
    assert appeal.channel == Appeal.Channel.WEB and appeal.status == Status.NEW and appeal.unit is None
    assert appeal.division_id == "340882400" and appeal.county_id == "340882"
    assert appeal.caller_name == "企业用户"
    assert list(appeal.events.values_list("kind", flat=True)) == [AppealEvent.Kind.FILED]
    audit = AuditEvent.objects.get(event="appeal.filed")
    assert audit.actor_id == cast.enterprise.pk and "caller_phone" not in audit.after
    assert Notification.objects.filter(recipient=cast.bureau, kind="appeals.to_route").exists()


def test_only_a_firm_s_user_files_in_its_name(cast):
    with pytest.raises(DomainError, match="您的角色不能以企业名义提交诉求"):
        appeal_file(acting_user=cast.clerk_a, kind="help", subject="x", content="y")


def test_attachments_are_checked_by_content(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("照片.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    with pytest.raises(DomainError, match="附件“照片.png”不是 PDF、JPEG 或 PNG 文件"):
        file_appeal(cast, attachments=[fake])
    assert not Appeal.objects.exists()
    picture = SimpleUploadedFile("现场.png", PNG_BYTES, content_type="image/png")
    appeal = file_appeal(cast, attachments=[pdf_upload("说明.pdf"), picture])
    assert [(a.original_name, a.content_type) for a in appeal.attachments.all()] == [
        ("说明.pdf", "application/pdf"), ("现场.png", "image/png")]


def test_a_category_s_default_unit_routes_new_appeals(cast):
    top = appeal_category_create(acting_user=cast.bureau, name="企业服务", default_unit=cast.unit_a)
    leaf = appeal_category_create(acting_user=cast.bureau, name="用工", parent=top)
    appeal = file_appeal(cast, category=leaf)
    assert appeal.unit == cast.unit_a and appeal.status == Status.ASSIGNED and appeal.routed_at is not None
    assert AuditEvent.objects.get(event="appeal.routed").note == "按问题分类的默认承办单位派发。"
    assert set(Notification.objects.filter(kind="appeals.routed").values_list("recipient__username", flat=True)) == {
        "clerk_a", "head_a"}


def test_a_unit_s_hotline_call_stays_with_the_unit(cast):
    appeal = appeal_register(acting_user=cast.clerk_b, kind="consult", subject="土地出让咨询", content="询问出让流程",
                             caller_name="李先生", caller_phone="13800001111", company_name="外地某公司")
    assert appeal.channel == Appeal.Channel.HOTLINE and appeal.unit == cast.unit_b
    assert appeal.status == Status.ASSIGNED and appeal.enterprise is None and appeal.county_id == "340882"
    with pytest.raises(DomainError, match="您的角色不能派发诉求"):
        appeal_register(acting_user=cast.clerk_b, kind="consult", subject="x", content="y", unit=cast.unit_a)


def test_the_county_office_routes_and_only_to_a_unit_of_the_county(cast):
    appeal = file_appeal(cast)
    outside = cast.outsider.unit
    with pytest.raises(DomainError, match="不属于本县"):
        appeal_route(acting_user=cast.bureau, appeal=appeal, unit=outside)
    with pytest.raises(DomainError, match="您的角色不能派发诉求"):
        appeal_route(acting_user=cast.clerk_a, appeal=appeal, unit=cast.unit_a)
    appeal = appeal_route(acting_user=cast.bureau, appeal=appeal, unit=cast.unit_a, note="涉及企业用电")
    assert appeal.status == Status.ASSIGNED


def test_only_the_handling_unit_accepts_replies_and_closes(cast):
    appeal = file_appeal(cast, stage="routed")
    with pytest.raises(DomainError, match="只有承办单位才能签收诉求"):
        appeal_accept(acting_user=cast.clerk_b, appeal=appeal)
    appeal = appeal_accept(acting_user=cast.clerk_a, appeal=appeal)
    with pytest.raises(DomainError, match="办结前须先答复企业"):
        appeal_close(acting_user=cast.clerk_a, appeal=appeal, result="已处理", resolved=True)
    appeal = appeal_reply(acting_user=cast.head_a, appeal=appeal, text="已协调住建局处理。")
    first_reply = appeal.replied_at
    appeal = appeal_reply(acting_user=cast.clerk_a, appeal=appeal, text="本周五前完工。")
    assert appeal.replied_at == first_reply  # the first answer stops the reply clock
    assert Notification.objects.filter(recipient=cast.enterprise, kind="appeals.replied").count() == 2
    appeal = appeal_close(acting_user=cast.clerk_a, appeal=appeal, result="已修复排水管网。", resolved=True)
    assert appeal.status == Status.CLOSED and appeal.resolved is True
    assert Notification.objects.filter(recipient=cast.enterprise, kind="appeals.closed").exists()
    kinds = list(appeal.events.values_list("kind", flat=True))
    assert kinds == ["filed", "routed", "accepted", "replied", "replied", "closed"]
    audited = AuditEvent.objects.filter(object_type="appeals.appeal").order_by("seq")
    assert list(audited.values_list("event", flat=True)) == [
        "appeal.filed", "appeal.routed", "appeal.accepted", "appeal.replied", "appeal.replied", "appeal.closed"]


def test_a_unit_returns_an_appeal_that_is_not_its_own(cast):
    appeal = file_appeal(cast, stage="accepted")
    appeal = appeal_return(acting_user=cast.clerk_a, appeal=appeal, reason="属于自然资源局职责")
    assert appeal.status == Status.NEW and appeal.unit is None and appeal.accepted_at is None
    assert appeal.return_count == 1
    assert AppealEvent.objects.get(kind="returned").unit == cast.unit_a
    assert Notification.objects.filter(recipient=cast.bureau, kind="appeals.returned").exists()
    replied = file_appeal(cast, stage="replied")
    with pytest.raises(DomainError, match="已答复企业的诉求不能退回"):
        appeal_return(acting_user=cast.clerk_a, appeal=replied, reason="不归我们")


def test_a_satisfied_rating_finishes_the_appeal(cast):
    appeal = file_appeal(cast, stage="closed")
    appeal = appeal_rate(acting_user=cast.enterprise, appeal=appeal, satisfaction="basic")
    assert appeal.status == Status.FINISHED
    rating = AppealRating.objects.get()
    assert (rating.cycle, rating.via, rating.rated_by) == (1, "web", cast.enterprise)
    with pytest.raises(DomainError, match="不能评价"):
        appeal_rate(acting_user=cast.enterprise, appeal=appeal, satisfaction="satisfied")


def test_only_the_firm_itself_or_the_follow_up_staff_rate(cast):
    appeal = file_appeal(cast, stage="closed")
    with pytest.raises(DomainError, match="您的角色不能记录回访结果"):
        appeal_rate(acting_user=cast.clerk_a, appeal=appeal, satisfaction="satisfied")
    appeal = appeal_rate(acting_user=cast.bureau, appeal=appeal, satisfaction="satisfied", comment="电话回访，企业满意")
    assert AppealRating.objects.get().via == "phone"


def test_dissatisfied_reopens_restarts_the_round_and_escalates_one_level(cast):
    with at("2026-09-30 10:00"):
        appeal = file_appeal(cast, stage="closed")
    with pytest.raises(DomainError, match="请填写不满意的原因"):
        appeal_rate(acting_user=cast.enterprise, appeal=appeal, satisfaction="dissatisfied")
    with at("2026-10-09 15:00"):
        appeal = appeal_rate(acting_user=cast.enterprise, appeal=appeal, satisfaction="dissatisfied",
                             comment="积水问题下雨又出现了")
    appeal.refresh_from_db()
    assert appeal.status == Status.ACCEPTED and appeal.cycle == 2 and appeal.redo_count == 1
    assert appeal.replied_at is None and appeal.closed_at is None and appeal.result == ""
    assert appeal.base_level == 1  # the closed round was on time, so one level up: the unit's head
    escalation = AppealEscalation.objects.get()
    assert (escalation.cycle, escalation.level, escalation.cause) == (2, 1, "dissatisfied")
    assert escalation.target == "经信局负责人"
    assert Notification.objects.filter(recipient=cast.head_a, kind="appeals.escalated").exists()
    assert Notification.objects.filter(recipient=cast.clerk_a, kind="appeals.reopened").exists()
    clocks = {c.step: c for c in with_clocks([appeal], today=date(2026, 10, 9))[0].clocks}
    # Counted afresh from the rating: Saturday 10 October (worked), 12 and 13 October.
    assert clocks["reply"].started_on == date(2026, 10, 9) and clocks["reply"].due_on == date(2026, 10, 13)
    assert clocks["accept"].done_on == date(2026, 9, 30)  # acceptance belongs to the first round
    assert with_clocks([appeal], today=date(2026, 10, 9))[0].level == 1
    audited = AuditEvent.objects.filter(object_type="appeals.appeal").order_by("seq")
    events = list(audited.values_list("event", flat=True))
    assert events[-3:] == ["appeal.rated", "appeal.reopened", "appeal.escalated"]


def test_a_second_dissatisfaction_reaches_the_top_and_stays_there(cast):
    appeal = file_appeal(cast, stage="closed")
    appeal = appeal_rate(acting_user=cast.enterprise, appeal=appeal, satisfaction="dissatisfied", comment="没解决")
    appeal = appeal_reply(acting_user=cast.clerk_a, appeal=appeal, text="重新安排施工。")
    appeal = appeal_close(acting_user=cast.clerk_a, appeal=appeal, result="重新修复。", resolved=True)
    appeal = appeal_rate(acting_user=cast.enterprise, appeal=appeal, satisfaction="dissatisfied", comment="还是不行")
    appeal.refresh_from_db()
    assert appeal.cycle == 3 and appeal.base_level == 2
    top = AppealEscalation.objects.get(cycle=3)
    assert top.level == 2 and top.target == "招商主管部门（县级诉求受理）"
    assert Notification.objects.filter(recipient=cast.bureau, kind="appeals.escalated").exists()
    assert AppealRating.objects.filter(appeal=appeal).count() == 2
