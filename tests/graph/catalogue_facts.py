"""A small graph written by hand for the catalogue and store tests: every expected answer
in those tests follows from the facts below (the cities are real; the documents, officials
and sentences are invented for the tests)."""

from __future__ import annotations

from graph.bundle import Evidence, GraphBundle

JIAOZUO, SHANGQIU, WUWEI, BINZHOU = "410800", "411400", "620600", "371600"
CITIES = {
    JIAOZUO: ("焦作市", "焦作", "河南省"),
    SHANGQIU: ("商丘市", "商丘", "河南省"),
    WUWEI: ("武威市", "武威", "甘肃省"),
    BINZHOU: ("滨州市", "滨州", "山东省"),
}
# doc_id -> (city adcode, date_iso or None, title, tactics cited)
DOCUMENTS = {
    "doc-jz-1": (JIAOZUO, "2019-03-01", "焦作创文推进会讲话", ["网格化管理", "门前四包"]),
    "doc-jz-2": (JIAOZUO, "2020-05-10", "焦作创文督导通报", ["一票否决", "网格化管理"]),
    "doc-sq-1": (SHANGQIU, "2021-04-02", "商丘创文动员会讲话", ["网格化管理", "门前四包"]),
    "doc-ww-1": (WUWEI, "2018-06-01", "武威创城工作报道", ["网格化管理"]),
    "doc-bz-1": (BINZHOU, None, "滨州志愿服务通知", ["志愿服务"]),
}
CATEGORIES = {"网格化管理": "城市治理", "门前四包": "市容环境", "一票否决": "考核督导", "志愿服务": "文明实践"}
OFFICIALS = {  # person_id -> (name, city, post)
    "张明远@410800": ("张明远", JIAOZUO, "市委书记"),
    "李华@410800": ("李华", JIAOZUO, "市长"),
    "赵宁@411400": ("赵宁", SHANGQIU, "市委书记"),
}
MEETING = "410800|创建全国文明城市推进大会|2019-03-01"
HONOUR = "全国文明城市|第六届"
PUBLICATION = "全国文明城市测评体系"


def sentence(doc_id: str, text: str, start: int = 0) -> Evidence:
    return Evidence(doc_id, start, start + len(text), text)


def tactic_sentence(doc_id: str, tactic: str) -> str:
    city = CITIES[DOCUMENTS[doc_id][0]][0]
    return f"{city}坚持{tactic}，{doc_id}记。"


def catalogue_bundle() -> GraphBundle:
    b = GraphBundle()
    cities = {}
    for adcode, (name, short, province) in CITIES.items():
        cities[adcode] = b.add_node("City", adcode, {"name": name, "short_name": short, "province": province,
                                                     "level": "prefecture"})
    for category in set(CATEGORIES.values()):
        b.add_node("TacticCategory", category)
    for doc_id, (adcode, date, title, tactics) in DOCUMENTS.items():
        about = sentence(doc_id, f"{CITIES[adcode][0]}召开会议。")
        doc = b.add_node("Document", doc_id, {"title": title, "date_iso": date, "kind": "speech"}, [about])
        b.add_edge("ABOUT", doc, cities[adcode], evidence=[about])
        b.add_edge("MENTIONS", doc, cities[adcode], evidence=[about])
        for i, tactic in enumerate(tactics):
            ev = sentence(doc_id, tactic_sentence(doc_id, tactic), 100 * (i + 1))
            t = b.add_node("Tactic", tactic, {"category": CATEGORIES[tactic], "status": "curated"}, [ev])
            b.add_edge("IN_CATEGORY", t, ("TacticCategory", CATEGORIES[tactic]))
            b.add_edge("CITES", doc, t, evidence=[ev])
            b.add_edge("USES", cities[adcode], t, {"docs": 1, "first_seen": date}, [ev])
    # 焦作's speech also names 商丘
    ev = sentence("doc-jz-1", "学习商丘市的做法。", 400)
    b.add_edge("MENTIONS", ("Document", "doc-jz-1"), cities[SHANGQIU], evidence=[ev])

    meeting_ev = sentence("doc-jz-1", "焦作市召开创建全国文明城市推进大会。", 10)
    meeting = b.add_node("Meeting", MEETING, {"name": "创建全国文明城市推进大会", "type": "推进大会",
                                              "date_iso": "2019-03-01", "city": JIAOZUO}, [meeting_ev])
    b.add_edge("HELD_IN", meeting, cities[JIAOZUO], evidence=[meeting_ev])
    b.add_edge("RECORDS", ("Document", "doc-jz-1"), meeting, evidence=[meeting_ev])
    for person_id, (name, adcode, post) in OFFICIALS.items():
        ev = sentence("doc-jz-1" if adcode == JIAOZUO else "doc-sq-1", f"{post}{name}出席。", 50)
        o = b.add_node("Official", person_id, {"name": name, "city": adcode}, [ev])
        b.add_edge("HOLDS_POST", o, cities[adcode], {"title": post}, [ev])
    b.add_edge("SPOKE_AT", ("Official", "张明远@410800"), meeting, evidence=[meeting_ev])
    b.add_edge("PRESIDED_OVER", ("Official", "李华@410800"), meeting, evidence=[meeting_ev])

    honour = b.add_node("Honour", HONOUR, {"title": "全国文明城市", "edition": "第六届"})
    b.add_edge("AWARDED", cities[JIAOZUO], honour, {"status": "awarded"},
               [sentence("doc-jz-2", "焦作市荣获第六届全国文明城市称号。", 30)])
    b.add_edge("AWARDED", cities[SHANGQIU], honour, {"status": "pursuing"},
               [sentence("doc-sq-1", "商丘市正在创建全国文明城市。", 30)])

    metric = b.add_node("Metric", "改造提升城中村")
    b.add_edge("REPORTED", cities[JIAOZUO], metric, {"value": "12", "unit": "个", "as_of": "2020"},
               [sentence("doc-jz-2", "改造提升城中村12个。", 60)])
    ratio = b.add_node("Metric", "群众满意率")  # a value without a unit: a null key property
    b.add_edge("REPORTED", cities[JIAOZUO], ratio, {"value": "95%"}, [sentence("doc-jz-2", "群众满意率达95%。", 70)])

    pub = b.add_node("Publication", PUBLICATION)
    for doc_id in ("doc-jz-1", "doc-sq-1"):
        b.add_edge("REFERENCES", ("Document", doc_id), pub,
                   evidence=[sentence(doc_id, f"对照《{PUBLICATION}》逐项整改。", 200)])
    return b
