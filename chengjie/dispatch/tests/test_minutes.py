"""The minutes as an official document: opened with python-docx and read back — head, number, the meeting's
facts, decisions by tier (county first), the action item table, the closing block."""

from datetime import date
from io import BytesIO

import docx
import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.dispatch.services import agenda_item_add, meeting_create, meeting_minutes_export, meeting_record

from .conftest import action

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes(cast, today):
    meeting = meeting_create(acting_user=cast.bureau, division_code="340882", year=2026, quarter=2)
    land = agenda_item_add(acting_user=cast.bureau, meeting=meeting, title="刷业产业园项目供地滞后", reason="自然资源局提请",
                           detail="供地逾期 45 天未完成", unit=cast.unit_b, tier="county")
    sewage = agenda_item_add(acting_user=cast.bureau, meeting=meeting, title="开发区污水管网配套", reason="开发区提出",
                             unit=cast.park_unit, tier="joint")
    agenda_item_add(acting_user=cast.bureau, meeting=meeting, title="企业用工招聘", reason="企业反映", tier="on_site")
    meeting_record(acting_user=cast.bureau, meeting=meeting, held_on=date(2026, 6, 10), venue="县政府三楼会议室",
                   chair="常务副县长张明", attendees="县招商局\n经信局\n自然资源局", summary="", minutes_seq=12)
    action(cast, meeting, deadline=date(2026, 7, 15), unit=cast.unit_b, agenda_item=land,
           decision="7月15日前完成土地挂牌出让")
    action(cast, meeting, deadline=date(2026, 8, 31), unit=cast.park_unit, agenda_item=sewage,
           decision="开发区管委会牵头建设污水管网", owner_person=cast.park)
    meeting.refresh_from_db()
    return meeting


def test_minutes_read_back_as_an_official_document(cast, minutes):
    document = docx.Document(BytesIO(meeting_minutes_export(acting_user=cast.leader, meeting=minutes)))
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    assert lines[:3] == ["潜山市招商引资工作领导小组办公室", "潜招〔2026〕12号", "2026年第二季度重点项目调度会纪要"]
    assert lines[3] == ("2026年6月10日，常务副县长张明在县政府三楼会议室主持召开2026年第二季度重点项目调度会。"
                        "参会单位和人员：县招商局、经信局、自然资源局。")
    body = lines[4:lines.index("潜山市招商引资工作领导小组办公室", 4)]
    assert body == [
        "会议听取了红色预警项目、签而不动项目和升级督办问题的情况汇报，逐项研究了解决办法。现将议定事项纪要如下：",
        "一、提交县政府研究事项",
        "（一）刷业产业园项目供地滞后",
        "情况：供地逾期 45 天未完成",
        "7月15日前完成土地挂牌出让（牵头单位：潜山市自然资源和规划局；完成时限：2026年7月15日）",
        "二、会商解决事项",
        "（一）开发区污水管网配套",
        "开发区管委会牵头建设污水管网（牵头单位：安徽潜山经济开发区管委会（开发区管委会）；完成时限：2026年8月31日）",
        "三、现场解决事项",
        "（一）企业用工招聘",
        "会议未形成需跟踪办理的事项。",
        "各牵头单位要按时限办结议定事项，办结后在系统中报告办理情况，由招商主管部门确认销号；逾期未办结的，纳入月度通报。",
        "议定事项清单",
    ]
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["序号", "议定事项", "牵头单位", "完成时限"]
    assert [cell.text for cell in table.rows[2].cells] == [
        "2", "开发区管委会牵头建设污水管网", "安徽潜山经济开发区管委会（开发区管委会）", "2026-08-31"]
    assert "2026年6月10日" in lines
    closing = "\n".join(cell.text for t in document.tables[1:] for row in t.rows for cell in row.cells)
    assert "抄送：各参会单位。" in closing and "潜山市招商引资工作领导小组办公室\t2026年6月10日印发" in closing
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert AuditEvent.objects.filter(event="dispatch.minutes_exported", actor_id=cast.leader.pk).count() == 1


def test_no_minutes_before_the_meeting_is_held(cast, today):
    meeting = meeting_create(acting_user=cast.bureau, division_code="340882", year=2026, quarter=3)
    with pytest.raises(DomainError):
        meeting_minutes_export(acting_user=cast.bureau, meeting=meeting)
    with pytest.raises(DomainError):
        meeting_minutes_export(acting_user=cast.outsider, meeting=meeting)
