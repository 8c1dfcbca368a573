"""A small campaign graph written by hand for the dashboard tests.

Every fact here is stated once, in the sentences below (written for these tests,
not taken from any source document), so the tests' expected values come from
this file and not from the code under test:

- 焦作市 (410800, 河南省): documents of 2019-03-05 and 2020-06-18; the first cites 网格化管理 and
  门前三包, the second cites 网格化管理 again and 志愿服务积分; awarded 全国文明城市 (第六届);
  official 韩立新 holds 市委书记 and spoke at the 2020-06-18 meeting; metric 城中村改造 reported.
- 商丘市 (411400, 河南省): a document of 2021-04-02 citing 网格化管理; pursuing 全国文明城市.
- 武威市 (620600, 甘肃省): an undated document in traditional script citing 门前三包.
- 网格化管理 is in category 城市管理; 门前三包 in 市容环境; 志愿服务积分 in 志愿服务.
- Adoption of 网格化管理: 焦作市 first (2019-03-05), then 商丘市 (2021-04-02).
- Every citation also gives its document's city a derived City-USES->Tactic edge, as a load does:
  焦作市 uses 网格化管理 in 2 documents (first 2019-03-05), 门前三包 and 志愿服务积分 in 1 each;
  商丘市 uses 网格化管理 (1); 武威市 uses 门前三包 (1, no date).
- As a load stores it, a document's text is its Sentence nodes (graph.model): each line, and the
  line break between two, in order spell the whole text; every evidence names one of those lines.
"""

from __future__ import annotations

import re

from graph.bundle import Evidence, GraphBundle
from graph.model import sentence_id

CITIES = {
    "410800": {"name": "焦作市", "short_name": "焦作", "level": "prefecture", "province": "河南省", "lon": 113.24, "lat": 35.22},
    "411400": {"name": "商丘市", "short_name": "商丘", "level": "prefecture", "province": "河南省", "lon": 115.66, "lat": 34.41},
    "620600": {"name": "武威市", "short_name": "武威", "level": "prefecture", "province": "甘肃省", "lon": 102.64, "lat": 37.93},
}
CATEGORIES = {"网格化管理": "城市管理", "门前三包": "市容环境", "志愿服务积分": "志愿服务"}

# doc_id -> (title, date_iso, city adcode, script, text); sentences are whole lines of the text.
DOCS = {
    "jz2019": ("焦作市创文推进会", "2019-03-05", "410800", "simplified",
               "焦作市召开创文推进会。\n全市推行网格化管理，每个网格配齐网格员。\n沿街商户落实门前三包责任。"),
    "jz2020": ("焦作市创文总结大会", "2020-06-18", "410800", "simplified",
               "焦作市创文总结大会召开，市委书记韩立新讲话。\n焦作坚持网格化管理，问题随报随办。\n"
               "志愿服务积分可兑换生活用品。\n焦作荣获第六届全国文明城市称号。\n全市完成城中村改造12个。"),
    "sq2021": ("商丘市创文动员会", "2021-04-02", "411400", "simplified",
               "商丘市召开创建全国文明城市动员会。\n商丘学习外地经验，全面推开网格化管理。"),
    "ww": ("武威市文明创建简报", None, "620600", "traditional",
           "武威市文明創建簡報。\n武威街道推行門前三包，商戶簽訂責任書。"),
}


def text_pieces(text: str) -> list[tuple[int, int, bool]]:
    """Spans (start, end, is_sentence) that spell `text` in order: each line (a sentence) and the
    text between two (a line break)."""
    pieces: list[tuple[int, int, bool]] = []
    pos = 0
    for line in re.finditer(r"[^\n]+", text):
        if line.start() > pos:
            pieces.append((pos, line.start(), False))
        pieces.append((line.start(), line.end(), True))
        pos = line.end()
    if pos < len(text):
        pieces.append((pos, len(text), False))
    return pieces


def _add_text(b: GraphBundle, doc_id: str, text: str) -> None:
    """The document's text as Sentence nodes, as a load stores it (loaders.pipeline.document_bundle)."""
    for start, end, _ in text_pieces(text):
        b.add_node("Sentence", sentence_id(doc_id, start, end),
                   {"document": doc_id, "span_start": start, "span_end": end, "text": text[start:end]})


