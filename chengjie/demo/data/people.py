"""The demo's people and the seed's five industry working groups. Names are invented; titles are those
of a county-level city (潜山 became 潜山市 in 2018, so its county leaders are 市长, 副市长 …)."""

# One password for every demo account, printed in chengjie/demo/README.md. It satisfies the password
# policy (8+ characters, 3+ character classes, not common), which the loader checks again.
DEMO_PASSWORD = "Qianshan@2026"

# (username, full name, title): the five county leaders who each lead one working group.
LEADERS: list[tuple[str, str, str]] = [
    ("leader", "陈志远", "市委常委、常务副市长"),
    ("leader2", "刘建华", "副市长"),
    ("leader3", "王立新", "副市长"),
    ("leader4", "张晓梅", "市委常委、统战部部长"),
    ("leader5", "汪德明", "市政协副主席"),
]

# The seed: "成立机械机电制造、医药化工、纺织服装、轻工制刷、农产品及旅游工艺品加工五大产业发展工作组 …
# 每个产业由一名县级班子成员领衔主抓". (name, leader username, lead unit, GB/T 4754-2017 codes)
INDUSTRY_GROUPS: list[tuple[str, str, str, list[str]]] = [
    ("机械机电制造", "leader", "潜山市经济和信息化局", ["34", "35", "36", "38"]),
    ("医药化工", "leader2", "安徽潜山经济开发区管理委员会", ["26", "27"]),
    ("纺织服装", "leader3", "潜山市商务局", ["17", "18"]),
    ("轻工制刷", "leader4", "潜山源潭经济开发区管理委员会", ["4111", "2927", "2929"]),
    ("农产品及旅游工艺品加工", "leader5", "潜山市农业农村局", ["13", "14", "1530", "243"]),
]

# (username, full name, role, unit name or "", title). One account per role; the 三员 belong to no unit.
# The 经信局 has its clerk, head and unit administrator so a unit's whole workflow can be shown, and
# 自然资源局 a second clerk.
USERS: list[tuple[str, str, str, str, str]] = [
    ("bureau", "周明", "bureau", "潜山市投资促进中心", "招商一科科长"),
    ("clerk", "李娜", "unit_clerk", "潜山市经济和信息化局", "经办人"),
    ("head", "赵国庆", "unit_head", "潜山市经济和信息化局", "局长"),
    ("unitadmin", "孙丽", "unit_admin", "潜山市经济和信息化局", "办公室主任"),
    ("clerk2", "吴杰", "unit_clerk", "潜山市自然资源和规划局", "经办人"),
    ("park", "郑涛", "park", "安徽潜山经济开发区管理委员会", "经济发展局局长"),
    # 全程代理 began in 源潭开发区 ("开发区的事，在开发区办"): its agent sits there.
    ("agent", "何雪", "agent", "潜山源潭经济开发区管理委员会", "全程代办员"),
    ("evaluator", "钱文", "evaluator", "", "企业代表"),
    ("sysadmin", "冯强", "sys_admin", "", "系统管理员"),
    ("secadmin", "褚敏", "sec_admin", "", "安全管理员"),
    ("auditadmin", "卫东", "audit_admin", "", "审计管理员"),
]

# The enterprise account acts for this firm (a brush maker in 源潭, the county's signature industry).
ENTERPRISE_USER = ("enterprise", "储建国", "安徽潜山恒丰刷业有限公司", "总经理")
