"""The minutes of a dispatch meeting (会议纪要) as an official document (GB/T 9704-2012, through the documents
app): the meeting's facts, then its decisions by tier — county government first, then joint meetings, then
on site — each agenda item with its action items (owner, deadline), and a table of every action item."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengjie.documents.official import Heading, OfficialDocument, Paragraph, Table, chinese_date, official_number

from .models import Meeting
from .selectors import agenda, setting_for

TIER_HEADINGS = {"county": gettext_lazy("提交县政府研究事项"), "joint": gettext_lazy("会商解决事项"),
                 "on_site": gettext_lazy("现场解决事项")}


def _owner(action) -> str:
    owner = str(action.owner_unit.name)
    return f"{owner}（{action.owner_person.display_name}）" if action.owner_person_id else owner


def minutes_document(meeting: Meeting) -> OfficialDocument:
    setting = setting_for(meeting.division_id)
    content = agenda(meeting=meeting)
    body: list = [Paragraph(_("%(day)s，%(chair)s在%(venue)s主持召开%(title)s。参会单位和人员：%(attendees)s。") % {
        "day": chinese_date(meeting.held_on), "chair": meeting.chair, "venue": meeting.venue, "title": meeting.title,
        "attendees": meeting.attendees.replace("\n", "、")})]
    if meeting.summary:
        body += [Paragraph(line) for line in meeting.summary.splitlines() if line.strip()]
    body.append(Paragraph(_("会议听取了红色预警项目、签而不动项目和升级督办问题的情况汇报，逐项研究了解决办法。"
                            "现将议定事项纪要如下：")))
    for group in content["groups"]:
        if not group.items:
            continue
        body.append(Heading(1, str(TIER_HEADINGS[group.tier])))
        for item in group.items:
            body.append(Heading(2, item.title))
            if item.detail:
                body.append(Paragraph(_("情况：%(detail)s") % {"detail": item.detail}))
            if not item.actions:
                body.append(Paragraph(_("会议未形成需跟踪办理的事项。")))
            for action in item.actions:
                body.append(Paragraph(_("%(decision)s（牵头单位：%(owner)s；完成时限：%(deadline)s）") % {
                    "decision": action.decision, "owner": _owner(action), "deadline": chinese_date(action.deadline)}))
    if content["loose_actions"]:
        body.append(Heading(1, _("其他议定事项")))
        for action in content["loose_actions"]:
            body.append(Paragraph(_("%(decision)s（牵头单位：%(owner)s；完成时限：%(deadline)s）") % {
                "decision": action.decision, "owner": _owner(action), "deadline": chinese_date(action.deadline)}))
    if content["actions"]:
        body.append(Paragraph(_("各牵头单位要按时限办结议定事项，办结后在系统中报告办理情况，由招商主管部门确认销号；"
                                "逾期未办结的，纳入月度通报。")))
        body.append(Table(title=_("议定事项清单"), headers=[_("序号"), _("议定事项"), _("牵头单位"), _("完成时限")],
                          rows=[[str(n), a.decision, _owner(a), a.deadline.isoformat()]
                                for n, a in enumerate(content["actions"], start=1)],
                          widths=[1, 6, 3, 2]))
    return OfficialDocument(
        organ=setting.organ, number=official_number(setting.number_prefix, meeting.held_on.year, meeting.minutes_seq),
        title=_("%(title)s纪要") % {"title": meeting.title}, body=body, issued_on=meeting.held_on,
        signer=setting.organ, cc=[_("各参会单位")], printer=setting.organ,
        printed_on=meeting.held_on)


def minutes_filename(meeting: Meeting) -> str:
    return f"{meeting.title}纪要.docx"
