"""Roles and what each may do. DOMAIN.md "Who uses it"; 三员分立 per 等保三级: the system, security and
audit administrators hold disjoint powers and none of them touches business data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADER = "leader", _("领导")  # 县领导 (包保领导, industry group leader); 市/省 leaders by a wider scope
    BUREAU = "bureau", _("招商主管部门")
    UNIT_CLERK = "unit_clerk", _("责任单位经办人")
    UNIT_HEAD = "unit_head", _("责任单位负责人")
    UNIT_ADMIN = "unit_admin", _("单位管理员")
    PARK = "park", _("园区管委会")
    AGENT = "agent", _("代办员/安商小组")
    ENTERPRISE = "enterprise", _("企业用户")
    EVALUATOR = "evaluator", _("评议代表")
    SYS_ADMIN = "sys_admin", _("系统管理员")
    SEC_ADMIN = "sec_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# Every capability a view, API endpoint or service may ask for, with what it lets a person do.
CAPABILITIES: dict[str, str] = {
    "org.view": _("查看行政区划、单位、产业工作组和行业分类"),
    "org.manage": _("维护单位、产业工作组等组织数据"),
    "parks.view": _("查看园区和企业"),
    "parks.manage": _("登记和修改园区、企业"),
    "personal.reveal": _("说明用途后查看完整的个人信息"),
    "users.manage": _("创建账号、分配角色和数据范围、解锁"),
    "users.manage_unit": _("管理本单位的经办人账号"),
    "audit.view": _("查询审计日志"),
    "calendar.view": _("查看工作日历"),
    "calendar.manage": _("导入和修改节假日安排"),
    "api.tokens": _("为自己创建 API 令牌"),
    "projects.view": _("查看招商项目、节点计划和佐证材料"),
    "projects.manage": _("签约登记项目、调整和审批节点计划、核查重复签约"),
    "projects.templates": _("维护节点计划模板"),
    "projects.figures": _("填报项目月度到位资金、完成投资和纳统日期"),
    "plans.request": _("提出节点计划调整申请"),
    "nodes.update": _("填报本单位负责节点的实际完成日期和佐证材料"),
    "nodes.confirm": _("确认本单位填报的节点完成情况"),
    "leads.view": _("查看招商线索、引荐人和委托招商机构"),
    "leads.register": _("登记招商线索，反馈和报告本单位跟进的线索"),
    "leads.manage": _("筛选、研判、交办、终止线索并转为项目；备案引荐人，维护委托招商机构和环节时限"),
    "supervision.view": _("查看预警颜色和督办单"),
    "supervision.answer": _("为本单位的督办单报送整改方案"),
    "supervision.manage": _("选择本县预警规则，督办单销号和转交处理层级"),
    "bulletins.view": _("查看已发布的月通报及其数字背后的项目"),
    "bulletins.publish": _("预览、发布和更正月通报，设置通报的发文机关和文号"),
    "targets.manage": _("下达各单位年度目标，设定签约项目计入标准"),
    "approvals.matters": _("查看审批事项目录"),
    "approvals.catalogue": _("维护审批事项目录：承办单位、法定时限、超时默认、暂停计时情形、申请材料、前置事项"),
    "approvals.view": _("查看数据范围内的审批办件及其计时（企业只看本企业的，单位只看本单位承办的）"),
    "approvals.file": _("为本企业或受托企业申报审批事项、补正材料，登记全程代理授权"),
    "approvals.handle": _("受理本单位承办的审批办件、退回补正、暂停计时、作出决定并上传审批文件"),
    "approvals.oversee": _("查看超时默认的约谈、通报批评名单"),
    "inspections.view": _("查看涉企检查（企业只看本企业的）"),
    "inspections.register": _("事前登记本单位对企业的检查，取消未实施的检查"),
    "inspections.report": _("确认对本企业的检查已实施，报告未登记的检查"),
    "inspections.flags": _("查看未登记和过频的涉企检查"),
    "inspections.limits": _("设置本县每家企业每周期的检查次数上限"),
    "service.stats": _("查看和导出各单位办件、诉求和检查统计"),
    "appeals.view": _("查看诉求及其办理时限（企业只看本企业的，单位只看本单位承办的）"),
    "appeals.file": _("以本企业名义网上提交诉求，评价办理结果"),
    "appeals.register": _("登记热线电话反映的诉求"),
    "appeals.handle": _("签收、退回、答复和办结本单位承办的诉求"),
    "appeals.route": _("把诉求派发给承办单位，认定复杂诉求"),
    "appeals.follow_up": _("电话回访并记录企业的满意度"),
    "appeals.manage": _("维护诉求分类、默认承办单位和办理时限，导入 12345 热线工单"),
    "appraisal.view": _("查看半年观摩的项目、观摩顺序、评分进度和评分结束后的结果"),
    "appraisal.manage": _("组织半年观摩：选定观摩项目和顺序、设置评分指标和权重、选定评委、开始和结束评分"),
    "appraisal.score": _("受邀担任评委时为观摩项目打分（评分结束前只看自己的评分表）"),
    "dispatch.view": _("查看季度调度会的议题、会议纪要和议定事项（单位只看本单位牵头的事项清单）"),
    "dispatch.manage": _("组织季度调度会：生成和调整议题、确定处理层级、记录议定事项、确认办结，设置签而不动月数"),
    "dispatch.respond": _("报告本单位牵头的调度议定事项已办结"),
    "dashboard.view": _("查看领导驾驶舱：项目推进漏斗、月度趋势、红色事项、单位排名和节点间隔天数"),
}

_STAFF_VIEW = {"org.view", "parks.view", "calendar.view", "api.tokens"}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.LEADER: frozenset(_STAFF_VIEW | {"projects.view", "leads.view", "supervision.view", "inspections.view",
                                          "inspections.flags", "service.stats", "appeals.view"}
                           | {"bulletins.view"}
                           | {"dispatch.view"}
                           | {"appraisal.view", "appraisal.score"}
                           | {"approvals.matters", "approvals.view", "approvals.oversee"} | {"dashboard.view"}),
    Role.BUREAU: frozenset(_STAFF_VIEW | {"parks.manage", "personal.reveal", "projects.view", "projects.manage",
                                          "projects.templates", "projects.figures", "plans.request",
                                          "leads.view", "leads.register", "leads.manage", "supervision.view",
                                          "supervision.manage", "inspections.view", "inspections.flags",
                                          "inspections.limits", "service.stats", "appeals.view",
                                          "appeals.register", "appeals.handle", "appeals.route",
                                          "appeals.follow_up", "appeals.manage"}
                           | {"bulletins.view", "bulletins.publish", "targets.manage"}
                           | {"dispatch.view", "dispatch.manage"}
                           | {"appraisal.view", "appraisal.manage", "appraisal.score"}
                           | {"approvals.matters", "approvals.view", "approvals.oversee"} | {"dashboard.view"}),
    Role.UNIT_CLERK: frozenset(_STAFF_VIEW | {"projects.view", "projects.figures", "plans.request", "nodes.update",
                                              "leads.view", "leads.register", "supervision.view",
                                              "supervision.answer", "inspections.view", "inspections.register",
                                              "service.stats", "appeals.view", "appeals.register",
                                              "appeals.handle"}
                               | {"bulletins.view"}
                               | {"dispatch.view", "dispatch.respond"}
                               | {"approvals.matters", "approvals.view", "approvals.handle"}),
    Role.UNIT_HEAD: frozenset(_STAFF_VIEW | {"projects.view", "plans.request", "nodes.confirm", "leads.view",
                                             "leads.register", "supervision.view", "supervision.answer",
                                             "inspections.view", "inspections.register", "service.stats",
                                             "appeals.view", "appeals.register", "appeals.handle"}
                              | {"bulletins.view"}
                              | {"dispatch.view", "dispatch.respond"}
                              | {"appraisal.score"}
                              | {"approvals.matters", "approvals.view", "approvals.handle"}),
    Role.UNIT_ADMIN: frozenset(_STAFF_VIEW | {"users.manage_unit", "projects.view", "supervision.view",
                                              "appeals.view"}
                               | {"bulletins.view"}),
    Role.PARK: frozenset(_STAFF_VIEW | {"parks.manage", "projects.view", "projects.figures", "plans.request",
                                        "nodes.update", "leads.view", "leads.register", "supervision.view",
                                        "supervision.answer", "inspections.view", "inspections.register",
                                        "service.stats", "appeals.view", "appeals.register", "appeals.handle"}
                         | {"bulletins.view"}
                         | {"dispatch.view", "dispatch.respond"}
                         | {"appraisal.score"}
                         | {"approvals.matters", "approvals.view", "approvals.handle"}),
    Role.AGENT: frozenset(_STAFF_VIEW | {"projects.view", "inspections.view"}
                          | {"bulletins.view"}
                          | {"approvals.matters", "approvals.view", "approvals.file"}),
    Role.ENTERPRISE: frozenset({"parks.view", "inspections.view", "inspections.report", "appeals.view",
                                "appeals.file"} | {"approvals.matters", "approvals.view", "approvals.file"}),
    Role.EVALUATOR: frozenset(),
    Role.SYS_ADMIN: frozenset({"org.view", "org.manage", "calendar.view", "calendar.manage"}
                              | {"approvals.matters", "approvals.catalogue"}),
    Role.SEC_ADMIN: frozenset({"users.manage"}),
    Role.AUDIT_ADMIN: frozenset({"audit.view"}),
}

ADMIN_ROLES = frozenset({Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDIT_ADMIN})
# What runs the system rather than its business: the only capabilities the 三员 may hold (等保三级
# 8.1.4.2: administrators do not handle business data). Business capabilities stay out of this set.
ADMINISTRATION_CAPABILITIES = frozenset({"org.view", "org.manage", "calendar.view", "calendar.manage",
                                         "users.manage", "users.manage_unit", "audit.view",
                                         # The matter catalogue is configuration, like the calendar.
                                         "approvals.matters", "approvals.catalogue"})
# A unit administrator hands out only these, and only in their own unit: never an administrator role.
UNIT_GRANTABLE_ROLES = frozenset({Role.UNIT_CLERK, Role.UNIT_HEAD})
# 等保: two-factor for every administrator, including a unit's own.
TWO_FACTOR_ROLES = ADMIN_ROLES | {Role.UNIT_ADMIN}
# Roles that act for one unit: their data scope narrows to that unit and its sub-units.
UNIT_ROLES = frozenset({Role.UNIT_CLERK, Role.UNIT_HEAD, Role.UNIT_ADMIN, Role.PARK})
# Roles that act for one firm.
ENTERPRISE_ROLES = frozenset({Role.ENTERPRISE})
# Roles that change data only within the scope they are given; the rest only read there.
READ_ONLY_ROLES = frozenset({Role.LEADER, Role.AUDIT_ADMIN, Role.EVALUATOR})