def _evidence(doc_id: str, needle: str) -> Evidence:
    """The first sentence of the document holding `needle`, at its offsets in the text (its Sentence's span)."""
    text = DOCS[doc_id][4]
    for start, end, is_sentence in text_pieces(text):
        if is_sentence and needle in text[start:end]:
            return Evidence(doc_id, start, end, text[start:end])
    raise AssertionError(f"{needle!r} is not in {doc_id}")


def campaign_bundle() -> GraphBundle:
    """The graph described in this module's docstring."""
    b = GraphBundle()
    for adcode, props in CITIES.items():
        b.add_node("City", adcode, props)
    for doc_id, (title, date, city, script, text) in DOCS.items():
        doc = b.add_node("Document", doc_id, {"title": title, "date_iso": date, "script": script, "kind": "news_report",
                                              "primary_city": city, "chars": len(text)})
        _add_text(b, doc_id, text)
        b.add_edge("ABOUT", doc, ("City", city), evidence=[_evidence(doc_id, CITIES[city]["short_name"])])
    for tactic, category in CATEGORIES.items():
        t = b.add_node("Tactic", tactic, {"category": category, "status": "curated",
                                          "description": f"{tactic}（测试用说明）"})
        g = b.add_node("TacticCategory", category)
        b.add_edge("IN_CATEGORY", t, g)
    for doc_id, tactic, needle in (("jz2019", "网格化管理", "网格化管理"), ("jz2019", "门前三包", "门前三包"),
                                   ("jz2020", "网格化管理", "网格化管理"), ("jz2020", "志愿服务积分", "志愿服务积分"),
                                   ("sq2021", "网格化管理", "网格化管理"), ("ww", "门前三包", "門前三包")):
        b.add_edge("CITES", ("Document", doc_id), ("Tactic", tactic), evidence=[_evidence(doc_id, needle)])
        b.add_edge("USES", ("City", DOCS[doc_id][2]), ("Tactic", tactic), {"docs": 1, "first_seen": DOCS[doc_id][1]},
                   evidence=[_evidence(doc_id, needle)])
    k = b.add_node("Campaign", "全国文明城市", {"aliases": ["创文", "创城"]})
    for doc_id in ("jz2019", "jz2020", "sq2021"):
        b.add_edge("CONCERNS", ("Document", doc_id), k, evidence=[_evidence(doc_id, DOCS[doc_id][0][:3])])
    b.add_edge("PURSUES", ("City", "411400"), k, evidence=[_evidence("sq2021", "创建全国文明城市")])
    h = b.add_node("Honour", "全国文明城市|第六届", {"title": "全国文明城市", "edition": "第六届"})
    b.add_edge("AWARDED", ("City", "410800"), h, {"status": "awarded"}, evidence=[_evidence("jz2020", "第六届")])
    b.add_edge("AWARDED", ("City", "411400"), h, {"status": "pursuing"}, evidence=[_evidence("sq2021", "动员会")])
    o = b.add_node("Official", "韩立新|410800", {"name": "韩立新", "city": "410800"})
    b.add_edge("HOLDS_POST", o, ("City", "410800"), {"title": "市委书记", "as_of": "2020-06-18"},
               evidence=[_evidence("jz2020", "韩立新")])
    m = b.add_node("Meeting", "410800|总结大会|2020-06-18", {"name": "焦作市创文总结大会", "type": "总结大会",
                                                         "date_iso": "2020-06-18", "city": "410800"})
    b.add_edge("HELD_IN", m, ("City", "410800"), evidence=[_evidence("jz2020", "总结大会召开")])
    b.add_edge("RECORDS", ("Document", "jz2020"), m, evidence=[_evidence("jz2020", "总结大会召开")])
    b.add_edge("SPOKE_AT", o, m, evidence=[_evidence("jz2020", "韩立新讲话")])
    b.add_edge("NAMES", ("Document", "jz2020"), o, {"roles": ["spoke"]}, evidence=[_evidence("jz2020", "韩立新")])
    x = b.add_node("Metric", "城中村改造")
    b.add_edge("REPORTED", ("City", "410800"), x, {"value": "12", "unit": "个"}, evidence=[_evidence("jz2020", "城中村改造")])
    b.check()
    return b
