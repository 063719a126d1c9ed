"""The demo county's last quarterly dispatch meeting, replayed through the services at the moments it
happened: the bureau calls it, builds the agenda from the county's red and stalled projects, adds a matter a
park raised, takes off a suspected duplicate signing, sends its worst red project up to the city government,
records the meeting and writes down its decisions; since then the units have reported some done and the
bureau has closed them, one report waits for confirmation, and the rest are open — one overdue, one due in
two working days, one on track.

The meeting is the latest one held at least three weeks before the day the demo is loaded; a county holds it
some eight working days after its quarter's end, once the quarter's figures are in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from chengjie.accounts.models import User
from chengjie.demo.clock import at
from chengjie.org.models import Unit
from chengjie.workcalendar.workdays import add_workdays

from .models import AgendaItem, Meeting, Tier
from .services import (
    action_item_close,
    action_item_create,
    action_item_report,
    action_reminders_send,
    agenda_generate,
    agenda_item_add,
    agenda_item_remove,
    agenda_item_route,
    meeting_create,
    meeting_record,
)

COUNTY = "340882"
JX, ZR, ZJ = "潜山市经济和信息化局", "潜山市自然资源和规划局", "潜山市住房和城乡建设局"
KF, YT = "安徽潜山经济开发区管理委员会", "潜山源潭经济开发区管理委员会"
QUARTER_LAST_DAY = {1: 31, 2: 30, 3: 30, 4: 31}
# The signing the projects demo makes twice: the meeting leaves it to the bureau to check.
DUPLICATE = "高端牙刷智能制造项目"
# The red project with the most overdue nodes, a matter for the city government (DOMAIN.md: major → county).
MAJOR = "电子化学品项目"


@dataclass(frozen=True)
class Decision:
    owner: str  # unit name
    item: str  # the title of the agenda item it settles ("" for a decision of its own)
    text: str
    outcome: str  # closed, reported or open
    reporter: str = ""  # who reports it done: a username of the owner unit
    note: str = ""


SEWAGE = "源潭开发区污水处理厂扩容及配套管网建设"
DECISIONS = [
    Decision(KF, MAJOR, "提请市政府专题研究项目前期手续推进问题，经开区管委会准备汇报材料", "closed", "park",
             "市政府已召开专题会议，明确由经开区管委会牵头、生态环境分局配合，加快环评和安评审批。"),
    Decision(JX, "年产5000吨PBT刷丝项目", "督促投资方倒排工期，加快设备安装调试，按月报送进度", "closed", "clerk",
             "已约谈投资方并签订进度承诺书，设备已进场安装，进度按月报送。"),
    Decision(ZR, "品牌服装智能制造项目", "核实地块征迁和用地报批进度，提出供地时间表", "closed", "clerk2",
             "已核实：地块征迁已完成，用地报批材料已报省自然资源厅，计划下季度挂牌出让。"),
    Decision(KF, "医用敷料及防护用品项目", "协调施工单位增加作业面，制定主体封顶倒排计划", "reported", "park",
             "已协调施工单位增加两个作业班组，倒排计划已报市投资促进中心，主体结构计划年底前封顶。"),
    Decision(ZJ, SEWAGE, "牵头会同生态环境分局、源潭开发区管委会制定污水处理厂扩容方案", "open"),
    Decision(YT, "刷业电商产业园项目", "约谈投资方，明确开工时间；签约满一年仍未开工的，按协议启动退出程序", "open"),
    Decision(JX, "", "组织在建工业项目申报省级制造业技改专项资金", "open"),
]


def meeting_quarter(today: date) -> tuple[int, int, date]:
    """(year, quarter, day held) of the meeting the demo shows."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    while True:
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        held_on = add_workdays(date(year, 3 * quarter, QUARTER_LAST_DAY[quarter]), 8)
        if held_on <= today - timedelta(days=21):
            return year, quarter, held_on


