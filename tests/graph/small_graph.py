"""A small hand-built graph for the export tests; every expected value in them is worked out by hand from it.

Cities: 焦作市 410800 and its district 解放区 410802, 商丘市 411400 (河南省); 武威市 620600 (甘肃省).
Documents (date, city it is about, tactics it cites, campaign):
  d1  2019-03-05  焦作市   网格化管理 (two sentences), 门前四包, 一票否决   全国文明城市   (also mentions 商丘市)
  d2  2020-06-01  商丘市   网格化管理, 志愿服务                            全国文明城市
  d3  2021-01-10  武威市   网格化管理, 门前四包, 志愿服务                   国家卫生城市
  d4  (masked)    解放区   志愿服务
Tactic categories: 网格化管理, 门前四包 -> 城市管理; 志愿服务 -> 群众参与; 一票否决 -> 考核问责.
Officials: 王小平 (市委书记 of 焦作, spoke at m1), 李明 (市长 of 商丘, presided over m2, attended m1).
Meetings: m1 in 焦作 (2019-03-05, recorded by d1), m2 in 商丘 (2020-06-01, recorded by d2).
USES 焦作市 -> 网格化管理 is given as derived (first_seen 2019-03-05, d1's two sentences).
"""

from __future__ import annotations

from graph.bundle import Evidence, GraphBundle

DOCS = {
    "d1": {"title": "焦作市创文推进会讲话", "date_iso": "2019-03-05", "city": "410800", "kind": "speech",
           "year_masked": False, "chars": 1200},
    "d2": {"title": "商丘市创文动员会", "date_iso": "2020-06-01", "city": "411400", "kind": "news_report",
           "year_masked": False, "chars": 800},
    "d3": {"title": "武威市创卫工作会议", "date_iso": "2021-01-10", "city": "620600", "kind": "speech",
           "year_masked": False, "chars": 950},
    "d4": {"title": "解放区志愿服务简报", "date_iso": None, "city": "410802", "kind": "notice",
           "year_masked": True, "chars": 300},
}
CITES = {
    "d1": ["网格化管理", "门前四包", "一票否决"],
    "d2": ["网格化管理", "志愿服务"],
    "d3": ["网格化管理", "门前四包", "志愿服务"],
    "d4": ["志愿服务"],
}
CATEGORY = {"网格化管理": "城市管理", "门前四包": "城市管理", "志愿服务": "群众参与", "一票否决": "考核问责"}
CITIES = {
    "410800": {"name": "焦作市", "short_name": "焦作", "level": "prefecture", "province": "河南省",
               "lon": 113.24, "lat": 35.22},
    "410802": {"name": "焦作市解放区", "short_name": "解放", "level": "county", "province": "河南省",
               "parent_adcode": "410800", "lon": 113.23, "lat": 35.24},
    "411400": {"name": "商丘市", "short_name": "商丘", "level": "prefecture", "province": "河南省",
               "lon": 115.66, "lat": 34.41},
    "620600": {"name": "武威市", "short_name": "武威", "level": "prefecture", "province": "甘肃省",
               "lon": 102.64, "lat": 37.93},
}


def ev(doc: str, n: int, text: str) -> Evidence:
    return Evidence(doc, n * 100, n * 100 + len(text), text)


def small_bundle() -> GraphBundle:
    b = GraphBundle()
    for adcode, props in CITIES.items():
        b.add_node("City", adcode, props)
    b.add_edge("PART_OF", ("City", "410802"), ("City", "410800"))  # from the gazetteer: no evidence
    for name, cat in CATEGORY.items():
        b.add_node("TacticCategory", cat)
        b.add_node("Tactic", name, {"category": cat, "status": "curated", "variants": [name[:2], name]})
        b.add_edge("IN_CATEGORY", ("Tactic", name), ("TacticCategory", cat))
    b.add_node("Campaign", "全国文明城市", {"aliases": ["创文", "创城"]})
    b.add_node("Campaign", "国家卫生城市", {"aliases": ["创卫"]})
    for doc, p in DOCS.items():
        d = b.add_node("Document", doc, {"title": p["title"], "date_iso": p["date_iso"], "kind": p["kind"],
                                         "primary_city": p["city"], "year_masked": p["year_masked"],
                                         "chars": p["chars"]})
        b.add_edge("ABOUT", d, ("City", p["city"]), evidence=[ev(doc, 0, f"{CITIES[p['city']]['name']}召开会议。")])
        for i, tactic in enumerate(CITES[doc], start=1):
            b.add_edge("CITES", d, ("Tactic", tactic), evidence=[ev(doc, i, f"推行{tactic}。")])
    b.add_edge("CITES", ("Document", "d1"), ("Tactic", "网格化管理"), evidence=[ev("d1", 9, "深化网格化管理。")])
    b.add_edge("MENTIONS", ("Document", "d1"), ("City", "411400"), evidence=[ev("d1", 8, "学习商丘经验。")])
    for doc, campaign in (("d1", "全国文明城市"), ("d2", "全国文明城市"), ("d3", "国家卫生城市")):
        b.add_edge("CONCERNS", ("Document", doc), ("Campaign", campaign), evidence=[ev(doc, 7, f"争创{campaign}。")])
    b.add_edge("USES", ("City", "410800"), ("Tactic", "网格化管理"), {"docs": 1, "first_seen": "2019-03-05"},
               evidence=[ev("d1", 1, "推行网格化管理。"), ev("d1", 9, "深化网格化管理。")])

    for meeting, city, day, doc in (("m1", "410800", "2019-03-05", "d1"), ("m2", "411400", "2020-06-01", "d2")):
        m = b.add_node("Meeting", meeting, {"name": f"{CITIES[city]['name']}创文大会", "date_iso": day, "city": city})
        b.add_edge("HELD_IN", m, ("City", city), evidence=[ev(doc, 5, "会议在市会议中心举行。")])
        b.add_edge("RECORDS", ("Document", doc), m, evidence=[ev(doc, 5, "会议在市会议中心举行。")])
    wang = b.add_node("Official", "王小平@410800", {"name": "王小平", "city": "410800"})
    li = b.add_node("Official", "李明@411400", {"name": "李明", "city": "411400"})
    b.add_edge("HOLDS_POST", wang, ("City", "410800"), {"title": "市委书记"}, [ev("d1", 6, "市委书记王小平讲话。")])
    b.add_edge("SPOKE_AT", wang, ("Meeting", "m1"), evidence=[ev("d1", 6, "市委书记王小平讲话。")])
    b.add_edge("HOLDS_POST", li, ("City", "411400"), {"title": "市长"}, [ev("d2", 6, "市长李明主持会议。")])
    b.add_edge("PRESIDED_OVER", li, ("Meeting", "m2"), evidence=[ev("d2", 6, "市长李明主持会议。")])
    b.add_edge("ATTENDED", li, ("Meeting", "m1"), evidence=[ev("d1", 4, "商丘市长李明出席。")])
    b.check()
    return b
