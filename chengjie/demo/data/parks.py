"""潜山市's parks and a few dozen of their firms.

Facts: 安徽潜山经济开发区 from 《中国开发区审核公告目录》(2018年版) and 皖政秘〔2013〕139号; 源潭 from the seed
("源潭乡镇园区…元月正式获批筹建省级开发区", "中国刷业基地") and the fact sheet (approved in 2011); the nine township
clusters' 10.7 km² built area is the seed's total — its split between clusters here is illustrative."""

from datetime import date
from decimal import Decimal

# (name, kind, division, committee (a PARK_COMMITTEES name or a township unit name), fields)
PARKS: list[tuple[str, str, str, str, dict]] = [
    ("安徽潜山经济开发区", "provincial", "340882400", "安徽潜山经济开发区管理委员会", {
        "catalogue_code": "S347081",
        "approved_by": "省政府",
        # The catalogue gives the approval month (2002.11); the day is not known.
        "approved_on": date(2002, 11, 1),
        "approved_area_ha": Decimal("1015.48"),
        # 皖政秘〔2013〕139号 enlarged the planned area from 10.84 to 21.25 km² (to 2030).
        "planned_area_km2": Decimal("21.25"),
        "leading_industries": "医药化工、机械机电、农副产品加工",
    }),
    # Approval date and area are not in any source we hold (qianshan_facts.json "not_found").
    ("天柱山旅游度假区", "resort", "340882401", "天柱山旅游度假区管理委员会", {
        "approved_by": "省政府",
        "leading_industries": "旅游休闲、文化康养",
    }),
    ("源潭经济开发区", "provincial", "340882101", "潜山源潭经济开发区管理委员会", {
        "approved_by": "省政府",
        # The seed: approved "元月" (January); the fact sheet: in 2011. The day is not known.
        "approved_on": date(2011, 1, 1),
        "built_area_km2": Decimal("4.20"),
        "leading_industries": "制刷（工业刷、卫生清洁刷）",
    }),
    ("黄铺镇工业聚集区", "cluster", "340882104", "黄铺镇人民政府",
     {"built_area_km2": Decimal("0.95"), "leading_industries": "机械机电"}),
    ("余井镇工业聚集区", "cluster", "340882102", "余井镇人民政府",
     {"built_area_km2": Decimal("1.10"), "leading_industries": "纺织服装、机械加工"}),
    ("梅城镇工业聚集区", "cluster", "340882100", "梅城镇人民政府",
     {"built_area_km2": Decimal("1.05"), "leading_industries": "农副产品加工、机械机电"}),
    ("痘姆乡工业聚集区", "cluster", "340882203", "痘姆乡人民政府",
     {"built_area_km2": Decimal("0.55"), "leading_industries": "陶艺、旅游工艺品"}),
    ("王河镇工业聚集区", "cluster", "340882103", "王河镇人民政府",
     {"built_area_km2": Decimal("0.90"), "leading_industries": "制刷配套、塑料制品"}),
    ("槎水镇工业聚集区", "cluster", "340882105", "槎水镇人民政府",
     {"built_area_km2": Decimal("0.60"), "leading_industries": "茶叶、农产品加工"}),
    ("黄柏镇工业聚集区", "cluster", "340882109", "黄柏镇人民政府",
     {"built_area_km2": Decimal("0.50"), "leading_industries": "竹木加工、旅游工艺品"}),
    ("官庄镇工业聚集区", "cluster", "340882107", "官庄镇人民政府",
     {"built_area_km2": Decimal("0.85"), "leading_industries": "茶叶、农产品加工"}),
]
# The seed's "9个乡镇工业聚集区建成面积已达10.7平方公里": the eight clusters and 源潭, where it began.
NINE_CLUSTERS_BUILT_KM2 = Decimal("10.70")