class _Replay:
    def __init__(self, *, people: Mapping[str, User], today: date):
        self.people, self.today = people, today
        self.bureau = people["bureau"]
        self.units = {u.name: u for u in Unit.objects.filter(division__code__startswith=COUNTY,
                                                              name__in=[JX, ZR, ZJ, KF, YT])}

    def agenda(self, meeting: Meeting, built_on: date) -> list[AgendaItem]:
        with at(built_on, 10):
            items = agenda_generate(acting_user=self.bureau, meeting=meeting, today=built_on)
        with at(built_on, 15):
            agenda_item_add(acting_user=self.bureau, meeting=meeting, unit=self.units[YT], tier=Tier.JOINT,
                            title=SEWAGE,
                            detail="刷丝、化纤项目陆续投产，园区污水处理厂日处理能力已近满负荷，新项目环评受限。",
                            reason="源潭开发区管委会提出，涉及住建、生态环境等多个部门，需会商解决。")
            for item in items:
                if item.title == DUPLICATE:
                    agenda_item_remove(acting_user=self.bureau, item=item,
                                       reason="疑似与已签约项目重复，由市投资促进中心核实后另行处理，不列入本次调度。")
                elif item.title == MAJOR:
                    agenda_item_route(acting_user=self.bureau, item=item, tier=Tier.COUNTY)
        return list(meeting.agenda_items.filter(removed_at__isnull=True).order_by("position"))

    def decide(self, meeting: Meeting, items: list[AgendaItem], held_on: date) -> None:
        # Deadlines: the closed ones within weeks of the meeting, the rest against today.
        deadlines = {"closed": [held_on + timedelta(days=10), held_on + timedelta(days=15),
                                held_on + timedelta(days=20)],
                     "reported": [self.today - timedelta(days=5)],
                     "open": [self.today - timedelta(days=7), add_workdays(self.today, 2),
                              self.today + timedelta(days=25)]}
        by_title = {item.title: item for item in items}
        for decision in DECISIONS:
            item = by_title.get(decision.item)
            deadline = deadlines[decision.outcome].pop(0)
            with at(held_on, 17):
                action = action_item_create(acting_user=self.bureau, meeting=meeting,
                                            owner_unit=self.units[decision.owner], deadline=deadline,
                                            agenda_item=item,
                                            decision=f"{item.title}：{decision.text}" if item else decision.text)
            if decision.outcome == "open":
                continue
            done_on = min(deadline - timedelta(days=2), self.today)
            with at(done_on, 16):
                action_item_report(acting_user=self.people[decision.reporter], item=action, done_on=done_on,
                                   note=decision.note)
            if decision.outcome == "closed":
                with at(done_on + timedelta(days=2), 10):
                    action_item_close(acting_user=self.bureau, item=action, note="经现场核实，同意销号。")


def load_demo_meeting(*, people: Mapping[str, User], today: date) -> Meeting:
    """Replay the demo's last quarterly dispatch meeting; `people` are the demo's accounts by username."""
    replay = _Replay(people=people, today=today)
    year, quarter, held_on = meeting_quarter(today)
    with at(add_workdays(held_on, -6), 9, 30):
        meeting = meeting_create(acting_user=replay.bureau, division_code=COUNTY, year=year, quarter=quarter)
    items = replay.agenda(meeting, add_workdays(held_on, -3))
    with at(held_on, 16):
        meeting_record(acting_user=replay.bureau, meeting=meeting, held_on=held_on, venue="市政府三楼会议室",
                       chair="市委常委、常务副市长 陈志远", minutes_seq=3 * quarter - 1,
                       attendees="市投资促进中心、经信局、自然资源和规划局、住房和城乡建设局、生态环境分局，"
                                 "经开区管委会、源潭开发区管委会，项目所在乡镇",
                       summary="会议逐一听取红色预警和签而不动项目情况汇报，现场研究解决存在的问题；"
                               "跨部门问题会后会商，重大问题提交市政府研究。议定事项由各牵头单位按时限办结，"
                               "市投资促进中心跟踪督办、核实销号。")
    replay.decide(meeting, items, held_on)
    # Last night's reminder job: the overdue and the nearly due items' owners have been told.
    with at(today, 1, 30):
        action_reminders_send(today=today)
    return meeting
