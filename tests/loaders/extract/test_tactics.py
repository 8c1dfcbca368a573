
from graph.bundle import GraphBundle
from loaders.datafiles import load_data
from loaders.extract.tactics import TacticExtractor, find_tactics, gold, taxonomy
from tests.loaders.extract.textdoc import text_document


def names(text: str, curated: bool | None = None) -> set[str]:
    return {m.name for m in find_tactics(text) if curated is None or m.curated == curated}


def test_taxonomy_is_large_enough_and_well_formed():
    data = load_data("tactics.yaml")
    assert len(data["tactics"]) >= 80
    assert len({t["category"] for t in data["tactics"]}) >= 8
    for t in taxonomy().values():
        assert t.description and t.category


def test_curated_variants_map_to_canonical_names():
    found = names("各街道严格落实门前三包责任制，全面推行网格化管理，坚持创建为民。", curated=True)
    assert {"门前三包", "网格化管理", "创建为民"} <= found


def test_unknown_methods_become_candidates():
    text = ("我区探索推行“五心服务”工作法，建立健全“日巡查、周通报、月排名”机制，"
            "持续开展校园周边环境集中整治。")
    candidates = names(text, curated=False)
    assert "五心服务工作法" in candidates
    assert "日巡查、周通报、月排名机制" in candidates
    assert "校园周边环境集中整治" in candidates


def test_goals_and_topics_are_not_tactics():
    found = names("要进一步提升城市管理水平，确保创建工作取得实效。")
    assert not any(n.endswith(("水平", "实效", "工作")) for n in found)


def test_enumerations_split_into_methods():
    found = names("各部门要认真落实领导联系机制、督查问责机制和考核奖惩机制。")
    assert {"领导联系机制", "督查问责机制"} <= found or "考核奖惩机制" in found or "奖惩机制" in found


def test_gold_gives_exact_fragments():
    text = "我们坚持问题导向，实行“街长制”管理。"
    doc = text_document(text)
    for item in gold(doc)["tactics"]:
        assert item["evidence"] in doc.text


def test_extractor_builds_categories_and_city_uses():
    a = text_document("保定市全面推行网格化管理，探索“三色预警”工作法。", name="a.txt", date_iso="2021-05-01")
    b = text_document("保定市深化网格化管理，持续推进背街小巷整治。", name="b.txt", date_iso="2020-09-10")
    bundle = GraphBundle()
    for doc in (a, b):
        bundle.add_node("Document", doc.doc_id, {"date_iso": doc.meta["date_iso"]})
        TacticExtractor()(doc, bundle)
    grid = bundle.nodes[("Tactic", "网格化管理")]
    assert grid.props["status"] == "curated"
    assert any(e.type == "IN_CATEGORY" and e.src == grid.ref for e in bundle.edges.values())
    assert bundle.nodes[("Tactic", "三色预警工作法")].props["status"] == "candidate"
    uses = {e.dst[1]: e for e in bundle.edges.values() if e.type == "USES"}
    assert uses["网格化管理"].props["docs"] == 2
    assert uses["网格化管理"].props["first_seen"] == "2020-09-10"
    assert uses["网格化管理"].src == ("City", "130600")  # 保定市
