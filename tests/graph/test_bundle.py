import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.bundle import Evidence, GraphBundle, canonical

evidences = st.builds(Evidence, st.sampled_from(["d1", "d2"]), st.integers(0, 5), st.integers(5, 9),
                      st.sampled_from(["焦作市创文", "商丘"]))
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
