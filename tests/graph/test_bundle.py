import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.bundle import EVIDENCE_CAP, Evidence, GraphBundle, canonical, stored_edge, stored_form

# A span of a document has one text: the sentence is a function of the span.
evidences = st.builds(lambda doc, start, end: Evidence(doc, start, end, f"{doc}第{start}至{end}字。"),
                      st.sampled_from(["d1", "d2"]), st.integers(0, 5), st.integers(5, 9))
city_props = st.fixed_dictionaries({}, optional={"name": st.sampled_from(["焦作市", "商丘市"]),
                                                 "lon": st.floats(100, 120)})
tactic_props = st.fixed_dictionaries({}, optional={"variants": st.lists(st.sampled_from(["门前四包", "门前五包"]))})


@st.composite
def bundles(draw):
    bundle = GraphBundle()
    docs = draw(st.lists(st.sampled_from(["d1", "d2", "d3"]), max_size=3))
    cities = draw(st.lists(st.sampled_from(["410800", "411400"]), max_size=2))
    for d in docs:
        bundle.add_node("Document", d, {"title": draw(st.sampled_from([None, "甲", "乙"]))},
                        draw(st.lists(evidences, max_size=2)))
    for c in cities:
        bundle.add_node("City", c, draw(city_props), draw(st.lists(evidences, max_size=7)))
        bundle.add_node("Tactic", "网格化管理", draw(tactic_props))
    for d in docs:
        for c in cities:
            if draw(st.booleans()):
                bundle.add_edge("MENTIONS", ("Document", d), ("City", c), evidence=draw(st.lists(evidences, max_size=3)))
        if cities and draw(st.booleans()):
            bundle.add_edge("CITES", ("Document", d), ("Tactic", "网格化管理"), evidence=draw(st.lists(evidences, max_size=2)))
    return bundle


@settings(max_examples=150, deadline=None)
@given(bundles(), bundles(), bundles())
def test_merge_is_associative(a, b, c):
    assert canonical(a.merge(b).merge(c)) == canonical(a.merge(b.merge(c)))


@settings(max_examples=150, deadline=None)
@given(bundles(), bundles())
def test_merge_is_commutative_and_idempotent(a, b):
    assert a.merge(b) == b.merge(a)
    assert a.merge(a) == a
    assert a.merge(b).merge(b) == a.merge(b)


def test_same_fact_twice_is_one_edge_with_both_sentences():
    bundle = GraphBundle()
    doc = bundle.add_node("Document", "d1")
    city = bundle.add_node("City", "410800", {"name": "焦作市"})
    bundle.add_edge("MENTIONS", doc, city, evidence=[Evidence("d1", 0, 4, "焦作市。")])
    bundle.add_edge("MENTIONS", doc, city, evidence=[Evidence("d1", 9, 14, "再到焦作。")])
    (edge,) = bundle.edges.values()
    assert {e.sentence for e in edge.evidence} == {"焦作市。", "再到焦作。"}


def test_key_properties_keep_distinct_facts_apart():
    bundle = GraphBundle()
    official = bundle.add_node("Official", "徐衣显@410800", {"name": "徐衣显"})
    city = bundle.add_node("City", "410800")
    bundle.add_edge("HOLDS_POST", official, city, {"title": "市委副书记"})
    bundle.add_edge("HOLDS_POST", official, city, {"title": "市长"})
    bundle.add_edge("HOLDS_POST", official, city, {"title": "市长"})
    assert sorted(e.props["title"] for e in bundle.edges.values()) == ["市委副书记", "市长"]


def test_unknown_property_and_wrong_endpoints_are_errors():
    bundle = GraphBundle()
    with pytest.raises(ValueError, match="unknown properties"):
        bundle.add_node("City", "410800", {"population": 3})
    with pytest.raises(ValueError, match="MENTIONS goes from Document to City"):
        bundle.add_edge("MENTIONS", ("City", "410800"), ("Document", "d1"))


def test_check_finds_dangling_edges():
    bundle = GraphBundle()
    bundle.add_edge("MENTIONS", ("Document", "d1"), ("City", "410800"))
    with pytest.raises(ValueError, match="missing node"):
        bundle.check()


def citing_document(doc: str) -> GraphBundle:
    """One document's bundle (the same every time, as extraction is): its Document node and the USES
    and REPORTED evidence it gives its city."""
    n = int(doc[1:])
    bundle = GraphBundle()
    bundle.add_node("Document", doc, {"date_iso": f"2020-0{n}-01"})
    city = bundle.add_node("City", ["410800", "411400"][n % 2])
    tactic = bundle.add_node("Tactic", "网格化管理")
    metric = bundle.add_node("Metric", "人均公园绿地面积")
    evidence = [Evidence(doc, 10 * i, 10 * i + 5, f"{doc}第{i}句") for i in range(n)]
    bundle.add_edge("USES", city, tactic, {"docs": 1, "first_seen": f"2020-0{n}-01"}, evidence)
    bundle.add_edge("REPORTED", city, metric, {"value": "12", "unit": "平方米"}, evidence[:1])
    return bundle


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["d1", "d2", "d3", "d5", "d6", "d7"]), min_size=1, max_size=3),
                min_size=1, max_size=6))
def test_stored_forms_written_batch_by_batch_add_up_to_the_whole(split):
    """What the stores do: each batch's aggregate edges go in their stored form, leaving out documents
    already stored, and the rows of one fact are merged. However the documents are split, repeated
    or ordered, the result is the stored form of all of them: counts exact, first evidences kept."""
    batches = [GraphBundle.union(map(citing_document, docs)) for docs in split]
    stored, docs = GraphBundle(), set()
    for bundle in batches:
        batch_docs = {n.key for n in bundle.nodes.values() if n.label == "Document"}
        stored.update(stored_form(bundle, docs & batch_docs))
        docs |= batch_docs
    whole = GraphBundle.union(batches)
    assert canonical(stored) == canonical(whole)
    for edge in stored.edges.values():
        full = whole.edges[edge.key]
        assert edge.weight == len(full.evidence) and len(edge.evidence) == min(len(full.evidence), EVIDENCE_CAP)
        if edge.type == "USES":
            assert edge.props["docs"] == len({e.doc_id for e in full.evidence})


def test_stored_edge_keeps_the_first_evidences_and_counts_them_all():
    bundle = GraphBundle()
    city, tactic = bundle.add_node("City", "410800"), bundle.add_node("Tactic", "网格化管理")
    evidence = [Evidence(f"d{i % 3}", i, i + 1, f"第{i}句") for i in range(9)]
    key = bundle.add_edge("USES", city, tactic, {"docs": 1}, evidence)
    stored = stored_edge(bundle.edges[key])
    assert stored.weight == 9 and stored.props["docs"] == 3
    assert sorted(stored.evidence) == sorted(evidence)[:EVIDENCE_CAP]
    assert stored_edge(bundle.edges[key], stored_docs={"d0", "d1", "d2"}) is None  # all counted before
    doc = bundle.add_node("Document", "d0")
    mention = bundle.add_edge("MENTIONS", doc, city, evidence=evidence)
    assert stored_edge(bundle.edges[mention]) is bundle.edges[mention]  # a Document's own edge: all kept