# (park, organisation-code stem, name, GB/T 4754-2017 class, legal representative, capital 万元, established)
# The USCC is 91 + 340882 + "MA2Q" + the 5-character stem + the GB 32100-2015 check character.
ENTERPRISES: list[tuple[str, str, str, str, str, int, date]] = [
    # 源潭: 中国刷业基地 — industrial and sanitation brushes, with plastics and bristle suppliers around them.
    ("源潭经济开发区", "YT001", "安徽潜山恒丰刷业有限公司", "4111", "储建国", 5000, date(2009, 4, 16)),
    ("源潭经济开发区", "YT002", "潜山县源潭镇金鼎刷业有限公司", "4111", "汪志强", 1200, date(2006, 9, 2)),
    ("源潭经济开发区", "YT003", "安徽美洁清洁用品有限公司", "4111", "余海燕", 3000, date(2012, 3, 28)),
    ("源潭经济开发区", "YT004", "潜山市宏达工业刷制造有限公司", "4111", "王长青", 2000, date(2014, 7, 9)),
    ("源潭经济开发区", "YT005", "安徽顺通刷业科技有限公司", "4111", "程立新", 8000, date(2016, 11, 21)),
    ("源潭经济开发区", "YT006", "潜山市华源毛刷有限公司", "4111", "刘春生", 800, date(2004, 5, 12)),
    ("源潭经济开发区", "YT007", "安徽洁宝环卫刷业有限公司", "4111", "陈少华", 2600, date(2013, 8, 30)),
    ("源潭经济开发区", "YT008", "潜山市天诚刷业有限公司", "4111", "储卫东", 1500, date(2010, 1, 18)),
    ("源潭经济开发区", "YT009", "安徽万佳刷业有限公司", "4111", "黄明辉", 3500, date(2017, 6, 6)),
    ("源潭经济开发区", "YT010", "潜山市博远滚刷制造有限公司", "4111", "江红梅", 1000, date(2015, 10, 13)),
    ("源潭经济开发区", "YT011", "安徽力达机械刷辊有限公司", "4111", "方国平", 4200, date(2018, 2, 27)),
    ("源潭经济开发区", "YT012", "潜山市鑫源鬃毛加工有限公司", "4111", "吴德胜", 600, date(2008, 12, 3)),
    ("源潭经济开发区", "YT013", "安徽净美家居清洁用品有限公司", "4111", "汪丽", 2200, date(2019, 9, 17)),
    ("源潭经济开发区", "YT014", "潜山市兴旺扫帚制品有限公司", "4111", "储小兵", 500, date(2011, 4, 25)),
    ("源潭经济开发区", "YT015", "安徽恒通工业毛刷有限公司", "4111", "叶文杰", 3000, date(2020, 5, 8)),
    ("源潭经济开发区", "YT016", "潜山市凯盛刷业有限公司", "4111", "潘建华", 1800, date(2021, 3, 15)),
    ("源潭经济开发区", "YT017", "安徽源潭新材料科技有限公司", "2929", "操志刚", 6000, date(2018, 8, 20)),
    ("源潭经济开发区", "YT018", "潜山市精工刷柄注塑有限公司", "2927", "余平", 900, date(2012, 11, 5)),
    # 经开区: its catalogue industries — 医药化工、机械机电、农副产品加工 — and 纺织服装 since 2013.
    ("安徽潜山经济开发区", "KF001", "安徽天柱药业有限公司", "2720", "彭正明", 12000, date(2007, 6, 19)),
    ("安徽潜山经济开发区", "KF002", "安徽皖潜化学原料药有限公司", "2710", "朱建平", 9800, date(2011, 9, 9)),
    ("安徽潜山经济开发区", "KF003", "安徽舒州中药饮片有限公司", "2730", "孙永红", 3000, date(2014, 4, 1)),
    ("安徽潜山经济开发区", "KF004", "安徽潜阳精细化工有限公司", "2661", "郑国强", 5200, date(2010, 12, 22)),
    ("安徽潜山经济开发区", "KF005", "安徽康源医用材料有限公司", "2770", "何静", 4600, date(2019, 7, 30)),
    ("安徽潜山经济开发区", "KF006", "安徽潜山重工机械有限公司", "3484", "胡志勇", 15000, date(2008, 3, 14)),
    ("安徽潜山经济开发区", "KF007", "安徽皖山阀门制造有限公司", "3443", "汪海波", 6800, date(2012, 5, 23)),
    ("安徽潜山经济开发区", "KF008", "安徽潜电电机科技有限公司", "3812", "李宏", 8000, date(2016, 1, 11)),
    ("安徽潜山经济开发区", "KF009", "安徽天宇电缆有限公司", "3831", "储成", 10000, date(2009, 10, 28)),
    ("安徽潜山经济开发区", "KF010", "安徽潜山汽车零部件有限公司", "3670", "张伟", 7500, date(2020, 8, 18)),
    ("安徽潜山经济开发区", "KF011", "安徽舒州服饰有限公司", "1819", "王秀兰", 2000, date(2015, 3, 3)),
    ("安徽潜山经济开发区", "KF012", "安徽皖水针织有限公司", "1761", "刘芳", 2500, date(2017, 11, 2)),
    ("安徽潜山经济开发区", "KF013", "安徽潜山绿源食品有限公司", "1371", "程伟", 1600, date(2013, 6, 25)),
    # 天柱山旅游度假区: tea (天柱剑毫) and tourist crafts — the fifth working group's products.
    ("天柱山旅游度假区", "TR001", "安徽天柱剑毫茶业有限公司", "1530", "汪春来", 1200, date(2005, 4, 8)),
    ("天柱山旅游度假区", "TR002", "潜山市天柱山茗茶有限公司", "1530", "余志芳", 600, date(2016, 5, 20)),
    ("天柱山旅游度假区", "TR003", "潜山市古南岳工艺品有限公司", "2435", "储红", 300, date(2018, 9, 12)),
    # The township clusters.
    ("黄铺镇工业聚集区", "HP001", "潜山市黄铺精密机械有限公司", "3482", "杨光明", 1500, date(2014, 12, 1)),
    ("余井镇工业聚集区", "YJ001", "潜山市余井纺织有限公司", "1711", "朱丽华", 2800, date(2010, 7, 7)),
    ("梅城镇工业聚集区", "MC001", "潜山市梅城农产品加工有限公司", "1399", "陈德华", 1000, date(2012, 2, 14)),
    ("痘姆乡工业聚集区", "DM001", "潜山市痘姆古窑陶艺有限公司", "2431", "吴新民", 200, date(2017, 4, 26)),
    ("王河镇工业聚集区", "WH001", "潜山市王河塑胶制品有限公司", "2929", "王振", 900, date(2013, 10, 10)),
    ("槎水镇工业聚集区", "CA001", "潜山市槎水生态茶叶有限公司", "1530", "汪丽华", 500, date(2015, 6, 18)),
    ("黄柏镇工业聚集区", "HB001", "潜山市黄柏竹木制品有限公司", "2435", "储德林", 400, date(2016, 8, 8)),
    ("官庄镇工业聚集区", "GJ001", "潜山市官庄山货食品有限公司", "1373", "方红梅", 700, date(2019, 3, 21)),
]
